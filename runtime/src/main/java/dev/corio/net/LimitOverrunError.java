package dev.corio.net;

/**
 * asyncio's {@code LimitOverrunError}: {@link StreamReader#readuntil} (and {@link StreamReader#readline})
 * would have to buffer more than the reader's limit to find the separator. {@link #consumed()} is how many
 * bytes are to be consumed past which the separator was not found (or where it was found, too far).
 * {@code readuntil} leaves the data in the reader; {@code readline} discards it first, as asyncio does
 * (which raises {@code ValueError} there; this type is kept because it says what happened).
 */
public class LimitOverrunError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long consumed;

    public LimitOverrunError(String message, long consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** The number of bytes to be consumed. */
    public long consumed() {
        return consumed;
    }
}
