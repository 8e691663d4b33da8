package dev.corio.processor.lower;

/**
 * A part of {@link Code}: the machine goes to the state {@code target}. As written by the lowering,
 * {@code $state = N; continue machine;} (a trip through the state switch), or, with {@code fallThrough},
 * {@code $state = N;} at the end of a state that falls into the next one; {@code $state} and
 * {@code machine} stand for the names the machine's {@link dev.corio.processor.hoist.MachineNames} allocated.
 * {@link FastPaths} decides at layout time how each jump is finally written (a Java {@code continue} of the
 * state's own loop, the target's code itself, or a jump to where a chain of jump-only states leads).
 *
 * <p>{@code enclosed}: the jump is written inside a Java statement of copied user code that does something
 * when control leaves it or an exception passes through it (a {@code try}, a {@code synchronized}), so the
 * target's code must not be run in its place: only a jump leaves such a statement as the user's code would.
 */
final class Jump {
    final Label target;
    final boolean fallThrough;
    final boolean enclosed;
    private final String state;
    private final String loop;

    Jump(Label target, boolean fallThrough, String state, String loop) {
        this(target, fallThrough, false, state, loop);
    }

    private Jump(Label target, boolean fallThrough, boolean enclosed, String state, String loop) {
        this.target = target;
        this.fallThrough = fallThrough;
        this.enclosed = enclosed;
        this.state = state;
        this.loop = loop;
    }

    /** This jump, written inside a copied {@code try} or {@code synchronized} (see the class comment). */
    Jump inside() {
        return new Jump(target, fallThrough, true, state, loop);
    }

    /** {@code code} with each of its jumps marked {@link #inside()}. */
    static Code inside(Code code) {
        return code.has(Jump.class) ? code.map(p -> p instanceof Jump ? ((Jump) p).inside() : p) : code;
    }

    /** The text of a jump to {@code to} through the state switch. */
    String through(Label to) {
        return state + " = " + to + "; continue " + loop + ";";
    }

    @Override
    public String toString() {
        return fallThrough ? state + " = " + target + ";" : through(target);
    }
}
