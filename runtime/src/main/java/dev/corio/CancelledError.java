package dev.corio;

/**
 * Thrown at a coroutine's suspension point when its task is cancelled, and by {@link AsyncFuture#result()}
 * of a cancelled future.
 *
 * <p>It extends {@link Error}, not {@link Exception}, for the same reason asyncio's {@code CancelledError}
 * derives from {@code BaseException}: a {@code catch (Exception e)} written for ordinary failures must not
 * swallow a cancellation by accident. Catch it by name to clean up, and rethrow it (or, deliberately,
 * don't: a task that swallows its cancellation completes normally).
 *
 * <p>Its stack trace is not filled in when it is created: it is an expected control-flow signal, raised for
 * every cancelled task, and where it was thrown says little (a task's cancellation is thrown at its
 * innermost await, which the loop resumes from {@code Task.step}); filling one in would cost microseconds
 * per cancelled frame. What it gets instead is the async stack trace of the frames it cancels: each frame it
 * is thrown into or leaves for is added (see docs/debugging.md), so a printed cancellation shows the awaits
 * it ended. Its message says who cancelled, if they gave one.
 *
 * <p>Suppression is enabled: a {@code close()} that fails while a cancelled task leaves a
 * {@code try}-with-resources is attached to it ({@link #getSuppressed()}), as it would be to any other
 * exception, and so reaches whoever sees the task's cancellation. A cancelled future hands the same
 * instance to everyone who reads it, so what one reader attaches the others see too.
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    public CancelledError() {
        this(null);
    }

    public CancelledError(String message) {
        super(message, null, true, true);
    }

    /**
     * Not filled in (see the class documentation); the async stack trace is added as frames are crossed. Not
     * {@code synchronized} as {@link Throwable}'s is: it writes nothing, and every cancellation constructs one
     * (the constructor calls this), where the lock of an object that escapes (it is the task's outcome) is a
     * real one: a few nanoseconds of a sleeping task's cancel request (docs/benchmarks.md, session 7).
     */
    @Override
    public Throwable fillInStackTrace() {
        return this;
    }
}
