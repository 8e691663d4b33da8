package dev.corio.net;

import java.io.EOFException;

/**
 * asyncio's {@code IncompleteReadError} (an {@code EOFError}, so a Java {@link EOFException}): the stream
 * ended before {@link StreamReader#readexactly} got its bytes or {@link StreamReader#readuntil} its
 * separator. {@link #partial()} holds what was read; it is no longer in the reader.
 */
public class IncompleteReadError extends EOFException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] partial;
    private final long expected;

    /**
     * @param partial the bytes read before the end of the stream
     * @param expected how many were expected, or -1 when unknown (a separator was looked for)
     */
    public IncompleteReadError(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** The bytes read before the end of the stream (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** How many bytes were expected, or -1 for "undefined" (asyncio's {@code None}). */
    public long expected() {
        return expected;
    }
}
