package dev.corio.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.corio.Coroutine;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles sources with the processor (compile-testing), loads the classes it produced and runs their
 * coroutines on a loop with a virtual clock.
 */
final class Harness {
    private Harness() {
    }

    /** Helpers every test source can use: awaitables that complete now, later, or fail. */
    static final String AW = String.join("\n",
            "package t;",
            "import dev.corio.*;",
            "import java.util.*;",
            "public final class Aw {",
            "  private Aw() {}",
            "  public static final List<String> LOG = new ArrayList<>();",
            "  /** Logs {@code s} and returns {@code v}: makes evaluation order visible. */",
            "  public static <T> T log(String s, T v) { LOG.add(s); return v; }",
            "  public static <T> Awaitable<T> now(T v) { AsyncFuture<T> f = new AsyncFuture<>(Corio.getRunningLoop()); f.setResult(v); return f; }",
            "  public static <T> Awaitable<T> later(T v) { return Corio.sleep(1, v); }",
            "  public static <T> Awaitable<T> failNow(Throwable e) { AsyncFuture<T> f = new AsyncFuture<>(Corio.getRunningLoop()); f.setException(e); return f; }",
            "  public static <T> Awaitable<T> failLater(Throwable e) { AsyncFuture<T> f = new AsyncFuture<>(Corio.getRunningLoop()); Corio.getRunningLoop().callLater(1, () -> f.setException(e)); return f; }",
            "}");

    static final String HEADER = String.join("\n",
            "package t;",
            "import static dev.corio.Corio.*;",
            "import static t.Aw.*;",
            "import dev.corio.*;",
            "import dev.corio.annotation.Async;",
            "import java.util.*;",
            "import java.util.function.*;",
            "");

    /** A source in package t with the usual imports (7 lines), then {@code lines}: line 8 is the first. */
    static String src(String... lines) {
        return HEADER + String.join("\n", lines) + "\n";
    }

    /** A public class {@code T} (line 8) whose members follow from line 9 on. */
    static String cls(String... members) {
        return src("public class T {", String.join("\n", members), "}");
    }

    /**
     * Compiles with the processor. The last-line guard: whatever the processor cannot transform must be an
     * error on the user's element, never one in generated code, and generated code is {@code -Xlint:all}
     * clean; so any error or warning located in a {@code Corio_} file fails the test, whatever it expected.
     */
    static Compilation compile(String... sources) {
        List<JavaFileObject> files = new ArrayList<>();
        files.add(JavaFileObjects.forSourceString("t.Aw", AW));
        for (String s : sources) {
            files.add(JavaFileObjects.forSourceString(className(s), s));
        }
        Compilation c = com.google.testing.compile.Compiler.javac()
                .withProcessors(new CorioProcessor())
                .withOptions("-Xlint:all", "-Xlint:-processing")
                .compile(files);
        checkGenerated(c.diagnostics());
        return c;
    }

    /** Compiles without any processor: what javac alone says about the sources. */
    static Compilation compilePlain(String... sources) {
        List<JavaFileObject> files = new ArrayList<>();
        files.add(JavaFileObjects.forSourceString("t.Aw", AW));
        for (String s : sources) {
            files.add(JavaFileObjects.forSourceString(className(s), s));
        }
        return com.google.testing.compile.Compiler.javac().withOptions("-proc:none").compile(files);
    }

    /** Fails on any error or warning located in a generated file (see {@link #compile}). */
    static void checkGenerated(List<? extends Diagnostic<? extends JavaFileObject>> diagnostics) {
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.NOTE && d.getSource() != null
                    && Harness.simpleName(d.getSource().getName()).startsWith("Corio_")) {
                throw new AssertionError("a diagnostic in generated code (the processor must report an error on the"
                        + " user's element instead, or generate code that compiles cleanly): " + d);
            }
        }
    }

    private static String simpleName(String path) {
        String n = path.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static String className(String source) {
        java.util.regex.Matcher pkg = java.util.regex.Pattern.compile("package\\s+([\\w.]+);").matcher(source);
        java.util.regex.Matcher cls = java.util.regex.Pattern.compile("(?:class|interface|record|enum)\\s+(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)").matcher(source);
        cls.find();
        return (pkg.find() ? pkg.group(1) + "." : "") + cls.group(1);
    }

    /** Compiles (expecting success without warnings from generated code) and returns a loader for the classes. */
    static ClassLoader load(String... sources) {
        Compilation c = compile(sources);
        if (c.status() != Compilation.Status.SUCCESS) {
            StringBuilder sb = new StringBuilder("compilation failed:\n");
            for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
                sb.append(d).append('\n');
            }
            for (JavaFileObject f : c.generatedSourceFiles()) {
                try {
                    sb.append("---- ").append(f.getName()).append('\n').append(f.getCharContent(true));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            throw new AssertionError(sb.toString());
        }
        assertThat(c).succeeded();
        // Generated code compiles cleanly under -Xlint:all: users building with -Werror are not punished.
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() != Diagnostic.Kind.NOTE && d.getSource() != null && d.getSource().getName().contains("Corio_")) {
                throw new AssertionError("generated code has a warning: " + d);
            }
        }
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String name = f.getName();
            int i = name.indexOf("CLASS_OUTPUT/");
            name = name.substring(i + "CLASS_OUTPUT/".length(), name.length() - ".class".length()).replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ClassLoader(Harness.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
    }

    static String generated(Compilation c, String name) {
        for (JavaFileObject f : c.generatedSourceFiles()) {
            if (f.getName().endsWith(name + ".java")) {
                try {
                    return f.getCharContent(true).toString();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("no generated " + name);
    }

    /** Instantiates {@code Corio_<cls>} (no-arg constructor) and runs {@code method(args)} on a virtual-clock loop. */
    static Object run(ClassLoader l, String cls, String method, Object... args) throws Throwable {
        Class<?> gen = l.loadClass("t.Corio_" + cls);
        Object target = null;
        Method m = find(gen, method);
        if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
            target = gen.getDeclaredConstructor().newInstance();
        }
        return runOn(target, m, args);
    }

    static Method find(Class<?> c, String name) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + c);
    }

    static Object runOn(Object target, Method m, Object... args) throws Throwable {
        Coroutine<?> coro;
        try {
            coro = (Coroutine<?>) m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return Corio.run(coro, EventLoop::virtual);
    }

    @SuppressWarnings("unchecked")
    static List<String> log(ClassLoader l) throws Exception {
        return (List<String>) l.loadClass("t.Aw").getField("LOG").get(null);
    }
}
