package dev.corio.net;

import java.nio.ByteBuffer;

/**
 * asyncio's {@code BufferedProtocol}: a {@link Protocol} that receives into a buffer of its own, so that the
 * socket transport reads straight into it, without the fresh array per read that {@link #dataReceived} gets.
 * The TLS layer is one ({@code TlsProtocol}: ciphertext lands in the engine's input buffer).
 *
 * <p>On every read the transport calls {@link #getBuffer}, reads into the buffer's remaining space (from its
 * position to its limit, advancing the position by what it read) and then calls {@link #bufferUpdated} with
 * that count. {@link #dataReceived} is never called on a buffered protocol by a socket transport. The other
 * callbacks and their order are {@link Protocol}'s. A {@code getBuffer} that throws or returns a buffer with
 * no room aborts the connection, as any failing callback does.
 */
public interface BufferedProtocol extends Protocol {

    /**
     * The buffer the next read goes into, with at least one byte of room ({@code sizeHint} is how much the
     * transport would like to read at most; the buffer may have less room or more).
     */
    ByteBuffer getBuffer(int sizeHint);

    /** {@code nbytes} (at least 1) were read into the buffer {@link #getBuffer} gave, which advanced its position. */
    void bufferUpdated(int nbytes);
}
