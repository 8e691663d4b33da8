package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.corio.Coroutine;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subclass compiled on its own, against the class files of an {@code @Async} base (a library; Maven's
 * {@code useIncrementalCompilation=false}; Gradle's incremental compilation after a change to the subclass
 * alone): {@code Corio_Sub} runs each inherited {@code @Async} method on the state machine of the base's
 * {@code Corio_Base}, through its machine factory ({@code Corio_Base.$one(self, ...)}), with the
 * {@code Corio_Sub} as the machine's {@code $self}. Each test compiles in two javac runs: the base, with the
 * processor, into a folder of class files; then the subclass alone, with that folder on the class path.
 */
class SeparateCompilationTest {
    static final String BASE = Harness.src(
            "public class Base {",
            "  public int hits;",
            "  public String hook() { return \"base\"; }",
            "  @Async public Coroutine<String> name() { return result(\"base\"); }",
            "  @Async public Coroutine<String> one() {",
            "    await(later(null));",
            "    hits++;",
            "    return result(hook() + \"/\" + await(name()) + \"/\" + hits);",
            "  }",
            "  @Async protected Coroutine<Integer> prot(int x) { return result(await(later(x)) * 2); }",
            "}");

    /** Overrides Base's hook() and its @Async name(): Base's bodies must call these on a Corio_Sub. */
    static final String SUB = Harness.src(
            "public class Sub extends Base {",
            "  @Override public String hook() { return \"sub\"; }",
            "  @Async @Override public Coroutine<String> name() { return result(\"sub \" + await(later(1))); }",
            "  @Async public Coroutine<String> two() { return result(await(one()) + \" \" + await(prot(3))); }",
            "}");

    @Test
    void aSubclassCompiledAloneRunsTheBasesMachineWithItsOwnOverrides(@TempDir Path dir) throws Throwable {
        Path lib = dir.resolve("lib");
        Path app = dir.resolve("app");
        compileTo(lib, List.of(), true, Harness.AW, BASE);
        Compilation alone = compileTo(app, List.of(lib), true, SUB);
        String sub = Harness.generated(alone, "Corio_Sub");
        // the inherited methods run on Corio_Base's machines: none of Base's bodies is transformed again
        assertTrue(sub.contains("return Corio_Base.$one(this);"), sub);
        assertTrue(sub.contains("return Corio_Base.$prot(this, "), sub); // arg0: class files keep no parameter names without -parameters
        assertFalse(sub.contains("class One"), sub);
        try (URLClassLoader l = loader(lib, app)) {
            // one(): Base's body, on the Corio_Sub: Sub's hook() and Sub's coroutine name(), Base's field
            assertEquals("sub/sub 1/1 6", Harness.run(l, "Sub", "two"));
            Object s = l.loadClass("t.Corio_Sub").getDeclaredConstructor().newInstance();
            Coroutine<?> one = (Coroutine<?>) Harness.find(l.loadClass("t.Corio_Sub"), "one").invoke(s);
            assertEquals("Base.one()", one.toString()); // a coroutine, not the untransformed body (which throws)
            assertEquals("sub/sub 1/1", dev.corio.Corio.run(one, dev.corio.EventLoop::virtual));
            assertEquals(1, l.loadClass("t.Base").getField("hits").get(s));
        }
    }

    @Test
    void aSubclassInAnotherPackageReachesAProtectedMethodsMachine(@TempDir Path dir) throws Throwable {
        Path lib = dir.resolve("lib");
        Path app = dir.resolve("app");
        compileTo(lib, List.of(), true, Harness.AW, BASE);
        compileTo(app, List.of(lib), true, String.join("\n",
                "package u;",
                "import static dev.corio.Corio.*;",
                "import static t.Aw.*;",
                "import dev.corio.*;",
                "import dev.corio.annotation.Async;",
                "public class Sub extends t.Base {",
                "  @Override public String hook() { return \"u\"; }",
                "  @Async public Coroutine<String> two() { return result(await(one()) + \" \" + await(prot(4))); }",
                "}"));
        try (URLClassLoader l = loader(lib, app)) {
            Object s = l.loadClass("u.Corio_Sub").getDeclaredConstructor().newInstance();
            assertEquals("u/base/1 8", Harness.runOn(s, Harness.find(l.loadClass("u.Corio_Sub"), "two")));
        }
    }

