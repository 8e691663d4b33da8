package dev.corio;

/**
 * What {@link Corio#sleep(double)} returns: an awaitable that suspends the awaiting task for a while.
 * {@code sleep(0)} is a bare yield: the task goes to the back of the ready queue for one tick, without
 * a timer or a future. A sleep with no value ({@code sleep(d)}) makes the task its own timer, without a
 * future either ({@link Task#SLEEPING}); one with a value, or one a pending cancellation is to be thrown at,
 * waits on a {@link SleepFuture}. Both wake the task in the same tick.
 */
final class Sleep<T> implements Awaitable<T> {
    /** The shared bare yield. */
    static final Sleep<Void> YIELD = new Sleep<>(0, null);

    private final long delayNanos;
    private final T result;

    Sleep(long delayNanos, T result) {
        this.delayNanos = delayNanos;
        this.result = result;
    }

    @Override
    public Object awaitFrom(Coroutine<?> frame) {
        Task<?> task = frame.task;
        EventLoop loop = task.loop;
        if (delayNanos <= 0) {
            if (result == null) {
                task.yieldOnce();
            } else {
                // A done future wakes the task in the next tick with the value.
                AsyncFuture<T> done = new AsyncFuture<>(loop);
                done.setResult(result);
                task.suspendOn(done);
            }
            return Coroutine.SUSPENDED;
        }
        if (result == null && task.maySleepAsTimer()) {
            task.sleepUntil(loop.deadline(delayNanos)); // the task is its own timer: no future (Task.SLEEPING)
            return Coroutine.SUSPENDED;
        }
        SleepFuture<T> f = new SleepFuture<>(loop, result);
        loop.addTimer(f, loop.deadline(delayNanos));
        task.suspendOn(f);
        return Coroutine.SUSPENDED;
    }

    @Override
    public String toString() {
        return delayNanos <= 0 ? "sleep(0)" : "sleep(" + delayNanos / 1e9 + ")";
    }

    /**
     * The future a sleeping task waits on. It is its own timer: the loop's {@link TimerQueue} holds it until
     * its deadline, then the tick runs {@link #fire} in its turn among the ready callbacks (as asyncio runs
     * the timer handle that completes the sleep's future), and the task wakes one tick later. While pending,
     * {@link #outcome} holds the value the sleep will return, so the future needs no field of its own for it;
     * a cancelled sleep is inert in the queue until it surfaces or a sweep drops it.
     */
    static final class SleepFuture<T> extends AsyncFuture<T> {
        /** Where the future stands in the loop's timer queue; loop thread only. */
        byte queueState;
        /** Scheduling order in the timer queue (in the object's padding: no extra bytes). */
        int seq;

        SleepFuture(EventLoop loop, T value) {
            super(loop);
            outcome = value;
        }

        /** Its deadline came: completes with the sleep's value, unless it was cancelled meanwhile. */
        @SuppressWarnings("unchecked")
        void fire() {
            if (!isDone()) {
                setResult((T) outcome);
            }
        }

        @Override
        void onCancelled() {
            loop.timerCancelled(this);
        }

        @Override
        String describe() {
            return "sleep";
        }
    }
}
