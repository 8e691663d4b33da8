package dev.corio.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import dev.corio.processor.Names;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Denotable;
import dev.corio.processor.hoist.Frame;
import dev.corio.processor.hoist.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The lower phase: turns an attributed body into the states of a {@link Graph}.
 *
 * <p>Only statements that contain a suspension point are flattened; all other statements, loops and
 * try blocks included, are copied through by the {@link Renderer}. Inside a flattened expression, every
 * operand evaluated before an await is spilled into a field first, so Java's left-to-right order
 * (JLS 15.7) holds across the suspension: method receivers and arguments, array and index, the saved left
 * side of a compound assignment, {@code &&}/{@code ||}/{@code ?:} (right side only when taken), switch
 * selectors and arms.
 *
 * <p>Jump targets (regenerator's "leap manager") are a stack of {@link Target}s: flattened loops, switches,
 * labelled statements, switch expressions, and the try statements whose {@code finally} the lowering
 * emits itself. A jump that leaves such a try records a completion code, runs the finally, then resumes.
 */
public final class Lowerer {
    static final ClassName ASYNC_FUTURE = Names.ASYNC_FUTURE;
    static final ClassName ASYNC_ITERATOR = Names.ASYNC_ITERATOR;
    static final ClassName STOP_ASYNC_ITERATION = Names.STOP_ASYNC_ITERATION;

    final Body body;
    final Frame frame;
    final Graph g = new Graph();
    private final Renderer r;
    final Denotable denotable;
    private final TypeName resultType;
    /** An async generator's body: emits produce values, awaits are made from its running step ({@code frame()}). */
    final boolean generator;
    /** The frame an await is made from: the coroutine itself, or a generator's running step. */
    private final String awaitingFrame;
    private final Deque<Target> targets = new ArrayDeque<>();
    private final List<Liveness.Clearing> clearings = new ArrayList<>();
    /** Completion-record fields of flattened finally blocks: int kind and pending throwable. */
    public final List<String> finallyFields = new ArrayList<>();
    public boolean usesRetval;
    /** Local classes hoisted to the top of {@code resume}; see {@link #localClass}. */
    public final List<Code> localClasses = new ArrayList<>();
    private final java.util.Set<String> localClassNames = new java.util.HashSet<>();
    private int copies;
    private int tries;

    /** A flattened statement a break, continue or yield can leave to; or a try with an emitted finally. */
    private static final class Target {
        Tree tree;
        Tree labeled;
        Label breakTo;
        Label continueTo;
        Var yieldTo;
        TryFrame tryFrame;
    }

    private static final class TryFrame {
        final Label finallyLabel = new Label();
        final String completion;
        final String pending;
        /** Exit codes from 2 on: 2 is return, the rest are jumps to the targets listed here. */
        final List<Object[]> exits = new ArrayList<>();

        TryFrame(String completion, String pending) {
            this.completion = completion;
            this.pending = pending;
        }

        int code(Target t, boolean cont) {
            for (int i = 0; i < exits.size(); i++) {
                if (exits.get(i)[0] == t && exits.get(i)[1].equals(cont)) {
                    return i + 3;
                }
            }
            exits.add(new Object[] {t, cont});
            return exits.size() + 2;
        }
    }

    /** A construct the lowering cannot handle; reported as a compile error on {@code tree}. */
    public static final class Unsupported extends RuntimeException {
        public final Tree tree;
        public final String tag;

        Unsupported(Tree tree, String what) {
            this(tree, what + " is not supported yet; await into a local variable first", "CorioUnsupported");
        }

        Unsupported(Tree tree, String message, String tag) {
            super(message);
            this.tree = tree;
            this.tag = tag;
        }
    }

    public Lowerer(Body body, Frame frame, Denotable denotable, Elements elements, TypeName resultType) {
        this.body = body;
        this.frame = frame;
        this.denotable = denotable;
        this.resultType = resultType;
        this.generator = body.isGenerator();
        this.awaitingFrame = generator ? "frame()" : "this";
        this.r = new Renderer(body, this, elements);
    }

    public Graph lower() {
        for (VariableElement p : body.element.getParameters()) {
            frame.param(p);
        }
        g.comment(body.lineComment(body.method));
        for (StatementTree s : body.method.getBody().getStatements()) {
            statement(s);
        }
        if (!g.terminated()) {
            // Only reachable where javac sees none: an `async with` whose aexit suppressed the exception
            // ends the method. Python's coroutine then returns None; so does this one (a generator ends).
            g.emit(Code.of(generator ? "return FINISHED;" : "return null;"));
            g.terminate();
        }
        g.placeDetours();
        return g;
    }

    public List<Liveness.Clearing> clearings() {
        return clearings;
    }

    // ---------------------------------------------------------------- statements

    private void statement(StatementTree s) {
        g.comment(body.lineComment(s));
        if (s instanceof VariableTree) {
            local((VariableTree) s);
            return;
        }
        if (s instanceof com.sun.source.tree.ClassTree) {
            localClass((com.sun.source.tree.ClassTree) s);
            return;
        }
        if (!body.suspends(s)) {
            copy(s);
            return;
        }
        switch (s.getKind()) {
            case BLOCK:
                for (StatementTree x : ((BlockTree) s).getStatements()) {
                    statement(x);
                }
                return;
            case EXPRESSION_STATEMENT: {
                Code c = explode(((ExpressionStatementTree) s).getExpression(), true);
                if (c != null) {
                    g.emit(c.then(";"));
                }
                return;
            }
            case IF:
                ifStatement((IfTree) s);
                return;
            case ENHANCED_FOR_LOOP:
                if (body.isAsyncFor(s)) {
                    asyncFor((EnhancedForLoopTree) s, null);
                } else {
                    loop(s, null);
                }
                return;
            case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP:
                loop(s, null);
                return;
            case LABELED_STATEMENT:
                labeled((LabeledStatementTree) s);
                return;
            case SWITCH:
                switchStatement((SwitchTree) s);
                return;
            case TRY:
                tryStatement((TryTree) s);
                return;
            case RETURN:
                returnStatement((ReturnTree) s);
                return;
            case THROW:
                g.emit(Code.of("throw ", explode(((ThrowTree) s).getExpression()), ";"));
                g.terminate();
                return;
            case YIELD: {
                Code v = explode(((YieldTree) s).getValue());
                g.emit(yieldOut(body.path(s), v));
                g.terminate();
                return;
            }
            default:
                throw new Unsupported(s, "await inside a " + s.getKind().toString().toLowerCase().replace('_', ' '));
        }
    }

    /**
     * A local class (or record, enum, interface) declared where the code is split into states would be out
     * of scope in the later states. One that uses no local variable of the method is declared once at the
     * top of {@code resume} instead, where every state sees it; one that captures locals cannot move.
     */
    private void localClass(com.sun.source.tree.ClassTree c) {
        String name = c.getSimpleName().toString();
        if (capturesLocals(c) || !localClassNames.add(name)) {
            throw new Unsupported(c, "local class " + name + " is declared in a block that awaits and "
                    + (localClassNames.contains(name) && !capturesLocals(c) ? "shares its name with another local class"
                    : "uses local variables of the method") + ", so it cannot be declared once for all the states"
                    + " of the generated machine. Declare it in a block without await, or as a nested class.",
                    "CorioLocalClass");
        }
        localClasses.add(r.render(c));
    }

    private boolean capturesLocals(com.sun.source.tree.ClassTree c) {
        java.util.Set<Element> declaredInside = new java.util.HashSet<>();
        boolean[] captures = {false};
        new com.sun.source.util.TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void p) {
                declaredInside.add(body.trees.getElement(getCurrentPath()));
                return super.visitVariable(node, p);
            }
        }.scan(body.path(c), null);
        new com.sun.source.util.TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void p) {
                Element e = body.trees.getElement(getCurrentPath());
                if (e != null && !declaredInside.contains(e)) {
                    switch (e.getKind()) {
                        case LOCAL_VARIABLE: case PARAMETER: case EXCEPTION_PARAMETER: case RESOURCE_VARIABLE:
                        case BINDING_VARIABLE:
                            captures[0] = true;
                            break;
                        default:
                    }
                }
                return null;
            }
        }.scan(body.path(c), null);
        return captures[0];
    }

    private void copy(StatementTree s) {
        g.emit(r.render(s));
        if (!Reach.completesNormally(s)) {
            g.terminate();
        }
    }

    private static boolean inferred(Body body, VariableTree v) {
        Tree t = v.getType();
        if (t == null || body.start(t) < 0 || body.end(t) < 0) {
            return true;
        }
        return body.text(t).equals("var");
    }

    private Var declareVar(VariableTree v) {
        return frame.local((VariableElement) body.element(v), inferred(body, v));
    }

    /** Declares (a Java local) or assigns (a field) {@code v}. */
    private void define(Var v, Code value) {
        if (v.field) {
            if (value != null) {
                g.assign(v, value);
            } else {
                g.declare(v);
            }
        } else {
            Object type = v.inferred && value != null ? "var" : v.type;
            g.emit(value == null ? Code.of(type, " ", v.name, ";") : Code.of(type, " ", v.name, " = ", value, ";"));
        }
    }

    private void local(VariableTree v) {
        Var var = declareVar(v);
        ExpressionTree init = v.getInitializer();
        if (init == null) {
            define(var, null);
            return;
        }
        Code value = explode(init);
        if (init instanceof NewArrayTree && ((NewArrayTree) init).getType() == null && var.field) {
            value = Code.of("new ", var.type, " ", value); // `{1, 2}` is only legal in a declaration
        }
        define(var, value);
    }

    private void ifStatement(IfTree t) {
        Code c = explode(Body.stripParens(t.getCondition()));
        StatementTree then = t.getThenStatement();
        StatementTree otherwise = t.getElseStatement();
        if (!body.suspends(then) && !body.suspends(otherwise)) {
            g.emit(Code.of("if (", c, ") ", braced(then), otherwise == null ? null : Code.of(" else ", braced(otherwise))));
            if (!Reach.completesNormally(t)) {
                g.terminate();
            }
            return;
        }
        Label elseL = new Label();
        Label end = new Label();
        g.jumpIf(Code.of("!(", c, ")"), otherwise != null ? elseL : end);
        statement(then);
        if (otherwise != null) {
            if (!g.terminated()) {
                g.jump(end);
            }
            g.place(elseL);
            statement(otherwise);
        }
        g.place(end);
    }

    /** A branch copied through, in braces: a rewritten jump inside it may be several statements. */
    private Code braced(StatementTree s) {
        Code c = r.render(s);
        return s instanceof BlockTree ? c : Code.of("{ ", c, " }");
    }

    private Target push(Tree tree, Tree labeled, Label breakTo, Label continueTo) {
        Target t = new Target();
        t.tree = tree;
        t.labeled = labeled;
        t.breakTo = breakTo;
        t.continueTo = continueTo;
        targets.push(t);
        return t;
    }

    private void labeled(LabeledStatementTree l) {
        StatementTree inner = l.getStatement();
        switch (inner.getKind()) {
            case ENHANCED_FOR_LOOP:
                if (body.isAsyncFor(inner)) {
                    asyncFor((EnhancedForLoopTree) inner, l);
                } else {
                    loop(inner, l);
                }
                return;
            case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP:
                loop(inner, l);
                return;
            default:
                Label end = new Label();
                push(l, l, end, null);
                statement(inner);
                targets.pop();
                g.place(end);
        }
    }

    private void loop(StatementTree s, LabeledStatementTree labeled) {
        Label head = new Label();
        Label next = new Label();
        Label end = new Label();
        switch (s.getKind()) {
            case WHILE_LOOP: {
                WhileLoopTree w = (WhileLoopTree) s;
                g.place(head);
                condition(w.getCondition(), end);
                push(s, labeled, end, head);
                statement(w.getStatement());
                targets.pop();
                if (!g.terminated()) {
                    g.jump(head);
                }
                break;
            }
            case DO_WHILE_LOOP: {
                DoWhileLoopTree d = (DoWhileLoopTree) s;
                g.place(head);
                push(s, labeled, end, next);
                statement(d.getStatement());
                targets.pop();
                g.place(next);
                Code c = explode(Body.stripParens(d.getCondition()));
                g.jumpIf(c, head);
                break;
            }
            case FOR_LOOP: {
                ForLoopTree f = (ForLoopTree) s;
                for (StatementTree i : f.getInitializer()) {
                    if (i instanceof ExpressionStatementTree) {
                        // `for (i = 0, j = 1; ...)`: like an update, an initializer expression has no `;` in the source
                        Code c = explode(((ExpressionStatementTree) i).getExpression(), true);
                        if (c != null) {
                            g.emit(c.then(";"));
                        }
                    } else {
                        statement(i);
                    }
                }
                g.place(head);
                if (f.getCondition() != null) {
                    condition(f.getCondition(), end);
                }
                push(s, labeled, end, next);
                statement(f.getStatement());
                targets.pop();
                g.place(next);
                for (ExpressionStatementTree u : f.getUpdate()) {
                    // an update has no `;` of its own in the source
                    Code c = explode(u.getExpression(), true);
                    if (c != null) {
                        g.emit(c.then(";"));
                    }
                }
                g.jump(head);
                break;
            }
            default: {
                EnhancedForLoopTree f = (EnhancedForLoopTree) s;
                ExpressionTree expr = f.getExpression();
                Code source = explode(expr);
                TypeMirror type = body.type(expr);
                Var var = declareVar(f.getVariable());
                if (type.getKind() == TypeKind.ARRAY) {
                    Var array = frame.temp(denotable.of(type));
                    Var index = frame.temp(TypeName.INT);
                    g.assign(array, source);
                    g.assign(index, Code.of("0"));
                    g.place(head);
                    g.jumpIf(Code.of(index, " >= ", array, ".length"), end);
                    define(var, Code.of(array, "[", index, "++]"));
                } else {
                    Var it = frame.temp(ParameterizedTypeName.get(ClassName.get(java.util.Iterator.class),
                            WildcardTypeName.subtypeOf(Object.class)));
                    g.assign(it, primary(expr) ? Code.of(source, ".iterator()") : Code.of("(", source, ").iterator()"));
                    g.place(head);
                    g.jumpIf(Code.of("!", it, ".hasNext()"), end);
                    define(var, Code.of("(", var.type, ") ", it, ".next()"));
                }
                push(s, labeled, end, head);
                statement(f.getStatement());
                targets.pop();
                if (!g.terminated()) {
                    g.jump(head);
                }
            }
        }
        g.place(end);
    }

    /**
     * {@code for (T x : awaitEach(source)) body}, Python's {@code async for} with {@code aclosing}:
     * <pre>
     *   $it = source.aiter();
     *   try {                                   // a region whose finally the lowering emits
     *     head: x = await $it.anext();          // StopAsyncIteration: $it = null, leave normally
     *           body                            // continue: to head (inside); break, return, throw: out
     *           to head
     *   } finally { if ($it != null) await $it.aclose(); }
     * </pre>
     * The loop's break target sits below the try frame, so a break (or a return, or an exception) runs the
     * close first; its continue target sits above it, so a continue does not.
     */
    private void asyncFor(EnhancedForLoopTree f, LabeledStatementTree labeled) {
        String where = body.lineComment(f);
        ExpressionTree src = ((MethodInvocationTree) Body.stripParens(f.getExpression())).getArguments().get(0);
        Code source = explode(src);
        Var it = frame.temp(ParameterizedTypeName.get(ASYNC_ITERATOR, WildcardTypeName.subtypeOf(Object.class)));
        g.assign(it, primary(src) ? Code.of(source, ".aiter()") : Code.of("(", source, ").aiter()"));
        Label head = new Label();
        Label end = new Label();
        Label exhausted = new Label();
        push(f, labeled, end, null); // break (through the close)
        TryFrame tf = newTryFrame();
        Target ft = new Target();
        ft.tryFrame = tf;
        targets.push(ft);
        Label toFinally = new Label();
        Graph.Region outer = g.region();
        g.region(g.newRegion(toFinally, "async for at " + where));
        g.place(head);
        Label resume = new Label();
        Liveness.Clearing clearing = new Liveness.Clearing(resume);
        clearings.add(clearing);
        // The end of the iteration comes as StopAsyncIteration from anext, at once or on resumption.
        g.emit(Code.of("try { if (($value = ", it, ".anext().awaitFrom(", awaitingFrame, ")) == SUSPENDED) { $state = ",
                resume, ";", clearing, " return SUSPENDED; } } catch (", STOP_ASYNC_ITERATION, " $s) { ",
                g.jumpCode(exhausted), " }"));
        g.placeResume(resume);
        g.jumpIf(Code.of("$error instanceof ", STOP_ASYNC_ITERATION), exhausted);
        g.emit(Code.of("if ($error != null) throw $error; // the await threw"));
        Var var = declareVar(f.getVariable());
        define(var, Code.of("(", var.type, ") $value"));
        push(f, labeled, null, head); // continue (inside the try: no close)
        statement(f.getStatement());
        targets.pop();
        if (!g.terminated()) {
            g.jump(head);
        }
        g.place(exhausted);
        g.emit(Code.of("$error = null; ", it, " = null; // exhausted: nothing to close"));
        leaveTry(tf, end);
        targets.pop(); // the try frame
        g.region(outer);
        g.comment("closes the async for at " + where);
        g.place(toFinally);
        g.emit(Code.of(tf.pending, " = $error; $error = null; ", tf.completion, " = 1;"));
        g.place(tf.finallyLabel);
        Label closed = new Label();
        g.jumpIf(Code.of(it, " == null"), closed);
        suspendFor(Code.of(it, ".aclose()"), true, null);
        g.place(closed);
        g.emit(Code.of(it, " = null;"));
        completionDispatch(tf, Code.of("Throwable $p = ", tf.pending, "; ", tf.pending, " = null; throw $p;"));
        targets.pop(); // the break target
        g.place(end);
    }

    /** Leaves to {@code exit} unless {@code cond} holds; `true` needs no test. */
    private void condition(ExpressionTree cond, Label exit) {
        ExpressionTree c = Body.stripParens(cond);
        if (c.getKind() == Tree.Kind.BOOLEAN_LITERAL && Boolean.TRUE.equals(((com.sun.source.tree.LiteralTree) c).getValue())) {
            return;
        }
        g.jumpIf(Code.of("!(", explode(c), ")"), exit);
    }

    // ---------------------------------------------------------------- switch

    /**
     * Emits the Java switch that jumps to each case's state; returns the labels, one per case. The case
     * labels are the user's (constants, {@code default}, {@code null}, patterns with their guards), so the
     * dispatch matches exactly as the original switch does, exhaustiveness and {@code MatchException}
     * included. A pattern's bindings are bound to fresh names there and copied into their variables, which
     * the case's states read (the guard reads the fresh names).
     */
    private List<Label> dispatch(ExpressionTree selector, List<? extends CaseTree> cases, Label noMatch, boolean expression) {
        Code sel = explode(Body.stripParens(selector));
        List<Label> labels = new ArrayList<>();
        List<Object> parts = new ArrayList<>();
        parts.add(Code.of("switch (", sel, ") {"));
        boolean hasDefault = false;
        boolean enhanced = false;
        for (CaseTree c : cases) {
            Label l = new Label();
            labels.add(l);
            List<Code> ls = new ArrayList<>();
            List<Code> binds = new ArrayList<>();
            Map<Tree, Code> renamed = new IdentityHashMap<>();
            Map<Element, String> fresh = new HashMap<>();
            for (CaseLabels.Label x : CaseLabels.of(c)) {
                switch (x.kind) {
                    case DEFAULT:
                        hasDefault = true;
                        ls.add(Code.of("default"));
                        break;
                    case CONSTANT: {
                        enhanced |= x.tree.getKind() == Tree.Kind.NULL_LITERAL;
                        Element el = body.element(x.tree);
                        ls.add(el != null && el.getKind() == ElementKind.ENUM_CONSTANT
                                ? Code.of(el.getSimpleName().toString()) : r.render(x.tree));
                        break;
                    }
                    default:
                        enhanced = true;
                        ls.add(pattern(x.tree, binds, renamed, fresh));
                }
            }
            ExpressionTree guard = CaseLabels.guard(c);
            if (guard != null && body.suspends(guard)) {
                throw new Unsupported(guard, "await inside a case guard (`when`) is not supported: the guard decides"
                        + " which case runs, inside the switch that dispatches. Await into a local before the switch,"
                        + " or test inside the case", "CorioUnsupported");
            }
            if (guard != null && !fresh.isEmpty()) {
                bindingUses(guard, fresh, renamed);
            }
            Code head = ls.size() == 1 && CaseLabels.of(c).get(0).kind == CaseLabels.Kind.DEFAULT
                    ? Code.of(" default") : Code.of(" case ", Code.join(ls, ", "));
            parts.add(Code.of(head, guard == null ? null : Code.of(" when ", r.render(guard, renamed)), ": ",
                    Code.join(binds, ""), g.jumpCode(l)));
        }
        if (!hasDefault && !enhanced) {
            parts.add(expression ? Code.of(" default: throw new IncompatibleClassChangeError();")
                    : Code.of(" default: ", g.jumpCode(noMatch)));
        }
        parts.add(" }");
        g.emit(Code.of(parts.toArray()));
        g.terminate();
        return labels;
    }

    /**
     * A case's pattern, its bindings renamed to fresh names (in {@code renamed}) that {@code binds} copies
     * into the bindings' variables; a binding no other state reads keeps its name.
     */
    private Code pattern(Tree pattern, List<Code> binds, Map<Tree, Code> renamed, Map<Element, String> fresh) {
        for (VariableTree v : Renderer.bindings(pattern)) {
            VariableElement e = (VariableElement) body.element(v);
            Var var = frame.local(e, false);
            if (!var.field) {
                continue;
            }
            String bound = frame.fresh(var.name.replace("$", ""));
            fresh.put(e, bound);
            renamed.put(v, Code.of(r.bindingType(v), " ", bound));
            binds.add(Code.of(var, " = ", bound, "; "));
        }
        return r.render(pattern, renamed);
    }

    /** Records in {@code renamed} that the guard's uses of renamed bindings read their fresh names. */
    private void bindingUses(ExpressionTree guard, Map<Element, String> fresh, Map<Tree, Code> renamed) {
        new com.sun.source.util.TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void p) {
                String n = fresh.get(body.trees.getElement(getCurrentPath()));
                if (n != null) {
                    renamed.put(node, Code.of(n));
                }
                return null;
            }
        }.scan(body.path(guard), null);
    }

    private void switchStatement(SwitchTree s) {
        Label end = new Label();
        List<Label> labels = dispatch(s.getExpression(), s.getCases(), end, false);
        push(s, null, end, null);
        for (int i = 0; i < s.getCases().size(); i++) {
            CaseTree c = s.getCases().get(i);
            g.place(labels.get(i));
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                Tree b = c.getBody();
                if (b instanceof ExpressionTree) {
                    Code x = explode((ExpressionTree) b, true);
                    if (x != null) {
                        g.emit(x.then(";"));
                    }
                } else {
                    statement((StatementTree) b);
                }
                if (!g.terminated()) {
                    g.jump(end);
                }
            } else {
                for (StatementTree x : c.getStatements()) {
                    statement(x);
                }
            }
        }
        targets.pop();
        g.place(end);
    }

    private Code switchExpression(SwitchExpressionTree s) {
        Var result = frame.temp(denotable.of(body.type(s)));
        Label end = new Label();
        List<Label> labels = dispatch(s.getExpression(), s.getCases(), end, true);
        Target t = push(s, null, end, null);
        t.yieldTo = result;
        for (int i = 0; i < s.getCases().size(); i++) {
            CaseTree c = s.getCases().get(i);
            g.place(labels.get(i));
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                Tree b = c.getBody();
                if (b instanceof ExpressionTree) {
                    g.assign(result, explode((ExpressionTree) b));
                    g.jump(end);
                } else {
                    statement((StatementTree) b);
                }
            } else {
                for (StatementTree x : c.getStatements()) {
                    statement(x);
                }
            }
        }
        targets.pop();
        g.place(end);
        return Code.of(result);
    }

    // ---------------------------------------------------------------- try

    private void tryStatement(TryTree t) {
        if (!t.getResources().isEmpty()) {
            if (t.getCatches().isEmpty() && t.getFinallyBlock() == null) {
                resources(t.getResources(), 0, t.getBlock());
            } else {
                plainTry(t, () -> resources(t.getResources(), 0, t.getBlock()));
            }
            return;
        }
        plainTry(t, () -> statement(t.getBlock()));
    }

    private TryFrame newTryFrame() {
        int n = ++tries;
        TryFrame f = new TryFrame("$finally" + n, "$pending" + n);
        finallyFields.add(f.completion);
        finallyFields.add(f.pending);
        return f;
    }

    private void plainTry(TryTree t, Runnable tryBody) {
        String where = body.lineComment(t);
        Label end = new Label();
        List<? extends CatchTree> catches = t.getCatches();
        BlockTree fin = t.getFinallyBlock();
        Label dispatch = catches.isEmpty() ? null : new Label();
        TryFrame tf = fin == null ? null : newTryFrame();
        Label toFinally = tf == null ? null : new Label();
        Graph.Region outer = g.region();
        Target ft = null;
        if (tf != null) {
            ft = new Target();
            ft.tryFrame = tf;
            targets.push(ft);
        }
        g.region(g.newRegion(dispatch != null ? dispatch : toFinally, "try at " + where));
        g.place(new Label());
        tryBody.run();
        leaveTry(tf, end);
        Graph.Region catchRegion = tf != null ? new Graph.Region(toFinally, outer, "catch at " + where) : outer;
        g.region(catchRegion);
        if (dispatch != null) {
            g.comment(body.lineComment(catches.get(0)));
            g.place(dispatch);
            List<Label> handlers = new ArrayList<>();
            for (CatchTree c : catches) {
                Label h = new Label();
                handlers.add(h);
                Tree type = c.getParameter().getType();
                List<? extends Tree> alts = type instanceof UnionTypeTree ? ((UnionTypeTree) type).getTypeAlternatives() : List.of(type);
                List<Code> tests = new ArrayList<>();
                for (Tree a : alts) {
                    tests.add(Code.of("$error instanceof ", r.render(a)));
                }
                g.jumpIf(Code.join(tests, " || "), h);
            }
            g.emit(Code.of("throw $error;")); // no catch matches: on to the finally, or out
            g.terminate();
            for (int i = 0; i < catches.size(); i++) {
                CatchTree c = catches.get(i);
                g.comment(body.lineComment(c));
                g.place(handlers.get(i));
                Var p = declareVar(c.getParameter());
                define(p, Code.of("(", p.type, ") $error"));
                g.emit(Code.of("$error = null;"));
                statement(c.getBlock());
                leaveTry(tf, end);
            }
        }
        g.region(outer);
        if (tf != null) {
            targets.pop();
            g.comment(body.lineComment(fin));
            g.place(toFinally);
            g.emit(Code.of(tf.pending, " = $error; $error = null; ", tf.completion, " = 1;"));
            g.place(tf.finallyLabel);
            statement(fin);
            if (!g.terminated()) {
                completionDispatch(tf, Code.of("Throwable $p = ", tf.pending, "; ", tf.pending, " = null; throw $p;"));
            }
        }
        g.place(end);
    }

    private void leaveTry(TryFrame tf, Label end) {
        if (g.terminated()) {
            return;
        }
        if (tf != null) {
            g.emit(Code.of(tf.completion, " = 0;"));
            g.jump(tf.finallyLabel);
        } else {
            g.jump(end);
        }
    }

    /** After a finally block: resume the pending completion (0 falls through). */
    private void completionDispatch(TryFrame tf, Code rethrow) {
        List<Object> parts = new ArrayList<>();
        parts.add(Code.of("switch (", tf.completion, ") {"));
        if (rethrow != null) {
            parts.add(Code.of(" case 1: { ", rethrow, " }"));
        }
        if (usesRetvalIn(tf)) {
            parts.add(Code.of(" case 2: { ", returnCode(Code.of("$retval")), " }"));
        }
        for (int i = 0; i < tf.exits.size(); i++) {
            Object[] exit = tf.exits.get(i);
            parts.add(Code.of(" case ", Integer.toString(i + 3), ": { ", jumpTo((Target) exit[0], (Boolean) exit[1]), " }"));
        }
        parts.add(" }");
        g.emit(Code.of(parts.toArray()));
    }

    private final Map<TryFrame, Boolean> returnsThrough = new IdentityHashMap<>();

    private boolean usesRetvalIn(TryFrame tf) {
        return returnsThrough.getOrDefault(tf, false);
    }

    private void resources(List<? extends Tree> res, int i, BlockTree block) {
        if (i == res.size()) {
            statement(block);
            return;
        }
        Tree rt = res.get(i);
        g.comment(body.lineComment(rt));
        Code ref;
        if (rt instanceof VariableTree) {
            VariableTree v = (VariableTree) rt;
            Var var = declareVar(v);
            define(var, explode(v.getInitializer()));
            ref = Code.of(var);
        } else {
            ref = explode((ExpressionTree) rt);
        }
        if (body.asyncResource(rt)) {
            asyncWith(rt, ref, res, i, block);
            return;
        }
        Label handler = new Label();
        Label end = new Label();
        TryFrame tf = guardedRest(handler, end, "resource at " + body.lineComment(rt), res, i, block);
        // An exception in the body: close, keeping a failure of close as suppressed, and rethrow.
        g.place(handler);
        g.emit(Code.of("{ Throwable $p = $error; $error = null; if (", ref, " != null) { try { ", ref,
                ".close(); } catch (Throwable $s) { $p.addSuppressed($s); } } throw $p; }"));
        g.terminate();
        // Normal completion or a jump out of the body: close, then go on.
        g.place(tf.finallyLabel);
        g.emit(Code.of("if (", ref, " != null) ", ref, ".close();"));
        completionDispatch(tf, null);
        g.place(end);
    }

    /**
     * Lowers the resources after the {@code i}-th and then the block inside a try region whose exceptions go
     * to {@code handler}; normal completion and jumps out go through the returned frame's finally label, and
     * the code after it starts at {@code end}.
     */
    private TryFrame guardedRest(Label handler, Label end, String regionName, List<? extends Tree> res, int i,
            BlockTree block) {
        TryFrame tf = newTryFrame();
        Target ft = new Target();
        ft.tryFrame = tf;
        targets.push(ft);
        Graph.Region outer = g.region();
        g.region(g.newRegion(handler, regionName));
        g.place(new Label());
        resources(res, i + 1, block);
        leaveTry(tf, end);
        targets.pop();
        g.region(outer);
        return tf;
    }

    /**
     * {@code try (m)} on an {@code AsyncContextManager} is Python's {@code async with m}: await
     * {@code m.aenter()}; run the body; then await {@code m.aexit(e)} with what the body threw (null if it
     * completed or jumped out). A true result suppresses the exception; an exception from aexit replaces it;
     * a failing aenter skips aexit.
     */
    private void asyncWith(Tree rt, Code ref, List<? extends Tree> res, int i, BlockTree block) {
        suspendFor(Code.of(ref, ".aenter()"), true, null); // ref is a variable or an effectively final name
        Label handler = new Label();
        Label end = new Label();
        TryFrame tf = guardedRest(handler, end, "async with at " + body.lineComment(rt), res, i, block);
        g.place(handler);
        g.emit(Code.of(tf.pending, " = $error; $error = null;"));
        Code suppress = suspendFor(Code.of(ref, ".aexit(", tf.pending, ")"), false, ClassName.get(Boolean.class));
        g.emit(Code.of("if (!", ClassName.get(Boolean.class), ".TRUE.equals(", suppress, ")) { Throwable $p = ",
                tf.pending, "; ", tf.pending, " = null; throw $p; }"));
        g.emit(Code.of(tf.pending, " = null; // aexit suppressed the exception"));
        g.jump(end);
        g.place(tf.finallyLabel);
        suspendFor(Code.of(ref, ".aexit(null)"), true, null);
        completionDispatch(tf, null);
        g.place(end);
    }

    // ---------------------------------------------------------------- jumps

    private Code jumpTo(Target t, boolean cont) {
        for (Target x : targets) {
            if (x == t) {
                break;
            }
            if (x.tryFrame != null) {
                int code = x.tryFrame.code(t, cont);
                return Code.of(x.tryFrame.completion, " = ", Integer.toString(code), "; ", g.jumpCode(x.tryFrame.finallyLabel));
            }
        }
        return g.jumpCode(cont ? t.continueTo : t.breakTo);
    }

    /** Whether a return here completes the coroutine at once (no finally block of the machine is pending). */
    boolean returnsDirectly() {
        return targets.stream().noneMatch(t -> t.tryFrame != null);
    }

    /** The code that completes the coroutine with {@code value}, through pending finally blocks. */
    Code returnCode(Code value) {
        for (Target x : targets) {
            if (x.tryFrame != null) {
                usesRetval = true;
                returnsThrough.put(x.tryFrame, true);
                return Code.of("$retval = ", value, "; ", x.tryFrame.completion, " = 2; ", g.jumpCode(x.tryFrame.finallyLabel));
            }
        }
        return Code.of("return ", value, ";");
    }

    /** The jump for a break or continue at {@code path}, or null when its target is not flattened. */
    Code jumpOut(TreePath path, boolean cont) {
        Tree leaf = path.getLeaf();
        javax.lang.model.element.Name label = cont ? ((com.sun.source.tree.ContinueTree) leaf).getLabel()
                : ((com.sun.source.tree.BreakTree) leaf).getLabel();
        Tree target = null;
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            if (label == null) {
                Tree.Kind k = t.getKind();
                if (k == Tree.Kind.WHILE_LOOP || k == Tree.Kind.DO_WHILE_LOOP || k == Tree.Kind.FOR_LOOP
                        || k == Tree.Kind.ENHANCED_FOR_LOOP || (!cont && k == Tree.Kind.SWITCH)) {
                    target = t;
                    break;
                }
            } else if (t instanceof LabeledStatementTree && ((LabeledStatementTree) t).getLabel().contentEquals(label)) {
                target = cont ? ((LabeledStatementTree) t).getStatement() : t;
                break;
            }
        }
        for (Target t : targets) {
            if ((cont ? t.continueTo : t.breakTo) == null && t.tree instanceof EnhancedForLoopTree) {
                continue; // an async for's inner target takes its continue, its outer one its break
            }
            if (t.tree != null && (t.tree == target || t.labeled == target)) {
                if (!cont && t.labeled == target && t.labeled != t.tree) {
                    return jumpTo(t, false);
                }
                return jumpTo(t, cont);
            }
        }
        return null;
    }

    /** The local that gives a conditional or switch result its target type (see {@link #resultLocal}). */
    static final String RESULT_LOCAL = "$result";

    /**
     * The value of {@code result(arg)} as {@code resume} returns it. {@code resume} returns {@code Object},
     * which gives a lambda or method reference no target type: such a value is cast to the coroutine's
     * result type, the target it had in {@code result(...)}.
     */
    Code resultValue(ExpressionTree arg, Code value) {
        ExpressionTree e = Body.stripParens(arg);
        return e.getKind() == Tree.Kind.LAMBDA_EXPRESSION || e.getKind() == Tree.Kind.MEMBER_REFERENCE
                ? Code.of("(", resultType, ") (", value, ")") : value;
    }

    /**
     * The declaration {@code T $result = value;} that gives a result its target type, else null: for a
     * {@code ?:} or {@code switch} with a lambda or method reference among its arms (a cast gives those no
     * target), and for a call of a generic method or a diamond {@code new} (their inference uses the target:
     * {@code result(Predicates.compose(p, Map.Entry::getKey))}, {@code result(Collector.of((a, t) -> ...))}).
     */
    Code resultLocal(ExpressionTree arg, Code value) {
        ExpressionTree e = Body.stripParens(arg);
        boolean poly = (e.getKind() == Tree.Kind.CONDITIONAL_EXPRESSION || e.getKind() == Tree.Kind.SWITCH_EXPRESSION)
                && needsTarget(e) || infersFromTarget(e);
        return poly ? Code.of(resultType, " " + RESULT_LOCAL + " = ", value, ";") : null;
    }

    private boolean infersFromTarget(ExpressionTree e) {
        if (e instanceof MethodInvocationTree) {
            MethodInvocationTree m = (MethodInvocationTree) e;
            javax.lang.model.element.Element el = body.element(m);
            return m.getTypeArguments().isEmpty() && !body.isAwait(m) && el instanceof javax.lang.model.element.ExecutableElement
                    && !((javax.lang.model.element.ExecutableElement) el).getTypeParameters().isEmpty();
        }
        if (e instanceof NewClassTree) {
            Tree id = ((NewClassTree) e).getIdentifier();
            return id instanceof com.sun.source.tree.ParameterizedTypeTree
                    && ((com.sun.source.tree.ParameterizedTypeTree) id).getTypeArguments().isEmpty();
        }
        return false;
    }

    private static boolean needsTarget(ExpressionTree arg) {
        ExpressionTree e = Body.stripParens(arg);
        switch (e.getKind()) {
            case LAMBDA_EXPRESSION:
            case MEMBER_REFERENCE:
                return true;
            case CONDITIONAL_EXPRESSION: {
                com.sun.source.tree.ConditionalExpressionTree c = (com.sun.source.tree.ConditionalExpressionTree) e;
                return needsTarget(c.getTrueExpression()) || needsTarget(c.getFalseExpression());
            }
            case SWITCH_EXPRESSION: {
                boolean[] found = {false};
                new com.sun.source.util.TreeScanner<Void, Void>() {
                    @Override
                    public Void visitYield(com.sun.source.tree.YieldTree y, Void v) {
                        found[0] |= needsTarget(y.getValue());
                        return null;
                    }

                    @Override
                    public Void visitCase(com.sun.source.tree.CaseTree c, Void v) {
                        if (c.getCaseKind() == com.sun.source.tree.CaseTree.CaseKind.RULE
                                && c.getBody() instanceof ExpressionTree) {
                            found[0] |= needsTarget((ExpressionTree) c.getBody());
                        }
                        return super.visitCase(c, v);
                    }

                    @Override
                    public Void visitSwitchExpression(SwitchExpressionTree t, Void v) {
                        return t == e ? super.visitSwitchExpression(t, v) : null;
                    }

                    @Override
                    public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree t, Void v) {
                        return null;
                    }

                    @Override
                    public Void visitClass(com.sun.source.tree.ClassTree t, Void v) {
                        return null;
                    }
                }.scan(e, null);
                return found[0];
            }
            default:
                return false;
        }
    }

    /** The code for {@code yield value} at {@code path}, or null when its switch is copied through. */
    Code yieldOut(TreePath path, Code value) {
        Tree target = null;
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            if (p.getLeaf() instanceof SwitchExpressionTree) {
                target = p.getLeaf();
                break;
            }
        }
        for (Target t : targets) {
            if (t.tree == target && t.yieldTo != null) {
                return Code.of(t.yieldTo.name, " = ", value, "; ", jumpTo(t, false));
            }
        }
        return null;
    }

    private void returnStatement(ReturnTree ret) {
        ExpressionTree e = Body.stripParens(ret.getExpression());
        Code value;
        if (generator) {
            value = Code.of("FINISHED"); // `return done();`, the only return Checks lets a generator have
        } else if (body.isResult(e)) {
            ExpressionTree arg = ((MethodInvocationTree) e).getArguments().get(0);
            value = explode(arg);
            Code local = resultLocal(arg, value);
            if (local != null) {
                g.emit(local);
                value = Code.of(RESULT_LOCAL);
            } else {
                value = resultValue(arg, value);
            }
        } else {
            // `return otherCoroutine;` delegates: the coroutine completes with what that one gives
            Code c0 = explode(e);
            Code c = typedAwaitable(e, c0);
            value = suspendFor(c != c0 || primary(e) ? c : Code.of("(", c, ")"), false, resultType);
        }
        g.emit(returnCode(value));
        g.terminate();
    }

    /** A fresh effectively-final copy of a field-backed variable, for a lambda or class body created here. */
    String captureCopy(Var v) {
        String name = v.name.replace("$", "") + "$" + ++copies;
        g.emit(Code.of("final ", v.type, " ", name, " = ", v, ";"));
        return name;
    }

    // ---------------------------------------------------------------- expressions

    private Code explode(ExpressionTree e) {
        return explode(e, false);
    }

    /** The code for {@code e}, after emitting what must run before it; {@code discard}: a statement (null if nothing is left). */
    private Code explode(ExpressionTree e, boolean discard) {
        if (!body.suspends(e)) {
            return r.render(e);
        }
        switch (e.getKind()) {
            case METHOD_INVOCATION: {
                MethodInvocationTree m = (MethodInvocationTree) e;
                if (body.isEmit(m)) {
                    return emitValue(m, discard);
                }
                if (body.isAwait(m)) {
                    ExpressionTree arg = m.getArguments().get(0);
                    Code a0 = explode(arg);
                    Code a = typedAwaitable(arg, a0);
                    boolean stage = body.awaitsStage(m);
                    Code awaitable = stage ? Code.of(ASYNC_FUTURE, ".fromStage(", a, ", loop())")
                            : a != a0 || primary(arg) ? a : Code.of("(", a, ")");
                    return suspendFor(awaitable, discard, discard ? null : denotable.of(body.type(m)));
                }
                List<ExpressionTree> ops = new ArrayList<>();
                ExpressionTree sel = m.getMethodSelect();
                if (sel instanceof MemberSelectTree && isValue(((MemberSelectTree) sel).getExpression())) {
                    ops.add(((MemberSelectTree) sel).getExpression());
                }
                ops.addAll(m.getArguments());
                return rebuild(e, ops);
            }
            case PARENTHESIZED:
                return rebuild(e, List.of(((ParenthesizedTree) e).getExpression()));
            case NEW_CLASS: {
                NewClassTree n = (NewClassTree) e;
                List<ExpressionTree> ops = new ArrayList<>();
                if (n.getEnclosingExpression() != null) {
                    ops.add(n.getEnclosingExpression());
                }
                ops.addAll(n.getArguments());
                return rebuild(e, ops);
            }
            case NEW_ARRAY: {
                NewArrayTree n = (NewArrayTree) e;
                List<ExpressionTree> ops = new ArrayList<>(n.getDimensions());
                if (n.getInitializers() != null) {
                    ops.addAll(n.getInitializers());
                }
                return rebuild(e, ops);
            }
            case ARRAY_ACCESS:
                return rebuild(e, List.of(((ArrayAccessTree) e).getExpression(), ((ArrayAccessTree) e).getIndex()));
            case MEMBER_SELECT:
                return rebuild(e, List.of(((MemberSelectTree) e).getExpression()));
            case TYPE_CAST:
                return rebuild(e, List.of(((TypeCastTree) e).getExpression()));
            case INSTANCE_OF:
                return rebuild(e, List.of(((InstanceOfTree) e).getExpression()));
            case CONDITIONAL_AND: case CONDITIONAL_OR:
                return shortCircuit((BinaryTree) e);
            case CONDITIONAL_EXPRESSION:
                return conditional((ConditionalExpressionTree) e);
            case ASSIGNMENT: {
                AssignmentTree a = (AssignmentTree) e;
                List<ExpressionTree> ops = new ArrayList<>(lvalueOperands(a.getVariable()));
                ops.add(a.getExpression());
                return rebuild(e, ops);
            }
            case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                return rebuild(e, lvalueOperands(((UnaryTree) e).getExpression()));
            case UNARY_PLUS: case UNARY_MINUS: case BITWISE_COMPLEMENT: case LOGICAL_COMPLEMENT:
                return rebuild(e, List.of(((UnaryTree) e).getExpression()));
            case SWITCH_EXPRESSION:
                return switchExpression((SwitchExpressionTree) e);
            case MEMBER_REFERENCE:
                // `await(x)::m` evaluates its receiver when the reference is made
                return rebuild(e, List.of(((com.sun.source.tree.MemberReferenceTree) e).getQualifierExpression()));
            default:
                if (e instanceof CompoundAssignmentTree) {
                    return compound((CompoundAssignmentTree) e);
                }
                if (e instanceof BinaryTree) {
                    return rebuild(e, List.of(((BinaryTree) e).getLeftOperand(), ((BinaryTree) e).getRightOperand()));
                }
                throw new Unsupported(e, "await inside a " + e.getKind().toString().toLowerCase().replace('_', ' '));
        }
    }

    /**
     * The awaited expression as the receiver of {@code awaitFrom}, where it has no target type: a generic call
     * with a lambda or method reference among its arguments infers its type arguments from the target
     * (Guava {@code Ordering.onKeys}: {@code return onResultOf(Map.Entry::getKey);}, "cannot infer
     * type-variable(s) F"), so it is first assigned to a local of the type it had in the source.
     */
    private Code typedAwaitable(ExpressionTree e, Code code) {
        ExpressionTree x = Body.stripParens(e);
        if (!(x instanceof MethodInvocationTree) || !infersFromTarget(x) || ((MethodInvocationTree) x).getArguments().stream()
                .map(Body::stripParens).noneMatch(a -> a.getKind() == Tree.Kind.LAMBDA_EXPRESSION
                        || a.getKind() == Tree.Kind.MEMBER_REFERENCE)) {
            return code;
        }
        TypeName type;
        try {
            type = denotable.of(body.type(x));
        } catch (Denotable.NotDenotable n) {
            return code;
        }
        String name = frame.fresh("awaited");
        g.emit(Code.of(type, " ", name, " = ", code, ";"));
        return Code.of(name);
    }

    private static boolean isThis(ExpressionTree t) {
        ExpressionTree x = Body.stripParens(t);
        return x instanceof IdentifierTree && ((IdentifierTree) x).getName().contentEquals("this")
                || x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("this");
    }

    /** Whether {@code e} can be followed by {@code .m()} without parentheses. */
    private static boolean primary(ExpressionTree e) {
        switch (e.getKind()) {
            case METHOD_INVOCATION: case IDENTIFIER: case MEMBER_SELECT: case PARENTHESIZED: case ARRAY_ACCESS:
                return true;
            case NEW_CLASS:
                return ((NewClassTree) e).getClassBody() == null;
            default:
                return false;
        }
    }

    /** Emits the suspension for {@code awaitable}; the await's value (cast to {@code type}) is then in {@code $value}. */
    private Code suspendFor(Code awaitable, boolean discard, TypeName type) {
        Label resume = new Label();
        Liveness.Clearing clearing = new Liveness.Clearing(resume);
        clearings.add(clearing);
        if (g.current().region == g.region()) {
            // The fast path falls into the continuation with $state still naming this state: same try region,
            // so an exception is routed the same way, and $state is written only when the machine suspends.
            g.emit(Code.of("if (($value = ", awaitable, ".awaitFrom(", awaitingFrame, ")) == SUSPENDED) { $state = ", resume, ";",
                    clearing, " return SUSPENDED; }"));
        } else {
            g.emit(Code.of("$state = ", resume, ";"));
            g.emit(Code.of("if (($value = ", awaitable, ".awaitFrom(", awaitingFrame, ")) == SUSPENDED) {", clearing, " return SUSPENDED; }"));
        }
        g.placeResume(resume);
        g.emit(Code.of("if ($error != null) throw $error; // the await threw"));
        if (discard) {
            return null;
        }
        return type == null || type.equals(ClassName.OBJECT) ? Code.of("$value") : Code.of("((", type, ") $value)");
    }

    /**
     * {@code emit(v)}, a generator's produce point: always suspends, handing {@code v} to the step that runs
     * the body; resumed with the value sent in ({@code $value}) or the exception thrown in ({@code $error}:
     * athrow's, or aclose's GeneratorExit), which the emit throws. The value goes through {@code $value}
     * before the dead fields are cleared, since it may read one of them.
     */
    private Code emitValue(MethodInvocationTree m, boolean discard) {
        Code v = explode(m.getArguments().get(0));
        Label resume = new Label();
        Liveness.Clearing clearing = new Liveness.Clearing(resume);
        clearings.add(clearing);
        g.emit(Code.of("$value = ", v, "; $state = ", resume, ";", clearing, " return produced($value);"));
        g.successor(resume);
        g.terminate();
        g.placeResume(resume);
        g.emit(Code.of("if ($error != null) throw $error; // thrown in at the emit (athrow, aclose)"));
        if (discard) {
            return null;
        }
        TypeName type = denotable.of(body.type(m));
        return type.equals(ClassName.OBJECT) ? Code.of("$value") : Code.of("((", type, ") $value)");
    }

    /**
     * Evaluates {@code ops} in order, spilling each operand that a later await could observe, then renders
     * {@code e} around their values.
     */
    private Code rebuild(ExpressionTree e, List<ExpressionTree> ops) {
        int last = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (body.suspends(ops.get(i))) {
                last = i;
            }
        }
        Map<Tree, Code> values = new HashMap<>();
        for (int i = 0; i <= last; i++) {
            ExpressionTree op = ops.get(i);
            Code c = explode(op);
            if (i < last && needsSpill(op, ops.subList(i + 1, last + 1))) {
                c = spill(op, c);
            }
            values.put(op, c);
        }
        return r.render(e, new IdentityHashMap<>(values));
    }

    private Code spill(ExpressionTree op, Code c) {
        Var t = frame.temp(frame.typeOf(body.type(op)));
        g.assign(t, c);
        return Code.of(t);
    }

    /** Whether an operand's value could differ if it were evaluated after the later operands. */
    private boolean needsSpill(ExpressionTree op, List<ExpressionTree> later) {
        ExpressionTree o = Body.stripParens(op);
        if (o instanceof com.sun.source.tree.LiteralTree) {
            return false;
        }
        if (o instanceof MemberSelectTree && ((MemberSelectTree) o).getIdentifier().contentEquals("class")) {
            return false;
        }
        if (o instanceof IdentifierTree) {
            if (((IdentifierTree) o).getName().contentEquals("this")) {
                return false;
            }
            Element el = body.element(o);
            if (el != null && (el.getKind() == ElementKind.LOCAL_VARIABLE || el.getKind() == ElementKind.PARAMETER
                    || el.getKind() == ElementKind.EXCEPTION_PARAMETER || el.getKind() == ElementKind.RESOURCE_VARIABLE)) {
                return assignedIn(el, later);
            }
        }
        return true;
    }

    private boolean assignedIn(Element var, List<ExpressionTree> trees) {
        boolean[] found = {false};
        TreeScanner<Void, Void> s = new TreeScanner<>() {
            private void check(ExpressionTree target) {
                ExpressionTree t = Body.stripParens(target);
                if (t instanceof IdentifierTree && body.element(t) == var) {
                    found[0] = true;
                }
            }

            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                check(node.getVariable());
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                check(node.getVariable());
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void p) {
                check(node.getExpression());
                return super.visitUnary(node, p);
            }
        };
        for (ExpressionTree t : trees) {
            s.scan(t, null);
        }
        return found[0];
    }

    private boolean isValue(ExpressionTree receiver) {
        ExpressionTree r0 = Body.stripParens(receiver);
        if (r0 instanceof IdentifierTree && ((IdentifierTree) r0).getName().contentEquals("super")) {
            return false;
        }
        Element e = body.element(r0);
        return e == null || !(e.getKind().isClass() || e.getKind().isInterface() || e.getKind() == ElementKind.PACKAGE);
    }

    /** The operands an assignment evaluates before its right side: array and index, or a field's object. */
    private List<ExpressionTree> lvalueOperands(ExpressionTree lhs) {
        ExpressionTree l = Body.stripParens(lhs);
        if (l instanceof ArrayAccessTree) {
            return List.of(((ArrayAccessTree) l).getExpression(), ((ArrayAccessTree) l).getIndex());
        }
        if (l instanceof MemberSelectTree && isValue(((MemberSelectTree) l).getExpression())) {
            return List.of(((MemberSelectTree) l).getExpression());
        }
        return List.of();
    }

    private Code compound(CompoundAssignmentTree a) {
        List<ExpressionTree> lv = lvalueOperands(a.getVariable());
        if (!body.suspends(a.getExpression())) {
            return rebuild(a, lv);
        }
        // JLS 15.26.2: the variable and its value are taken before the right side runs.
        javax.lang.model.element.Element field = body.element(a.getVariable());
        ExpressionTree target = Body.stripParens(a.getVariable());
        boolean onSelf = !(target instanceof MemberSelectTree) || isThis(((MemberSelectTree) target).getExpression());
        boolean accessor = field != null && field.getKind() == ElementKind.FIELD && r.accessed(field, onSelf);
        Map<Tree, Code> values = new IdentityHashMap<>();
        Code receiver = null;
        for (ExpressionTree op : lv) {
            Code c = explode(op);
            // through an accessor the receiver is used twice: saved once (unless it is `this`)
            boolean twice = accessor && !isThis(op);
            values.put(op, twice || needsSpill(op, List.of(a.getExpression())) ? spill(op, c) : c);
            receiver = twice ? values.get(op) : null;
        }
        Code variable = r.render(a.getVariable(), values);
        TypeName type = denotable.of(body.type(a.getVariable()));
        if (accessor) { // through accessors (PrivateAccess); the old value read first
            Code open = r.privateCompoundOpen(a, (javax.lang.model.element.VariableElement) field, receiver);
            Var old = frame.temp(type);
            g.assign(old, variable);
            Code right = explode(a.getExpression());
            return Code.of(open, old, " ", operator(a.getKind()), " (", right, ")))");
        }
        if (lv.isEmpty() && !needsSpill(a.getVariable(), List.of(a.getExpression()))) {
            // A local that the right side does not assign keeps its value across the await (nothing else can
            // write a method's local), so reading it afterwards gives the value JLS 15.26.2 reads first.
            Code right = explode(a.getExpression());
            return Code.of(variable, " = (", type, ") (", variable, " ", operator(a.getKind()), " (", right, "))");
        }
        Var old = frame.temp(type);
        g.assign(old, variable);
        Code right = explode(a.getExpression());
        return Code.of(variable, " = (", type, ") (", old, " ", operator(a.getKind()), " (", right, "))");
    }

    static String operator(Tree.Kind k) {
        switch (k) {
            case PLUS_ASSIGNMENT: return "+";
            case MINUS_ASSIGNMENT: return "-";
            case MULTIPLY_ASSIGNMENT: return "*";
            case DIVIDE_ASSIGNMENT: return "/";
            case REMAINDER_ASSIGNMENT: return "%";
            case LEFT_SHIFT_ASSIGNMENT: return "<<";
            case RIGHT_SHIFT_ASSIGNMENT: return ">>";
            case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT: return ">>>";
            case AND_ASSIGNMENT: return "&";
            case OR_ASSIGNMENT: return "|";
            case XOR_ASSIGNMENT: return "^";
            default: throw new IllegalArgumentException(k.toString());
        }
    }

    private Code shortCircuit(BinaryTree b) {
        if (!body.suspends(b.getRightOperand())) {
            return rebuild(b, List.of(b.getLeftOperand(), b.getRightOperand()));
        }
        boolean and = b.getKind() == Tree.Kind.CONDITIONAL_AND;
        Var t = frame.temp(TypeName.BOOLEAN);
        g.assign(t, explode(b.getLeftOperand()));
        Label end = new Label();
        g.jumpIf(and ? Code.of("!", t) : Code.of(t), end);
        g.assign(t, explode(b.getRightOperand()));
        g.place(end);
        return Code.of(t);
    }

    private Code conditional(ConditionalExpressionTree c) {
        if (!body.suspends(c.getTrueExpression()) && !body.suspends(c.getFalseExpression())) {
            return rebuild(c, List.of(c.getCondition()));
        }
        Var t = frame.temp(denotable.of(body.type(c)));
        Label otherwise = new Label();
        Label end = new Label();
        g.jumpIf(Code.of("!(", explode(Body.stripParens(c.getCondition())), ")"), otherwise);
        g.assign(t, explode(c.getTrueExpression()));
        g.jump(end);
        g.place(otherwise);
        g.assign(t, explode(c.getFalseExpression()));
        g.place(end);
        return Code.of(t);
    }
}
