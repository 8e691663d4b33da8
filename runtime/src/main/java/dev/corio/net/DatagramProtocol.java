package dev.corio.net;

import java.net.InetSocketAddress;

/**
 * asyncio's {@code DatagramProtocol}: the callbacks of a UDP endpoint made by
 * {@link Net#createDatagramEndpoint}, all on the loop thread, every one with an empty default.
 * {@code connectionMade} first, then any number of {@code datagramReceived} / {@code errorReceived}, then
 * {@code connectionLost} once.
 */
public interface DatagramProtocol {

    /** The endpoint is ready. */
    default void connectionMade(DatagramTransport transport) {
    }

    /** One datagram, whole, from {@code addr}. */
    default void datagramReceived(byte[] data, InetSocketAddress addr) {
    }

    /**
     * A send or receive failed without closing the endpoint: an oversized datagram, or (on a connected
     * endpoint) {@link java.net.PortUnreachableException} after the peer's host answered with ICMP.
     */
    default void errorReceived(Exception exc) {
    }

    /** The endpoint is closed: {@code null} after {@code close()} / {@code abort()}, the error otherwise. */
    default void connectionLost(Throwable exc) {
    }

    /** The send buffer went above its high-water mark. */
    default void pauseWriting() {
    }

    /** The send buffer is back to its low-water mark. */
    default void resumeWriting() {
    }
}
