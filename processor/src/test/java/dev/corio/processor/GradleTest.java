package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradle's incremental annotation processing (issue 16, docs/processor.md, "Gradle"). Gradle cannot run
 * here, so what it does is reproduced with javac: its wrapped processing environment (unwrapped for
 * {@code Trees} alone), a subclass recompiled alone against class files (its inherited methods run on the
 * base's machines), the isolating kind the processor declares, and the one originating class of every
 * generated file, which is what makes isolating right.
 */
class GradleTest {
    /**
     * Gradle's {@code IncrementalProcessingEnvironment}, in short: every call delegated, the filer wrapped (here:
     * counting the source files written through it), the wrapped environment behind a public
     * {@code getDelegateProcessingEnvironment()} of a class the processor cannot name (Gradle's is
     * package-private).
     */
    private static final class WrappedEnvironment implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;
        final List<String> written = new java.util.ArrayList<>();
        /**
         * The top-level types of each written file's originating elements, as Gradle's isolating strategy
         * records them ({@code ElementUtils.getTopLevelTypeNames}): it falls back to a full recompilation
         * unless there is exactly one.
         */
        final Map<String, Set<String>> origins = new java.util.LinkedHashMap<>();

        WrappedEnvironment(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        public ProcessingEnvironment getDelegateProcessingEnvironment() {
            return delegate;
        }

        @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
        @Override public Messager getMessager() { return delegate.getMessager(); }
        @Override public Filer getFiler() {
            Filer f = delegate.getFiler();
            return (Filer) java.lang.reflect.Proxy.newProxyInstance(Filer.class.getClassLoader(), new Class<?>[] {Filer.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("createSourceFile") || method.getName().equals("createClassFile")) {
                            written.add(args[0].toString());
                            Set<String> top = new java.util.TreeSet<>();
                            for (javax.lang.model.element.Element e : (javax.lang.model.element.Element[]) args[1]) {
                                while (e.getEnclosingElement() != null
                                        && e.getEnclosingElement().getKind() != javax.lang.model.element.ElementKind.PACKAGE) {
                                    e = e.getEnclosingElement();
                                }
                                top.add(((TypeElement) e).getQualifiedName().toString());
                            }
                            origins.put(args[0].toString(), top);
                        }
                        try {
                            return method.invoke(f, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
        @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
        @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
        @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
        @Override public Locale getLocale() { return delegate.getLocale(); }
    }

    /** Gradle's isolating/aggregating decorator: hands the processor the wrapped environment. */
    private static final class Decorated extends AbstractProcessor {
        final CorioProcessor corio = new CorioProcessor();
        final java.util.function.Function<ProcessingEnvironment, ProcessingEnvironment> wrap;
        ProcessingEnvironment wrapped;
        RuntimeException failure;

        Decorated(java.util.function.Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            wrapped = wrap.apply(env);
            try {
                corio.init(wrapped);
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return failure != null ? Set.of() : corio.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
            return failure == null && corio.process(annotations, roundEnv);
        }
    }

    @Test
    void aWrappedProcessingEnvironmentIsUnwrappedForTreesAlone() throws Exception {
        Decorated d = new Decorated(WrappedEnvironment::new);
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(d).compile(
                JavaFileObjects.forSourceString("t.Aw", Harness.AW), JavaFileObjects.forSourceString("t.Base", BASE));
        assertEquals(null, d.failure);
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
        // Trees came from javac's environment behind the wrapper; the files still went through the wrapper's Filer
        assertEquals(List.of("t.Corio_Base"), ((WrappedEnvironment) d.wrapped).written);
        assertTrue(c.generatedSourceFile("t.Corio_Base").isPresent());
    }

    @Test
    void aWrapperWithoutAnAccessorGetsTheNeedsJavacError() {
        Decorated d = new Decorated(env -> new ProcessingEnvironment() { // no getDelegateProcessingEnvironment()
            @Override public Map<String, String> getOptions() { return env.getOptions(); }
            @Override public Messager getMessager() { return env.getMessager(); }
            @Override public Filer getFiler() { return env.getFiler(); }
            @Override public Elements getElementUtils() { return env.getElementUtils(); }
            @Override public Types getTypeUtils() { return env.getTypeUtils(); }
            @Override public SourceVersion getSourceVersion() { return env.getSourceVersion(); }
            @Override public Locale getLocale() { return env.getLocale(); }
        });
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(d).compile(
                JavaFileObjects.forSourceString("t.Aw", Harness.AW), JavaFileObjects.forSourceString("t.Base", BASE));
        // Trees.instance refuses it (javac's JavacProcessingEnvironment only): as under ECJ (EcjTest), one error
        // on the @Async method, no crash
        assertEquals(null, d.failure);
        List<String> errors = c.diagnostics().stream().filter(e -> e.getKind() == Diagnostic.Kind.ERROR)
                .map(e -> e.getSource().getName() + ": " + e.getMessage(Locale.ROOT)).collect(Collectors.toList());
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("Base.java: [CorioNeedsJavac]"), errors::toString);
    }

    private static final String BASE = Harness.src(
            "public class Base {",
            "  @Async public Coroutine<Integer> one() { await(later(null)); return result(1); }",
            "}");
    private static final String SUB = Harness.src(
            "public class Sub extends Base {",
            "  @Async public Coroutine<Integer> two() { return result(await(one()) + 1); }",
            "}");

    @Test
    void aSubclassRecompiledAloneInheritsFromClassFiles(@TempDir Path classes) throws Throwable {
        // Gradle's isolating incremental build after a change to Sub.java alone: Sub is recompiled against the
        // class files of the rest (Gradle passes an empty -sourcepath), as Maven does with
        // useIncrementalCompilation=false for the stale files only. Corio_Sub runs Base's one() on Corio_Base's
        // state machine (SeparateCompilationTest has the cases).
        Compilation first = Harness.compile(BASE);
        assertEquals(Compilation.Status.SUCCESS, first.status());
        for (JavaFileObject f : first.generatedFiles()) {
            if (f.getKind() == JavaFileObject.Kind.CLASS) {
                String name = f.getName();
                Path out = classes.resolve(name.substring(name.indexOf("/t/") + 1));
                Files.createDirectories(out.getParent());
                try (InputStream in = f.openInputStream()) {
                    Files.write(out, in.readAllBytes());
                }
            }
        }
        Decorated d = new Decorated(WrappedEnvironment::new);
        Compilation alone = com.google.testing.compile.Compiler.javac()
                .withProcessors(d)
                .withOptions("-sourcepath", "", "-Xlint:all,-processing")
                .withClasspath(classpathWith(classes))
                .compile(JavaFileObjects.forSourceString("t.Sub", SUB));
        assertEquals(Compilation.Status.SUCCESS, alone.status(), alone.diagnostics()::toString);
        assertEquals(Map.of("t.Corio_Sub", Set.of("t.Sub")), ((WrappedEnvironment) d.wrapped).origins);
        assertTrue(Harness.generated(alone, "Corio_Sub").contains("return Corio_Base.$one(this);"));
    }

    private static List<java.io.File> classpathWith(Path classes) {
        List<java.io.File> cp = new java.util.ArrayList<>();
        cp.add(classes.toFile());
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            cp.add(new java.io.File(e));
        }
        return cp;
    }

    @Test
    void theProcessorDeclaresItselfIsolating() throws IOException {
        // the processor's own output folder or jar (other jars on the test class path, auto-value's, have one)
        Path own = Path.of(CorioProcessor.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(Files.isRegularFile(own.resolve("META-INF/services/javax.annotation.processing.Processor")), own::toString);
        assertEquals(List.of(CorioProcessor.class.getName() + ",isolating"),
                Files.readAllLines(own.resolve("META-INF/gradle/incremental.annotation.processors")).stream()
                        .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toList()));
    }

    /**
     * Isolating holds only if every generated file has exactly one originating element, the class it comes from,
     * and nothing else goes into it: Gradle deletes and regenerates a file when its one originating class is
     * recompiled. Recorded through the wrapper's {@code Filer}, as Gradle records it, for each shape of
     * generated file.
     */
    @Test
    void everyGeneratedFileHasOneOriginatingClassItsOwn() {
        Decorated d = new Decorated(WrappedEnvironment::new);
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(d).withOptions("-Xlint:all,-processing")
                .compile(JavaFileObjects.forSourceString("t.Aw", Harness.AW),
                        JavaFileObjects.forSourceString("t.Base", BASE),
                        JavaFileObjects.forSourceString("t.Sub", SUB), // inherits one(): its file names Base nowhere
                        JavaFileObjects.forSourceString("t.Outer", Harness.src(
                                "public class Outer {",
                                "  public static class Inner { @Async public Coroutine<Integer> i() { return result(1); } }",
                                "  @Async public static Coroutine<Integer> s() { return result(2); }",
                                "}")),
                        // a file that uses its own generated class: Corio_Own first, its machine a round later
                        JavaFileObjects.forSourceString("t.Own", Harness.src(
                                "public class Own {",
                                "  @Async public Coroutine<Integer> o() { return result(await(later(3))); }",
                                "  static int run() { return Corio.run(new Corio_Own().o(), EventLoop::virtual); }",
                                "}")));
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
        Map<String, Set<String>> origins = ((WrappedEnvironment) d.wrapped).origins;
        assertEquals(Map.of(
                "t.Corio_Base", Set.of("t.Base"),
                "t.Corio_Sub", Set.of("t.Sub"),
                "t.Corio_Outer_Inner", Set.of("t.Outer"), // Gradle tracks top-level classes: the file's
                "t.Corio_Outer", Set.of("t.Outer"),
                "t.Corio_Own", Set.of("t.Own"),
                "t.Corio_Own$O", Set.of("t.Own")), origins);
    }
}
