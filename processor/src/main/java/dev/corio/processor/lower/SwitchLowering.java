package dev.corio.processor.lower;

import dev.corio.processor.diagnostics.Tag;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePathScanner;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.VariableElement;

/**
 * The lowering of a {@code switch} statement or expression with a suspension point in a case: a Java
 * switch that only dispatches to each case's first state ({@link #dispatch}), then the cases' states, with
 * a {@link JumpEntry.Switch} (a {@code break} target) or {@link JumpEntry.SwitchExpression} (a
 * {@code yield} target) open around them.
 */
final class SwitchLowering {
    private final Lowerer lw;

    SwitchLowering(Lowerer lw) {
        this.lw = lw;
    }

    /**
     * Emits the Java switch that jumps to each case's state; returns the labels, one per case. The case
     * labels are the user's (constants, {@code default}, {@code null}, patterns with their guards), so the
     * dispatch matches exactly as the original switch does, exhaustiveness and {@code MatchException}
     * included. A pattern's bindings are bound to fresh names there and copied into their variables, which
     * the case's states read (the guard reads the fresh names).
     */
    private List<Label> dispatch(ExpressionTree selector, List<? extends CaseTree> cases, Label noMatch, boolean expression) {
        Body body = lw.body;
        Graph g = lw.g;
        Code sel = lw.expressions.explode(Body.stripParens(selector));
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
                                ? Code.of(el.getSimpleName().toString()) : lw.r.render(x.tree));
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
                        + " or test inside the case", Tag.UNSUPPORTED);
            }
            if (guard != null && !fresh.isEmpty()) {
                bindingUses(guard, fresh, renamed);
            }
            Code head = ls.size() == 1 && CaseLabels.of(c).get(0).kind == CaseLabels.Kind.DEFAULT
                    ? Code.of(" default") : Code.of(" case ", Code.join(ls, ", "));
            parts.add(Code.of(head, guard == null ? null : Code.of(" when ", lw.r.render(guard, renamed)), ": ",
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
     * into the bindings' variables; a binding no other state reads is declared under its local's name.
     */
    private Code pattern(Tree pattern, List<Code> binds, Map<Tree, Code> renamed, Map<Element, String> fresh) {
        for (VariableTree v : Spelling.bindings(pattern)) {
            VariableElement e = (VariableElement) lw.body.element(v);
            Var var = lw.frame.local(e, false);
            if (!var.field) {
                if (!var.name.equals(v.getName().toString())) {
                    // the frame renamed the local (another variable of the method has its name): the pattern
                    // declares it under that name, which the guard and the case's statements spell
                    renamed.put(v, Code.of(lw.r.bindingType(v), " ", var.name));
                }
                continue;
            }
            String bound = lw.frame.fresh(var.name.replace("$", ""));
            fresh.put(e, bound);
            renamed.put(v, Code.of(lw.r.bindingType(v), " ", bound));
            binds.add(Code.of(var, " = ", bound, "; "));
        }
        return lw.r.render(pattern, renamed);
    }

    /** Records in {@code renamed} that the guard's uses of renamed bindings read their fresh names. */
    private void bindingUses(ExpressionTree guard, Map<Element, String> fresh, Map<Tree, Code> renamed) {
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void p) {
                String n = fresh.get(lw.body.trees.getElement(getCurrentPath()));
                if (n != null) {
                    renamed.put(node, Code.of(n));
                }
                return null;
            }
        }.scan(lw.body.path(guard), null);
    }

    void switchStatement(SwitchTree s) {
        Graph g = lw.g;
        Label end = new Label();
        List<Label> labels = dispatch(s.getExpression(), s.getCases(), end, false);
        JumpEntry e = new JumpEntry.Switch(s, end);
        lw.jumps.push(e);
        for (int i = 0; i < s.getCases().size(); i++) {
            CaseTree c = s.getCases().get(i);
            g.place(labels.get(i));
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                Tree b = c.getBody();
                if (b instanceof ExpressionTree) {
                    lw.statements.expressionStatement((ExpressionTree) b);
                } else {
                    lw.statements.statement((StatementTree) b);
                }
                if (!g.terminated()) {
                    g.jump(end);
                }
            } else {
                for (StatementTree x : c.getStatements()) {
                    lw.statements.statement(x);
                }
            }
        }
        lw.jumps.pop(e);
        g.place(end);
    }

    Code switchExpression(SwitchExpressionTree s) {
        Graph g = lw.g;
        Var result = lw.frame.temp(lw.denotable.of(lw.body.type(s)));
        Label end = new Label();
        List<Label> labels = dispatch(s.getExpression(), s.getCases(), end, true);
        JumpEntry e = new JumpEntry.SwitchExpression(s, result, end);
        lw.jumps.push(e);
        for (int i = 0; i < s.getCases().size(); i++) {
            CaseTree c = s.getCases().get(i);
            g.place(labels.get(i));
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                Tree b = c.getBody();
                if (b instanceof ExpressionTree) {
                    g.assign(result, lw.expressions.explode((ExpressionTree) b));
                    g.jump(end);
                } else {
                    lw.statements.statement((StatementTree) b);
                }
            } else {
                for (StatementTree x : c.getStatements()) {
                    lw.statements.statement(x);
                }
            }
        }
        lw.jumps.pop(e);
        g.place(end);
        return Code.of(result);
    }
}
