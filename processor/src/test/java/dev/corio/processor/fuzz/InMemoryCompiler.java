package dev.corio.processor.fuzz;

import dev.corio.processor.MemoryFileManager;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac in memory: sources in, class bytes and diagnostics out. With {@code processors} on, javac finds
 * the annotation processors on the class path through their {@code META-INF/services} entry, exactly as
 * a user's build does (the processor module's own classes are on the test class path).
 */
final class InMemoryCompiler {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final String CLASS_PATH = testClassPath();

    /** What one javac run produced. */
    static final class Result {
        final boolean success;
        final Map<String, byte[]> classes;
        final List<Diagnostic<? extends JavaFileObject>> diagnostics;
        final Map<String, String> generatedSources;
        /** Set when javac itself (or a processor) threw instead of reporting. */
        final Throwable crash;

        Result(boolean success, Map<String, byte[]> classes, List<Diagnostic<? extends JavaFileObject>> diagnostics,
                Map<String, String> generatedSources, Throwable crash) {
            this.success = success;
            this.classes = classes;
            this.diagnostics = diagnostics;
            this.generatedSources = generatedSources;
            this.crash = crash;
        }

        /** The simple names of the source files (without .java) that have errors. */
        Set<String> filesWithErrors() {
            Set<String> out = new LinkedHashSet<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    out.add(d.getSource() == null ? "" : simpleName(d.getSource().getName()));
                }
            }
            return out;
        }

        String errorsFor(String simpleName) {
            StringBuilder sb = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                if (d.getKind() == Diagnostic.Kind.ERROR
                        && (d.getSource() == null ? "" : simpleName(d.getSource().getName())).equals(simpleName)) {
                    sb.append("line ").append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
                }
            }
            return sb.toString();
        }

        /** The errors in the files of one program: its class and the processor's classes for it. */
        String errorsForProgram(String cls) {
            StringBuilder sb = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                String f = d.getSource() == null ? "" : simpleName(d.getSource().getName());
                if (d.getKind() == Diagnostic.Kind.ERROR && (f.equals(cls) || f.equals("Corio_" + cls)
                        || f.startsWith("Corio_" + cls + "_") || f.startsWith("Corio_" + cls + "$"))) {
                    sb.append(f).append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(null))
                            .append('\n');
                }
            }
            return sb.toString();
        }

        /** Whether an error of program {@code cls} is located in one of its generated files. */
        boolean errorsInGenerated(String cls) {
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                String f = d.getSource() == null ? "" : simpleName(d.getSource().getName());
                if (d.getKind() == Diagnostic.Kind.ERROR && (f.equals("Corio_" + cls)
                        || f.startsWith("Corio_" + cls + "_") || f.startsWith("Corio_" + cls + "$"))) {
                    return true;
                }
            }
            return false;
        }

        String allErrors() {
            StringBuilder sb = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    sb.append(d.getSource() == null ? "?" : simpleName(d.getSource().getName())).append(':')
                            .append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
                }
            }
            return sb.toString();
        }
    }

    static String simpleName(String path) {
        String n = path.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        return n.endsWith(".java") ? n.substring(0, n.length() - 5) : n;
    }

    /** Compiles {@code sources} (class name to text, in package {@link Program#PACKAGE}). */
    static Result compile(Map<String, String> sources, boolean processors) {
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StandardJavaFileManager std = JAVAC.getStandardFileManager(diags, null, null);
        MemoryFileManager fm = new MemoryFileManager(std, true);
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            units.add(new Source(Program.PACKAGE + "." + e.getKey(), e.getValue()));
        }
        List<String> options = new ArrayList<>(List.of("-classpath", CLASS_PATH, "-g", "-nowarn", "-XDrawDiagnostics"));
        if (!processors) {
            options.add("-proc:none");
        } else if (Runtime.version().feature() >= 23) {
            // javac 23 and later run processors found on the class path only when asked to (JDK-8321314)
            options.add("-proc:full");
        }
        boolean ok;
        Throwable crash = null;
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            ok = JAVAC.getTask(out, fm, diags, options, null, units).call();
        } catch (RuntimeException | Error e) {
            ok = false;
            crash = e;
        }
        if (!ok && crash == null && out.toString().contains("An exception has occurred in the compiler")) {
            // javac reports its own crashes (and a processor's uncaught exceptions) as text, not diagnostics.
            crash = new IllegalStateException(out.toString());
        }
        return new Result(ok && crash == null, fm.classes, diags.getDiagnostics(), fm.generated, crash);
    }

    /** The test class path: surefire may hand it over as a manifest-only jar, so unpack that. */
    private static String testClassPath() {
        String cp = System.getProperty("java.class.path");
        List<String> out = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            out.add(entry);
            if (entry.endsWith(".jar") && new File(entry).getName().startsWith("surefire")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest mf = jar.getManifest();
                    String inner = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (inner != null) {
                        for (String u : inner.trim().split("\\s+")) {
                            out.add(Path.of(URI.create(u.startsWith("file:") ? u : "file:" + u)).toString());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // not a manifest-only jar; keep the entry as it is
                }
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Loads the classes of one compilation, parent-first for everything else (runtime, FuzzBase). */
    static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes) {
            super(InMemoryCompiler.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
