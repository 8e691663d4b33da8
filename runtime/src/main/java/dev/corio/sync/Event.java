package dev.corio.sync;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.internal.LoopBinding;
import java.util.ArrayDeque;

/**
 * A flag tasks can wait for: asyncio's {@code Event}. {@link #set()} wakes every waiter; waiting on a set
 * event does not suspend; {@link #clear()} makes later waits block again. A waiter woken by {@code set()}
 * returns {@code true} even if the event was cleared before it ran.
 *
 * <pre>{@code
 * Event ready = new Event();
 * createTask(worker(ready));   // worker: await(ready.await()); ...
 * ready.set();
 * }</pre>
 *
 * For the loop's thread only; bound to the first loop it is waited on from.
 */
public final class Event {
    /** The loop this primitive is bound to (asyncio's _LoopBoundMixin). */
    private final LoopBinding binding = new LoopBinding();
    private final ArrayDeque<AsyncFuture<Boolean>> waiters = new ArrayDeque<>();
    private boolean value;
    private final Awaitable<Boolean> await = this::waitFrom;

    /** Whether the flag is set. */
    public boolean isSet() {
        return value;
    }

    /** Sets the flag and wakes every waiter. Setting a set event does nothing. */
    public void set() {
        if (!value) {
            value = true;
            for (AsyncFuture<Boolean> f : waiters) {
                if (!f.isDone()) {
                    f.setResult(Boolean.TRUE);
                }
            }
        }
    }

    /** Resets the flag: later waits block until the next {@link #set()}. */
    public void clear() {
        value = false;
    }

    /**
     * Waits until the flag is set; gives {@code true}. asyncio's {@code wait()}, renamed because
     * {@code Object.wait()} takes that name in Java.
     */
    public Awaitable<Boolean> await() {
        return await;
    }

    private Object waitFrom(Coroutine<?> frame) {
        if (value) {
            return Boolean.TRUE;
        }
        return new Waiting().awaitFrom(frame);
    }

    private final class Waiting extends Coroutine<Boolean> {
        private AsyncFuture<Boolean> fut;

        @Override
        protected Object resume(Object v, Throwable error) throws Throwable {
            if (fut == null) {
                fut = new AsyncFuture<>(binding.bind(task().getLoop(), Event.this));
                waiters.addLast(fut);
                return fut.awaitFrom(this);
            }
            waiters.remove(fut);
            if (error != null) {
                throw error;
            }
            return Boolean.TRUE;
        }

        @Override
        public String toString() {
            return "Event.await()";
        }
    }

    @Override
    public String toString() {
        return "Event[" + (value ? "set" : "unset") + (waiters.isEmpty() ? "" : ", waiters:" + waiters.size()) + "]";
    }
}
