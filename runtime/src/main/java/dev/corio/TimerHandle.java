package dev.corio;

/**
 * A callback scheduled for a point in loop time with {@link EventLoop#callLater} or {@link EventLoop#callAt}.
 * Timers run in deadline order; timers with the same deadline run in the order they were scheduled.
 */
public final class TimerHandle extends Handle {
    /** Deadline in loop nanoseconds. */
    final long when;
    /** Scheduling order, the tie-breaker for equal deadlines. */
    final long seq;
    static final byte OUT_OF_HEAP = 0;
    static final byte IN_HEAP = 1;
    /** In the heap, cancelled on the loop's thread and counted in the loop's cancelled-timer count. */
    static final byte IN_HEAP_COUNTED = 2;
    /** Where the handle stands in the loop's timer heap; read and written on the loop's thread only. */
    byte heapState = OUT_OF_HEAP;

    TimerHandle(EventLoop loop, long when, long seq, Runnable callback, Object context) {
        super(loop, callback, context);
        this.when = when;
        this.seq = seq;
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

    boolean before(TimerHandle o) {
        return when < o.when || (when == o.when && seq < o.seq);
    }
}
