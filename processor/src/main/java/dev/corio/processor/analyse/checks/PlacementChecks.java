package dev.corio.processor.analyse.checks;

import dev.corio.processor.Names;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.diagnostics.Reporter;
import dev.corio.processor.diagnostics.Tag;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Where {@code @Async} and the markers may stand in a file: {@code @Async} on a method of a local or
 * anonymous class, and {@code await}/{@code emit}/{@code awaitEach} outside any {@code @Async} body.
 */
public final class PlacementChecks {
    private final Reporter reporter;

    public PlacementChecks(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * {@code @Async} on a method of a local or anonymous class: annotation processing reaches only member
     * declarations, so such a method would be left as written and throw at run time. Found in the source
     * (without attribution, which would attribute classes that have no {@code @Async} method), by the
     * annotation's name as the file imports it.
     */
    public void checkLocalAsync(com.sun.source.tree.CompilationUnitTree unit) {
        boolean simple = unit.getImports().stream().anyMatch(i -> !i.isStatic()
                && (i.getQualifiedIdentifier().toString().equals(Names.ASYNC)
                    || i.getQualifiedIdentifier().toString().equals(Names.ANNOTATION_PACKAGE + "*")));
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitClass(ClassTree node, Void p) {
                Tree parent = getCurrentPath().getParentPath().getLeaf();
                if (!(parent instanceof ClassTree) && !(parent instanceof com.sun.source.tree.CompilationUnitTree)) {
                    for (Tree m : node.getMembers()) {
                        if (m instanceof com.sun.source.tree.MethodTree && async((com.sun.source.tree.MethodTree) m)) {
                            reporter.report(m, unit, Tag.LOCAL_CLASS, "@Async method "
                                    + ((com.sun.source.tree.MethodTree) m).getName() + " is declared in "
                                    + (node.getSimpleName().length() == 0 ? "an anonymous" : "a local") + " class, which"
                                    + " annotation processing cannot reach, so it would run untransformed. Move it to a"
                                    + " top-level or static nested class.");
                        }
                    }
                }
                return super.visitClass(node, p);
            }

            private boolean async(com.sun.source.tree.MethodTree m) {
                return m.getModifiers().getAnnotations().stream().anyMatch(a -> {
                    String n = a.getAnnotationType().toString();
                    return n.equals(Names.ASYNC) || simple && n.equals("Async");
                });
            }
        }.scan(unit, null);
    }

    /**
     * Awaits outside any @Async body (field initializers, other methods) would throw at run time.
     * {@code attributed}, {@code type} and {@code asyncMethods} belong to the compilation that attributed the
     * class (the processor's own, or the user's); errors go to the user's {@code userUnit} (null: the same).
     */
    public void checkAwaitOutsideAsync(Trees attributed, TypeElement type, List<? extends ExecutableElement> asyncMethods,
            com.sun.source.tree.CompilationUnitTree userUnit) {
        TreePath classPath = attributed.getPath(type);
        if (classPath == null) {
            return;
        }
        com.sun.source.tree.CompilationUnitTree report = userUnit != null ? userUnit : classPath.getCompilationUnit();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethod(com.sun.source.tree.MethodTree node, Void p) {
                Element e = attributed.getElement(getCurrentPath());
                if (asyncMethods.contains(e)) {
                    return null;
                }
                return super.visitMethod(node, p);
            }

            @Override
            public Void visitClass(ClassTree node, Void p) {
                // nested classes with their own @Async methods are checked on their own
                if (node != classPath.getLeaf()) {
                    return null;
                }
                return super.visitClass(node, p);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
                String called = node.getMethodSelect() instanceof IdentifierTree
                        ? ((IdentifierTree) node.getMethodSelect()).getName().toString()
                        : node.getMethodSelect() instanceof MemberSelectTree
                        ? ((MemberSelectTree) node.getMethodSelect()).getIdentifier().toString() : "";
                if (called.equals("emit") || called.equals("awaitEach")) {
                    Element e = attributed.getElement(getCurrentPath());
                    if (e != null && ((TypeElement) e.getEnclosingElement()).getQualifiedName().contentEquals(Body.GENERATORS)) {
                        reporter.report(node, report, Tag.AWAIT_OUTSIDE_ASYNC, called + "(...) only"
                                + " suspends inside an @Async method's body; here it would throw at run time. Move it"
                                + " into an @Async method" + (called.equals("emit") ? " returning AsyncGenerator<T>." : "."));
                    }
                }
                if (called.equals("await")) {
                    Element e = attributed.getElement(getCurrentPath());
                    boolean corio = e != null
                            ? ((TypeElement) e.getEnclosingElement()).getQualifiedName().contentEquals(Body.CORIO)
                            : namesCorioAwait(node, classPath.getCompilationUnit(), type); // not attributed yet
                    if (corio) {
                        reporter.report(node, report, Tag.AWAIT_OUTSIDE_ASYNC, "await(...) only"
                                + " suspends inside an @Async method's body; here it would throw at run time."
                                + " Move it into an @Async method.");
                    }
                }
                return super.visitMethodInvocation(node, p);
            }
        }.scan(classPath, null);
    }

    /** Without attribution: a call `Corio.await(...)`, or `await(...)` statically imported from Corio. */
    private static boolean namesCorioAwait(MethodInvocationTree call, com.sun.source.tree.CompilationUnitTree unit,
            TypeElement type) {
        if (call.getMethodSelect() instanceof MemberSelectTree) {
            String q = ((MemberSelectTree) call.getMethodSelect()).getExpression().toString();
            return q.equals("Corio") || q.equals(Body.CORIO);
        }
        boolean ownAwait = ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                .anyMatch(m -> m.getSimpleName().contentEquals("await"));
        return !ownAwait && unit.getImports().stream().anyMatch(i -> i.isStatic()
                && (i.getQualifiedIdentifier().toString().equals(Body.CORIO + ".*")
                    || i.getQualifiedIdentifier().toString().equals(Body.CORIO + ".await")));
    }
}
