package dev.corio.processor.analyse;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The processor's own attribution of the files that hold {@code @Async} methods, in a javac task of its
 * own (docs/processor.md, "Attribution").
 *
 * <p>The user's trees are never attributed by the processor. javac attributes a file again after the
 * processing rounds, and state of an earlier attribution survives into that one: the types of poly method
 * arguments are cached by source position across rounds (javac's {@code ArgumentAttr}), and the types it
 * infers for implicit lambda parameters are written into the trees. Code that compiles without the
 * processor then failed to compile with it (docs/corpus.md, finding 1). So the files are parsed and attributed
 * again in a separate {@link JavacTask} (public API: {@link ToolProvider#getSystemJavaCompiler()}), which
 * sees what the user's compilation sees: the same JDK release, the sources of this compilation (read from
 * their own file objects), and its class path, reached through the user's compilation itself: a package's
 * classes are listed by its {@link Elements}, their class files read through its {@link Filer}. Nothing
 * else is parsed or attributed: other sources are entered only when the attributed files use them.
 *
 * <p>Everything the later phases learn about a body (types, elements, constants) comes from this task's
 * {@link #trees}, {@link #elements} and {@link #types}; diagnostics are still reported through the user's
 * compilation, at the same positions (the copy is parsed from the same file object). An error in the task
 * (the user's own, which javac reports too) changes nothing; a body with a type the task could not determine
 * (a type generated later in the build, or one this bridge does not reach) waits for a later round, and in the
 * last round the processor attributes the user's trees in place, as it did before this class existed, so that
 * javac reports what it cannot type. So does a class in a named module, whose module graph the bridge does
 * not build.
 */
public final class Attribution {
    public final Trees trees;
    public final Elements elements;
    public final Types types;
    private final Map<URI, CompilationUnitTree> units = new HashMap<>();
    /** The task's errors (the user's own, which javac reports too, or what the bridge does not reach). */
    public final List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
    private final JavaFileManager files;
    /** Wall-clock nanoseconds the task took, for the processor's cost figures. */
    public final long nanos;
    /** Milliseconds per phase (set up, parse, enter, attribute), for the same. */
    public final String phases;

    private Attribution(JavacTask task, JavaFileManager files, List<CompilationUnitTree> parsed,
            DiagnosticCollector<JavaFileObject> diags, long nanos, String phases) {
        this.files = files;
        this.phases = phases;
        this.trees = Trees.instance(task);
        this.elements = task.getElements();
        this.types = task.getTypes();
        this.nanos = nanos;
        for (CompilationUnitTree u : parsed) {
            units.put(u.getSourceFile().toUri(), u);
        }
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
    }

    /**
     * Parses and attributes {@code files} (the user's file objects) in a task of their own. Null when no
     * such task can be made here (no system compiler, or the task refused its files); the caller attributes in
     * place then.
     */
    public static Attribution of(ProcessingEnvironment env, Trees userTrees, Collection<? extends JavaFileObject> files) {
        long t0 = System.nanoTime();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null || files.isEmpty()) {
            return null;
        }
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StandardJavaFileManager platform = javac.getStandardFileManager(diags, null, null);
        Bridge bridge = new Bridge(javac, platform, env, userTrees, files);
        List<String> options = new ArrayList<>();
        options.add("-proc:none");
        options.add("-implicit:none");
        options.add("-Xlint:none");
        options.add("-nowarn");
        options.addAll(platform(env));
        JavacTask task = (JavacTask) javac.getTask(null, bridge, diags, options, null, files);
        Trees trees = Trees.instance(task);
        List<CompilationUnitTree> parsed = new ArrayList<>();
        long[] at = new long[4];
        try {
            at[0] = System.nanoTime();
            task.parse().forEach(parsed::add);
            at[1] = System.nanoTime();
            task.getElements().getTypeElement("java.lang.Object"); // enters the parsed files
            at[2] = System.nanoTime();
            // Attribute each top-level class as javac's attribution phase would (and as the processor did in
            // place before): getElement on a tree without a symbol attributes its class, superclasses first.
            // Not JavacTask.analyze(), which would attribute every source the files make javac enter too.
            for (CompilationUnitTree u : parsed) {
                TreePath unit = new TreePath(u);
                for (Tree t : u.getTypeDecls()) {
                    if (t instanceof ClassTree) {
                        trees.getElement(new TreePath(new TreePath(unit, t), ((ClassTree) t).getModifiers()));
                    }
                }
            }
            at[3] = System.nanoTime();
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            close(bridge, e);
            return null; // the caller attributes in place
        } catch (RuntimeException | Error e) { // javac's own failure: the caller reports it, on the method
            close(bridge, e);
            throw e;
        }
        return new Attribution(task, bridge, parsed, diags, System.nanoTime() - t0, "set up " + (at[0] - t0) / 1_000_000
                + " ms, parse " + (at[1] - at[0]) / 1_000_000 + " ms, enter " + (at[2] - at[1]) / 1_000_000
                + " ms, attribute " + (at[3] - at[2]) / 1_000_000 + " ms");
    }

    private static void close(JavaFileManager files, Throwable failure) {
        try {
            files.close();
        } catch (IOException closing) {
            failure.addSuppressed(closing);
        }
    }

    /** Closes the task's files (the jars it opened); the task's trees and elements are not used after this. */
    public void close() {
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The task's copy of the user's compilation unit, or null. */
    public CompilationUnitTree unit(JavaFileObject file) {
        return units.get(file.toUri());
    }

    /**
     * The task's element for the user's method {@code declared} (same file, same position), or null.
     */
    public ExecutableElement method(Trees userTrees, ExecutableElement declared) {
        return counterpart(userTrees, declared, MethodTree.class, ExecutableElement.class);
    }

    /** The task's element for the user's class {@code declared}, or null. */
    public TypeElement type(Trees userTrees, TypeElement declared) {
        return counterpart(userTrees, declared, ClassTree.class, TypeElement.class);
    }

    /** The element of the {@code kind} tree at {@code declared}'s position in the task's copy of its file, or null. */
    private <E extends Element> E counterpart(Trees userTrees, Element declared, Class<? extends Tree> kind,
            Class<E> elementKind) {
        TreePath p = userTrees.getPath(declared);
        if (p == null) {
            return null;
        }
        CompilationUnitTree copy = unit(p.getCompilationUnit().getSourceFile());
        if (copy == null) {
            return null;
        }
        long pos = userTrees.getSourcePositions().getStartPosition(p.getCompilationUnit(), p.getLeaf());
        TreePath found = find(copy, pos, kind);
        Element e = found == null ? null : trees.getElement(found);
        return elementKind.isInstance(e) ? elementKind.cast(e) : null;
    }

    private TreePath find(CompilationUnitTree unit, long pos, Class<? extends Tree> kind) {
        TreePath[] out = {null};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void v) {
                if (out[0] != null || tree == null) {
                    return null;
                }
                long s = trees.getSourcePositions().getStartPosition(unit, tree);
                long e = trees.getSourcePositions().getEndPosition(unit, tree);
                if (kind.isInstance(tree) && s == pos) {
                    out[0] = new TreePath(getCurrentPath(), tree);
                    return null;
                }
                if (s != Diagnostic.NOPOS && e != Diagnostic.NOPOS && (pos < s || pos >= e)) {
                    return null; // not in this subtree
                }
                return super.scan(tree, v);
            }
        }.scan(unit, null);
        return out[0];
    }

    /**
     * The platform options for the user's source version: the running JDK's own modules when the user's
     * compilation sees them (it knows a class of the running JDK that the release lacks), else
     * {@code --release}, whose API is what the user compiles against (Maven's {@code maven.compiler.release}).
     */
    static List<String> platform(ProcessingEnvironment env) {
        int source = env.getSourceVersion().ordinal();
        int running = Runtime.version().feature();
        if (source >= running) {
            return List.of(); // the running JDK's own modules, as the user's compilation sees them
        }
        if (source < 9) {
            return List.of("-source", Integer.toString(source), "-Xlint:-options");
        }
        // a class of each later release: one the user's compilation sees means it compiles against this JDK
        String[][] sentinels = {
                {"18", "java.net.spi.InetAddressResolver"}, {"21", "java.util.SequencedCollection"},
                {"24", "java.util.stream.Gatherer"}, {"25", "java.lang.IO"}};
        Elements user = env.getElementUtils();
        for (String[] s : sentinels) {
            int v = Integer.parseInt(s[0]);
            if (v > source && v <= running && user.getTypeElement(s[1]) != null) {
                return List.of("-source", Integer.toString(source), "-Xlint:-options");
            }
        }
        return List.of("--release", Integer.toString(source));
    }

    /**
     * The task's file manager: the JDK's platform classes from the standard file manager, everything on
     * the user's class path and source path from the user's compilation. Packages are listed by the user's
     * {@code Elements} (a class of the user's compilation with a tree is a source: its own file object; one
     * without, a class file read through the user's {@code Filer}); the files being attributed are left out
     * of the listing, since the task parses them itself.
     */
    private static final class Bridge extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final ProcessingEnvironment env;
        private final Trees userTrees;
        private final Set<URI> roots = new HashSet<>();
        private final Map<String, List<JavaFileObject>> listed = new HashMap<>();
        private final Map<JavaFileObject, String> binaryNames = new IdentityHashMap<>();
        private final JavaCompiler javac;
        /** The class path's jars and directories found so far, each with a file manager that lists it. */
        private final Map<java.nio.file.Path, StandardJavaFileManager> classRoots = new LinkedHashMap<>();
        /** The class files those listed, with the manager that knows their binary names. */
        private final Map<JavaFileObject, StandardJavaFileManager> listedBy = new IdentityHashMap<>();

        Bridge(JavaCompiler javac, StandardJavaFileManager platform, ProcessingEnvironment env, Trees userTrees,
                Collection<? extends JavaFileObject> files) {
            super(platform);
            this.javac = javac;
            this.env = env;
            this.userTrees = userTrees;
            for (JavaFileObject f : files) {
                roots.add(f.toUri());
            }
        }

        @Override
        public boolean hasLocation(Location location) {
            if (location == StandardLocation.CLASS_PATH) {
                return true;
            }
            if (location == StandardLocation.SOURCE_PATH || location == StandardLocation.ANNOTATION_PROCESSOR_PATH
                    || location == StandardLocation.MODULE_PATH || location == StandardLocation.PATCH_MODULE_PATH
                    || location == StandardLocation.UPGRADE_MODULE_PATH
                    || location == StandardLocation.ANNOTATION_PROCESSOR_MODULE_PATH) {
                return false;
            }
            return super.hasLocation(location);
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                boolean recurse) throws IOException {
            if (location == StandardLocation.SOURCE_PATH || location == StandardLocation.MODULE_PATH) {
                return List.of();
            }
            if (location != StandardLocation.CLASS_PATH) {
                return super.list(location, packageName, kinds, recurse);
            }
            List<JavaFileObject> out = new ArrayList<>();
            for (JavaFileObject f : listed.computeIfAbsent(packageName, this::listUser)) {
                if (kinds.contains(f.getKind())) {
                    out.add(f);
                }
            }
            return out;
        }

        private List<JavaFileObject> listUser(String packageName) {
            Elements user = env.getElementUtils();
            PackageElement p = user.getPackageElement(packageName);
            if (p == null) {
                return List.of();
            }
            List<JavaFileObject> out = new ArrayList<>();
            Set<URI> sources = new LinkedHashSet<>();
            Set<String> present = new HashSet<>();
            // the classes the user's compilation has as sources: a class file of one (a stale build's) is not listed
            for (Element e : p.getEnclosedElements()) {
                if (e instanceof TypeElement && userTrees.getPath(e) != null) {
                    present.add(user.getBinaryName((TypeElement) e).toString());
                }
            }
            Set<String> fromSource = new HashSet<>(present);
            for (Element e : p.getEnclosedElements()) {
                if (!(e instanceof TypeElement)) {
                    continue;
                }
                TypeElement t = (TypeElement) e;
                javax.lang.model.element.ModuleElement m = user.getModuleOf(t);
                if (m != null && !m.isUnnamed()) {
                    continue; // the JDK's: the task has its own platform
                }
                String binary = user.getBinaryName(t).toString();
                String relative = packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1);
                TreePath path = userTrees.getPath(t);
                if (path != null) { // a source of the user's compilation, entered
                    JavaFileObject f = path.getCompilationUnit().getSourceFile();
                    if (!roots.contains(f.toUri()) && sources.add(f.toUri())) {
                        add(new Source(f, f.toUri()), binary, out);
                    }
                    continue;
                }
                if (present.contains(binary)) {
                    continue; // listed with its jar or directory
                }
                // not entered: a class file, or a source on the source path the user's compilation has not read
                // (completing it here would make that compilation compile it)
                FileObject c = resource(StandardLocation.CLASS_PATH, packageName, relative + ".class");
                java.nio.file.Path root = c == null ? null : root(c.toUri(), packageName, relative);
                if (root != null && listRoot(root, packageName, out, present, fromSource) && present.contains(binary)) {
                    continue; // the package's class files in that jar or directory, nested classes too
                }
                if (c != null) {
                    // elsewhere (a file manager's own objects): this class, and its nested ones by the user's
                    // compilation, which reads the class file for that
                    add(new ClassFile(c, packageName, relative), binary, out);
                    for (Element n : t.getEnclosedElements()) {
                        if (n instanceof TypeElement) {
                            addNested((TypeElement) n, packageName, out);
                        }
                    }
                    continue;
                }
                FileObject s = resource(StandardLocation.SOURCE_PATH, packageName, relative + ".java");
                if (s != null && sources.add(s.toUri())) {
                    add(new Source(s, s.toUri()), binary, out);
                }
            }
            return out;
        }

        /**
         * The jar or directory on the class path that holds a class file at {@code uri}, or null when its URI
         * does not say (an in-memory file manager's objects).
         */
        private static java.nio.file.Path root(URI uri, String pkg, String relative) {
            try {
                if ("jar".equals(uri.getScheme())) {
                    String ssp = uri.getRawSchemeSpecificPart();
                    int bang = ssp.indexOf("!/");
                    return bang < 0 ? null : java.nio.file.Path.of(URI.create(ssp.substring(0, bang)));
                }
                if ("file".equals(uri.getScheme())) {
                    java.nio.file.Path file = java.nio.file.Path.of(uri);
                    String tail = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + relative + ".class";
                    java.nio.file.Path root = file;
                    for (int i = tail.split("/").length; i > 0 && root != null; i--) {
                        root = root.getParent();
                    }
                    return root != null && root.resolve(tail).equals(file) ? root : null;
                }
            } catch (RuntimeException e) {
                return null; // a URI this does not understand: list class by class
            }
            return null;
        }

        /** Adds the class files of {@code pkg} in {@code root} (once per package and root); false if it cannot. */
        private boolean listRoot(java.nio.file.Path root, String pkg, List<JavaFileObject> out, Set<String> present,
                Set<String> fromSource) {
            StandardJavaFileManager m = classRoots.get(root);
            try {
                if (m == null) {
                    m = javac.getStandardFileManager(null, null, null);
                    m.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(root));
                    classRoots.put(root, m);
                }
                for (JavaFileObject f : m.list(StandardLocation.CLASS_PATH, pkg, Set.of(JavaFileObject.Kind.CLASS), false)) {
                    String binary = m.inferBinaryName(StandardLocation.CLASS_PATH, f);
                    if (binary != null && !nestedIn(binary, fromSource) && present.add(binary)) {
                        listedBy.put(f, m);
                        out.add(f);
                    }
                }
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /** Whether {@code binary} is a class nested in one of {@code tops} (by its {@code $}-separated name). */
        private static boolean nestedIn(String binary, Set<String> tops) {
            for (int i = binary.indexOf('$'); i > 0; i = binary.indexOf('$', i + 1)) {
                if (tops.contains(binary.substring(0, i))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            for (StandardJavaFileManager m : classRoots.values()) {
                m.close();
            }
            super.close();
        }

        private void add(JavaFileObject f, String binary, List<JavaFileObject> out) {
            binaryNames.put(f, binary);
            out.add(f);
        }

        private void addNested(TypeElement t, String packageName, List<JavaFileObject> out) {
            String binary = env.getElementUtils().getBinaryName(t).toString();
            String relative = packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1);
            FileObject c = resource(StandardLocation.CLASS_PATH, packageName, relative + ".class");
            if (c != null) {
                add(new ClassFile(c, packageName, relative), binary, out);
            }
            for (Element e : t.getEnclosedElements()) {
                if (e instanceof TypeElement) {
                    addNested((TypeElement) e, packageName, out);
                }
            }
        }

        private FileObject resource(Location location, String pkg, String relative) {
            try {
                return env.getFiler().getResource(location, pkg, relative);
            } catch (IOException | IllegalArgumentException e) {
                return null; // not there (FileNotFoundException), or a location the compilation lacks
            }
        }

        @Override
        public String inferBinaryName(Location location, JavaFileObject file) {
            StandardJavaFileManager m = listedBy.get(file);
            if (m != null) {
                return m.inferBinaryName(StandardLocation.CLASS_PATH, file);
            }
            String b = binaryNames.get(file);
            return b != null ? b : super.inferBinaryName(location, file);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            if (a instanceof Bridged || b instanceof Bridged || listedBy.containsKey(a) || listedBy.containsKey(b)) {
                return a.toUri().equals(b.toUri());
            }
            return super.isSameFile(a, b);
        }

        @Override
        public boolean contains(Location location, FileObject fo) throws IOException {
            if (fo instanceof Bridged || listedBy.containsKey(fo)) {
                return location == StandardLocation.CLASS_PATH;
            }
            return super.contains(location, fo);
        }
    }

    /** A file object the bridge made. */
    private interface Bridged {
    }

    /** A source of the user's compilation, read through its own file object (or its {@code Filer}'s). */
    private static final class Source extends SimpleJavaFileObject implements Bridged {
        private final FileObject file;

        Source(FileObject file, URI uri) {
            super(uri, Kind.SOURCE);
            this.file = file;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) throws IOException {
            return file.getCharContent(ignoreEncodingErrors);
        }

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return file instanceof JavaFileObject ? ((JavaFileObject) file).isNameCompatible(simpleName, kind)
                    : super.isNameCompatible(simpleName, kind);
        }

        @Override
        public long getLastModified() {
            return file.getLastModified();
        }
    }

    /** A class file of the user's class path, read through the user's {@code Filer}. */
    private static final class ClassFile extends SimpleJavaFileObject implements Bridged {
        private final FileObject file;
        private final String relative;

        ClassFile(FileObject file, String pkg, String relative) {
            super(URI.create("corio-classpath:/" + (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + relative
                    + ".class"), Kind.CLASS);
            this.file = file;
            this.relative = relative;
        }

        @Override
        public InputStream openInputStream() throws IOException {
            return file.openInputStream();
        }

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return kind == Kind.CLASS && relative.equals(simpleName);
        }
    }
}
