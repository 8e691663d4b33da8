package dev.corio.processor.lower;

import dev.corio.processor.diagnostics.Tag;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePathScanner;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Var;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The lowering of statements: a statement without a suspension point is copied through (by the
 * {@link Renderer}); one with a suspension point is taken apart into states, its expressions by
 * {@link ExpressionLowering}, switches by {@link SwitchLowering}, tries by {@link TryLowering}, async
 * {@code for} by {@link GeneratorLowering}; loops and labels push their {@link JumpEntry}.
 */
final class StatementLowering {
    private final Lowerer lw;
    private final Set<String> localClassNames = new HashSet<>();
    /** The last statement of the method's body (see {@link #lastStatement}). */
    private StatementTree methodEnd;

    StatementLowering(Lowerer lw) {
        this.lw = lw;
    }

    void statement(StatementTree s) {
        Body body = lw.body;
        Graph g = lw.g;
        g.comment(body.lineComment(s));
        if (s instanceof VariableTree) {
            local((VariableTree) s);
            return;
        }
        if (s instanceof ClassTree) {
            localClass((ClassTree) s);
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
            case EXPRESSION_STATEMENT:
                expressionStatement(((ExpressionStatementTree) s).getExpression());
                return;
            case IF:
                ifStatement((IfTree) s);
                return;
            case ENHANCED_FOR_LOOP:
                if (body.isAsyncFor(s)) {
                    lw.generators.asyncFor((EnhancedForLoopTree) s, null);
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
                lw.switches.switchStatement((SwitchTree) s);
                return;
            case TRY:
                lw.tries.tryStatement((TryTree) s);
                return;
            case RETURN:
                returnStatement((ReturnTree) s);
                return;
            case THROW:
                g.emit(Code.of("throw ", lw.expressions.explode(((ThrowTree) s).getExpression()), ";"));
                g.terminate();
                return;
            case YIELD: {
                Code v = lw.expressions.explode(((YieldTree) s).getValue());
                g.emit(lw.jumps.yieldOut(body.path(s), v, false));
                g.terminate();
                return;
            }
            default:
                throw new Unsupported(s, "await inside a " + s.getKind().toString().toLowerCase().replace('_', ' '));
        }
    }

    /** An expression as a statement (also a for loop's initializer or update, which have no `;` in the source). */
    void expressionStatement(ExpressionTree e) {
        Code c = lw.expressions.explode(e, true);
        if (c != null) {
            lw.g.emit(c.then(";"));
        }
    }

    /**
     * A local class (or record, enum, interface) declared where the code is split into states would be out
     * of scope in the later states. One that uses no local variable of the method is declared once at the
     * top of {@code resume} instead, where every state sees it; one that captures locals cannot move.
     */
    private void localClass(ClassTree c) {
        String name = c.getSimpleName().toString();
        if (capturesLocals(c) || !localClassNames.add(name)) {
            throw new Unsupported(c, "local class " + name + " is declared in a block that awaits and "
                    + (localClassNames.contains(name) && !capturesLocals(c) ? "shares its name with another local class"
                    : "uses local variables of the method") + ", so it cannot be declared once for all the states"
                    + " of the generated machine. Declare it in a block without await, or as a nested class.",
                    Tag.LOCAL_CLASS);
        }
        lw.localClasses.add(lw.r.render(c));
    }

    private boolean capturesLocals(ClassTree c) {
        Body body = lw.body;
        Set<Element> declaredInside = new HashSet<>();
        boolean[] captures = {false};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void p) {
                declaredInside.add(body.trees.getElement(getCurrentPath()));
                return super.visitVariable(node, p);
            }
        }.scan(body.path(c), null);
        new TreePathScanner<Void, Void>() {
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
        copy(s, lw.r.render(s));
    }

