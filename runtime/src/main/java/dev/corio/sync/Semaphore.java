package dev.corio.sync;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.internal.LoopBinding;
import java.util.ArrayDeque;

/**
 * A counter of permits: asyncio's {@code Semaphore} (3.12). {@link #acquire()} takes a permit, waiting
 * while there is none; {@link #release()} gives one back and wakes the first waiter. Strictly first come,
 * first served: while tasks wait, a newcomer waits behind them even if a permit is free.
 *
 * <pre>{@code
 * Semaphore slots = new Semaphore(10);
 * try (var slot = slots) { await(fetch(url)); }   // in an @Async method: at most 10 fetches at once
 * }</pre>
 *
 * <p>A permit handed to a waiter that is cancelled before it runs goes back to the count and on to the
 * next waiter. {@link BoundedSemaphore} also refuses releases beyond the initial value. For the loop's
 * thread only; bound to the first loop it is waited on from.
 */
public class Semaphore implements AsyncContextManager<Semaphore> {
    /** The loop this primitive is bound to (asyncio's _LoopBoundMixin). */
    private final LoopBinding binding = new LoopBinding();
    private ArrayDeque<AsyncFuture<Boolean>> waiters;
    int value;
    private final Awaitable<Boolean> acquire = frame -> acquireFrom(frame, Boolean.TRUE);
    private final Awaitable<Semaphore> enter = frame -> acquireFrom(frame, this);

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /** A semaphore with {@code value} permits; {@link IllegalArgumentException} if negative. */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value);
        }
        this.value = value;
    }

    /** The number of free permits. */
    public final int value() {
        return value;
    }

    /**
     * Whether an {@link #acquire()} would wait: no permit is free, or (first come, first served) a task
     * that has not been cancelled already waits (asyncio's {@code locked()}).
     */
    public final boolean isLocked() {
        if (value == 0) {
            return true;
        }
        if (waiters != null) {
            for (AsyncFuture<Boolean> f : waiters) {
                if (!f.isCancelled()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * asyncio's spelling of {@link #isLocked()}.
     *
     * @deprecated boolean queries are {@code isX} (docs/runtime.md, "Names"); use {@link #isLocked()}
     */
    @Deprecated
    public final boolean locked() {
        return isLocked();
    }

    /** Takes a permit, waiting in line while none is free; gives {@code true}. */
    public final Awaitable<Boolean> acquire() {
        return acquire;
    }

    /** Gives a permit back and wakes the first waiter. */
    public void release() {
        value++;
        wakeUpNext();
    }

    /** {@code async with semaphore}: acquires; the block gets the semaphore itself. */
    @Override
    public final Awaitable<Semaphore> aenter() {
        return enter;
    }

    /** {@code async with semaphore}: releases; never suppresses the block's exception. */
    @Override
    public final Awaitable<Boolean> aexit(Throwable error) {
        return frame -> {
            release();
            return Boolean.FALSE;
        };
    }

    /** Acquires for {@code frame}; the await gives {@code result} (true, or the context manager). */
    final Object acquireFrom(Coroutine<?> frame, Object result) {
        if (!isLocked()) {
            binding.bind(frame.task().getLoop(), Semaphore.this);
            value--;
            return result;
        }
        return new Acquiring(result).awaitFrom(frame);
    }

    /** Hands a permit to the first waiter not yet woken; whether there was one. */
    private boolean wakeUpNext() {
        if (waiters == null) {
            return false;
        }
        for (AsyncFuture<Boolean> f : waiters) {
            if (!f.isDone()) {
                value--;
                f.setResult(Boolean.TRUE);
                return true;
            }
        }
        return false;
    }

    /** The slow path of {@link #acquire()}: wait in line; the waker already took the permit for us. */
    private final class Acquiring extends Coroutine<Object> {
        private final Object result;
        private AsyncFuture<Boolean> fut;

        Acquiring(Object result) {
            this.result = result;
        }

        @Override
        protected Object resume(Object v, Throwable error) throws Throwable {
            if (fut == null) {
                fut = new AsyncFuture<>(binding.bind(task().getLoop(), Semaphore.this));
                if (waiters == null) {
                    waiters = new ArrayDeque<>();
                }
                waiters.addLast(fut);
                return fut.awaitFrom(this);
            }
            waiters.remove(fut);
            try {
                if (error != null) {
                    if (error instanceof CancelledError && fut.isDone() && !fut.isCancelled()) {
                        // Woken with a permit, but cancelled before we could run: give it back.
                        value++;
                    }
                    throw error;
                }
                return result;
            } finally {
                // Newcomers may have queued behind us while permits were free: wake as many as allowed.
                while (value > 0 && wakeUpNext()) {
                    // each call hands one permit on
                }
            }
        }

        @Override
        public String toString() {
            return "Semaphore.acquire()";
        }
    }

    @Override
    public String toString() {
        String s = isLocked() ? "locked" : "unlocked, value:" + value;
        if (waiters != null && !waiters.isEmpty()) {
            s += ", waiters:" + waiters.size();
        }
        return getClass().getSimpleName() + "[" + s + "]";
    }
}
