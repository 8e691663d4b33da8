package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jdt.internal.compiler.batch.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse's compiler (ECJ, the one Eclipse and VS Code's Java support build with) running the processor, as
 * the IDE would: one error, on the {@code @Async} method, saying that Corio needs javac and what to do; no
 * crash ({@code IllegalArgumentException} from {@code Trees.instance} before).
 */
class EcjTest {

    @Test
    void ecjGetsOneClearError(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src/t/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, String.join("\n",
                "package t;",
                "import static dev.corio.Corio.*;",
                "import dev.corio.*;",
                "import dev.corio.annotation.Async;",
                "public class Greeter {",
                "  @Async public Coroutine<String> greet() { await(sleep(1)); return result(\"hi\"); }",
                "}",
                ""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String cp = System.getProperty("java.class.path");
        boolean ok = new Main(new PrintWriter(out), new PrintWriter(err), false, null, null).compile(new String[] {
            "-17", "-proc:only", "-cp", cp, "-processorpath", cp,
            "-processor", CorioProcessor.class.getName(),
            "-d", dir.resolve("out").toString(), "-s", dir.resolve("gen").toString(),
            src.toString()});
        String log = out + "\n" + err;
        System.out.println("ECJ:\n" + log);
        assertTrue(!ok, log);
        List<String> errors = log.lines().filter(l -> l.contains("ERROR")).collect(Collectors.toList());
        assertEquals(1, errors.size(), log);
        assertTrue(log.contains("[CorioNeedsJavac] Corio's @Async processor needs javac"), log);
        assertTrue(log.contains("Greeter.java"), log); // on the user's file
        assertTrue(!log.toLowerCase(Locale.ROOT).contains("exception"), log);
        assertTrue(!new File(dir.resolve("gen").toString(), "t/Corio_Greeter.java").exists(), "nothing generated");
    }
}
