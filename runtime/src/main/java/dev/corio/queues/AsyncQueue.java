package dev.corio.queues;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.generators.AsyncIterable;
import dev.corio.generators.AsyncIterator;
import dev.corio.generators.StopAsyncIteration;
import dev.corio.internal.LoopBinding;
import dev.corio.sync.Event;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;

/**
 * A first-in, first-out queue between tasks: asyncio's {@code Queue} (3.13, with shutdown). Named
 * {@code AsyncQueue} so that it does not clash with {@code java.util.Queue} (as {@code AsyncFuture} does not
 * with {@code java.util.concurrent.Future}); {@link AsyncPriorityQueue} and {@link AsyncLifoQueue} give the
 * items in another order.
 *
 * <pre>{@code
 * AsyncQueue<String> q = new AsyncQueue<>(10);   // bounded: put waits while 10 items are queued
 * await(q.put("job"));                           // producer
 * String job = await(q.get());                   // consumer: waits while the queue is empty
 * q.taskDone();                                  // ... once the job is processed
 * await(q.join());                               // waits until every item put was taskDone()
 * }</pre>
 *
 * <ul>
 *   <li>{@link #put} and {@link #get} wait (first come, first served) while the queue is full or empty;
 *   {@link #putNowait} and {@link #getNowait} throw {@link QueueFull} and {@link QueueEmpty} instead.</li>
 *   <li>Every item put counts as unfinished until a {@link #taskDone()}; {@link #join()} waits for none to be
 *   left. More {@code taskDone()} calls than items is an {@link IllegalStateException} (asyncio's
 *   {@code ValueError}).</li>
 *   <li>{@link #shutdown(boolean)}: puts throw {@link QueueShutDown} from then on, and waiting putters are
 *   woken with it; gets go on until the queue is empty, then throw it (an immediate shutdown also drops
 *   the items left, counting them as done, so {@code join()} returns).</li>
 *   <li>A cancelled getter or putter leaves the line; if it had been woken already, it wakes the next one,
 *   so no item and no free slot is lost.</li>
 *   <li>A queue is an {@link AsyncIterable}: {@code for (T x : awaitEach(q))} takes items as {@link #get}
 *   does until the queue is shut down (a graceful shutdown drains what is queued first, an immediate one
 *   stops at once), then the loop ends normally. Iterating does not call {@link #taskDone()}: the body
 *   calls it once an item is processed, as after a {@code get}; see {@link #aiter()}.</li>
 * </ul>
 *
 * For the loop's thread only; bound to the first loop it is waited on from. {@code null} items are
 * refused (the storage is a {@code java.util.Queue}).
 *
 * @param <T> the type of the items
 */
public class AsyncQueue<T> implements AsyncIterable<T> {
    /** The loop this primitive is bound to (asyncio's _LoopBoundMixin). */
    private final LoopBinding binding = new LoopBinding();
    private final int maxsize;
    private final Queue<T> items;
    private final ArrayDeque<AsyncFuture<Void>> getters = new ArrayDeque<>();
    private final ArrayDeque<AsyncFuture<Void>> putters = new ArrayDeque<>();
    private int unfinishedTasks;
    private final Event finished = new Event();
    private boolean shutdown;
    private final Awaitable<T> get = this::getFrom;
    private final Awaitable<T> next = this::nextFrom;

    /** An unbounded queue. */
    public AsyncQueue() {
        this(0);
    }

    /** A queue of at most {@code maxsize} items; unbounded if {@code maxsize <= 0}. */
    public AsyncQueue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    AsyncQueue(int maxsize, Queue<T> storage) {
        this.maxsize = maxsize;
        this.items = storage;
        finished.set();
    }

    /** The number of items in the queue. */
    public final int qsize() {
        return items.size();
    }

    /** The bound given at construction ({@code <= 0}: unbounded). */
    public final int maxsize() {
        return maxsize;
    }

    /** Whether no item is queued (asyncio's {@code empty()}). */
    public final boolean isEmpty() {
        return items.isEmpty();
    }

