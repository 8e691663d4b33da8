package dev.corio.sync;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.internal.LoopBinding;
import java.util.ArrayDeque;

/**
 * A mutual-exclusion lock for tasks: asyncio's {@code Lock} (3.12). Not owned by a task: any task may
 * release it. Waiters acquire it strictly first come, first served; a newcomer takes it at once only
 * when it is unlocked and nobody (not cancelled) waits.
 *
 * <pre>{@code
 * await(lock.acquire());
 * try { ... } finally { lock.release(); }
 *
 * try (var held = lock) { ... }     // in an @Async method: async with lock
 * }</pre>
 *
 * <p>A waiter cancelled while waiting leaves the queue; if the lock had already been handed to it, it
 * passes it on to the next waiter, so a cancellation never leaks the lock nor skips anyone's turn.
 * For the loop's thread only; bound to the first loop it is waited on from.
 */
public final class Lock implements AsyncContextManager<Lock> {
    /** The loop this primitive is bound to (asyncio's _LoopBoundMixin). */
    private final LoopBinding binding = new LoopBinding();
    private ArrayDeque<AsyncFuture<Boolean>> waiters;
    private boolean locked;
    private final Awaitable<Boolean> acquire = frame -> acquireFrom(frame, Boolean.TRUE);
    private final Awaitable<Lock> enter = frame -> acquireFrom(frame, this);

    /** Whether the lock is held (asyncio's {@code locked()}). */
    public boolean isLocked() {
        return locked;
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

    /**
     * Acquires the lock, waiting for it if it is held or others wait; gives {@code true}. Nothing happens
     * until it is awaited; the same awaitable may be awaited any number of times.
     */
    public Awaitable<Boolean> acquire() {
        return acquire;
    }

    /**
     * Releases the lock and hands it to the first waiter; {@link IllegalStateException} if it is not held.
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        wakeUpFirst();
    }

    /** {@code async with lock}: acquires; the block gets the lock itself. */
    @Override
    public Awaitable<Lock> aenter() {
        return enter;
    }

    /** {@code async with lock}: releases; never suppresses the block's exception. */
    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        return frame -> {
            release();
            return Boolean.FALSE;
        };
    }

    /** Acquires for {@code frame}; the await gives {@code result} (true, or the context manager). */
    final Object acquireFrom(Coroutine<?> frame, Object result) {
        if (!locked && allCancelled()) {
            binding.bind(frame.task().getLoop(), Lock.this);
            locked = true;
            return result;
        }
        return new Acquiring(result).awaitFrom(frame);
    }

    private boolean allCancelled() {
        ArrayDeque<AsyncFuture<Boolean>> w = waiters;
        if (w != null) {
            for (AsyncFuture<Boolean> f : w) {
                if (!f.isCancelled()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Ensures the first waiter wakes up (if it has not been woken already). */
    private void wakeUpFirst() {
        ArrayDeque<AsyncFuture<Boolean>> w = waiters;
        if (w == null || w.isEmpty()) {
            return;
        }
        AsyncFuture<Boolean> first = w.peekFirst();
        if (!first.isDone()) {
            first.setResult(Boolean.TRUE);
        }
    }

    /** The slow path of {@link #acquire()}: wait in line. */
    private final class Acquiring extends Coroutine<Object> {
        private final Object result;
        private AsyncFuture<Boolean> fut;

        Acquiring(Object result) {
            this.result = result;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (fut == null) {
                fut = new AsyncFuture<>(binding.bind(task().getLoop(), Lock.this));
                if (waiters == null) {
                    waiters = new ArrayDeque<>();
                }
                waiters.addLast(fut);
                return fut.awaitFrom(this);
            }
            waiters.remove(fut);
            if (error != null) {
                if (error instanceof CancelledError && !locked) {
                    // The lock may have been handed to us already: the head of the line must still wake up.
                    wakeUpFirst();
                }
                throw error;
            }
            locked = true;
            return result;
        }

        @Override
        public String toString() {
            return "Lock.acquire()";
        }
    }

    @Override
    public String toString() {
        String s = locked ? "locked" : "unlocked";
        if (waiters != null && !waiters.isEmpty()) {
            s += ", waiters:" + waiters.size();
        }
        return "Lock[" + s + "]";
    }
}
