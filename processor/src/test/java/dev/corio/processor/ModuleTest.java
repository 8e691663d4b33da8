package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's application as a named module (issue 16, "Modules"; docs/processor.md, "Java modules"): javac
 * compiles it, with Corio's processor on the processor path and the runtime and the annotations as
 * modules, at {@code --release 17}; then a separate JVM runs it from the module path. The module-info is
 * the one the docs tell users to write. The generated code (a coroutine, an async generator, a private
 * field read through the processor's private-access handles, an async for, an async with, an await of a
 * CompletionStage, tasks and gather) must compile in the user's module, the
 * runtime must start without {@code --add-modules}, and the runtime's internal package must stay closed.
 */
class ModuleTest {
    private static final String MODULE_INFO = String.join("\n",
            "module com.example.app {",
            "    requires dev.corio;",
            "    requires static dev.corio.annotation;",
            "}");

    private static final String GREETER = String.join("\n",
            "package com.example.app;",
            "",
            "import static dev.corio.Corio.*;",
            "import static dev.corio.generators.Generators.*;",
            "",
            "import dev.corio.Coroutine;",
            "import dev.corio.TimeoutError;",
            "import dev.corio.annotation.Async;",
            "import dev.corio.generators.AsyncGenerator;",
            "import java.io.IOException;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "",
            "public class Greeter {",
            "    private final String greeting;",
            "",
            "    public Greeter(String greeting) {",
            "        this.greeting = greeting;",
            "    }",
            "",
            "    @Async",
            "    public AsyncGenerator<String> names() {",
            "        for (String n : List.of(\"modules\", \"jpms\")) {",
            "            await(sleep(0.001));",
            "            emit(n);",
            "        }",
            "        return done();",
            "    }",
            "",
            "    @Async",
            "    public Coroutine<String> greetAll() throws IOException {",
            "        StringBuilder out = new StringBuilder();",
            "        for (String n : awaitEach(names())) {",
            "            out.append(greeting).append(' ').append(n).append(';');",
            "        }",
            "        if (out.length() == 0) throw new IOException(\"nobody to greet\");",
            "        try (var scope = timeout(5)) {",                              // async with
            "            out.append(await(CompletableFuture.completedFuture(\"stage\")));", // await(CompletionStage)
            "            List<Integer> two = await(gather(createTask(sleep(0.001, 1)), createTask(sleep(0.002, 2))));",
            "            out.append(two).append(scope.isExpired() ? \" expired\" : \"\");",
            "        } catch (TimeoutError e) {",
            "            out.append(\"timed out\");",
            "        }",
            "        return result(out.toString());",
            "    }",
            "}");

    private static final String MAIN = String.join("\n",
            "package com.example.app;",
            "",
            "import dev.corio.Corio;",
            "import java.io.IOException;",
            "",
            "public class Main {",
            "    public static void main(String[] args) {",
            "        try {",
            "            String s = Corio.run(new Corio_Greeter(\"hello\").greetAll(), IOException.class);",
            "            System.out.println(s);",
            "        } catch (IOException e) {",
            "            System.out.println(\"failed: \" + e);",
            "        }",
            "        System.out.println(Main.class.getModule().getName() + \" uses \" + Corio.class.getModule().getName());",
            "    }",
            "}");

    @Test
    void aNamedModuleWithAsyncCodeCompilesAndRuns(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), MODULE_INFO);
        write(src.resolve("com/example/app/Greeter.java"), GREETER);
        write(src.resolve("com/example/app/Main.java"), MAIN);
        Path out = dir.resolve("out");
        Compiled c = javac(src, out, dir.resolve("gen"));
        assertEquals(0, c.exit, c.log);
        assertTrue(Files.exists(out.resolve("com/example/app/Corio_Greeter.class")), c.log);
        assertTrue(Files.exists(out.resolve("module-info.class")), c.log);

        // the annotations module is `requires static`: not on the run-time module path, as in a user's image
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, out.toString(), runtimeModule(), jctools()),
                "--module", "com.example.app/com.example.app.Main");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application did not finish");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertEquals("hello modules;hello jpms;stage[1, 2]\ncom.example.app uses dev.corio\n", output.replace("\r\n", "\n"));
    }

    @Test
    void theRuntimesInternalPackageIsNotExported(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), MODULE_INFO);
        write(src.resolve("com/example/app/Sneaky.java"), String.join("\n",
                "package com.example.app;",
                "",
                "class Sneaky {",
                "    Object marker = dev.corio.internal.Intrinsics.SUSPENDED;",
                "}"));
        Compiled c = javac(src, dir.resolve("out"), dir.resolve("gen"));
        assertEquals(1, c.exit, c.log);
        assertTrue(c.log.contains("package dev.corio.internal is not visible")
                || c.log.contains("does not export dev.corio.internal"), c.log);
    }

    private record Compiled(int exit, String log) {
    }

    private static Compiled javac(Path src, Path out, Path gen) throws IOException, URISyntaxException {
        Files.createDirectories(out);
        Files.createDirectories(gen);
        List<String> args = new ArrayList<>(List.of(
                "--release", "17", "-Xlint:all", "-Werror",
                "-d", out.toString(), "-s", gen.toString(),
                "--module-path", String.join(File.pathSeparator, runtimeModule(), annotationsModule(), jctools()),
                "-processorpath", System.getProperty("java.class.path"),
                "-processor", CorioProcessor.class.getName()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit = javac.run(null, log, log, args.toArray(String[]::new));
        return new Compiled(exit, log.toString(StandardCharsets.UTF_8));
    }

    private static String runtimeModule() throws URISyntaxException {
        return location("dev.corio.Corio");
    }

    private static String annotationsModule() throws URISyntaxException {
        return location("dev.corio.annotation.Async");
    }

    private static String jctools() throws URISyntaxException {
        return location("org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue");
    }

    /** Where the test's class path has {@code className} from: a jar, or a module's target/classes. */
    private static String location(String className) throws URISyntaxException {
        try {
            Class<?> c = Class.forName(className, false, ModuleTest.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " is not on the test class path", e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }
}