    /** Whether {@link #maxsize()} items are queued; never for an unbounded queue (asyncio's {@code full()}). */
    public final boolean isFull() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * asyncio's spelling of {@link #isEmpty()}.
     *
     * @deprecated boolean queries are {@code isX} (docs/runtime.md, "Names"); use {@link #isEmpty()}
     */
    @Deprecated
    public final boolean empty() {
        return isEmpty();
    }

    /**
     * asyncio's spelling of {@link #isFull()}.
     *
     * @deprecated boolean queries are {@code isX} (docs/runtime.md, "Names"); use {@link #isFull()}
     */
    @Deprecated
    public final boolean full() {
        return isFull();
    }

    /** Whether {@link #shutdown} was called. */
    public final boolean isShutdown() {
        return shutdown;
    }

    /** Puts {@code item}, waiting for a free slot while the queue is full. */
    public final Awaitable<Void> put(T item) {
        Objects.requireNonNull(item, "item");
        return frame -> {
            if (!isFull()) {
                putNowait(item);
                return null;
            }
            return new Putting(item).awaitFrom(frame);
        };
    }

    /** Puts {@code item} if there is room: {@link QueueFull} if not, {@link QueueShutDown} after a shutdown. */
    public final void putNowait(T item) {
        Objects.requireNonNull(item, "item");
        if (shutdown) {
            throw new QueueShutDown("put on a queue that was shut down");
        }
        if (isFull()) {
            throw new QueueFull("queue full (maxsize " + maxsize + ")");
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        wakeUpNext(getters);
    }

    /** Takes the next item, waiting while the queue is empty. */
    public final Awaitable<T> get() {
        return get;
    }

    /**
     * An iterator over the items as they are put: each {@code anext()} is a {@link #get()}, except that once
     * the queue is shut down and has nothing left to give it throws {@link StopAsyncIteration} instead of
     * {@link QueueShutDown}, so an async {@code for} over the queue ends normally at the shutdown. Several
     * iterators (one per consumer task) share the items first come, first served, as getters do.
     *
     * <p>The iterator does not call {@link #taskDone()}: asyncio's {@code get()} never does, and a consumer
     * written for {@code get()} (which calls {@code task_done()} when it has processed an item) keeps working
     * unchanged when it turns into a loop; an iterator that called it for the previous item on the next
     * {@code anext()} would count an item done that the body handed to another task, and would make such a
     * consumer's own call throw. Call it in the body, after the item is processed. The iterator holds
     * nothing, so leaving the loop early ({@code aclose()}) leaves the queue as it is.
     */
    @Override
    public final AsyncIterator<T> aiter() {
        return () -> next;
    }

    /** Takes the next item if there is one: {@link QueueEmpty} if not, {@link QueueShutDown} once shut down. */
    public final T getNowait() {
        if (items.isEmpty()) {
            if (shutdown) {
                throw new QueueShutDown("get on a queue that was shut down and is empty");
            }
            throw new QueueEmpty("queue empty");
        }
        T item = items.remove();
        wakeUpNext(putters);
        return item;
    }

    /**
     * Marks one item taken with {@link #get} as processed; when none is left unfinished, {@link #join()}
     * returns. {@link IllegalStateException} when called more often than items were put.
     */
    public final void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("taskDone() called too many times (more often than items were put)");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /** Waits until every item put has been marked {@link #taskDone()}. */
    public final Awaitable<Void> join() {
        return frame -> {
            if (unfinishedTasks == 0) {
                return null;
            }
            return new Joining().awaitFrom(frame);
        };
    }

    /** {@link #shutdown(boolean) shutdown(false)}: a graceful one, gets drain what is queued. */
    public final void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: later puts throw {@link QueueShutDown}, and so do gets once the queue is empty.
     * With {@code immediate}, the items left are dropped (each counts as done for {@link #join()}), so gets
     * throw at once. Waiting getters and putters are woken to see it.
     */
    public final void shutdown(boolean immediate) {
        shutdown = true;
        if (immediate) {
            while (!items.isEmpty()) {
                items.remove();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        wakeAll(getters);
        wakeAll(putters);
    }

    private static void wakeUpNext(ArrayDeque<AsyncFuture<Void>> waiters) {
        AsyncFuture<Void> w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.isDone()) {
                w.setResult(null);
                return;
            }
        }
    }

    private static void wakeAll(ArrayDeque<AsyncFuture<Void>> waiters) {
        AsyncFuture<Void> w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.isDone()) {
                w.setResult(null);
            }
        }
    }

    private Object getFrom(Coroutine<?> frame) {
        if (!items.isEmpty()) {
            return getNowait();
        }
        return new Getting(false).awaitFrom(frame);
    }

    private Object nextFrom(Coroutine<?> frame) {
        if (!items.isEmpty()) {
            return getNowait();
        }
        if (shutdown) {
            throw new StopAsyncIteration();
        }
        return new Getting(true).awaitFrom(frame);
    }

    /** The slow path of {@link #put}: wait for a slot, as long as it takes. */
    private final class Putting extends Coroutine<Void> {
        private final T item;
        private AsyncFuture<Void> putter;

        Putting(T item) {
            this.item = item;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (putter != null) {
                AsyncFuture<Void> p = putter;
                putter = null;
                if (error != null) {
                    p.cancel(); // in case it is still pending
                    putters.remove(p);
                    if (!isFull() && !p.isCancelled()) {
                        // Woken for a free slot but cannot take it: wake the next in line instead.
                        wakeUpNext(putters);
                    }
                    throw error;
                }
            }
            while (isFull()) {
                if (shutdown) {
                    throw new QueueShutDown("put on a queue that was shut down");
                }
                putter = new AsyncFuture<>(binding.bind(task().getLoop(), AsyncQueue.this));
                putters.addLast(putter);
                return putter.awaitFrom(this);
            }
            putNowait(item);
            return null;
        }

        @Override
        public String toString() {
            return "AsyncQueue.put()";
        }
    }

    /** The slow path of {@link #get}: wait for an item. */
    private final class Getting extends Coroutine<T> {
        /** For an iterator: the end of the items is {@link StopAsyncIteration}, not {@link QueueShutDown}. */
        private final boolean iterating;
        private AsyncFuture<Void> getter;

        Getting(boolean iterating) {
            this.iterating = iterating;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (getter != null) {
                AsyncFuture<Void> g = getter;
                getter = null;
                if (error != null) {
                    g.cancel();
                    getters.remove(g);
                    if (!items.isEmpty() && !g.isCancelled()) {
                        // Woken for an item but cannot take it: wake the next getter instead.
                        wakeUpNext(getters);
                    }
                    throw error;
                }
            }
            while (items.isEmpty()) {
                if (shutdown) {
                    if (iterating) {
                        throw new StopAsyncIteration();
                    }
                    throw new QueueShutDown("get on a queue that was shut down and is empty");
                }
                getter = new AsyncFuture<>(binding.bind(task().getLoop(), AsyncQueue.this));
                getters.addLast(getter);
                return getter.awaitFrom(this);
            }
            return getNowait();
        }

        @Override
        public String toString() {
            return iterating ? "AsyncQueue.aiter().anext()" : "AsyncQueue.get()";
        }
    }

    /** The slow path of {@link #join()}. */
    private final class Joining extends Coroutine<Void> {
        private boolean waited;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (!waited) {
                waited = true;
                Object r = finished.await().awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "AsyncQueue.join()";
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(getClass().getSimpleName()).append("[maxsize=").append(maxsize);
        if (!items.isEmpty()) {
            s.append(" items=").append(items.size());
        }
        if (!getters.isEmpty()) {
            s.append(" getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            s.append(" putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks > 0) {
            s.append(" tasks=").append(unfinishedTasks);
        }
        if (shutdown) {
            s.append(" shutdown");
        }
        return s.append(']').toString();
    }
}
