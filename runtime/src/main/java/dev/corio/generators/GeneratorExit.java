package dev.corio.generators;

/**
 * The close signal {@link AsyncGenerator#aclose()} throws into a generator at the {@code emit} it is
 * suspended at: Python's {@code GeneratorExit}. Its {@code finally} blocks run (and may await); the
 * generator should then end, by letting it propagate or by returning. Emitting a value after it is an
 * error ("async generator ignored GeneratorExit").
 *
 * <p>It extends {@link Error}, as {@code CancelledError} does, for the reason Python derives it from
 * {@code BaseException}: a {@code catch (Exception e)} in the generator must not swallow it. It carries no
 * stack trace (a control-flow signal).
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    public GeneratorExit() {
        super(null, null, true, false);
    }
}
