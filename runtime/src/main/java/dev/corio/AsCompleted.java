package dev.corio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@link Corio#asCompleted} returns: asyncio's {@code as_completed} (3.12). Iterating gives as many
 * awaitables as there were distinct awaitables passed; awaiting the next one gives the next result in
 * completion order (or throws the next failure; a cancelled one throws {@link CancelledError}). After the
 * timeout, each await not yet satisfied throws {@link TimeoutError}. Nothing is cancelled.
 *
 * <p>Written in an {@code @Async} method: {@code for (Awaitable<T> next : asCompleted(tasks, 10)) { T r =
 * await(next); ... }}. Unlike Python, where the generator starts on the first iteration, the inputs are
 * made futures (coroutines wrapped in tasks) and the timeout starts when {@code asCompleted} is called.
 *
 * @param <T> the type of the results
 */
public final class AsCompleted<T> implements Iterable<Awaitable<T>> {
    private static final Object TIMED_OUT = new Object();

    private final EventLoop loop;
    private final Set<AsyncFuture<?>> todo = new LinkedHashSet<>();
    /** Completed futures (or TIMED_OUT markers) not yet handed out. */
    private final ArrayDeque<Object> done = new ArrayDeque<>();
    /** Awaits suspended for the next completion: woken one per completion. */
    private final ArrayDeque<AsyncFuture<Void>> getters = new ArrayDeque<>();
    private final Consumer<AsyncFuture<?>> onCompletion = this::onCompletion;
    private final int count;
    private int handedOut;
    private TimerHandle timeoutHandle;

    AsCompleted(Collection<? extends Awaitable<? extends T>> awaitables, Double timeout) {
        Objects.requireNonNull(awaitables, "awaitables");
        if (timeout != null && Double.isNaN(timeout)) {
            throw new IllegalArgumentException("asCompleted(): timeout is NaN");
        }
        this.loop = EventLoop.running();
        Set<Awaitable<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Awaitable<? extends T> a : awaitables) {
            Objects.requireNonNull(a, "asCompleted() got a null awaitable");
            if (seen.add(a)) {
                AsyncFuture<?> f = Corio.ensureFuture(a);
                if (f.getLoop() != loop) {
                    throw new IllegalArgumentException("asCompleted(): " + f + " belongs to another loop");
                }
                todo.add(f);
            }
        }
        count = todo.size();
        for (AsyncFuture<?> f : todo) {
            f.addDoneCallback(onCompletion);
        }
        if (!todo.isEmpty() && timeout != null) {
            timeoutHandle = loop.callLater(timeout, this::onTimeout);
        }
    }

    private void onTimeout() {
        timeoutHandle = null;
        for (AsyncFuture<?> f : todo) {
            f.removeDoneCallback(onCompletion);
            done.add(TIMED_OUT);
        }
        todo.clear();
        wakeGetters();
    }

    private void onCompletion(AsyncFuture<?> f) {
        if (!todo.remove(f)) {
            return; // the timeout came first
        }
        done.add(f);
        if (todo.isEmpty() && timeoutHandle != null) {
            timeoutHandle.cancel();
            timeoutHandle = null;
        }
        wakeGetters();
    }

    /** Wakes as many waiting awaits as there are items to take. */
    private void wakeGetters() {
        int items = done.size();
        while (items > 0 && !getters.isEmpty()) {
            AsyncFuture<Void> g = getters.poll();
            if (!g.isDone()) {
                g.setResult(null);
                items--;
            }
        }
    }

    /** How many awaitables the iteration gives (the number of distinct inputs). */
    public int size() {
        return count;
    }

    @Override
    public Iterator<Awaitable<T>> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return handedOut < count;
            }

            @Override
            public Awaitable<T> next() {
                if (handedOut >= count) {
                    throw new NoSuchElementException("asCompleted(): all " + count + " results were handed out");
                }
                handedOut++;
                return new Next();
            }
        };
    }

    /** All the awaitables at once, in the order to await them. */
    public List<Awaitable<T>> toList() {
        List<Awaitable<T>> l = new ArrayList<>();
        for (Awaitable<T> a : this) {
            l.add(a);
        }
        return l;
    }

    /** One "next completed": takes a completion if there is one, or waits for one. */
    private final class Next extends Coroutine<T> {
        private AsyncFuture<Void> waiter;

        @Override
        @SuppressWarnings("unchecked")
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                // Cancelled while waiting: give our turn to the next waiter if an item is there.
                getters.remove(waiter);
                waiter = null;
                wakeGetters();
                throw error;
            }
            waiter = null;
            Object item = done.poll();
            if (item == null) {
                waiter = new AsyncFuture<>(loop);
                getters.add(waiter);
                return waiter.awaitFrom(this);
            }
            if (item == TIMED_OUT) {
                throw new TimeoutError("asCompleted(): timed out before the next result");
            }
            return ((AsyncFuture<T>) item).result();
        }
    }
}
