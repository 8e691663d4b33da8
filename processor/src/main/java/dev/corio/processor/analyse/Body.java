package dev.corio.processor.analyse;

import dev.corio.processor.Names;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @Async} method's body, attributed, with the facts every later phase asks about: the path,
 * type and element of each tree, whether a tree contains a suspension point, and its source text.
 *
 * <p>Attribution uses only the public API. Normally the body is the processor's own copy, attributed in a
 * javac task of its own ({@link Attribution}): {@link #trees}, {@link #element}, {@link #owner} and
 * {@link #types()} belong to that task, and {@link #declared} and {@link #userUnit} are the user's, for
 * diagnostics. Where that task cannot attribute the file, the user's own trees are attributed in place
 * ({@link Trees#getElement} on a tree without a symbol makes javac attribute the whole top-level class, as
 * its own attribution phase would), and both sets are the same. {@code AsyncStep} builds a Body only once
 * every {@code Corio_} class the file names exists. ({@link Trees#getScope} is not used: it attributes a
 * copy of the method in which the class tree has no type, which crashes javac 17 on some unqualified
 * instance calls; see {@code AttributionTest}.)
 */
public final class Body {
    public static final String CORIO = Names.CORIO;
    /** The markers of generator bodies and async for loops. */
    public static final String GENERATORS = Names.GENERATORS;
    public static final String ASYNC_GENERATOR = Names.ASYNC_GENERATOR;

    public final Trees trees;
    public final CompilationUnitTree unit;
    public final MethodTree method;
    public final ExecutableElement element;
    public final TypeElement owner;
    public final SourcePositions positions;
    /** The method as the user's compilation knows it: diagnostics on the method go there. */
    public final ExecutableElement declared;
    /** The user's compilation unit: diagnostics on trees of the body go there (same positions). */
    public final CompilationUnitTree userUnit;
    private final CharSequence source;
    private final Map<Tree, TreePath> paths = new IdentityHashMap<>();
    private final Set<Tree> suspending = Collections.newSetFromMap(new IdentityHashMap<>());

    private final javax.lang.model.util.Elements elements;
    private final javax.lang.model.util.Types types;
    private final javax.lang.model.type.TypeMirror asyncContextManager;
    private final TypeElement coroutine;

    /** The user's own trees, attributed in place. */
    public Body(Trees trees, javax.lang.model.util.Elements elements, javax.lang.model.util.Types types,
            ExecutableElement element) {
        this(trees, elements, types, element, element, null);
    }

    /**
     * {@code element}, of the compilation {@code trees}, {@code elements} and {@code types} belong to;
     * {@code declared} and {@code userUnit} are the user's (null: the same compilation).
     */
    public Body(Trees trees, javax.lang.model.util.Elements elements, javax.lang.model.util.Types types,
            ExecutableElement element, ExecutableElement declared, CompilationUnitTree userUnit) {
        this.trees = trees;
        this.elements = elements;
        this.types = types;
        TypeElement acm = elements.getTypeElement(Names.ASYNC_CONTEXT_MANAGER);
        this.asyncContextManager = acm == null ? null : types.erasure(acm.asType());
        this.coroutine = elements.getTypeElement(Names.COROUTINE);
        this.element = element;
        this.declared = declared;
        this.owner = (TypeElement) element.getEnclosingElement();
        TreePath methodPath = trees.getPath(element);
        this.unit = methodPath.getCompilationUnit();
        this.userUnit = userUnit != null ? userUnit : unit;
        this.method = (MethodTree) methodPath.getLeaf();
        this.positions = trees.getSourcePositions();
        try {
            this.source = unit.getSourceFile().getCharContent(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (userUnit == null) {
            // A tree without a symbol (a block has none) makes javac attribute the whole top-level class, as its
            // own attribution phase would (Trees.getElement: Attr.attribClass on the enclosing class); afterwards
            // getTypeMirror/getElement answer for every tree of the body.
            trees.getElement(new TreePath(methodPath, method.getBody()));
        }
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void p) {
                if (tree != null) {
                    paths.put(tree, new TreePath(getCurrentPath(), tree));
                }
                return super.scan(tree, p);
            }
        }.scan(new TreePath(methodPath, method.getBody()), null);
        paths.put(method.getBody(), new TreePath(methodPath, method.getBody()));
        markSuspending();
    }

    /** The {@code Elements} of the compilation the body was attributed in. */
    public javax.lang.model.util.Elements elements() {
        return elements;
    }

    public javax.lang.model.util.Types types() {
        return types;
    }

    /** {@code dev.corio.Coroutine}, or null when the runtime is not on the class path. */
    public TypeElement coroutineElement() {
        return coroutine;
    }

    /** The path of a tree of this body. */
    public TreePath path(Tree t) {
        TreePath p = paths.get(t);
        if (p == null) {
            // a tree javac synthesized while attributing (the type of a `var`): find it now
            p = TreePath.getPath(paths.get(method.getBody()), t);
            if (p == null) {
                throw new IllegalArgumentException("not a tree of this body: " + t);
            }
            paths.put(t, p);
        }
        return p;
    }

    public TypeMirror type(Tree t) {
        return trees.getTypeMirror(path(t));
    }

    public Element element(Tree t) {
        return trees.getElement(path(t));
    }

    /** Whether {@code t} contains a suspension point outside nested lambdas and classes. */
    public boolean suspends(Tree t) {
        return t != null && suspending.contains(t);
    }

    /**
     * Whether a try-with-resources resource is an {@code AsyncContextManager}: such a {@code try} is
     * Python's {@code async with}, and suspends at entry and exit.
     */
    public boolean asyncResource(Tree resource) {
        if (asyncContextManager == null) {
            return false;
        }
        TypeMirror t = type(resource);
        return t != null && t.getKind() == javax.lang.model.type.TypeKind.DECLARED
                && types.isAssignable(types.erasure(t), asyncContextManager);
    }

    public boolean isAwait(Tree t) {
        return t instanceof MethodInvocationTree && isCorioMethod((MethodInvocationTree) t, "await");
    }

    /** Whether the method is an async generator: it returns {@code AsyncGenerator<T>}. */
    public boolean isGenerator() {
        TypeMirror r = element.getReturnType();
        return r.getKind() == javax.lang.model.type.TypeKind.DECLARED
                && ((TypeElement) ((javax.lang.model.type.DeclaredType) r).asElement()).getQualifiedName()
                        .contentEquals(ASYNC_GENERATOR);
    }

    /** {@code emit(v)}: a generator's produce point (Python's {@code yield}). */
    public boolean isEmit(Tree t) {
        return t instanceof MethodInvocationTree && isMarker((MethodInvocationTree) t, "emit");
    }

    /** {@code done()}: {@code return done();} ends a generator body. */
    public boolean isDone(Tree t) {
        return t instanceof MethodInvocationTree && isMarker((MethodInvocationTree) t, "done");
    }

    /** {@code awaitEach(source)}: the expression of an async for. */
    public boolean isAwaitEach(Tree t) {
        return t instanceof MethodInvocationTree && isMarker((MethodInvocationTree) t, "awaitEach");
    }

    /** An enhanced for over {@code awaitEach(source)}: Python's {@code async for}. */
    public boolean isAsyncFor(Tree t) {
        return t instanceof com.sun.source.tree.EnhancedForLoopTree
                && isAwaitEach(stripParens(((com.sun.source.tree.EnhancedForLoopTree) t).getExpression()));
    }

    private boolean isMarker(MethodInvocationTree m, String name) {
        Element e = element(m);
        return e != null && e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(name)
                && ((TypeElement) e.getEnclosingElement()).getQualifiedName().contentEquals(GENERATORS);
    }

    public boolean isResult(Tree t) {
        return t instanceof MethodInvocationTree && isCorioMethod((MethodInvocationTree) t, "result");
    }

    /** Whether an await call takes a {@code CompletionStage} (rather than an {@code Awaitable}). */
    public boolean awaitsStage(MethodInvocationTree await) {
        ExecutableElement e = (ExecutableElement) element(await);
        return e.getParameters().get(0).asType().toString().startsWith("java.util.concurrent.CompletionStage");
    }

    private boolean isCorioMethod(MethodInvocationTree m, String name) {
        Element e = element(m);
        return e != null && e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(name)
                && ((TypeElement) e.getEnclosingElement()).getQualifiedName().contentEquals(CORIO);
    }

    /** A {@code return} whose value is not {@code result(v)} awaits the coroutine it returns. */
    private boolean returnAwaits(ReturnTree r) {
        ExpressionTree e = r.getExpression();
        return e != null && !isResult(stripParens(e)) && !isDone(stripParens(e)) && e.getKind() != Tree.Kind.NULL_LITERAL
                && !isGenerator(); // a generator's other returns are errors (Checks)
    }

    public static ExpressionTree stripParens(ExpressionTree e) {
        while (e instanceof com.sun.source.tree.ParenthesizedTree) {
            e = ((com.sun.source.tree.ParenthesizedTree) e).getExpression();
        }
        return e;
    }

    private void markSuspending() {
        new TreePathScanner<Boolean, Void>() {
            @Override
            public Boolean scan(Tree tree, Void p) {
                if (tree == null) {
                    return false;
                }
                Boolean inner = super.scan(tree, p);
                boolean s = Boolean.TRUE.equals(inner) || isAwait(tree) || isEmit(tree) || isAsyncFor(tree)
                        || (tree instanceof ReturnTree && returnAwaits((ReturnTree) tree))
                        || (tree instanceof com.sun.source.tree.TryTree
                            && ((com.sun.source.tree.TryTree) tree).getResources().stream().anyMatch(r -> asyncResource(r)));
                if (tree instanceof LambdaExpressionTree || tree instanceof com.sun.source.tree.ClassTree) {
                    s = false; // misuse reported by the checks; the enclosing code does not suspend
                }
                if (s) {
                    suspending.add(tree);
                }
                return s;
            }

            @Override
            public Boolean reduce(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
            }
        }.scan(path(method.getBody()), null);
    }

    // ---------------------------------------------------------------- source text

    public int start(Tree t) {
        return (int) positions.getStartPosition(unit, t);
    }

    public int end(Tree t) {
        return (int) positions.getEndPosition(unit, t);
    }

    public String text(int from, int to) {
        return source.subSequence(from, to).toString();
    }

    public String text(Tree t) {
        return text(start(t), end(t));
    }

    /** The column of a position, counted in characters from the start of its line. */
    public int column(int pos) {
        int c = 0;
        for (int i = pos - 1; i >= 0 && source.charAt(i) != '\n'; i--) {
            c++;
        }
        return c;
    }

    public long line(Tree t) {
        return unit.getLineMap().getLineNumber(start(t));
    }

    public String fileName() {
        String n = unit.getSourceFile().getName();
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        return n.substring(slash + 1);
    }

    /** "Foo.java:42: the line's text", for the comment beside each state. */
    public String lineComment(Tree t) {
        long line = line(t);
        int from = (int) unit.getLineMap().getStartPosition(line);
        int to = from;
        while (to < source.length() && source.charAt(to) != '\n' && source.charAt(to) != '\r') {
            to++;
        }
        String s = source.subSequence(from, to).toString().strip();
        if (s.length() > 100) {
            s = s.substring(0, 97) + "...";
        }
        return fileName() + ":" + line + ": " + s;
    }
}
