package dev.corio.internal;

import dev.corio.EventLoop;
import java.util.Objects;
import java.util.function.Function;

/**
 * The loop's I/O step: the small internal interface between {@link EventLoop} and the selector of
 * {@code dev.corio.net} (and the pipes of {@code dev.corio.subprocess}). Not API: users use
 * {@code dev.corio.net}; see the package documentation.
 *
 * <p>A loop has at most one, installed the first time a socket is registered. While it is not
 * {@link #isActive() active} the loop behaves as if it had none: it parks its thread as before, and a tick
 * costs one field read more. While it is active the loop waits in {@link #select} instead of parking: until
 * I/O is ready, the next timer is due or another thread {@link #wakeup() wakes} it. All methods but
 * {@link #wakeup()} are called on the loop's thread.
 */
public interface IoStep {

    /** Whether the loop must poll this step each tick: something is registered (or waits to be flushed). */
    boolean isActive();

    /**
     * Whether I/O is in flight that will certainly complete without anyone's help (a connection attempt):
     * the virtual clock does not jump past it. Sockets that only may receive something do not count.
     */
    boolean isIoInFlight();

    /**
     * Waits for I/O up to {@code timeoutNanos} (0: do not wait; negative: until I/O or a wake-up) and runs
     * the handlers of what is ready. Returns how many channels were ready.
     */
    int select(long timeoutNanos);

    /** Makes a {@link #select} in progress (or the next one) return at once. Any thread; cheap when repeated. */
    void wakeup();

    /** Called by {@link EventLoop#close()}: releases the selector and whatever is still registered. */
    void close();

    /**
     * The I/O step of {@code loop}, installed by {@code factory} on first use. Loop thread only (or an
     * idle loop's owner).
     */
    static <T extends IoStep> T of(EventLoop loop, Class<T> type, Function<EventLoop, T> factory) {
        Objects.requireNonNull(loop, "loop");
        return CoreAccess.get().ioStep(loop, type, factory);
    }

    /**
     * Throws, as the loop's own loop-only methods do, when {@code what} is called from a thread other than
     * the running loop's (see "Threading rules" in docs/runtime.md).
     */
    static void checkThread(EventLoop loop, String what) {
        CoreAccess.get().checkThread(loop, what);
    }
}