    /**
     * Emits {@code code}, the copy of {@code s}, so that what the lowering emits after it is reachable for
     * javac exactly when the lowering goes on ({@link Reach}): after a jump nothing follows; a statement
     * whose completion only javac's flow analysis knows is wrapped in {@code if (true)}, unless it ends the
     * method, where javac has already decided that it does not complete normally (the method compiles only
     * if its body cannot: "missing return statement").
     */
    private void copy(StatementTree s, Code code) {
        Reach reach = Reach.of(s);
        if (reach == Reach.FLOW && s != methodEnd) {
            lw.g.emit(Code.of("if (true) { // javac's flow analysis decides whether this completes; the machine goes on after it\n",
                    code, "\n}"));
            return;
        }
        lw.g.emit(code);
        if (reach != Reach.NORMAL) {
            lw.g.terminate();
        }
    }

    /**
     * Lowers the last statement of the method's body: a copy of it never completes normally, since javac
     * rejects a method whose body can ("missing return statement").
     */
    void lastStatement(StatementTree s) {
        methodEnd = s;
        statement(s);
    }

    private static boolean inferred(Body body, VariableTree v) {
        Tree t = v.getType();
        if (t == null || body.start(t) < 0 || body.end(t) < 0) {
            return true;
        }
        return body.text(t).equals("var");
    }

    Var declareVar(VariableTree v) {
        return lw.frame.local((VariableElement) lw.body.element(v), inferred(lw.body, v));
    }

    /** Declares (a Java local) or assigns (a field) {@code v}. */
    void define(Var v, Code value) {
        if (v.field) {
            if (value != null) {
                lw.g.assign(v, value);
            } else {
                lw.g.declare(v);
            }
        } else {
            Object type = v.inferred && value != null ? "var" : v.type;
            lw.g.emit(value == null ? Code.of(type, " ", v.name, ";") : Code.of(type, " ", v.name, " = ", value, ";"));
        }
    }

    private void local(VariableTree v) {
        Var var = declareVar(v);
        ExpressionTree init = v.getInitializer();
        if (init == null) {
            define(var, null);
            return;
        }
        Code value = lw.expressions.explode(init);
        if (init instanceof NewArrayTree && ((NewArrayTree) init).getType() == null && var.field) {
            value = Code.of("new ", var.type, " ", value); // `{1, 2}` is only legal in a declaration
        }
        define(var, value);
    }

