package dev.corio.processor.lower;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import java.util.List;

/**
 * Whether a statement copied through completes normally (JLS 14.22), as far as its syntax alone says so.
 * The lowering must emit nothing after a copy that javac considers to end abruptly ("unreachable
 * statement") and must go on after one that javac considers to complete. Where the answer needs javac's
 * flow analysis (constant conditions, loops whose body returns, breaks and continues, exhaustive switches),
 * the lowering does not predict it: it copies the statement inside {@code if (true) { .. }}, which
 * completes normally for javac whatever its body does (JLS 14.22, the rule for conditional compilation),
 * and goes on, so javac's own verdict on the copy never matters (docs/processor.md, "Reachability").
 */
enum Reach {
    /** Completes normally wherever it is reachable: nothing in it can end it abruptly. */
    NORMAL,
    /** A jump or a throw: never completes normally. */
    ABRUPT,
    /** Holds jumps, throws or loops: javac's flow analysis decides. */
    FLOW;

    static Reach of(StatementTree s) {
        switch (s.getKind()) {
            case RETURN: case THROW: case BREAK: case CONTINUE: case YIELD:
                return ABRUPT;
            case IF: {
                // An if-then (no else) can complete normally iff it is reachable, whatever its branch does;
                // an if-then-else iff either branch can.
                IfTree i = (IfTree) s;
                return i.getElseStatement() == null ? NORMAL : either(of(i.getThenStatement()), of(i.getElseStatement()));
            }
            case BLOCK: {
                // Every statement but the last completes normally, or javac would have rejected the next one as
                // unreachable: so a block completes as its last statement does.
                List<? extends StatementTree> l = ((BlockTree) s).getStatements();
                return l.isEmpty() ? NORMAL : of(l.get(l.size() - 1));
            }
            case SYNCHRONIZED:
                return of(((SynchronizedTree) s).getBlock());
            case TRY: {
                // Completes normally iff the try block or a catch block can, and the finally block can.
                TryTree t = (TryTree) s;
                Reach r = of(t.getBlock());
                for (CatchTree c : t.getCatches()) {
                    r = either(r, of(c.getBlock()));
                }
                Reach f = t.getFinallyBlock() == null ? NORMAL : of(t.getFinallyBlock());
                return f == NORMAL ? r : f == ABRUPT ? ABRUPT : r == ABRUPT ? ABRUPT : FLOW;
            }
            case EXPRESSION_STATEMENT: case VARIABLE: case EMPTY_STATEMENT: case CLASS: case ENHANCED_FOR_LOOP:
            case ASSERT:
                return NORMAL;
            default:
                return mayEndAbruptly(s) ? FLOW : NORMAL;
        }
    }

    /** Of two ways through a statement: it completes normally iff either way does. */
    private static Reach either(Reach a, Reach b) {
        if (a == NORMAL || b == NORMAL) {
            return NORMAL;
        }
        return a == ABRUPT && b == ABRUPT ? ABRUPT : FLOW;
    }

    /**
     * Whether {@code s} holds a jump, a throw or a loop whose condition could be constant: JLS 14.22 makes a
     * statement unable to complete normally only through those. An enhanced {@code for} always completes
     * normally, and no statement's rule looks into an expression (a switch expression, a lambda, a class
     * body), so their insides do not count.
     */
    private static boolean mayEndAbruptly(StatementTree s) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitReturn(ReturnTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitThrow(ThrowTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitBreak(BreakTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitContinue(ContinueTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitYield(YieldTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitForLoop(ForLoopTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitSwitchExpression(SwitchExpressionTree node, Void p) {
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void p) {
                return null;
            }
        }.scan(s, null);
        return found[0];
    }
}
