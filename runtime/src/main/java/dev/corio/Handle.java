package dev.corio;

/**
 * A callback scheduled on an {@link EventLoop} with {@link EventLoop#callSoon}; it can be cancelled until it
 * runs. Timed callbacks get a {@link TimerHandle}.
 */
public class Handle {
    final EventLoop loop;
    Runnable callback;
    volatile boolean cancelled;
    /**
     * The context the callback runs in: a snapshot of its scheduler's context or an explicit
     * {@link dev.corio.context.Context} (see {@code dev.corio.context.ContextCarrier}); null for the runtime's own
     * callbacks, which run in whatever context is current.
     */
    final Object context;

    Handle(EventLoop loop, Runnable callback) {
        this(loop, callback, null);
    }

    Handle(EventLoop loop, Runnable callback, Object context) {
        this.loop = loop;
        this.callback = callback;
        this.context = context;
    }

    /** Prevents the callback from running, if it has not run yet. Cancelling twice does nothing. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null; // drop what the callback holds, as asyncio does
        }
    }

    /** Whether {@link #cancel()} was called: asyncio's {@code Handle.cancelled()}, named as every boolean query. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs the callback; the loop catches what it throws. */
    void fire() {
        Runnable c = callback;
        if (c != null) {
            c.run();
        }
    }

    @Override
    public String toString() {
        Runnable c = callback;
        return getClass().getSimpleName() + (cancelled ? "[cancelled]" : "[" + c + "]");
    }
}
