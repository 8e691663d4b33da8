package dev.corio;

/**
 * What {@link Corio#sleep(double)} returns: an awaitable that suspends the awaiting task for a while.
 * {@code sleep(0)} is a bare yield: the task goes to the back of the ready queue for one tick, without
 * a timer or a future.
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
        SleepFuture<T> f = new SleepFuture<>(loop, result);
        f.timer = loop.callAtNanos(loop.deadline(delayNanos), f);
        task.suspendOn(f);
        return Coroutine.SUSPENDED;
    }

    @Override
    public String toString() {
        return delayNanos <= 0 ? "sleep(0)" : "sleep(" + delayNanos / 1e9 + ")";
    }

    /** The future a sleeping task waits on; it is its own timer callback. */
    static final class SleepFuture<T> extends AsyncFuture<T> implements Runnable {
        private final T value;
        TimerHandle timer;

        SleepFuture(EventLoop loop, T value) {
            super(loop);
            this.value = value;
        }

        @Override
        public void run() {
            timer = null;
            if (!isDone()) {
                setResult(value);
            }
        }

        @Override
        void onCancelled() {
            TimerHandle t = timer;
            if (t != null) {
                timer = null;
                t.cancel();
            }
        }

        @Override
        String describe() {
            return "sleep";
        }
    }
}
