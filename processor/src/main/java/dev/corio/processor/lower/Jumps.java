package dev.corio.processor.lower;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.corio.processor.hoist.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The jump bookkeeping of the lowering (regenerator's leap manager): the stack of {@link JumpEntry}s open
 * where code is being lowered, and the code of a jump to one of them. A jump that crosses a
 * {@link JumpEntry.Finally} records its {@link Completion} there and runs the finally first; the finally's
 * dispatch then resumes it from the outer context, through the next finally out, until it reaches its target.
 *
 * <p>{@code detour}: the jump is written in code copied through inside a try of the copy that has a
 * finally or resources; see {@link Graph#jumpCode(Label, boolean)}.
 */
final class Jumps {
    private final Graph g;
    private final Deque<JumpEntry> stack = new ArrayDeque<>();
    /** Every finally the lowering emitted, in order: their completion fields are fields of the machine. */
    private final List<JumpEntry.Finally> finallys = new ArrayList<>();

    private final Frame frame;

    Jumps(Graph g, Frame frame) {
        this.g = g;
        this.frame = frame;
    }

    void push(JumpEntry e) {
        stack.push(e);
    }

    /** Pops {@code e}, which must be the innermost entry. */
    void pop(JumpEntry e) {
        JumpEntry top = stack.pop();
        if (top != e) {
            throw new IllegalStateException("jump entries out of order: " + top + " popped for " + e);
        }
    }

    /** A new finally entry, its fields registered; the caller pushes it around the protected part. */
    JumpEntry.Finally newFinally() {
        int n = finallys.size() + 1;
        JumpEntry.Finally f = new JumpEntry.Finally(frame.names().numbered("$finally", n),
                frame.names().numbered("$pending", n));
        finallys.add(f);
        return f;
    }

    List<JumpEntry.Finally> finallys() {
        return finallys;
    }

    /** Whether any return went through a finally (the machine then has a {@code $retval} field). */
    boolean usesRetval() {
        return finallys.stream().anyMatch(JumpEntry.Finally::returns);
    }

    /** The jump to {@code to}, a label of {@code target}: through the innermost finally between, if any. */
    Code jumpTo(JumpEntry target, Label to, boolean detour) {
        for (JumpEntry x : stack) {
            if (x == target) {
                break;
            }
            if (x instanceof JumpEntry.Finally f) {
                return Code.of(f.record(new Completion.Jump(target, to)), " ", g.jumpCode(f.start, detour));
            }
        }
        return g.jumpCode(to, detour);
    }

    /** Whether a return here completes the coroutine at once (no finally block of the machine is pending). */
    boolean returnsDirectly() {
        return stack.stream().noneMatch(e -> e instanceof JumpEntry.Finally);
    }

    /** The code that completes the coroutine with {@code value}, through pending finally blocks. */
    Code returnCode(Code value, boolean detour) {
        for (JumpEntry x : stack) {
            if (x instanceof JumpEntry.Finally f) {
                return Code.of(frame.fixed().retval(), " = ", value, "; ", f.record(Completion.RETURN), " ", g.jumpCode(f.start, detour));
            }
        }
        return Code.of("return ", value, ";");
    }

    /** The jump for the break or continue at {@code path}, or null when its target is not flattened. */
    Code jumpOut(TreePath path, boolean cont, boolean detour) {
        Tree leaf = path.getLeaf();
        javax.lang.model.element.Name label = cont ? ((ContinueTree) leaf).getLabel() : ((BreakTree) leaf).getLabel();
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
            } else if (t instanceof LabeledStatementTree l && l.getLabel().contentEquals(label)) {
                target = cont ? l.getStatement() : t;
                break;
            }
        }
        for (JumpEntry e : stack) {
            Label to = cont ? e.continueTo(target) : e.breakTo(target);
            if (to != null) {
                return jumpTo(e, to, detour);
            }
        }
        return null;
    }

    /** The code for {@code yield value} at {@code path}, or null when its switch is copied through. */
    Code yieldOut(TreePath path, Code value, boolean detour) {
        Tree target = null;
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            if (p.getLeaf() instanceof SwitchExpressionTree) {
                target = p.getLeaf();
                break;
            }
        }
        for (JumpEntry e : stack) {
            if (e instanceof JumpEntry.SwitchExpression s && s.expression() == target) {
                return Code.of(s.result().name, " = ", value, "; ", jumpTo(e, s.end(), detour));
            }
        }
        return null;
    }
}
