package dev.corio.sync;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.internal.LoopBinding;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable: asyncio's {@code Condition} (3.12). Tasks holding its {@link Lock} wait to be
 * notified by others; waiting releases the lock and takes it again before returning.
 *
 * <pre>{@code
 * try (var c = cond) {                          // in an @Async method: async with cond
 *     await(cond.waitFor(() -> !items.isEmpty()));
 *     take(items);
 * }
 * ...
 * try (var c = cond) { items.add(x); cond.notify(1); }
 * }</pre>
 *
 * <p>{@link #await()}, {@link #notify(int)} and {@link #notifyAllWaiters()} need the lock held
 * ({@link IllegalStateException} otherwise). A wait always takes the lock again before it returns or
 * throws, also when it is cancelled; a waiter that fails after being notified passes the notification on
 * to the next waiter, so none is lost (a spurious wake-up is possible, as the protocol allows: re-check
 * the state, or use {@link #waitFor}). For the loop's thread only.
 *
 * <p>Java names: {@code Object.wait()}, {@code notify()} and {@code notifyAll()} are final, so asyncio's
 * {@code wait()} is {@link #await()} (as in {@code java.util.concurrent.locks.Condition}), {@code notify()}
 * is {@link #notifyOne()} or {@link #notify(int)}, and {@code notify_all()} is {@link #notifyAllWaiters()}.
 * Beware: {@code cond.notify()} and {@code cond.notifyAll()} still compile, as {@code Object}'s monitor
 * methods, and throw {@code IllegalMonitorStateException}.
 */
public final class Condition implements AsyncContextManager<Condition> {
    /** The loop this primitive is bound to (asyncio's _LoopBoundMixin). */
    private final LoopBinding binding = new LoopBinding();
    private final Lock lock;
    private final ArrayDeque<AsyncFuture<Boolean>> waiters = new ArrayDeque<>();
    private final Awaitable<Condition> enter;

    /** A condition with a lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition over {@code lock}, which several conditions may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.enter = frame -> lock.acquireFrom(frame, this);
    }

    /** The underlying lock. */
    public Lock lock() {
        return lock;
    }

    /** Whether the underlying lock is held (asyncio's {@code locked()}). */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * asyncio's spelling of {@link #isLocked()}.
     *
     * @deprecated boolean queries are {@code isX} (docs/runtime.md, "Names"); use {@link #isLocked()}
     */
    @Deprecated
    public boolean locked() {
        return isLocked();
    }

    /** Acquires the underlying lock. */
    public Awaitable<Boolean> acquire() {
        return lock.acquire();
    }

    /** Releases the underlying lock. */
    public void release() {
        lock.release();
    }

    /**
     * Releases the lock, waits to be notified, takes the lock again; gives {@code true}. May return
     * spuriously: callers re-check what they wait for.
     */
    public Awaitable<Boolean> await() {
        return frame -> new Waiting().awaitFrom(frame);
    }

    /**
     * Waits until {@code predicate} holds, checking it first and after each wake-up, with the lock held;
     * gives {@code true}.
     */
    public Awaitable<Boolean> waitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return frame -> new WaitingFor(predicate).awaitFrom(frame);
    }

    /** Wakes one waiter; the lock must be held. */
    public void notifyOne() {
        notify(1);
    }

    /** Wakes up to {@code n} waiters; the lock must be held. The woken take the lock when it is released. */
    public void notify(int n) {
        if (!lock.isLocked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wake(n);
    }

    /**
     * Wakes every waiter; the lock must be held. asyncio's {@code notify_all()}, renamed because
     * {@code Object.notifyAll()} is final (and calling that one throws {@code IllegalMonitorStateException}).
     */
    public void notifyAllWaiters() {
        notify(waiters.size());
    }

    private void wake(int n) {
        int woken = 0;
        for (AsyncFuture<Boolean> f : waiters) {
            if (woken >= n) {
                break;
            }
            if (!f.isDone()) {
                woken++;
                f.setResult(Boolean.FALSE);
            }
        }
    }

    /** {@code async with cond}: acquires the lock; the block gets the condition. */
    @Override
    public Awaitable<Condition> aenter() {
        return enter;
    }

    /** {@code async with cond}: releases the lock; never suppresses the block's exception. */
    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        return lock.aexit(error);
    }

    /** One {@link #await()}: release, wait for the notification, re-acquire (through cancellations). */
    private final class Waiting extends Coroutine<Boolean> {
        private static final int START = 0;
        private static final int NOTIFIED = 1;
        private static final int REACQUIRING = 2;
        private static final int DONE = 3;
        private int state = START;
        private AsyncFuture<Boolean> fut;
        /** What the wait itself ended with (a cancellation, say). */
        private Throwable waitError;
        /** The latest cancellation while re-acquiring. */
        private Throwable reacquireError;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            switch (state) {
                case START: {
                    if (!lock.isLocked()) {
                        throw new IllegalStateException("cannot wait on un-acquired lock");
                    }
                    fut = new AsyncFuture<>(binding.bind(task().getLoop(), Condition.this));
                    lock.release();
                    waiters.addLast(fut);
                    state = NOTIFIED;
                    return fut.awaitFrom(this);
                }
                case NOTIFIED:
                    waiters.remove(fut);
                    waitError = error;
                    state = REACQUIRING;
                    return reacquire();
                case REACQUIRING:
                    if (error == null) {
                        return reacquired();
                    }
                    if (!(error instanceof CancelledError)) {
                        wake(1); // as asyncio: only cancellation retries; anything else propagates
                        throw error;
                    }
                    reacquireError = error;
                    return reacquire();
                default:
                    throw new IllegalStateException("Condition.await() resumed after it completed");
            }
        }

        /** Must take the lock again even if cancelled: retry until it is held. */
        private Object reacquire() throws Throwable {
            for (;;) {
                Object r;
                try {
                    r = lock.acquire().awaitFrom(this);
                } catch (CancelledError e) {
                    reacquireError = e;
                    continue;
                } catch (Throwable e) {
                    wake(1);
                    throw e;
                }
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                return reacquired();
            }
        }

        private Object reacquired() throws Throwable {
            state = DONE;
            Throwable e = reacquireError != null ? reacquireError : waitError;
            if (e != null) {
                // It may have failed after being notified: pass the notification on (a spurious wake-up at
                // worst), so no notify is lost.
                wake(1);
                throw e;
            }
            return Boolean.TRUE;
        }

        @Override
        public String toString() {
            return "Condition.await()";
        }
    }

    /** {@link #waitFor}: check, wait, check again. */
    private final class WaitingFor extends Coroutine<Boolean> {
        private final BooleanSupplier predicate;

        WaitingFor(BooleanSupplier predicate) {
            this.predicate = predicate;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            while (!predicate.getAsBoolean()) {
                Object r = new Waiting().awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return Boolean.TRUE;
        }

        @Override
        public String toString() {
            return "Condition.waitFor()";
        }
    }

    @Override
    public String toString() {
        return "Condition[" + (isLocked() ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size()) + "]";
    }
}
