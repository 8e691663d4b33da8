package dev.corio.processor.lower;

import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry of the jump stack ({@link Jumps}, regenerator's leap entries): a flattened statement that a
 * {@code break}, {@code continue} or {@code yield} can leave to, or a {@code try} whose {@code finally}
 * the lowering emits, which every jump across it goes through. A jump's target is the statement javac's
 * rules name (the innermost loop or switch, or the labelled statement); an entry answers for the
 * statements it stands for, or null.
 */
sealed interface JumpEntry {
    /** Where {@code break} to {@code target} goes, or null if this entry does not stand for it. */
    default Label breakTo(Tree target) {
        return null;
    }

    /** Where {@code continue} to the loop {@code target} goes, or null. */
    default Label continueTo(Tree target) {
        return null;
    }

    /** A flattened loop ({@code label}: its labelled statement, or null). */
    record Loop(Tree loop, LabeledStatementTree label, Label end, Label next) implements JumpEntry {
        @Override
        public Label breakTo(Tree target) {
            return target == loop || label != null && target == label ? end : null;
        }

        @Override
        public Label continueTo(Tree target) {
            return target == loop ? next : null;
        }
    }

    /**
     * The break target of an async {@code for}, below its closing finally: a break (like a return or an
     * exception) closes the iterator on the way out.
     */
    record AsyncForExit(Tree loop, LabeledStatementTree label, Label end) implements JumpEntry {
        @Override
        public Label breakTo(Tree target) {
            return target == loop || label != null && target == label ? end : null;
        }
    }

    /** The continue target of an async {@code for}, inside its closing finally: a continue does not close. */
    record AsyncForHead(Tree loop, Label head) implements JumpEntry {
        @Override
        public Label continueTo(Tree target) {
            return target == loop ? head : null;
        }
    }

    /** A labelled statement that is not a loop: {@code break label;} leaves it. */
    record Labeled(LabeledStatementTree statement, Label end) implements JumpEntry {
        @Override
        public Label breakTo(Tree target) {
            return target == statement ? end : null;
        }
    }

    /** A flattened switch statement. */
    record Switch(SwitchTree statement, Label end) implements JumpEntry {
        @Override
        public Label breakTo(Tree target) {
            return target == statement ? end : null;
        }
    }

    /** A flattened switch expression: {@code yield v} assigns {@code result} and leaves to {@code end}. */
    record SwitchExpression(SwitchExpressionTree expression, Var result, Label end) implements JumpEntry {
    }

    /**
     * A try (or resource, or async for) whose finally the lowering emits: a completion leaving it is
     * recorded in field {@code completion} as a code, the finally runs from {@code start}, then
     * {@link TryLowering#resumeCompletion} continues with the recorded completion. Codes: 0 normal, 1 throw
     * (the exception in field {@code pending}), 2 return, then one per jump target in the order first seen.
     */
    final class Finally implements JumpEntry {
        final Label start = new Label();
        final String completion;
        final String pending;
        private final List<Completion.Jump> jumps = new ArrayList<>();
        private boolean returns;

        Finally(String completion, String pending) {
            this.completion = completion;
            this.pending = pending;
        }

        /** The code of {@code c} in this finally's completion field. */
        int code(Completion c) {
            if (c instanceof Completion.Normal) {
                return 0;
            }
            if (c instanceof Completion.Throw) {
                return 1;
            }
            if (c instanceof Completion.Return) {
                returns = true;
                return 2;
            }
            int i = jumps.indexOf(c);
            if (i < 0) {
                jumps.add((Completion.Jump) c);
                i = jumps.size() - 1;
            }
            return i + 3;
        }

        /** {@code $finallyN = code;}: records {@code c} as the completion this finally resumes. */
        Code record(Completion c) {
            return Code.of(completion, " = ", Integer.toString(code(c)), ";");
        }

        /** Whether a return went through this finally (its dispatch then resumes the return). */
        boolean returns() {
            return returns;
        }

        /** The jumps that went through this finally, in the order of their codes (from 3). */
        List<Completion.Jump> jumps() {
            return jumps;
        }
    }
}
