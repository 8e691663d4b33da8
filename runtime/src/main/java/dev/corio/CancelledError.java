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
 * <p>It carries no stack trace: it is an expected control-flow signal, raised for every cancelled task.
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    public CancelledError() {
        this(null);
    }

    public CancelledError(String message) {
        super(message, null, false, false);
    }
}
