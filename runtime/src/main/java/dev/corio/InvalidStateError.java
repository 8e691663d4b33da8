package dev.corio;

/**
 * An operation on an {@link AsyncFuture} that its state does not allow: reading the result of a pending
 * future, or setting the result of one that is already done.
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidStateError(String message) {
        super(message);
    }
}
