package dev.corio;

/**
 * What the loop tells its {@link ExceptionHandler} about an error nobody else could handle: a callback
 * that threw, an exception nobody retrieved from a future, a coroutine never awaited (debug mode).
 *
 * @param message   what happened, always present
 * @param exception the exception, or {@code null}
 * @param handle    the callback handle that failed, or {@code null}
 * @param future    the future or task concerned, or {@code null}
 */
public record ExceptionContext(String message, Throwable exception, Handle handle, AsyncFuture<?> future) {
}
