package dev.corio.processor;

import com.google.auto.common.BasicAnnotationProcessor;
import com.google.common.collect.ImmutableSetMultimap;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.corio.processor.analyse.Attribution;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.analyse.Checks;
import dev.corio.processor.diagnostics.Rejection;
import dev.corio.processor.diagnostics.Reporter;
import dev.corio.processor.diagnostics.Tag;
import dev.corio.processor.emit.ClassEmitter;
import dev.corio.processor.emit.MachineEmitter;
import dev.corio.processor.hoist.Denotable;
import dev.corio.processor.hoist.Frame;
import dev.corio.processor.hoist.HiddenVariables;
import dev.corio.processor.hoist.NameAllocator;
import dev.corio.processor.hoist.Var;
import dev.corio.processor.lower.Graph;
import dev.corio.processor.lower.Liveness;
import dev.corio.processor.lower.Lowerer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Processes the classes that hold {@code @Async} methods, one generated file per class. A class whose
 * bodies mention types that do not exist yet (perhaps generated later in this build) waits for a later
 * round; see {@link #retryDeferred}. A class whose file names a {@code Corio_} class that does not exist
 * yet is not attributed in that round at all (see {@link #missing}); when the file needs its own generated
 * class, {@code Corio_Foo} is written first and the state machines, as top-level classes, a round later.
 */
final class AsyncStep implements BasicAnnotationProcessor.Step {
    private final ProcessingEnvironment env;
    private final Trees trees;
    private final Reporter reporter;
    private final Checks checks;
    private final Denotable denotable;
    /** The warning on a resume past HotSpot's huge-method limit; null where javac has no task to listen to. */
    private final HugeResume huge;
    private final Set<String> done = new HashSet<>();
    private final Set<String> deferred = new LinkedHashSet<>();
    /** Classes whose {@code Corio_Foo} was written before their bodies could be attributed (see {@link #missing}). */
    private final Set<String> shells = new HashSet<>();
    /** The classes with {@code @Async} methods this processor was given (root elements of the compilation). */
    private final Set<String> seen = new HashSet<>();
    /** Simple names of the classes written so far: they exist from the next round on. */
    private final Set<String> written = new HashSet<>();

    private enum Outcome { DONE, DEFER }

    /** The method being attributed or transformed, for the error if javac or the processor fails on it. */
    private ExecutableElement working;

    /** The processor's own attribution of the files of the classes processed now (see {@link Attribution}). */
    private Attribution attribution;
    /** The processor's attributions so far, and the nanoseconds they took (-Acorio.timing prints them). */
    private int attributions;
    private long attributionNanos;

    AsyncStep(ProcessingEnvironment env) {
        this.env = env;
        this.trees = JavacEnvironment.trees(env);
        this.reporter = new Reporter(env.getMessager(), trees);
        this.checks = new Checks(reporter, trees);
        this.denotable = new Denotable(env.getTypeUtils());
        this.huge = HugeResume.register(env, reporter);
    }

    @Override
    public Set<String> annotations() {
        return Set.of(Names.ASYNC);
    }

    @Override
    public Set<? extends Element> process(ImmutableSetMultimap<String, Element> elementsByAnnotation) {
        Map<String, TypeElement> classes = new LinkedHashMap<>();
        for (Element e : elementsByAnnotation.get(Names.ASYNC)) {
            if (e instanceof ExecutableElement && e.getEnclosingElement() instanceof TypeElement) {
                TypeElement t = (TypeElement) e.getEnclosingElement();
                classes.put(t.getQualifiedName().toString(), t);
            }
        }
        seen.addAll(classes.keySet());
        List<TypeElement> waiting = new ArrayList<>();
        List<TypeElement> now = new ArrayList<>();
        for (Map.Entry<String, TypeElement> c : classes.entrySet()) {
            if (done.contains(c.getKey()) || deferred.contains(c.getKey())) {
                continue;
            }
            if (!missing(c.getValue()).isEmpty()) {
                waiting.add(c.getValue());
            } else {
                now.add(c.getValue());
            }
        }
        now = basesFirst(now);
        attribute(now);
        try {
            for (TypeElement t : now) {
                String name = t.getQualifiedName().toString();
                if (safely(t, false, false) == Outcome.DEFER) {
                    deferred.add(name);
                } else {
                    done.add(name);
                }
            }
        } finally {
            closeAttribution();
        }
        // A file that names a Corio_ class not generated yet must not be attributed in this round (see
        // missing). If every such name is written by now it exists next round: wait. Otherwise (the file
        // names its own generated class, or two files name each other's) write Corio_Foo now, from the
        // declarations alone, with its state machines in top-level classes written once the bodies can be
        // attributed.
        for (TypeElement t : waiting) {
            String name = t.getQualifiedName().toString();
            if (written.containsAll(missing(t))) {
                deferred.add(name);
            } else if (shell(t)) {
                shells.add(name);
                deferred.add(name);
            } else {
                done.add(name); // its declarations have errors, reported
            }
        }
        return Set.of();
    }

    /**
     * The names of generated classes ({@code Corio_X}) that the file of {@code type} (or of a source
     * superclass, which javac attributes with it) mentions and that do not exist yet. The processor learns
     * types by having javac attribute the class, and javac attributes the whole file then: a `var` or a
     * lambda parameter typed from a missing class keeps an error type into the next round, where javac
     * crashes (NullPointerException in Flow, ClassCastException in TransTypes). So such a file waits.
     */
    private Set<String> missing(TypeElement type) {
        Set<String> out = new LinkedHashSet<>();
        Set<com.sun.source.tree.CompilationUnitTree> units = new LinkedHashSet<>();
        for (TypeElement t = type; t != null; ) {
            com.sun.source.util.TreePath p = trees.getPath(t);
            if (p == null) {
                break;
            }
            units.add(p.getCompilationUnit());
            TypeMirror sup = t.getSuperclass();
            t = sup.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) sup).asElement() : null;
        }
        for (com.sun.source.tree.CompilationUnitTree unit : units) {
            String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
            new com.sun.source.util.TreeScanner<Void, Void>() {
                @Override
                public Void visitIdentifier(com.sun.source.tree.IdentifierTree node, Void p) {
                    check(node.getName().toString());
                    return null;
                }

                @Override
                public Void visitMemberSelect(com.sun.source.tree.MemberSelectTree node, Void p) {
                    // a qualified name (q.Corio_X) that resolves as written exists; only a Corio_ name is looked
                    // up (a lookup of every member select, `xs.forEach`, searched every module's packages)
                    String n = node.getIdentifier().toString();
                    if (generatedName(n) && env.getElementUtils().getTypeElement(node.toString()) == null) {
                        check(n);
                    }
                    return super.visitMemberSelect(node, p);
                }

                @Override
                public Void visitImport(com.sun.source.tree.ImportTree node, Void p) {
                    return null; // an import of a missing class is reported by javac without attribution
                }

                private void check(String n) {
                    if (generatedName(n) && !exists(unit, pkg, n)) {
                        out.add(n);
                    }
                }
            }.scan(unit, null);
        }
        return out;
    }

    /** Whether {@code n} is spelled as a generated class is ({@code Corio_X}). */
    private static boolean generatedName(String n) {
        return n.startsWith("Corio_") && n.length() > 6 && Character.isUpperCase(n.charAt(6));
    }

    private boolean exists(com.sun.source.tree.CompilationUnitTree unit, String pkg, String simple) {
        javax.lang.model.util.Elements el = env.getElementUtils();
        if (el.getTypeElement(pkg.isEmpty() ? simple : pkg + "." + simple) != null) {
            return true;
        }
        for (com.sun.source.tree.ImportTree i : unit.getImports()) {
            String q = i.getQualifiedIdentifier().toString();
            if (q.endsWith("." + simple) && el.getTypeElement(q) != null
                    || q.endsWith(".*") && el.getTypeElement(q.substring(0, q.length() - 1) + simple) != null) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code Corio_Foo} without its state machines; false if the declarations have errors. */
    private boolean shell(TypeElement type) {
        ClassName generated = Names.generated(type);
        List<ExecutableElement> methods = asyncMethods(type);
        Inherited inherited = inherited(type, generated.simpleName());
        boolean hasInstance = methods.stream().anyMatch(m -> !m.getModifiers().contains(Modifier.STATIC))
                || inherited != null && !inherited.isEmpty();
        if (!checks.checkClass(type, hasInstance, generated.simpleName())) {
            return false;
        }
        boolean ok = true;
        for (ExecutableElement m : methods) {
            ok &= checks.checkMethod(m, generated.simpleName());
        }
        if (!ok || inherited == null) {
            return false;
        }
        List<ClassEmitter.Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        type.getEnclosedElements().forEach(e -> names.add(e.getSimpleName().toString()));
        for (ExecutableElement m : methods) {
            entries.add(new ClassEmitter.Entry(m, generated.simpleName() + "$" + machineName(m, names), null));
        }
        entries.addAll(inherited.reused);
        write(generated.packageName(), ClassEmitter.emit(type, generated, entries, env.getElementUtils()), type);
        return true;
    }

    private void write(String pkg, TypeSpec spec, TypeElement type) {
        try {
            // rendered, then its line maps filled in (LineMap: no line moves), then written as JavaFile.writeTo would
            String text = dev.corio.processor.emit.LineMap.apply(
                    JavaFile.builder(pkg, spec).skipJavaLangImports(true).indent("    ").build().toString());
            javax.tools.JavaFileObject file = env.getFiler().createSourceFile(pkg.isEmpty() ? spec.name() : pkg + "." + spec.name(),
                    spec.originatingElements().toArray(new Element[0]));
            try (java.io.Writer w = file.openWriter()) {
                w.write(text);
            } catch (IOException | RuntimeException e) {
                file.delete();
                throw e;
            }
            written.add(spec.name());
        } catch (IOException e) {
            reporter.report(type, Tag.IO, "cannot write " + pkg + "." + spec.name() + ": " + e);
        }
    }

    /**
     * The instance {@code @Async} methods a class inherits and does not override, which {@code Corio_Foo}
     * overrides too, or they would run untransformed on it: each runs on the state machine of the declaring
     * class's {@code Corio_Base}, through its machine factory ({@link ClassEmitter#factoryName}), so the base's
     * body is never transformed again for a subclass. So {@code Corio_Sub} depends on the signatures of the
     * base alone, not on its bodies or its source: a base compiled already (class files: a library, Maven's
     * {@code useIncrementalCompilation=false}, Gradle's incremental compilation) works as one in the same
     * compilation, and a change to a base's body cannot leave a stale copy in {@code Corio_Sub} under an
     * incremental build that recompiles only the changed file (docs/processor.md, "Gradle").
     */
    private static final class Inherited {
        final List<ClassEmitter.Entry> reused = new ArrayList<>();
        /** A base with source here whose {@code Corio_Base} is not written yet: the subclass waits for it. */
        boolean pending;

        boolean isEmpty() {
            return reused.isEmpty();
        }
    }

    /**
     * The {@code @Async} methods {@code type} inherits (see {@link Inherited}). Null when one cannot be run;
     * then an error says why and how to fix it (unless {@code gen} is null: already reported, or the base's
     * own error says it).
     */
    private Inherited inherited(TypeElement type, String gen) {
        Inherited out = new Inherited();
        javax.lang.model.util.Elements el = env.getElementUtils();
        List<? extends Element> members = el.getAllMembers(type);
        String pkg = el.getPackageOf(type).getQualifiedName().toString();
        boolean ok = true;
        for (TypeMirror sup = type.getSuperclass(); sup.getKind() == TypeKind.DECLARED; ) {
            TypeElement s = (TypeElement) ((DeclaredType) sup).asElement();
            for (ExecutableElement m : asyncMethods(s)) {
                boolean samePackage = el.getPackageOf(s).getQualifiedName().contentEquals(pkg);
                if (!samePackage && packagePrivate(m) && !m.getModifiers().contains(Modifier.STATIC)
                        && !m.getModifiers().contains(Modifier.ABSTRACT)) {
                    // Java does not inherit it into another package, and Corio_Sub (in that package) cannot
                    // override it: a call of it on a Corio_Sub, from the base's package, runs the untransformed body
                    if (gen != null) {
                        reporter.report(type, Tag.INHERITED, type.getSimpleName() + " extends " + s.getQualifiedName()
                                + ", whose @Async method " + m.getSimpleName() + "() is package-private: a class of"
                                + " another package neither inherits nor overrides it, so " + gen + " cannot run it as a"
                                + " coroutine, and a call of it on a " + gen + " (from package " + el.getPackageOf(s)
                                + ") would run the untransformed body, which throws. Make " + m.getSimpleName()
                                + "() protected or public in " + s.getSimpleName() + ", or declare " + type.getSimpleName()
                                + " in package " + el.getPackageOf(s) + ".");
                    }
                    ok = false;
                    continue;
                }
                if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE)
                        || m.getModifiers().contains(Modifier.ABSTRACT) || !members.contains(m)) {
                    continue; // static, not inherited, without a body (reported on its class), or overridden
                }
                if (el.getTypeElement(Names.generated(s).canonicalName()) == null && seen.contains(s.getQualifiedName().toString())) {
                    // the base is processed in this build: wait until its Corio_Base is written
                    if (!done.contains(s.getQualifiedName().toString())) {
                        out.pending = true;
                    } else if (!written.contains(Names.generated(s).simpleName())) {
                        ok = false; // the base has errors, reported on it
                        continue;
                    }
                }
                String why = unreusable(type, s, m, samePackage);
                if (why == null) {
                    out.reused.add(ClassEmitter.Entry.reused(m,
                            (javax.lang.model.type.ExecutableType) env.getTypeUtils().asMemberOf((DeclaredType) type.asType(), m),
                            Names.generated(s), arguments(type, s), type));
                } else if (gen != null) {
                    reporter.report(type, Tag.INHERITED, type.getSimpleName()
                            + " inherits @Async method " + m.getSimpleName() + "() from " + s.getQualifiedName()
                            + ", " + why);
                    ok = false;
                } else {
                    ok = false;
                }
            }
            sup = s.getSuperclass();
        }
        return ok ? out : null;
    }

    private static boolean packagePrivate(Element e) {
        Set<Modifier> mods = e.getModifiers();
        return !mods.contains(Modifier.PUBLIC) && !mods.contains(Modifier.PROTECTED) && !mods.contains(Modifier.PRIVATE);
    }

    /**
     * Why {@code Corio_Sub} cannot run {@code m} on the machine of {@code s}'s generated class (the end of
     * the error: what is wrong and how to fix it), or null when it can: that class exists with the machine
     * factory (from class files, or written in an earlier round), or will be written in this build ({@code s}
     * has source here, so the processor processes it).
     */
    private String unreusable(TypeElement type, TypeElement s, ExecutableElement m, boolean samePackage) {
        ClassName g = Names.generated(s);
        String fix = ", or override it in " + type.getSimpleName() + " with an @Async method.";
        if (!samePackage && !s.getModifiers().contains(Modifier.PUBLIC)) {
            return "whose generated " + g.simpleName() + " is not public (" + s.getSimpleName() + " is not), so a"
                    + " class of another package cannot reach its state machine. Make " + s.getSimpleName()
                    + " public" + fix;
        }
        TypeElement found = env.getElementUtils().getTypeElement(g.canonicalName());
        if (found == null) {
            if (seen.contains(s.getQualifiedName().toString())) {
                return null; // processed in this build: Corio_Base is written before the subclass's (pending)
            }
            if (trees.getPath(m) != null) {
                return "whose source this compilation reads from its source path only (javac runs no processor on"
                        + " such files, so there is no " + g.canonicalName() + "), so " + Names.generated(type).simpleName()
                        + " cannot run it as a coroutine. Compile " + s.getSimpleName() + " in the same compilation, or"
                        + " before it with Corio's processor" + fix;
            }
            return "which was compiled without Corio's processor (there is no " + g.canonicalName() + " to run it),"
                    + " so " + Names.generated(type).simpleName() + " cannot run it as a coroutine. Compile " + s.getSimpleName()
                            + " with Corio's processor on its processor path (its build then ships " + g.simpleName()
                            + ")" + fix;
        }
        javax.lang.model.util.Types types = env.getTypeUtils();
        for (ExecutableElement f : ElementFilter.methodsIn(found.getEnclosedElements())) {
            if (f.getSimpleName().contentEquals(ClassEmitter.factoryName(m)) && f.getModifiers().contains(Modifier.STATIC)
                    && f.getParameters().size() == m.getParameters().size() + 1
                    && types.isSameType(types.erasure(f.getParameters().get(0).asType()), types.erasure(s.asType()))) {
                boolean same = true;
                for (int i = 0; i < m.getParameters().size(); i++) {
                    same &= types.isSameType(types.erasure(f.getParameters().get(i + 1).asType()),
                            types.erasure(m.getParameters().get(i).asType()));
                }
                if (same) {
                    return null;
                }
            }
        }
        return "whose generated " + g.simpleName() + " has no machine factory " + ClassEmitter.factoryName(m)
                + "(" + s.getSimpleName() + ", ...) to run it (it was generated by an older version of Corio's"
                + " processor), so " + Names.generated(type).simpleName() + " cannot run it as a coroutine. Recompile " + s.getSimpleName()
                + " with this version of Corio's processor" + fix;
    }

    /** The type arguments of {@code s} as {@code type} extends it ({@code Sub extends Box<String>}: String); none if raw. */
    private List<TypeName> arguments(TypeElement type, TypeElement s) {
        TypeMirror t = type.asType();
        while (t.getKind() == TypeKind.DECLARED && !((DeclaredType) t).asElement().equals(s)) {
            List<? extends TypeMirror> supers = env.getTypeUtils().directSupertypes(t);
            if (supers.isEmpty()) {
                return List.of();
            }
            t = supers.get(0); // a class's superclass comes first
        }
        List<TypeName> out = new ArrayList<>();
        if (t.getKind() == TypeKind.DECLARED) {
            ((DeclaredType) t).getTypeArguments().forEach(a -> out.add(TypeName.get(a)));
        }
        return out;
    }

    /**
     * {@code types}, superclasses before subclasses (by the length of their superclass chains; otherwise in
     * their order): a subclass's generated class calls its bases' machine factories, so a base of this build
     * is written first (see {@link Inherited#pending}).
     */
    private static List<TypeElement> basesFirst(List<TypeElement> types) {
        List<TypeElement> out = new ArrayList<>(types);
        Map<TypeElement, Integer> depth = new java.util.HashMap<>();
        for (TypeElement t : out) {
            int d = 0;
            for (TypeMirror sup = t.getSuperclass(); sup.getKind() == TypeKind.DECLARED;
                    sup = ((TypeElement) ((DeclaredType) sup).asElement()).getSuperclass()) {
                d++;
            }
            depth.put(t, d);
        }
        out.sort(java.util.Comparator.comparing(depth::get)); // stable
        return out;
    }

    private static List<ExecutableElement> asyncMethods(TypeElement type) {
        List<ExecutableElement> methods = new ArrayList<>();
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (Names.isAsync(m)) {
                methods.add(m);
            }
        }
        return methods;
    }

    private final Set<com.sun.source.tree.CompilationUnitTree> scanned = new HashSet<>();

    /** Reports {@code @Async} methods of local and anonymous classes in the files of {@code roots}. */
    void checkLocalAsync(Set<? extends Element> roots) {
        for (Element e : roots) {
            com.sun.source.util.TreePath p = e instanceof TypeElement ? trees.getPath(e) : null;
            if (p != null && scanned.add(p.getCompilationUnit())) {
                try {
                    checks.checkLocalAsync(p.getCompilationUnit());
                } catch (RuntimeException | AssertionError x) { // never crash javac
                    reporter.report(e, Failure.tag(x), Failure.message(x, "the file of " + ((TypeElement) e).getQualifiedName()));
                }
            }
        }
    }

    /**
     * Has the processor's own javac task attribute the files of {@code batch} (and of their superclasses with
     * source, whose inherited {@code @Async} bodies are transformed with them), so that the user's trees are
     * never attributed by the processor. A failure here leaves {@link #attribution} null, and the classes are
     * attributed in place.
     */
    private void attribute(List<TypeElement> batch) {
        closeAttribution();
        Map<java.net.URI, javax.tools.JavaFileObject> files = new LinkedHashMap<>();
        for (TypeElement type : batch) {
            javax.lang.model.element.ModuleElement module = env.getElementUtils().getModuleOf(type);
            if (module != null && !module.isUnnamed()) {
                continue; // a named module's graph is not bridged (Attribution): in place
            }
            for (TypeElement t = type; t != null; ) {
                com.sun.source.util.TreePath p = trees.getPath(t);
                if (p == null) {
                    break;
                }
                javax.tools.JavaFileObject f = p.getCompilationUnit().getSourceFile();
                files.putIfAbsent(f.toUri(), f);
                TypeMirror sup = t.getSuperclass();
                t = sup.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) sup).asElement() : null;
            }
        }
        if (files.isEmpty()) {
            return;
        }
        try {
            attribution = Attribution.of(JavacEnvironment.javac(env), trees, files.values());
        } catch (RuntimeException | AssertionError e) {
            attribution = null; // the processor's task failed: attribute in place, as javac will report
        }
        if (attribution != null) {
            attributions++;
            attributionNanos += attribution.nanos;
            if (env.getOptions().containsKey("corio.timing")) {
                env.getMessager().printMessage(Diagnostic.Kind.NOTE, "Corio timing: attribution " + attributions + ": "
                        + files.size() + " files, " + attribution.nanos / 1_000_000 + " ms (" + attribution.phases + "; "
                        + attribution.errors.size() + " errors in the task; "
                        + attributionNanos / 1_000_000 + " ms so far)");
            }
        }
    }

    private void closeAttribution() {
        if (attribution != null) {
            attribution.close();
            attribution = null;
        }
    }

    /** Retries classes waiting for types; in the last round, reports what still cannot be typed. */
    void retryDeferred(boolean last) {
        List<TypeElement> batch = new ArrayList<>();
        for (String name : deferred) {
            TypeElement t = env.getElementUtils().getTypeElement(name);
            if (t != null && missing(t).isEmpty()) {
                batch.add(t);
            }
        }
        attribute(batch);
        try {
            retryEach(last);
        } finally {
            closeAttribution();
        }
    }

    private void retryEach(boolean last) {
        List<TypeElement> retry = new ArrayList<>();
        for (String name : new ArrayList<>(deferred)) {
            TypeElement t = env.getElementUtils().getTypeElement(name);
            if (t == null) {
                deferred.remove(name);
            } else {
                retry.add(t);
            }
        }
        for (TypeElement t : basesFirst(retry)) {
            String name = t.getQualifiedName().toString();
            Set<String> missing = missing(t);
            if (!missing.isEmpty()) {
                if (last) {
                    // never generated: attributing would crash javac, so stop the build with a clear error
                    reporter.report(t, Tag.UNKNOWN_TYPE, "this file uses "
                            + String.join(", ", missing) + ", which this build does not generate (no class"
                            + " with @Async methods of that name), so the processor cannot attribute " + name
                            + " safely. Fix the name.");
                    deferred.remove(name);
                    done.add(name);
                }
                continue;
            }
            if (safely(t, last, shells.contains(name)) == Outcome.DONE) {
                deferred.remove(name);
                done.add(name);
            }
        }
    }

    /**
     * The processor must never crash javac: a failure becomes an error on the method being processed (or
     * the class), saying whether javac's own code failed (see {@link Failure}).
     */
    private Outcome safely(TypeElement type, boolean last, boolean shell) {
        working = null;
        try {
            return processClass(type, last, shell);
        } catch (RuntimeException | AssertionError | StackOverflowError e) { // never crash javac
            Element on = working != null ? working : type;
            String what = working != null ? "method " + working.getSimpleName() + "() of " + type.getQualifiedName()
                    : "class " + type.getQualifiedName();
            reporter.report(on, Failure.tag(e), Failure.message(e, what));
            return Outcome.DONE;
        }
    }

    /** {@code shell}: {@code Corio_Foo} exists already; write each state machine as a top-level class. */
    private Outcome processClass(TypeElement type, boolean last, boolean shell) {
        ClassName generated = Names.generated(type);
        String gen = generated.simpleName();
        List<ExecutableElement> own = asyncMethods(type);
        Inherited inherited = shell ? inherited(type, null) : inherited(type, gen); // shell: reported
        boolean hasInstance = own.stream().anyMatch(m -> !m.getModifiers().contains(Modifier.STATIC))
                || inherited != null && !inherited.isEmpty();
        if (!checks.checkClass(type, hasInstance, gen)) {
            return Outcome.DONE;
        }
        boolean ok = true;
        for (ExecutableElement m : own) {
            ok &= checks.checkMethod(m, gen);
        }
        if (!ok || inherited == null) {
            return Outcome.DONE;
        }
        if (inherited.pending) {
            // a base of this build whose Corio_Base is not written yet (deferred): wait for it (bases are
            // processed before their subclasses, basesFirst, so in the last round it is not coming)
            if (!last) {
                return Outcome.DEFER;
            }
            reporter.report(type, Tag.INHERITED, type.getSimpleName() + " inherits @Async methods from a superclass"
                    + " whose generated class this build did not write (see the errors on the superclass), so "
                    + gen + " cannot run them as coroutines. Fix the superclass.");
            return Outcome.DONE;
        }
        List<ExecutableElement> methods = new ArrayList<>(own);
        List<Body> bodies = attributed(type, methods);
        if (bodies != null && bodies.stream().anyMatch(b -> erroneous(b) != null)) {
            // a type the processor's task cannot determine: perhaps one generated later in the build. Wait;
            // in the last round, attribute in place, as javac will, so that its own errors are reported.
            if (!last) {
                return Outcome.DEFER;
            }
            bodies = null;
        }
        boolean inPlace = bodies == null;
        if (inPlace) {
            bodies = new ArrayList<>();
            if (env.getOptions().containsKey("corio.timing")) {
                env.getMessager().printMessage(Diagnostic.Kind.NOTE, "Corio timing: " + type.getQualifiedName()
                        + " attributed in place (" + (attribution == null ? "no task of the processor's own" : "a body"
                        + " with a type that task could not determine") + ")");
            }
        }
        for (ExecutableElement m : inPlace ? methods : List.<ExecutableElement>of()) {
            working = m;
            Body b = new Body(trees, env.getElementUtils(), env.getTypeUtils(), m);
            Tree bad = erroneous(b);
            if (bad != null) {
                if (!last) {
                    return Outcome.DEFER;
                }
                // javac reports the missing type itself; a `var` of an unknown type would crash it later.
                if (bad instanceof VariableTree && isVar(b, (VariableTree) bad)) {
                    reporter.report(bad, b.userUnit, Tag.UNKNOWN_TYPE, "the type of `var "
                            + ((VariableTree) bad).getName() + "` is unknown, so the state machine cannot store it."
                            + " Fix the initializer, or declare the variable's type (javac cannot infer a `var` from a"
                            + " type generated in the same build).");
                }
                return Outcome.DONE;
            }
            bodies.add(b);
        }
        for (Body b : bodies) {
            working = b.declared;
            if (own.contains(b.declared)) { // inherited bodies are checked with their own class
                ok &= checks.checkBody(b, gen);
            }
        }
        if (inPlace) {
            checks.checkAwaitOutsideAsync(trees, type, own, null);
            // only the user's trees attributed in place keep javac's edit of lambda parameters (Checks)
            ok &= checks.checkCapturedLambdaParameters(type);
        } else {
            List<ExecutableElement> attributedOwn = new ArrayList<>();
            for (Body b : bodies) {
                if (own.contains(b.declared)) {
                    attributedOwn.add(b.element);
                }
            }
            checks.checkAwaitOutsideAsync(attribution.trees, attribution.type(trees, type), attributedOwn,
                    trees.getPath(type).getCompilationUnit());
        }
        if (!ok) {
            return Outcome.DONE;
        }
        List<ClassEmitter.Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        type.getEnclosedElements().forEach(e -> names.add(e.getSimpleName().toString()));
        for (Body b : bodies) {
            working = b.declared;
            String machine = (shell ? gen + "$" : "") + machineName(b.declared, names);
            try {
                entries.add(new ClassEmitter.Entry(b.declared, machine, machine(b, machine, shell, type, generated)));
                if (huge != null) { // nested in Corio_Foo, or (shell) top-level Corio_Foo$M: the same binary name
                    String pkg = generated.packageName();
                    huge.expect((pkg.isEmpty() ? "" : pkg + ".") + (shell ? machine : gen + "$" + machine), type, b.declared);
                }
            } catch (Rejection r) { // a construct the lowering cannot transform, or a type it cannot name
                reporter.report(r, b.userUnit, b.declared);
                ok = false;
            }
        }
        working = null;
        if (!ok) {
            return Outcome.DONE;
        }
        entries.addAll(inherited.reused);
        if (shell) {
            for (ClassEmitter.Entry e : entries) {
                if (e.spec == null) {
                    continue; // an inherited method on its declaring class's machine: nothing to write
                }
                write(generated.packageName(), e.spec.toBuilder().addOriginatingElement(type).build(), type);
            }
            return Outcome.DONE;
        }
        write(generated.packageName(), ClassEmitter.emit(type, generated, entries, env.getElementUtils()), type);
        return Outcome.DONE;
    }

    private static String machineName(ExecutableElement m, Set<String> taken) {
        String n = m.getSimpleName().toString();
        String base = Character.toUpperCase(n.charAt(0)) + n.substring(1);
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + i;
        }
        return name;
    }

    /**
     * The bodies of {@code methods} in the processor's own attribution, or null when it does not have them
     * cleanly (then they are attributed in place).
     */
    private List<Body> attributed(TypeElement type, List<ExecutableElement> methods) {
        if (attribution == null) {
            return null;
        }
        List<Body> out = new ArrayList<>();
        for (ExecutableElement m : methods) {
            com.sun.source.util.TreePath p = trees.getPath(m);
            if (p == null || attribution.unit(p.getCompilationUnit().getSourceFile()) == null) {
                return null;
            }
            ExecutableElement a = attribution.method(trees, m);
            if (a == null) {
                return null;
            }
            working = m;
            out.add(new Body(attribution.trees, attribution.elements, attribution.types, a, m, p.getCompilationUnit()));
        }
        if (attribution.type(trees, type) == null) {
            return null;
        }
        return out;
    }

    private TypeSpec machine(Body b, String name, boolean topLevel, TypeElement type, ClassName generated) {
        // a class type variable the method hides is renamed in the machine (S -> S$2), which declares both
        Map<String, String> hidden = HiddenVariables.of(type, b.element, new NameAllocator(b.method));
        Denotable denotable = (b.types() == env.getTypeUtils() ? this.denotable : new Denotable(b.types()))
                .renaming(type, hidden);
        TypeMirror ret = ((DeclaredType) b.element.getReturnType()).getTypeArguments().get(0);
        if (ret instanceof WildcardType) {
            WildcardType w = (WildcardType) ret;
            ret = w.getExtendsBound() != null ? w.getExtendsBound() : b.elements().getTypeElement("java.lang.Object").asType();
        }
        TypeName resultType = denotable.of(ret);
        boolean isStatic = b.element.getModifiers().contains(Modifier.STATIC);
        List<TypeVariableName> vars = new ArrayList<>();
        if (!isStatic) {
            vars.addAll(denotable.declarations(type.getTypeParameters()));
        }
        vars.addAll(ClassEmitter.typeVariables(b.element.getTypeParameters()));
        // $self is a Foo, not a Corio_Foo: a Corio_Sub whose Sub inherits the method from Foo compiled elsewhere
        // runs this machine on itself (ClassEmitter's machine factory), so the machine must not assume more.
        TypeName self = isStatic ? null : ClassEmitter.selfType(type, ClassName.get(type), hidden);

        // Pass 1: every local declared in flattened code is a field; see which never leave their state.
        Frame all = new Frame(b, denotable, null);
        // and so protected members Foo inherits from another package are reached through accessors, not through
        // $self (only a Corio_Foo-typed receiver would have had the access of a subclass)
        boolean inSubclass = false;
        all.access().machineInSubclass(inSubclass);
        Graph first = new Lowerer(b, all, denotable, b.elements(), resultType).lower();
        Map<Var, Set<Integer>> states = Liveness.statesOf(first);
        Set<VariableElement> keep = new HashSet<>();
        for (Var v : all.vars().values()) {
            if (!v.param && v.element != null && states.getOrDefault(v, Set.of()).size() <= 1) {
                keep.add(v.element);
            }
        }
        // Pass 2: the same lowering with those kept as Java locals.
        Frame frame = new Frame(b, denotable, keep);
        frame.access().machineInSubclass(inSubclass);
        Lowerer lowerer = new Lowerer(b, frame, denotable, b.elements(), resultType);
        lowerer.lower();
        return MachineEmitter.emit(name, topLevel, b, lowerer.layout(), frame.access(), resultType, vars, self);
    }

    private static boolean isVar(Body b, VariableTree v) {
        Tree t = v.getType();
        return t == null || b.start(t) < 0 || b.end(t) < 0 || b.text(t).equals("var");
    }

    /** The first tree of the body whose type javac could not determine, or null. */
    private static Tree erroneous(Body b) {
        Tree[] found = {null};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void p) {
                if (found[0] != null || tree == null) {
                    return null;
                }
                if (tree instanceof ExpressionTree || tree instanceof VariableTree) {
                    TypeMirror t = b.trees.getTypeMirror(new com.sun.source.util.TreePath(getCurrentPath(), tree));
                    if (t != null && t.getKind() == TypeKind.ERROR) {
                        found[0] = tree;
                        return null;
                    }
                }
                return super.scan(tree, p);
            }
        }.scan(b.path(b.method.getBody()), null);
        return found[0];
    }
}
