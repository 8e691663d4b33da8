package dev.corio.processor.corpus;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import dev.corio.processor.CorioProcessor;
import dev.corio.processor.MemoryFileManager;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * javac in memory for one library: its binary jars (and Corio's annotations and runtime) on the class
 * path, one compilation unit per run. The file manager is kept across runs so the jars are indexed once;
 * the processor is handed to javac as an instance, so it runs on the test's (warm) classes.
 */
final class Javac implements AutoCloseable {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager std;

    /** What one run gave. */
    static final class Result {
        final boolean success;
        final List<Diagnostic<? extends JavaFileObject>> diagnostics;
        /** Generated sources by class name. */
        final Map<String, String> generated;
        /** Class files by class name (kept only when asked for). */
        final Map<String, byte[]> classes;
        /** javac (or a processor) threw, or printed its crash banner. */
        final String crash;

        Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Map<String, String> generated,
                Map<String, byte[]> classes, String crash) {
            this.success = success;
            this.diagnostics = diagnostics;
            this.generated = generated;
            this.classes = classes;
            this.crash = crash;
        }
    }

    /** An analysed unit: the task stays open so its trees, elements and types can be asked. */
    static final class Analysis {
        final JavacTask task;
        final CompilationUnitTree unit;
        final List<Diagnostic<? extends JavaFileObject>> errors;

        Analysis(JavacTask task, CompilationUnitTree unit, List<Diagnostic<? extends JavaFileObject>> errors) {
            this.task = task;
            this.unit = unit;
            this.errors = errors;
        }
    }

    Javac(List<File> classPath) {
        std = JAVAC.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        List<File> cp = new ArrayList<>(classPath);
        cp.add(location(dev.corio.Coroutine.class));
        cp.add(location(dev.corio.annotation.Async.class));
        try {
            std.setLocation(StandardLocation.CLASS_PATH, cp);
            std.setLocation(StandardLocation.SOURCE_PATH, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static File location(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> options(boolean processors) {
        List<String> o = new ArrayList<>(List.of("-g", "-nowarn", "-Xlint:none", "-Xmaxerrs", "1000",
                "-encoding", "UTF-8"));
        if (!processors) {
            o.add("-proc:none");
        }
        return o;
    }

    /** Parses and attributes {@code text} (the unit {@code path}, e.g. {@code org/x/Foo.java}), no processor. */
    Analysis analyse(String path, String text) {
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        MemoryFileManager fm = new MemoryFileManager(std, false);
        JavacTask task = (JavacTask) JAVAC.getTask(new StringWriter(), fm, diags, options(false), null,
                List.of(new Source(path, text)));
        try {
            CompilationUnitTree cu = task.parse().iterator().next();
            task.analyze();
            List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(d);
                }
            }
            return new Analysis(task, cu, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles {@code text} with the Corio processor (or without it); keeps the class files when asked. */
    Result compile(String path, String text, boolean processor, boolean keepClasses) {
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        MemoryFileManager fm = new MemoryFileManager(std, keepClasses);
        StringWriter out = new StringWriter();
        JavacTask task = (JavacTask) JAVAC.getTask(out, fm, diags, options(processor), null,
                List.of(new Source(path, text)));
        if (processor) {
            task.setProcessors(List.of(new CorioProcessor()));
        }
        boolean ok;
        String crash = null;
        try {
            ok = task.call();
        } catch (RuntimeException | Error e) {
            ok = false;
            StringWriter sw = new StringWriter();
            e.printStackTrace(new java.io.PrintWriter(sw));
            crash = sw.toString();
        }
        if (crash == null && out.toString().contains("An exception has occurred in the compiler")) {
            crash = out.toString();
        }
        return new Result(ok && crash == null, diags.getDiagnostics(), fm.generated, fm.classes, crash);
    }

    @Override
    public void close() {
        try {
            std.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String path, String text) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
