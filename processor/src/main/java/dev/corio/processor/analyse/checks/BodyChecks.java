package dev.corio.processor.analyse.checks;

import dev.corio.processor.Names;
import dev.corio.processor.analyse.Body;
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
import javax.lang.model.element.Element;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The checks of an attributed {@code @Async} body: awaits and markers where they cannot suspend or do not
 * belong, {@code super}, {@code return null}, forgotten awaits, private members the machine cannot reach.
 */
public final class BodyChecks {
    private final Reporter reporter;

    public BodyChecks(Reporter reporter) {
        this.reporter = reporter;
    }

    private void error(Body b, Tree t, Tag tag, String message) {
        reporter.report(t, b.userUnit, tag, message);
    }

    /** Checks an attributed body for awaits where they cannot suspend and for unreachable members. */
    public boolean checkBody(Body b, String generated) {
        boolean[] ok = {true};
        PrivateUseCheck privateUse = new PrivateUseCheck(reporter, b, generated);
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
                    ok[0] &= privateUse.check(node, getCurrentPath());
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
                ok[0] &= privateUse.check(node, getCurrentPath());
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
                ok[0] &= privateUse.check(node, getCurrentPath());
                return super.visitNewClass(node, depth);
            }

            @Override
            public Void visitMemberReference(com.sun.source.tree.MemberReferenceTree node, Integer depth) {
                ok[0] &= privateUse.check(node, getCurrentPath());
                return super.visitMemberReference(node, depth);
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
}
