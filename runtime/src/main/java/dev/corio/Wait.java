package dev.corio;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio's {@code wait}: a coroutine that suspends until the condition {@link ReturnWhen} names holds or
 * the timeout passes, then gives the done and pending futures. It cancels nothing and raises nothing on
 * timeout.
 */
final class Wait<F extends AsyncFuture<?>> extends Coroutine<DoneAndPending<F>> {
    private final Set<F> futures;
    private final ReturnWhen returnWhen;
    private final Double timeout;
    private AsyncFuture<Void> waiter;
    private TimerHandle timeoutHandle;
    private int counter;
    private Consumer<AsyncFuture<?>> onCompletion;
    private boolean started;

    private Wait(Set<F> futures, ReturnWhen returnWhen, Double timeout) {
        this.futures = futures;
        this.returnWhen = returnWhen;
        this.timeout = timeout;
    }

    /** Checks the arguments now, so misuse fails where the call is, not at the await. */
    static <F extends AsyncFuture<?>> Wait<F> of(Collection<F> fs, ReturnWhen returnWhen, Double timeout) {
        Objects.requireNonNull(fs, "futures");
        Objects.requireNonNull(returnWhen, "returnWhen");
        if (timeout != null && Double.isNaN(timeout)) {
            throw new IllegalArgumentException("waitTasks(): timeout is NaN");
        }
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("waitTasks(): the collection of tasks/futures is empty");
        }
        Set<F> set = new LinkedHashSet<>();
        EventLoop loop = null;
        for (Object o : fs) {
            if (o instanceof Coroutine<?>) {
                throw new IllegalArgumentException("waitTasks() takes tasks or futures, not coroutines (got " + o
                        + "): wrap each coroutine in a task with createTask() first, so you can tell which is which"
                        + " in the result");
            }
            if (!(o instanceof AsyncFuture<?> f)) {
                throw new IllegalArgumentException("waitTasks() takes tasks or futures, got " + o);
            }
            if (loop == null) {
                loop = f.getLoop();
            } else if (f.getLoop() != loop) {
                throw new IllegalArgumentException("waitTasks(): " + f + " belongs to a different loop than the others");
            }
            @SuppressWarnings("unchecked")
            F typed = (F) f;
            set.add(typed);
        }
        return new Wait<>(set, returnWhen, timeout);
    }

    @Override
    protected Object resume(Object value, Throwable error) throws Throwable {
        if (!started) {
            started = true;
            EventLoop loop = loop();
            waiter = new AsyncFuture<>(loop);
            if (timeout != null) {
                timeoutHandle = loop.callLater(timeout, this::release);
            }
            counter = futures.size();
            onCompletion = this::onCompletion;
            for (F f : futures) {
                f.addDoneCallback(onCompletion);
            }
            Object r = waiter.awaitFrom(this);
            if (r == SUSPENDED) {
                return SUSPENDED;
            }
        }
        // The "finally" of asyncio's _wait: stop listening, whether we returned or were cancelled.
        if (timeoutHandle != null) {
            timeoutHandle.cancel();
            timeoutHandle = null;
        }
        for (F f : futures) {
            f.removeDoneCallback(onCompletion);
        }
        if (error != null) {
            throw error;
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : futures) {
            (f.isDone() ? done : pending).add(f);
        }
        return new DoneAndPending<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending));
    }

    private void onCompletion(AsyncFuture<?> f) {
        counter--;
        if (counter <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null)) {
            release();
        }
    }

    private void release() {
        if (timeoutHandle != null) {
            timeoutHandle.cancel();
            timeoutHandle = null;
        }
        if (!waiter.isDone()) {
            waiter.setResult(null);
        }
    }
}