    /** A package-private @Async method: Java does not inherit it into another package. */
    static final String HIDDEN = Harness.src(
            "public class Hidden {",
            "  @Async Coroutine<Integer> inner() { return result(1); }",
            "  @Async public Coroutine<Integer> outer() { return result(await(inner()) + 1); }",
            "}");

    static final String HIDDEN_SUB = String.join("\n",
            "package u;",
            "import static dev.corio.Corio.*;",
            "import dev.corio.*;",
            "import dev.corio.annotation.Async;",
            "public class Sub extends t.Hidden {",
            "  @Async public Coroutine<Integer> two() { return result(await(outer()) * 2); }",
            "}");

    static final String HIDDEN_ERROR = "[CorioInherited] Sub extends t.Hidden, whose @Async method inner() is"
            + " package-private: a class of another package neither inherits nor overrides it, so Corio_Sub cannot"
            + " run it as a coroutine, and a call of it on a Corio_Sub (from package t) would run the untransformed"
            + " body, which throws. Make inner() protected or public in Hidden, or declare Sub in package t.";

    /**
     * Corio_Sub in package u cannot override t.Hidden's package-private inner(), so outer()'s machine, run on
     * a Corio_Sub, would call the untransformed inner() and throw at run time: an error on Sub instead.
     */
    @Test
    void aPackagePrivateAsyncMethodOfABaseInAnotherPackageIsAnErrorOnTheSubclass(@TempDir Path dir) throws IOException {
        Path lib = dir.resolve("lib");
        compileTo(lib, List.of(), true, Harness.AW, HIDDEN);
        assertEquals(List.of(HIDDEN_ERROR), errors(dir.resolve("app"), lib, HIDDEN_SUB));
        // in one compilation with its base too, and the error is on Sub's declaration
        Compilation both = compile(dir.resolve("both"), null, List.of(), true, Harness.AW, HIDDEN, HIDDEN_SUB);
        assertEquals(Compilation.Status.FAILURE, both.status());
        List<Diagnostic<? extends JavaFileObject>> errors = both.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).collect(Collectors.toList());
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(HIDDEN_ERROR, errors.get(0).getMessage(Locale.ROOT));
        assertTrue(errors.get(0).getSource().getName().endsWith("u/Sub.java"), errors.get(0)::toString);
        assertEquals(5, errors.get(0).getLineNumber());
    }

    /** The fix the error names: protected, and Corio_Sub runs it on Corio_Hidden's machine. */
    @Test
    void madeProtectedItRuns(@TempDir Path dir) throws Throwable {
        Path lib = dir.resolve("lib");
        Path app = dir.resolve("app");
        compileTo(lib, List.of(), true, Harness.AW, HIDDEN.replace("  @Async Coroutine<Integer> inner()", "  @Async protected Coroutine<Integer> inner()"));
        compileTo(app, List.of(lib), true, HIDDEN_SUB);
        try (URLClassLoader l = loader(lib, app)) {
            Object s = l.loadClass("u.Corio_Sub").getDeclaredConstructor().newInstance();
            assertEquals(4, Harness.runOn(s, Harness.find(l.loadClass("u.Corio_Sub"), "two")));
        }
    }

    static final String BOX = Harness.src(
            "public class Box<V> {",
            "  public V v;",
            "  @Async public Coroutine<V> get() { await(later(null)); return result(v); }",
            "  @Async public <R> Coroutine<R> map(Function<? super V, ? extends R> f) { return result(f.apply(await(get()))); }",
            "}");
    static final String STRING_BOX = Harness.src(
            "public class StringBox extends Box<String> {",
            "  @Async public Coroutine<Integer> length() { v = \"four\"; return result(await(map(String::length))); }",
            "}");

    @Test
    void aGenericBaseFromClassFilesRunsWithTheSubclassesTypeArguments(@TempDir Path dir) throws Throwable {
        Path lib = dir.resolve("lib");
        Path app = dir.resolve("app");
        compileTo(lib, List.of(), true, Harness.AW, BOX);
        Compilation alone = compileTo(app, List.of(lib), true, STRING_BOX);
        String gen = Harness.generated(alone, "Corio_StringBox");
        assertTrue(gen.contains("public Coroutine<String> get() {"), gen); // Box<String>'s get(), not get() of V
        assertTrue(gen.contains("return Corio_Box.<String>$get(this);"), gen);
        assertTrue(gen.contains("return Corio_Box.<String, R>$map(this, "), gen);
        try (URLClassLoader l = loader(lib, app)) {
            assertEquals(4, Harness.run(l, "StringBox", "length"));
        }
    }

    @Test
    void aVarargsMethodHandsItsArrayOn(@TempDir Path dir) throws Throwable {
        Path lib = dir.resolve("lib");
        Path app = dir.resolve("app");
        compileTo(lib, List.of(), true, Harness.AW, Harness.src(
                "public class Counter {",
                "  @Async public <T> Coroutine<Integer> count(List<T> a, int... xs) { await(later(null)); return result(a.size() + xs.length); }",
                "}"));
        compileTo(app, List.of(lib), true, Harness.src( // -Xlint:all: no heap-pollution warning from the factory
                "public class Caller extends Counter {",
                "  @Async public Coroutine<Integer> both() { return result(await(count(List.of(\"x\"), 1, 2, 3))); }",
                "}"));
        try (URLClassLoader l = loader(lib, app)) {
            assertEquals(4, Harness.run(l, "Caller", "both"));
        }
    }

    @Test
    void aGenericBaseInTheSameCompilationToo() throws Throwable {
        assertEquals(4, Harness.run(Harness.load(BOX, STRING_BOX), "StringBox", "length"));
    }

    @Test
    void aBaseCompiledWithoutCorioIsAnErrorThatSaysSo(@TempDir Path dir) throws IOException {
        Path lib = dir.resolve("lib");
        compileTo(lib, List.of(), false, Harness.AW, BASE);
        assertEquals(List.of("[CorioInherited] Sub inherits @Async method one() from t.Base, which was compiled"
                        + " without Corio's processor (there is no t.Corio_Base to run it), so Corio_Sub cannot run it as"
                        + " a coroutine. Compile Base with Corio's processor on its processor path (its build then ships"
                        + " Corio_Base), or override it in Sub with an @Async method.",
                "[CorioInherited] Sub inherits @Async method prot() from t.Base, which was compiled without Corio's"
                        + " processor (there is no t.Corio_Base to run it), so Corio_Sub cannot run it as a coroutine."
                        + " Compile Base with Corio's processor on its processor path (its build then ships Corio_Base),"
                        + " or override it in Sub with an @Async method."),
                errors(dir.resolve("app"), lib, SUB));
    }

    @Test
    void aBaseSeenOnlyOnTheSourcePathIsAnErrorThatSaysSo(@TempDir Path dir) throws IOException {
        // javac compiles a class it finds on -sourcepath implicitly, without running processors on it
        Path src = dir.resolve("src/t");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Aw.java"), Harness.AW);
        Files.writeString(src.resolve("Base.java"), BASE);
        List<String> errors = errors(dir.resolve("app"), dir.resolve("src"), List.of(), SUB);
        assertEquals(2, errors.size(), errors::toString);
        assertEquals("[CorioInherited] Sub inherits @Async method one() from t.Base, whose source this compilation"
                + " reads from its source path only (javac runs no processor on such files, so there is no"
                + " t.Corio_Base), so Corio_Sub cannot run it as a coroutine. Compile Base in the same compilation, or"
                + " before it with Corio's processor, or override it in Sub with an @Async method.", errors.get(0));
    }

    @Test
    void aCorioBaseWithoutFactoriesIsAnErrorThatSaysRecompile(@TempDir Path dir) throws IOException {
        // what an older processor generated: a Corio_Base with its machines but no factory
        Path lib = dir.resolve("lib");
        compileTo(lib, List.of(), false, Harness.AW, BASE,
                Harness.src("public class Corio_Base extends Base {", "}"));
        List<String> errors = errors(dir.resolve("app"), lib, SUB);
        assertEquals(2, errors.size(), errors::toString);
        assertEquals("[CorioInherited] Sub inherits @Async method one() from t.Base, whose generated Corio_Base has"
                + " no machine factory $one(Base, ...) to run it (it was generated by an older version of Corio's"
                + " processor), so Corio_Sub cannot run it as a coroutine. Recompile Base with this version of Corio's"
                + " processor, or override it in Sub with an @Async method.", errors.get(0));
    }

    @Test
    void theFactoryIsPublicForPublicAndProtectedMethodsOnly() {
        String base = Harness.generated(Harness.compile(Harness.src(
                "public class P {",
                "  @Async public Coroutine<Integer> a() { return result(1); }",
                "  @Async protected Coroutine<Integer> b() { return result(2); }",
                "  @Async Coroutine<Integer> c(int self) { return result(self); }",
                "  @Async static Coroutine<Integer> d() { return result(4); }",
                "}")), "Corio_P");
        assertTrue(base.contains("public static Coroutine<Integer> $a(P self) {"), base);
        assertTrue(base.contains("public static Coroutine<Integer> $b(P self) {"), base);
        // package-private: only a subclass of the package inherits it; a parameter named self is kept apart
        assertTrue(base.contains(" static Coroutine<Integer> $c(P $self, int self) {"), base);
        assertFalse(base.contains("public static Coroutine<Integer> $c("), base);
        assertTrue(base.contains("return new C($self, self);"), base);
        assertFalse(base.contains("$d("), base); // a static method has its static entry
    }

    /** The error messages of compiling {@code sources} alone against {@code lib}. */
    private static List<String> errors(Path out, Path lib, String... sources) throws IOException {
        return errors(out, null, List.of(lib), sources);
    }

    private static List<String> errors(Path out, Path sourcepath, List<Path> classpath, String... sources) {
        Compilation c = compile(out, sourcepath, classpath, true, sources);
        assertEquals(Compilation.Status.FAILURE, c.status());
        return c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
    }

    /** Compiles {@code sources} (expecting success) and writes the class files to {@code out}. */
    private static Compilation compileTo(Path out, List<Path> classpath, boolean corio, String... sources)
            throws IOException {
        Compilation c = compile(out, null, classpath, corio, sources);
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String name = f.getName();
            Path file = out.resolve(name.substring(name.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length()));
            Files.createDirectories(file.getParent());
            try (InputStream in = f.openInputStream()) {
                Files.write(file, in.readAllBytes());
            }
        }
        return c;
    }

    private static Compilation compile(Path out, Path sourcepath, List<Path> classpath, boolean corio, String... sources) {
        List<JavaFileObject> files = new ArrayList<>();
        for (String s : sources) {
            files.add(JavaFileObjects.forSourceString(name(s), s));
        }
        List<File> cp = new ArrayList<>();
        classpath.forEach(p -> cp.add(p.toFile()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(new File(e));
        }
        com.google.testing.compile.Compiler javac = com.google.testing.compile.Compiler.javac()
                // an empty source path, as Gradle passes: the base is seen as class files only
                .withOptions("-sourcepath", sourcepath == null ? "" : sourcepath.toString(), "-Xlint:all", "-Xlint:-processing")
                .withClasspath(cp);
        javac = corio ? javac.withProcessors(new CorioProcessor()) : javac.withOptions("-sourcepath", "", "-proc:none");
        Compilation c = javac.compile(files);
        Harness.checkGenerated(c.diagnostics());
        return c;
    }

    private static String name(String source) {
        java.util.regex.Matcher pkg = java.util.regex.Pattern.compile("package\\s+([\\w.]+);").matcher(source);
        java.util.regex.Matcher cls = java.util.regex.Pattern.compile("(?:class|interface|record|enum)\\s+(\\w+)").matcher(source);
        cls.find();
        return (pkg.find() ? pkg.group(1) + "." : "") + cls.group(1);
    }

    private static URLClassLoader loader(Path... dirs) throws IOException {
        URL[] urls = new URL[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            urls[i] = dirs[i].toUri().toURL();
        }
        return new URLClassLoader(urls, SeparateCompilationTest.class.getClassLoader());
    }
}
