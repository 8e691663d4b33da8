package dev.corio.processor.analyse;

import dev.corio.processor.Names;
import dev.corio.processor.diagnostics.Reporter;
import dev.corio.processor.diagnostics.Tag;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * The analyse phase's checks: every misuse the processor can see becomes a compile error on the offending
 * element or tree, with a stable tag and a message that names the fix. Nothing is generated for a class
 * with an error, so javac never sees generated code built on a mistake.
 */
public final class Checks {
    private final Reporter reporter;
    private final Trees trees;

    public Checks(Reporter reporter, Trees trees) {
        this.reporter = reporter;
        this.trees = trees;
    }

    private void error(Element e, Tag tag, String message) {
        reporter.report(e, tag, message);
    }

    private void error(Body b, Tree t, Tag tag, String message) {
        reporter.report(t, b.userUnit, tag, message);
    }

    /** Checks the class that holds {@code @Async} methods; {@code hasInstance}: some are instance methods. */
    public boolean checkClass(TypeElement type, boolean hasInstance, String generated) {
        boolean ok = true;
        String name = type.getQualifiedName().toString();
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            error(type, Tag.LOCAL_CLASS, "@Async methods cannot be declared in a local or anonymous class:"
                    + " the processor generates a top-level class next to it. Move the methods to a top-level"
                    + " or static nested class.");
            return false;
        }
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                error(type, Tag.PRIVATE, "class " + name + " holds @Async methods but "
                        + (e == type ? "is private" : "is nested in private class " + e.getSimpleName())
                        + ": the generated " + generated + " cannot reach it. Make it package-private.");
                return false;
            }
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)
                && type.getKind() == ElementKind.CLASS) {
            error(type, Tag.INNER_CLASS, "inner class " + name + " holds @Async methods: the generated "
                    + generated + " is a top-level class and cannot extend an inner class. Declare it static.");
            return false;
        }
        if (!hasInstance) {
            return true;
        }
        switch (type.getKind()) {
            case RECORD:
            case ENUM:
            case INTERFACE:
            case ANNOTATION_TYPE:
                error(type, Tag.CLASS_KIND, "instance @Async methods need a class the generated " + generated
                        + " can extend, and " + name + " is " + kindName(type.getKind())
                        + ". Make the methods static, or move them to a class.");
                return false;
            default:
        }
        if (type.getModifiers().contains(Modifier.FINAL)) {
            error(type, Tag.FINAL, "class " + name + " is final, so the generated " + generated
                    + " cannot extend it to override its @Async methods. Remove final.");
            ok = false;
        }
        boolean anyCtor = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .anyMatch(c -> !c.getModifiers().contains(Modifier.PRIVATE));
        if (!anyCtor) {
            error(type, Tag.PRIVATE, "every constructor of " + name + " is private, so the generated "
                    + generated + " cannot extend it. Make one package-private or protected.");
            ok = false;
        }
        return ok;
    }

    /** A private class named anywhere in {@code t} (type arguments, array components, bounds), or null. */
    private static TypeElement privateType(TypeMirror t) {
        switch (t.getKind()) {
            case ARRAY:
                return privateType(((javax.lang.model.type.ArrayType) t).getComponentType());
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
                TypeMirror b = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                return b == null ? null : privateType(b);
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                for (Element e = d.asElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
                    if (e.getModifiers().contains(Modifier.PRIVATE)) {
                        return (TypeElement) d.asElement();
                    }
                }
                for (TypeMirror a : d.getTypeArguments()) {
                    TypeElement p = privateType(a);
                    if (p != null) {
                        return p;
                    }
                }
                return null;
            }
            default:
                return null;
        }
    }

    private static String kindName(ElementKind k) {
        switch (k) {
            case RECORD: return "a record";
            case ENUM: return "an enum";
            default: return "an interface";
        }
    }

    /** Checks an {@code @Async} method's declaration. */
    public boolean checkMethod(ExecutableElement m, String generated) {
        String name = m.getSimpleName().toString();
        Element owner = m.getEnclosingElement();
        if (m.getModifiers().contains(Modifier.PRIVATE)) {
            error(m, Tag.PRIVATE, "@Async method " + name + " is private: the generated " + generated
                    + " cannot " + (m.getModifiers().contains(Modifier.STATIC) ? "be reached in its place"
                    : "override it") + ". Make it package-private, protected or public.");
            return false;
        }
        if (m.getModifiers().contains(Modifier.ABSTRACT) || m.getModifiers().contains(Modifier.NATIVE)
                || (owner.getKind() == ElementKind.INTERFACE && !m.getModifiers().contains(Modifier.STATIC))) {
            error(m, Tag.ABSTRACT, "@Async method " + name + " has no body to transform."
                    + " Give it a body, or remove @Async (overrides of it can be @Async).");
            return false;
        }
        if (m.getModifiers().contains(Modifier.FINAL) && !m.getModifiers().contains(Modifier.STATIC)) {
            error(m, Tag.FINAL, "@Async method " + name + " is final, so the generated " + generated
                    + " cannot override it. Remove final.");
            return false;
        }
        if (m.getModifiers().contains(Modifier.SYNCHRONIZED)) {
            error(m, Tag.SYNCHRONIZED, "@Async method " + name + " is synchronized: a coroutine cannot hold"
                    + " a monitor across suspension points, and it runs on one loop thread anyway. Remove"
                    + " synchronized.");
            return false;
        }
        for (VariableElement p : m.getParameters()) {
            TypeElement hidden = privateType(p.asType());
            if (hidden != null) {
                error(m, Tag.PRIVATE, "@Async method " + name + " has a parameter of private type "
                        + hidden.getQualifiedName() + ", which the generated " + generated + " cannot name. Make the"
                        + " type package-private.");
                return false;
            }
        }
        TypeElement hiddenResult = privateType(m.getReturnType());
        if (hiddenResult != null) {
            error(m, Tag.PRIVATE, "@Async method " + name + " returns a coroutine of private type "
                    + hiddenResult.getQualifiedName() + ", which the generated " + generated + " cannot name."
                    + " Make the type package-private.");
            return false;
        }
        TypeMirror r = m.getReturnType();
        boolean coroutine = r.getKind() == TypeKind.DECLARED
                && (((TypeElement) ((DeclaredType) r).asElement()).getQualifiedName().contentEquals(Names.COROUTINE)
                    || ((TypeElement) ((DeclaredType) r).asElement()).getQualifiedName().contentEquals(Body.ASYNC_GENERATOR))
                && ((DeclaredType) r).getTypeArguments().size() == 1;
        if (!coroutine) {
            if (r.getKind() == TypeKind.ERROR) {
                return false; // javac reports the unknown type itself
            }
            error(m, Tag.RETURN_TYPE, "@Async method " + name + " returns " + r
                    + "; it must return dev.corio.Coroutine<T> and end with `return result(value);`"
                    + " (or, for an async generator, dev.corio.generators.AsyncGenerator<T> and end with"
                    + " `return done();`).");
            return false;
        }
        return true;
    }

    /** Checks an attributed body for awaits where they cannot suspend and for unreachable members. */
    public boolean checkBody(Body b, String generated) {
        boolean[] ok = {true};
        new TreePathScanner<Void, Integer>() {
            // depth: 0 in the body itself; >0 inside a lambda or class body
            private String where;

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Integer depth) {
                String saved = where;
                where = "a lambda body";
                super.visitLambdaExpression(node, depth + 1);
                where = saved;
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Integer depth) {
                String saved = where;
                where = node.getSimpleName().length() == 0 ? "an anonymous class" : "local class " + node.getSimpleName();
                super.visitClass(node, depth + 1);
                where = saved;
                return null;
            }

            @Override
            public Void visitSynchronized(SynchronizedTree node, Integer depth) {
                if (depth == 0 && b.suspends(node.getBlock())) {
                    error(b, node, Tag.AWAIT_IN_SYNCHRONIZED, "await inside synchronized: a coroutine cannot"
                            + " hold a monitor while it is suspended (another task on the loop thread would"
                            + " re-enter it). Move the await out of the synchronized block, or use an asyncio-style"
                            + " lock.");
                    ok[0] = false;
                }
                return super.visitSynchronized(node, depth);
            }

            @Override
            public Void visitVariable(VariableTree node, Integer depth) {
                TypeMirror t = b.trees.getTypeMirror(getCurrentPath());
                if (t != null && t.getKind() == TypeKind.DECLARED && isVar(b, node)
                        && ((TypeElement) ((DeclaredType) t).asElement()).getNestingKind() == NestingKind.ANONYMOUS) {
                    error(b, node, Tag.ANONYMOUS_VAR, "`var " + node.getName() + "` has the type of an anonymous"
                            + " class, which javac cannot keep across the processing rounds after the processor"
                            + " attributed the body. Declare it with a named type (the class the anonymous class"
                            + " extends).");
                    ok[0] = false;
                }
                return super.visitVariable(node, depth);
            }

            @Override
            public Void visitExpressionStatement(com.sun.source.tree.ExpressionStatementTree node, Integer depth) {
                if (depth == 0) {
                    notAwaited(b, node);
                }
                return super.visitExpressionStatement(node, depth);
            }

            @Override
            public Void visitAssert(AssertTree node, Integer depth) {
                if (depth == 0 && b.suspends(node)) {
                    error(b, node, Tag.UNSUPPORTED, "await inside assert is not supported: whether it runs"
                            + " depends on -ea. Await into a local first, then assert on it.");
                    ok[0] = false;
                }
                return super.visitAssert(node, depth);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Integer depth) {
                String marker = b.isAwait(node) ? "await" : b.isEmit(node) ? "emit(...)"
                        : b.isAwaitEach(node) ? "an async for (awaitEach)" : null;
                if (depth > 0 && marker != null) {
                    error(b, node, depth > 0 && where.equals("a lambda body") ? Tag.AWAIT_IN_LAMBDA : Tag.AWAIT_IN_CLASS,
                            marker + " inside " + where + " cannot suspend the @Async method: that code runs later,"
                            + " outside the coroutine. " + (b.isEmit(node) ? "Emit" : "Await") + " in the method"
                            + " body itself, or make the work an @Async method and await it.");
                    ok[0] = false;
                } else if (depth == 0) {
                    ok[0] &= generatorMarkers(b, node, getCurrentPath());
                }
                return super.visitMethodInvocation(node, depth);
            }

            @Override
            public Void visitReturn(ReturnTree node, Integer depth) {
                if (depth == 0 && b.isGenerator()) {
                    if (node.getExpression() == null || !b.isDone(Body.stripParens(node.getExpression()))) {
                        error(b, node, Tag.GENERATOR_RETURN, "an async generator returns no value: end it with"
                                + " `return done();` (values are produced with emit(value)).");
                        ok[0] = false;
                    }
                    return super.visitReturn(node, depth);
                }
                if (depth == 0 && node.getExpression() != null
                        && node.getExpression().getKind() == Tree.Kind.NULL_LITERAL) {
                    error(b, node, Tag.RETURN, "an @Async method cannot return null: return result(value),"
                            + " or result(null) for no value.");
                    ok[0] = false;
                }
                return super.visitReturn(node, depth);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Integer depth) {
                if (node.getName().contentEquals("super")) {
                    if (!inLocalClass(getCurrentPath())) { // a lambda's super is the method's
                        superError(node);
                    }
                } else {
                    checkPrivate(node, getCurrentPath());
                }
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Integer depth) {
                if (node.getIdentifier().contentEquals("super")) {
                    // T.super.m() or I.super.m(): the class's own (or its interfaces'), unless a local class's
                    Element q = b.trees.getElement(new TreePath(getCurrentPath(), node.getExpression()));
                    if (!inLocalClass(getCurrentPath()) || q == b.owner) {
                        superError(node);
                    }
                    return null;
                }
                checkPrivate(node, getCurrentPath());
                return super.visitMemberSelect(node, depth);
            }

            private void superError(Tree node) {
                error(b, node, Tag.SUPER, "super cannot be used in an @Async body: the generated state"
                        + " machine is another class, which cannot call the overridden method. Call a package-private"
                        + " helper of the class that uses super.");
                ok[0] = false;
            }

            private boolean inLocalClass(TreePath path) {
                for (TreePath p = path; p != null && p.getLeaf() != b.method; p = p.getParentPath()) {
                    if (p.getLeaf() instanceof ClassTree) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Void visitNewClass(NewClassTree node, Integer depth) {
                checkPrivate(node, getCurrentPath());
                return super.visitNewClass(node, depth);
            }

            @Override
            public Void visitMemberReference(com.sun.source.tree.MemberReferenceTree node, Integer depth) {
                checkPrivate(node, getCurrentPath());
                return super.visitMemberReference(node, depth);
            }

            /**
             * Private fields, methods and constructors are reached through accessors of the state machine
             * (hoist.PrivateAccess); what those cannot do stays an error: private classes (the machine cannot
             * name them), method references, anonymous subclasses and inner classes with private constructors,
             * and members whose type names a private class.
             */
            private void checkPrivate(Tree node, TreePath path) {
                Element e = b.trees.getElement(path);
                if (e == null || !e.getModifiers().contains(Modifier.PRIVATE) || declaredInLocalClass(b, e)) {
                    return; // members of local and anonymous classes of the body come along with them
                }
                String what = describe(e);
                String why;
                switch (e.getKind()) {
                    case FIELD: case METHOD: case CONSTRUCTOR:
                        why = unreachable(node, e);
                        if (why == null) {
                            return;
                        }
                        break;
                    case CLASS: case INTERFACE: case ENUM: case RECORD:
                        why = ", which the generated " + generated + " cannot name. Make it package-private.";
                        break;
                    default:
                        return;
                }
                error(b, node, Tag.PRIVATE, "@Async method " + b.element.getSimpleName() + " uses private " + what
                        + why);
                ok[0] = false;
            }

            /** Why the accessor for private member {@code e} used at {@code node} cannot work, or null. */
            private String unreachable(Tree node, Element e) {
                if (node instanceof com.sun.source.tree.MemberReferenceTree) {
                    return " in a method reference, which the generated " + generated + " cannot form (it reaches"
                            + " private members through accessors). Write a lambda that calls it, or make it package-private.";
                }
                TypeElement owner = (TypeElement) e.getEnclosingElement();
                if (e.getKind() == ElementKind.CONSTRUCTOR && (node instanceof NewClassTree
                        && ((NewClassTree) node).getClassBody() != null || owner.getNestingKind() == NestingKind.MEMBER
                        && !owner.getModifiers().contains(Modifier.STATIC) && owner.getKind() == ElementKind.CLASS)) {
                    return ", which the generated " + generated + " cannot call for "
                            + (node instanceof NewClassTree && ((NewClassTree) node).getClassBody() != null
                                ? "an anonymous subclass" : "an inner class") + ". Make it package-private.";
                }
                List<TypeMirror> sig = new java.util.ArrayList<>();
                if (e instanceof ExecutableElement) {
                    ExecutableElement x = (ExecutableElement) e;
                    sig.add(x.getReturnType());
                    x.getParameters().forEach(p -> sig.add(p.asType()));
                    sig.addAll(x.getThrownTypes());
                } else {
                    sig.add(e.asType());
                }
                for (TypeMirror t : sig) {
                    TypeElement hidden = privateType(t);
                    if (hidden != null) {
                        return ", whose type names private class " + hidden.getQualifiedName() + ", which the generated "
                                + generated + " cannot name (it reaches private members through accessors that repeat"
                                + " their types). Make " + hidden.getSimpleName() + " package-private.";
                    }
                }
                return null;
            }
        }.scan(b.path(b.method.getBody()), 0);
        return ok[0];
    }

    /** The rules of the generator markers at one call in the body itself; false if one is broken. */
    private boolean generatorMarkers(Body b, MethodInvocationTree node, TreePath path) {
        Tree parent = path.getParentPath().getLeaf();
        while (parent instanceof com.sun.source.tree.ParenthesizedTree) {
            path = path.getParentPath();
            parent = path.getParentPath().getLeaf();
        }
        if (b.isEmit(node)) {
            if (!b.isGenerator()) {
                error(b, node, Tag.EMIT_OUTSIDE_GENERATOR, "emit(...) produces a value of an async generator, and"
                        + " @Async method " + b.element.getSimpleName() + " returns " + b.element.getReturnType()
                        + ". Return dev.corio.generators.AsyncGenerator<T> (ending with `return done();`), or await"
                        + " instead.");
                return false;
            }
            TypeMirror produced = ((DeclaredType) b.element.getReturnType()).getTypeArguments().get(0);
            TypeMirror arg = b.type(node.getArguments().get(0));
            if (arg != null && produced.getKind() != TypeKind.WILDCARD && !b.types().isAssignable(arg, produced)) {
                error(b, node.getArguments().get(0), Tag.EMIT_TYPE, "emit(...) of a " + arg + " in a generator of "
                        + produced + ": emit a " + produced + ", or change the method's AsyncGenerator<" + produced
                        + ">.");
                return false;
            }
            return true;
        }
        if (b.isDone(node) && !(parent instanceof ReturnTree)) {
            error(b, node, Tag.GENERATOR_RETURN, "done() ends an async generator only as `return done();`.");
            return false;
        }
        if (b.isAwaitEach(node) && !(parent instanceof com.sun.source.tree.EnhancedForLoopTree
                && Body.stripParens(((com.sun.source.tree.EnhancedForLoopTree) parent).getExpression()) == node)) {
            error(b, node, Tag.ASYNC_FOR, "awaitEach(...) is the marker of an async for: write"
                    + " `for (T x : awaitEach(source)) { ... }`; to take one value, await(source." + Names.AITER + "()." + Names.ANEXT
                    + "()).");
            return false;
        }
        return true;
    }

    /**
     * A coroutine or awaitable made and dropped (`sleep(5);`, `helper();`) is a forgotten await: Python
     * warns "coroutine ... was never awaited" at run time; this warns at compile time. Only calls and
     * object creations are checked (an assignment keeps the value; createTask/ensureFuture return a Task).
     */
    private void notAwaited(Body b, com.sun.source.tree.ExpressionStatementTree statement) {
        com.sun.source.tree.ExpressionTree e = Body.stripParens(statement.getExpression());
        if (!(e instanceof MethodInvocationTree) && !(e instanceof NewClassTree)) {
            return;
        }
        if (b.isAwait(e)) {
            return;
        }
        TypeMirror t = b.type(e);
        if (t == null || t.getKind() != TypeKind.DECLARED) {
            return;
        }
        // A Coroutine runs only when awaited or wrapped in a task; a bare Awaitable (sleep(...)) is lazy the
        // same way. Futures and tasks are already under way, so dropping them loses nothing.
        String name = ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().toString();
        javax.lang.model.util.Types types = b.types();
        boolean coroutine = b.coroutineElement() != null
                && types.isAssignable(types.erasure(t), types.erasure(b.coroutineElement().asType()));
        if (!coroutine && !name.equals(Names.AWAITABLE)) {
            return;
        }
        String text = b.text(e);
        reporter.report(statement, b.userUnit, Tag.NOT_AWAITED, "the " + (coroutine ? "coroutine" : "awaitable")
                + " returned by " + text + " is never awaited: write await(" + text + ")"
                + (coroutine ? " or createTask(" + text + ")" : ""));
    }

    private static boolean isVar(Body b, VariableTree v) {
        Tree t = v.getType();
        return t == null || b.start(t) < 0 || b.end(t) < 0 || b.text(t).equals("var");
    }

    private static boolean declaredInLocalClass(Body b, Element e) {
        for (Element x = e; x != null; x = x.getEnclosingElement()) {
            if (x instanceof TypeElement) {
                NestingKind k = ((TypeElement) x).getNestingKind();
                if (k == NestingKind.LOCAL || k == NestingKind.ANONYMOUS) {
                    return true;
                }
            }
            if (x.getKind() == ElementKind.PACKAGE) {
                return false;
            }
        }
        return false;
    }

    private static String describe(Element e) {
        String owner = e.getEnclosingElement().getSimpleName().toString();
        switch (e.getKind()) {
            case FIELD: case ENUM_CONSTANT: return "field " + owner + "." + e.getSimpleName();
            case METHOD: return "method " + owner + "." + e.getSimpleName() + "()";
            case CONSTRUCTOR: return "constructor of " + owner;
            default: return "class " + ((TypeElement) e).getQualifiedName();
        }
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

    /** Lambda parameters already reported (a file with several classes is checked once per class). */
    private final java.util.Set<Tree> reportedLambdaParameters =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * An implicitly typed lambda parameter whose type holds a captured wildcard ({@code x} in
     * {@code Iterable<? extends E> values; values.forEach(x -> ...)}), anywhere in the top-level class of
     * {@code type} or of a superclass with source: javac writes the type it inferred into the tree as a name
     * ({@code <captured wildcard>}) when the processor has it attribute the class, and cannot resolve that
     * name when it attributes the file again in the next round (javac 17 and 25: "cannot find symbol: class
     * <captured wildcard>", without a position). Reported here instead, with the fix; false if any.
     */
    public boolean checkCapturedLambdaParameters(TypeElement type) {
        boolean ok = true;
        java.util.Set<Element> seen = new java.util.HashSet<>();
        for (TypeElement t = type; t != null; ) {
            Element top = t;
            while (top.getEnclosingElement() instanceof TypeElement) {
                top = top.getEnclosingElement();
            }
            TreePath path = seen.add(top) ? trees.getPath(top) : null;
            if (path != null) {
                ok &= checkCapturedLambdaParameters(path);
            }
            TypeMirror sup = t.getSuperclass();
            t = sup instanceof DeclaredType ? (TypeElement) ((DeclaredType) sup).asElement() : null;
        }
        return ok;
    }

    private boolean checkCapturedLambdaParameters(TreePath classPath) {
        boolean[] ok = {true};
        com.sun.source.tree.CompilationUnitTree unit = classPath.getCompilationUnit();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                for (VariableTree v : node.getParameters()) {
                    // implicit: javac made the type tree while attributing, so it has no end in the source
                    boolean implicit = v.getType() != null
                            && trees.getSourcePositions().getEndPosition(unit, v.getType()) == Diagnostic.NOPOS;
                    TypeMirror t = implicit ? trees.getTypeMirror(new TreePath(getCurrentPath(), v)) : null;
                    if (t != null && holdsCaptured(t, 0) && reportedLambdaParameters.add(v)) {
                        ok[0] = false;
                        reporter.report(v, unit, Tag.LAMBDA_PARAMETER, "javac cannot compile"
                                + " this file after the processor had it attributed: the type of lambda parameter `"
                                + v.getName() + "` holds a captured wildcard (" + t.toString().replaceAll("capture#\\d+ of", "capture of")
                                + "), which javac writes into the"
                                + " tree as a name it cannot resolve when it compiles the file again. Declare the"
                                + " parameter's type (for `Iterable<? extends E> values`, `values.forEach((E "
                                + v.getName() + ") -> ...)`).");
                    }
                }
                return super.visitLambdaExpression(node, p);
            }
        }.scan(classPath, null);
        return ok[0];
    }

    private static boolean holdsCaptured(TypeMirror t, int depth) {
        if (depth > 8 || t == null) {
            return false;
        }
        switch (t.getKind()) {
            case TYPEVAR: {
                javax.lang.model.type.TypeVariable v = (javax.lang.model.type.TypeVariable) t;
                return v.toString().startsWith("capture#")
                        || v.asElement().getSimpleName().toString().startsWith("<captured");
            }
            case DECLARED:
                for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                    if (holdsCaptured(a, depth + 1)) {
                        return true;
                    }
                }
                return holdsCaptured(((DeclaredType) t).getEnclosingType(), depth + 1);
            case ARRAY:
                return holdsCaptured(((javax.lang.model.type.ArrayType) t).getComponentType(), depth + 1);
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
                return holdsCaptured(w.getExtendsBound(), depth + 1) || holdsCaptured(w.getSuperBound(), depth + 1);
            }
            case INTERSECTION:
                for (TypeMirror b : ((javax.lang.model.type.IntersectionType) t).getBounds()) {
                    if (holdsCaptured(b, depth + 1)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

}
