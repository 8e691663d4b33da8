package dev.corio.internal;

/**
 * A runtime frame whose code in a stack trace is another object's: an async generator's step runs the
 * generator's machine, so the elements of that machine's code map to the user's source through the
 * generator's line map, not the step's. {@code Coroutine.sourceOf} asks this instead of its own map. Not API
 * (see the package documentation).
 */
public interface SourceMapped {
    /** {@code generated}, an element of the code this frame runs, in the user's source; or {@code null}. */
    StackTraceElement sourceOf(StackTraceElement generated);
}
