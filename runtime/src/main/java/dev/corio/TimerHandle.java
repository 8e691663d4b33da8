package dev.corio;

/**
 * A callback scheduled for a point in loop time with {@link EventLoop#callLater} or {@link EventLoop#callAt}.
 * Timers run in deadline order; timers with the same deadline run in the order they were scheduled.
 */
public final class TimerHandle extends Handle {
    /** Deadline in loop nanoseconds. */
    final long when;
    /** Where the handle stands in the loop's {@link TimerQueue}; read and written on the loop's thread only. */
    byte queueState;
    /** Scheduling order, the tie-breaker for equal deadlines; set by the {@link TimerQueue} (in the padding: free). */
    int seq;

    TimerHandle(EventLoop loop, long when, Runnable callback, Object context) {
        super(loop, callback, context);
        this.when = when;
    }

    /**
     * The deadline, in the seconds of {@link EventLoop#time()}; a deadline that saturated (see
     * {@link EventLoop#callAt}) is {@code ±Infinity}.
     */
    public double when() {
        if (when == Long.MAX_VALUE) {
            return Double.POSITIVE_INFINITY;
        }
        if (when == Long.MIN_VALUE) {
            return Double.NEGATIVE_INFINITY;
        }
        return when / 1e9;
    }

    /**
     * Prevents the callback from running, if it has not run yet. Safe from any thread: from another
     * thread than the loop's, the timer stays in the heap, inert, until its deadline or a compaction.
     */
    @Override
    public void cancel() {
        if (!cancelled) {
            super.cancel();
            loop.timerCancelled(this);
        }
    }
}
