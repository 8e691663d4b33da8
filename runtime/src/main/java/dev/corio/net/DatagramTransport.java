package dev.corio.net;

import java.net.InetSocketAddress;

/**
 * asyncio's {@code DatagramTransport}: a UDP endpoint as its {@link DatagramProtocol} sees it. Loop thread
 * only.
 */
public interface DatagramTransport {

    /**
     * Sends {@code data} as one datagram to {@code addr} ({@code null}: to the connected peer), now if the
     * socket takes it, otherwise from a buffer. Never blocks. A datagram too large for UDP, or another send
     * error, goes to the protocol's {@link DatagramProtocol#errorReceived}.
     *
     * @throws IllegalArgumentException when {@code addr} is {@code null} on an unconnected endpoint, or not
     *     the peer on a connected one
     */
    void sendto(byte[] data, InetSocketAddress addr);

    /** {@link #sendto(byte[], InetSocketAddress)} to the connected peer. */
    void sendto(byte[] data);

    /** Closes once the buffer is sent; {@code connectionLost(null)} follows in a later tick. */
    void close();

    /** Closes at once, dropping the buffer; {@code connectionLost(null)} follows in a later tick. */
    void abort();

    /** Whether the endpoint is closing or closed. */
    boolean isClosing();

    /** Bytes of datagrams waiting in the buffer. */
    long getWriteBufferSize();

    /**
     * {@code "sockname"} and {@code "peername"} (an {@link InetSocketAddress}, {@code null} when not
     * connected), {@code "socket"} (the {@link java.nio.channels.DatagramChannel}).
     */
    Object getExtraInfo(String name);

    /** The protocol receiving this endpoint's events. */
    DatagramProtocol getProtocol();
}
