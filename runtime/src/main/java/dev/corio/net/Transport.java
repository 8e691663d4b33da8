package dev.corio.net;

import java.util.List;

/**
 * asyncio's socket transport ({@code BaseTransport}, {@code ReadTransport} and {@code WriteTransport} in
 * one): the connection as its {@link Protocol} sees it. Loop thread only: called from another thread, every
 * method but {@link #isClosing()} and {@link #getExtraInfo} throws {@link IllegalStateException}.
 */
public interface Transport {

    /**
     * Queues {@code data} for sending (sent at once if the buffer is empty and the socket takes it). Never
     * blocks and never fails: a write error closes the transport and reaches the protocol's
     * {@link Protocol#connectionLost}. The array may be reused once the call returns.
     *
     * @throws IllegalStateException after {@link #writeEof()}
     */
    void write(byte[] data);

    /** {@link #write(byte[])} of {@code data[offset, offset + length)}. */
    void write(byte[] data, int offset, int length);

    /** Writes each array in order, as {@link #write(byte[])} of their concatenation. */
    void writelines(List<byte[]> data);

    /**
     * Closes the write side once the buffer is flushed (a TCP half-close: the peer reads EOF, and this side
     * may still receive).
     */
    void writeEof();

    /** Whether {@link #writeEof()} is supported: always, for TCP. */
    boolean canWriteEof();

    /**
     * Closes the transport: stops reading at once, sends what is buffered, then closes the socket and calls
     * the protocol's {@code connectionLost(null)} (in a later tick). Closing twice does nothing.
     */
    void close();

    /** Closes at once: the buffer is dropped; {@code connectionLost(null)} follows in a later tick. */
    void abort();

    /** Whether the transport is closing or closed. */
    boolean isClosing();

    /** Stops calling {@link Protocol#dataReceived} until {@link #resumeReading()}; no-op when closing or paused. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}; no-op when closing or not paused. */
    void resumeReading();

    /** Whether the transport reads (not paused, not closing). */
    boolean isReading();

    /**
     * Sets the write buffer's water marks, asyncio's defaults for what is {@code null}: high 64 KiB (or
     * {@code 4 * low}), low {@code high / 4}. Pauses the protocol at once if the buffer is over the new
     * high mark.
     *
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    void setWriteBufferLimits(Long high, Long low);

    /** The current water marks. */
    WriteBufferLimits getWriteBufferLimits();

    /** Bytes buffered and not yet handed to the operating system. */
    long getWriteBufferSize();

    /**
     * asyncio's extra information: {@code "peername"} and {@code "sockname"} (an
     * {@link java.net.InetSocketAddress}), {@code "socket"} (the {@link java.nio.channels.SocketChannel});
     * {@code null} for anything else or once the socket is closed.
     */
    Object getExtraInfo(String name);

    /** The protocol receiving this transport's events. */
    Protocol getProtocol();

    /** Replaces the protocol (asyncio's {@code set_protocol}); the new one gets the events from now on. */
    void setProtocol(Protocol protocol);
}
