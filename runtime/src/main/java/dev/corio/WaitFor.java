package dev.corio;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * asyncio 3.12's {@code wait_for}: awaits {@code inner} inside a {@link Timeout} scope that starts when
 * this coroutine starts. At the deadline the current task is cancelled, so the cancellation lands in
 * {@code inner} (run inline if it is a coroutine, or the task or future it is, which is then cancelled);
 * once {@code inner} has finished, the scope turns the cancellation into a {@link TimeoutError}. If
 * {@code inner} swallows the cancellation and returns a value, that value is returned. No timeout
 * ({@code null}) just awaits. A timeout {@code <= 0}: {@code inner} is made a future; if it is done its
 * outcome is returned, otherwise it is cancelled, waited for, and a {@code TimeoutError} is raised unless
 * it still completed.
 */
final class WaitFor<T> extends Coroutine<T> {
    private Awaitable<T> inner;
    private final Double timeout;
    /** The timeout <= 0 path: the future being cancelled and the listener waking us. */
    private AsyncFuture<T> future;
    private Consumer<AsyncFuture<T>> release;
    private int state;

    WaitFor(Awaitable<T> inner, Double timeout) {
        this.inner = Objects.requireNonNull(inner, "awaitable");
        if (timeout != null && Double.isNaN(timeout)) {
            throw new IllegalArgumentException("waitFor(): timeout is NaN");
        }
        this.timeout = timeout;
    }

    @Override
    protected Object resume(Object value, Throwable error) throws Throwable {
        switch (state) {
            case 0: {
                Awaitable<T> a = inner;
                inner = null;
                if (timeout == null) {
                    state = 1;
                    return a.awaitFrom(this);
                }
                if (timeout <= 0) {
                    return expireNow(a);
                }
                state = 1;
                double deadline = loop().time() + timeout;
                return new AsyncWith<Timeout, T>(() -> new Timeout(deadline), t -> a).awaitFrom(this);
            }
            case 1:
                if (error != null) {
                    throw error;
                }
                return value;
            case 2:
                future.removeDoneCallback(release);
                if (error != null) {
                    throw error; // we were cancelled while waiting for the cancelled future
                }
                return outcomeOrTimeout();
            default:
                throw new IllegalStateException("waitFor resumed after it completed");
        }
    }

    private Object expireNow(Awaitable<T> a) {
        future = Corio.ensureFuture(a);
        if (future.isDone()) {
            return future.result();
        }
        // Wait on a separate future, not on the cancelled one, so that this waitFor stays cancellable itself.
        AsyncFuture<Void> waiter = new AsyncFuture<>(loop());
        release = f -> {
            if (!waiter.isDone()) {
                waiter.setResult(null);
            }
        };
        future.addDoneCallback(release);
        future.cancel();
        state = 2;
        Object r = waiter.awaitFrom(this);
        if (r == SUSPENDED) {
            return SUSPENDED;
        }
        future.removeDoneCallback(release);
        return outcomeOrTimeout();
    }

    private Object outcomeOrTimeout() {
        try {
            return future.result();
        } catch (CancelledError e) {
            throw new TimeoutError("waitFor(): timeout " + timeout + " <= 0 and the awaitable was not done", e);
        }
    }
}
