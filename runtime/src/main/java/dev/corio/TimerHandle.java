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
    /** Non-negative while the handle is in the loop's timer heap, -1 once removed. */
    int heapIndex = -1;

    TimerHandle(EventLoop loop, long when, long seq, Runnable callback) {
        super(loop, callback);
        this.when = when;
        this.seq = seq;
    }

    /** The deadline, in the seconds of {@link EventLoop#time()}. */
    public double when() {
        return when / 1e9;
    }

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
