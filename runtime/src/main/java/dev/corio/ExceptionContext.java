package dev.corio;

/**
 * What the loop tells its {@link ExceptionHandler} about an error nobody else could handle: a callback
 * that threw, an exception nobody retrieved from a future, a coroutine never awaited (debug mode).
 *
 * @param message         what happened, always present
 * @param exception       the exception, or {@code null}
 * @param handle          the callback handle that failed, or {@code null}
 * @param future          the future or task concerned, or {@code null}
 * @param sourceTraceback debug mode: where the task concerned was created (its stack trace is the creation
 *                        site; asyncio's {@code source_traceback}), or {@code null}
 */
public record ExceptionContext(String message, Throwable exception, Handle handle, AsyncFuture<?> future,
                               Throwable sourceTraceback) {
    /** A context without a source traceback. */
    public ExceptionContext(String message, Throwable exception, Handle handle, AsyncFuture<?> future) {
        this(message, exception, handle, future, null);
    }
}
