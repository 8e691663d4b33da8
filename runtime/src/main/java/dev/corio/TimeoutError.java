package dev.corio;

/**
 * A deadline passed: raised by {@link Corio#waitFor}, timeout scopes and other operations with a timeout.
 * Like asyncio's {@code TimeoutError}, it is an ordinary exception (the cancellation used to enforce the
 * deadline has been turned into it).
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimeoutError() {
        super();
    }

    public TimeoutError(String message) {
        super(message);
    }

    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
