package dev.corio.generators;

/**
 * Thrown by awaiting {@link AsyncIterator#anext()} when the iterator has no more values: Python's
 * {@code StopAsyncIteration}. An async {@code for} ends on it; a generator that throws it from its own
 * body gets an {@link IllegalStateException} instead ("async generator raised StopAsyncIteration"), as
 * Python's {@code RuntimeError}, so a stray one cannot end an outer loop silently.
 *
 * <p>It carries no stack trace: it is the normal end of every iteration, and where it was thrown says
 * nothing the iterator does not. Suppression stays on: a resource that fails to close while the end of an
 * iteration leaves a {@code try}-with-resources is attached to it, not lost.
 */
public class StopAsyncIteration extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StopAsyncIteration() {
        super(null, null, true, false);
    }
}
