package dev.corio.processor.lower;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreeScanner;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
            public Void scan(Tree t, Void p) {
                if (t == null || found[0] || SKIPPED.contains(t.getKind())) {
                    return null;
                }
                if (CANNOT_COMPLETE_THROUGH.contains(t.getKind())) {
                    found[0] = true;
                    return null;
                }
                return super.scan(t, p);
            }
        }.scan(s, null);
        return found[0];
    }

    /** The statements through which JLS 14.22 lets a statement not complete normally. */
    private static final Set<Tree.Kind> CANNOT_COMPLETE_THROUGH = EnumSet.of(Tree.Kind.RETURN, Tree.Kind.THROW, Tree.Kind.BREAK,
            Tree.Kind.CONTINUE, Tree.Kind.YIELD, Tree.Kind.WHILE_LOOP, Tree.Kind.DO_WHILE_LOOP, Tree.Kind.FOR_LOOP);

    /** Expressions and bodies whose insides no statement's rule looks into. */
    private static final Set<Tree.Kind> SKIPPED = EnumSet.of(Tree.Kind.SWITCH_EXPRESSION,
            Tree.Kind.LAMBDA_EXPRESSION, Tree.Kind.CLASS, Tree.Kind.INTERFACE, Tree.Kind.ENUM, Tree.Kind.RECORD,
            Tree.Kind.ANNOTATION_TYPE);
}
