package dev.corio.processor.corpus;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;

/**
 * JLS 14.22 "can complete normally" for statements of code that compiles (so every statement is
 * reachable and every break is a reachable one): whether a converted void method needs a
 * {@code return result(null);} at its end. A wrong answer is caught by javac (unreachable statement or
 * missing return) and the converter tries again, so this only saves compilations.
 */
final class CanComplete {
    private final Predicate<ExpressionTree> constantTrue;

    private CanComplete(Predicate<ExpressionTree> constantTrue) {
        this.constantTrue = constantTrue;
    }

    /** For a body in {@code unit}: constants are found through the attributed trees. */
    static boolean body(BlockTree body, Trees trees, com.sun.source.tree.CompilationUnitTree unit) {
        return new CanComplete(e -> isTrue(e, trees, unit)).stmt(body, null);
    }

    private static boolean isTrue(ExpressionTree e, Trees trees, com.sun.source.tree.CompilationUnitTree unit) {
        while (e instanceof ParenthesizedTree) {
            e = ((ParenthesizedTree) e).getExpression();
        }
        if (e instanceof LiteralTree) {
            return Boolean.TRUE.equals(((LiteralTree) e).getValue());
        }
        if (e.getKind() == Tree.Kind.IDENTIFIER || e.getKind() == Tree.Kind.MEMBER_SELECT) {
            TreePath p = TreePath.getPath(unit, e);
            Element el = p == null ? null : trees.getElement(p);
            return el instanceof VariableElement && Boolean.TRUE.equals(((VariableElement) el).getConstantValue());
        }
        return false;
    }

    private boolean stmt(StatementTree s, String label) {
        switch (s.getKind()) {
            case BLOCK: {
                List<? extends StatementTree> ss = ((BlockTree) s).getStatements();
                return ss.isEmpty() || stmt(ss.get(ss.size() - 1), null);
            }
            case LABELED_STATEMENT: {
                LabeledStatementTree l = (LabeledStatementTree) s;
                String name = l.getLabel().toString();
                return stmt(l.getStatement(), name) || breaks(l.getStatement(), name, false);
            }
            case IF: {
                IfTree i = (IfTree) s;
                return i.getElseStatement() == null || stmt(i.getThenStatement(), null)
                        || stmt(i.getElseStatement(), null);
            }
            case WHILE_LOOP: {
                WhileLoopTree w = (WhileLoopTree) s;
                return !constantTrue.test(w.getCondition()) || breaks(w.getStatement(), null, true);
            }
            case DO_WHILE_LOOP: {
                DoWhileLoopTree d = (DoWhileLoopTree) s;
                return (stmt(d.getStatement(), null) || continues(d.getStatement(), label))
                        && !constantTrue.test(d.getCondition()) || breaks(d.getStatement(), null, true);
            }
            case FOR_LOOP: {
                ForLoopTree f = (ForLoopTree) s;
                return f.getCondition() != null && !constantTrue.test(f.getCondition())
                        || breaks(f.getStatement(), null, true);
            }
            case ENHANCED_FOR_LOOP:
                return true;
            case SWITCH:
                return switchCompletes((SwitchTree) s);
            case TRY: {
                TryTree t = (TryTree) s;
                boolean any = stmt(t.getBlock(), null);
                for (CatchTree c : t.getCatches()) {
                    any |= stmt(c.getBlock(), null);
                }
                return any && (t.getFinallyBlock() == null || stmt(t.getFinallyBlock(), null));
            }
            case SYNCHRONIZED:
                return stmt(((SynchronizedTree) s).getBlock(), null);
            case RETURN:
            case THROW:
            case BREAK:
            case CONTINUE:
            case YIELD:
                return false;
            default:
                return true;
        }
    }

    private boolean switchCompletes(SwitchTree s) {
        List<? extends CaseTree> cases = s.getCases();
        boolean hasDefault = false;
        for (CaseTree c : cases) {
            hasDefault |= c.getExpressions().isEmpty();
        }
        if (!hasDefault || cases.isEmpty() || breaks(s, null, true)) {
            return true;
        }
        if (cases.get(0).getCaseKind() == CaseTree.CaseKind.RULE) {
            for (CaseTree c : cases) {
                Tree b = c.getBody();
                if (b instanceof BlockTree ? stmt((BlockTree) b, null) : b.getKind() != Tree.Kind.THROW) {
                    return true;
                }
            }
            return false;
        }
        List<? extends StatementTree> last = cases.get(cases.size() - 1).getStatements();
        return last.isEmpty() || stmt(last.get(last.size() - 1), null);
    }

    /** A break in {@code body} that exits the statement: unlabelled ones at depth 0 if asked, or {@code label}. */
    private static boolean breaks(Tree body, String label, boolean unlabelled) {
        boolean[] found = {false};
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitBreak(BreakTree b, Integer depth) {
                if (b.getLabel() == null ? unlabelled && depth == 0 : b.getLabel().contentEquals(label == null ? "" : label)) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree t, Integer d) {
                return super.visitWhileLoop(t, d + 1);
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree t, Integer d) {
                return super.visitDoWhileLoop(t, d + 1);
            }

            @Override
            public Void visitForLoop(ForLoopTree t, Integer d) {
                return super.visitForLoop(t, d + 1);
            }

            @Override
            public Void visitEnhancedForLoop(EnhancedForLoopTree t, Integer d) {
                return super.visitEnhancedForLoop(t, d + 1);
            }

            @Override
            public Void visitSwitch(SwitchTree t, Integer d) {
                return super.visitSwitch(t, d + (t == body ? 0 : 1));
            }

            @Override
            public Void visitSwitchExpression(SwitchExpressionTree t, Integer d) {
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree t, Integer d) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree t, Integer d) {
                return null;
            }
        }.scan(body, 0);
        return found[0];
    }

    private static boolean continues(Tree body, String label) {
        boolean[] found = {false};
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitContinue(ContinueTree c, Integer depth) {
                if (c.getLabel() == null ? depth == 0 : label != null && c.getLabel().contentEquals(label)) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree t, Integer d) {
                return super.visitWhileLoop(t, d + 1);
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree t, Integer d) {
                return super.visitDoWhileLoop(t, d + 1);
            }

            @Override
            public Void visitForLoop(ForLoopTree t, Integer d) {
                return super.visitForLoop(t, d + 1);
            }

            @Override
            public Void visitEnhancedForLoop(EnhancedForLoopTree t, Integer d) {
                return super.visitEnhancedForLoop(t, d + 1);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree t, Integer d) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree t, Integer d) {
                return null;
            }
        }.scan(body, 0);
        return found[0];
    }
}
