package dev.corio.processor.fuzz;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;

/**
 * Awaitables for the transformed run (imported statically next to {@code dev.corio.Corio.*}). Each has a
 * twin of the same name in {@link RefSide} that holds the same outcome synchronously.
 */
public final class AsyncSide {
    private AsyncSide() {
    }

    /** A future that is already done: awaiting it must not suspend. */
    public static <T> AsyncFuture<T> done(T value) {
        AsyncFuture<T> f = EventLoop.running().createFuture();
        f.setResult(value);
        return f;
    }

    /** A future a timer completes after {@code delay} seconds of (virtual) time. */
    public static <T> AsyncFuture<T> later(double delay, T value) {
        EventLoop loop = EventLoop.running();
        AsyncFuture<T> f = loop.createFuture();
        loop.callLater(delay, () -> f.setResult(value));
        return f;
    }

    /**
     * A future that fails with {@code FuzzException(message)}: at once when {@code delay <= 0}, else from a
     * timer. {@code witness} only fixes the type {@code T}.
     */
    public static <T> AsyncFuture<T> failAfter(double delay, String message, T witness) {
        EventLoop loop = EventLoop.running();
        AsyncFuture<T> f = loop.createFuture();
        if (delay <= 0) {
            f.setException(new FuzzBase.FuzzException(message));
        } else {
            loop.callLater(delay, () -> f.setException(new FuzzBase.FuzzException(message)));
        }
        return f;
    }
}
