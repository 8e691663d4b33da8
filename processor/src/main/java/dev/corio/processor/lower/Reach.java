package dev.corio.processor.lower;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import dev.corio.processor.analyse.Body;
import java.util.List;

/**
 * JLS 14.22 "can complete normally" for statements copied through unchanged: the lowering must not emit
 * a jump after a statement javac considers to end abruptly (javac would reject it as unreachable).
 */
final class Reach {
    private Reach() {
    }

    static boolean completesNormally(StatementTree s) {
        switch (s.getKind()) {
            case RETURN: case THROW: case BREAK: case CONTINUE: case YIELD:
                return false;
            case BLOCK: {
                List<? extends StatementTree> l = ((BlockTree) s).getStatements();
                for (StatementTree x : l) {
                    if (!completesNormally(x)) {
                        return false;
                    }
                }
                return true;
            }
            case IF: {
                IfTree i = (IfTree) s;
                return i.getElseStatement() == null || completesNormally(i.getThenStatement())
                        || completesNormally(i.getElseStatement());
            }
            case WHILE_LOOP:
                return !isTrue(((WhileLoopTree) s).getCondition()) || breaks(s, null);
            case DO_WHILE_LOOP: {
                DoWhileLoopTree d = (DoWhileLoopTree) s;
                return !isTrue(d.getCondition()) || breaks(s, null);
            }
            case FOR_LOOP: {
                ForLoopTree f = (ForLoopTree) s;
                return (f.getCondition() != null && !isTrue(f.getCondition())) || breaks(s, null);
            }
            case LABELED_STATEMENT: {
                LabeledStatementTree l = (LabeledStatementTree) s;
                return completesNormally(l.getStatement()) || breaks(l.getStatement(), l.getLabel().toString());
            }
            case SYNCHRONIZED:
                return completesNormally(((SynchronizedTree) s).getBlock());
            case TRY: {
                TryTree t = (TryTree) s;
                if (t.getFinallyBlock() != null && !completesNormally(t.getFinallyBlock())) {
                    return false;
                }
                if (completesNormally(t.getBlock())) {
                    return true;
                }
                return t.getCatches().stream().anyMatch(c -> completesNormally(c.getBlock()));
            }
            case SWITCH: {
                SwitchTree sw = (SwitchTree) s;
                boolean hasDefault = false;
                boolean lastCompletes = true;
                boolean rules = false;
                boolean anyRuleCompletes = false;
                for (CaseTree c : sw.getCases()) {
                    if (c.getExpressions().isEmpty()) {
                        hasDefault = true;
                    }
                    if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                        rules = true;
                        Tree b = c.getBody();
                        if (b instanceof ExpressionTree || b instanceof StatementTree && completesNormally((StatementTree) b)) {
                            anyRuleCompletes = true;
                        }
                    } else {
                        lastCompletes = true;
                        for (StatementTree x : c.getStatements()) {
                            if (!completesNormally(x)) {
                                lastCompletes = false;
                            }
                        }
                    }
                }
                if (!hasDefault || breaks(s, null)) {
                    return true;
                }
                return rules ? anyRuleCompletes : lastCompletes;
            }
            default:
                return true;
        }
    }

    private static boolean isTrue(ExpressionTree e) {
        e = Body.stripParens(e);
        return e instanceof LiteralTree && Boolean.TRUE.equals(((LiteralTree) e).getValue());
    }

    /** Whether a break inside {@code target} leaves it (unlabelled breaks of nested loops and switches do not). */
    private static boolean breaks(Tree target, String label) {
        boolean[] found = {false};
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitBreak(BreakTree node, Integer nesting) {
                if (node.getLabel() == null ? nesting == 0 : node.getLabel().contentEquals(label == null ? "" : label)) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree node, Integer nesting) {
                return super.visitWhileLoop(node, node == target ? nesting : nesting + 1);
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree node, Integer nesting) {
                return super.visitDoWhileLoop(node, node == target ? nesting : nesting + 1);
            }

            @Override
            public Void visitForLoop(ForLoopTree node, Integer nesting) {
                return super.visitForLoop(node, node == target ? nesting : nesting + 1);
            }

            @Override
            public Void visitEnhancedForLoop(com.sun.source.tree.EnhancedForLoopTree node, Integer nesting) {
                return super.visitEnhancedForLoop(node, node == target ? nesting : nesting + 1);
            }

            @Override
            public Void visitSwitch(SwitchTree node, Integer nesting) {
                return super.visitSwitch(node, node == target ? nesting : nesting + 1);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Integer nesting) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Integer nesting) {
                return null;
            }
        }.scan(target, 0);
        return found[0];
    }
}
