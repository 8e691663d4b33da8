package dev.corio.net;

/**
 * asyncio's {@code Protocol} (with {@code BaseProtocol}'s flow-control callbacks): what a {@link Transport}
 * calls as a connection's events happen. Every method has an empty default, so a protocol implements only
 * what it needs. All run on the loop's thread; none may block.
 *
 * <p>The order is asyncio's: {@link #connectionMade} once; then {@link #dataReceived} any number of times;
 * then at most one {@link #eofReceived}; then {@link #connectionLost} once. {@link #pauseWriting} and
 * {@link #resumeWriting} alternate, starting with a pause, between {@code connectionMade} and
 * {@code connectionLost}. What a callback throws is reported to the loop's exception handler and aborts the
 * connection (its {@code connectionLost} gets the exception).
 */
public interface Protocol {

    /** The connection is established; {@code transport} is the way to write to it and to close it. */
    default void connectionMade(Transport transport) {
    }

    /**
     * Bytes arrived. The array is the protocol's to keep. Message boundaries are not preserved: a write of
     * the peer may arrive in several calls, several writes in one.
     */
    default void dataReceived(byte[] data) {
    }

    /**
     * The peer closed its side for writing (half-close). Return {@code false} (the default) to let the
     * transport close itself; {@code true} to keep it open for writing, in which case the protocol closes it
     * later.
     */
    default boolean eofReceived() {
        return false;
    }

    /**
     * The connection is closed: {@code exc} is {@code null} after a regular close or EOF, or the error that
     * broke it (a reset by the peer, a failed write, an exception of this protocol's callbacks).
     */
    default void connectionLost(Throwable exc) {
    }

    /** The transport's write buffer went over its high-water mark: stop writing until {@link #resumeWriting}. */
    default void pauseWriting() {
    }

    /** The transport's write buffer drained to its low-water mark: writing may go on. */
    default void resumeWriting() {
    }
}