    private void ifStatement(IfTree t) {
        Graph g = lw.g;
        Code c = lw.expressions.explode(Body.stripParens(t.getCondition()));
        StatementTree then = t.getThenStatement();
        StatementTree otherwise = t.getElseStatement();
        if (!lw.body.suspends(then) && !lw.body.suspends(otherwise)) {
            copy(t, Code.of("if (", c, ") ", braced(then), otherwise == null ? null : Code.of(" else ", braced(otherwise))));
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
        Code c = lw.r.render(s);
        return s instanceof BlockTree ? c : Code.of("{ ", c, " }");
    }

    private void labeled(LabeledStatementTree l) {
        StatementTree inner = l.getStatement();
        switch (inner.getKind()) {
            case ENHANCED_FOR_LOOP:
                if (lw.body.isAsyncFor(inner)) {
                    lw.generators.asyncFor((EnhancedForLoopTree) inner, l);
                } else {
                    loop(inner, l);
                }
                return;
            case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP:
                loop(inner, l);
                return;
            default:
                Label end = new Label();
                JumpEntry e = new JumpEntry.Labeled(l, end);
                lw.jumps.push(e);
                statement(inner);
                lw.jumps.pop(e);
                lw.g.place(end);
        }
    }

    /** Lowers {@code s}, the body of a loop, with the loop's entry on the jump stack. */
    private void loopBody(StatementTree loop, LabeledStatementTree labeled, Label end, Label next, StatementTree s) {
        JumpEntry e = new JumpEntry.Loop(loop, labeled, end, next);
        lw.jumps.push(e);
        statement(s);
        lw.jumps.pop(e);
    }

    private void loop(StatementTree s, LabeledStatementTree labeled) {
        Graph g = lw.g;
        ExpressionLowering x = lw.expressions;
        Label head = new Label();
        Label next = new Label();
        Label end = new Label();
        switch (s.getKind()) {
            case WHILE_LOOP: {
                WhileLoopTree w = (WhileLoopTree) s;
                g.place(head);
                condition(w.getCondition(), end);
                loopBody(s, labeled, end, head, w.getStatement());
                if (!g.terminated()) {
                    g.jump(head);
                }
                break;
            }
            case DO_WHILE_LOOP: {
                DoWhileLoopTree d = (DoWhileLoopTree) s;
                g.place(head);
                loopBody(s, labeled, end, next, d.getStatement());
                g.place(next);
                Code c = x.explode(Body.stripParens(d.getCondition()));
                g.jumpIf(c, head);
                break;
            }
            case FOR_LOOP: {
                ForLoopTree f = (ForLoopTree) s;
                for (StatementTree i : f.getInitializer()) {
                    if (i instanceof ExpressionStatementTree) {
                        expressionStatement(((ExpressionStatementTree) i).getExpression());
                    } else {
                        statement(i);
                    }
                }
                g.place(head);
                if (f.getCondition() != null) {
                    condition(f.getCondition(), end);
                }
                loopBody(s, labeled, end, next, f.getStatement());
                g.place(next);
                for (ExpressionStatementTree u : f.getUpdate()) {
                    expressionStatement(u.getExpression());
                }
                g.jump(head);
                break;
            }
            default: {
                EnhancedForLoopTree f = (EnhancedForLoopTree) s;
                ExpressionTree expr = f.getExpression();
                Code source = x.explode(expr);
                TypeMirror type = lw.body.type(expr);
                Var var = declareVar(f.getVariable());
                if (type.getKind() == TypeKind.ARRAY) {
                    Var array = lw.frame.temp(lw.denotable.of(type));
                    Var index = lw.frame.temp(TypeName.INT);
                    g.assign(array, source);
                    g.assign(index, Code.of("0"));
                    g.place(head);
                    g.jumpIf(Code.of(index, " >= ", array, ".length"), end);
                    define(var, Code.of(array, "[", index, "++]"));
                } else {
                    Var it = lw.frame.temp(ParameterizedTypeName.get(ClassName.get(java.util.Iterator.class),
                            WildcardTypeName.subtypeOf(Object.class)));
                    g.assign(it, ExpressionLowering.primary(expr) ? Code.of(source, ".iterator()")
                            : Code.of("(", source, ").iterator()"));
                    g.place(head);
                    g.jumpIf(Code.of("!", it, ".hasNext()"), end);
                    define(var, Code.of("(", var.type, ") ", it, ".next()"));
                }
                loopBody(s, labeled, end, head, f.getStatement());
                if (!g.terminated()) {
                    g.jump(head);
                }
            }
        }
        g.place(end);
    }

    /** Leaves to {@code exit} unless {@code cond} holds; `true` needs no test. */
    private void condition(ExpressionTree cond, Label exit) {
        ExpressionTree c = Body.stripParens(cond);
        if (c.getKind() == Tree.Kind.BOOLEAN_LITERAL && Boolean.TRUE.equals(((LiteralTree) c).getValue())) {
            return;
        }
        lw.g.jumpIf(Code.of("!(", lw.expressions.explode(c), ")"), exit);
    }

    private void returnStatement(ReturnTree ret) {
        ExpressionTree e = Body.stripParens(ret.getExpression());
        Code value;
        if (lw.generator) {
            value = lw.generators.doneValue();
        } else if (lw.body.isResult(e)) {
            ExpressionTree arg = ((MethodInvocationTree) e).getArguments().get(0);
            value = lw.expressions.explode(arg);
            Code local = lw.results.resultLocal(arg, value);
            if (local != null) {
                lw.g.emit(local);
                value = Code.of(lw.results.resultLocal);
            } else {
                value = lw.results.resultValue(arg, value);
            }
        } else {
            // `return otherCoroutine;` delegates: the coroutine completes with what that one gives
            Code c0 = lw.expressions.explode(e);
            Code c = lw.expressions.typedAwaitable(e, c0);
            value = lw.expressions.suspendFor(c != c0 || ExpressionLowering.primary(e) ? c : Code.of("(", c, ")"), false,
                    lw.resultType);
        }
        lw.g.emit(lw.jumps.returnCode(value, false));
        lw.g.terminate();
    }
}
