package dev.corio.group;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A group of event loops, each running forever on a thread of its own: one loop per core, as Netty's
 * {@code EventLoopGroup} or Vert.x's event-loop pool. Each loop keeps asyncio's single-threaded semantics;
 * the group only spreads work over them.
 *
 * <h2>Pinning</h2>
 * A task belongs to the loop it was created on and runs only there, from its first step to its last:
 * {@link #submit(Coroutine)} pins a coroutine to the next loop in turn (round robin), {@link #submit(int,
 * Coroutine)} to a given one; a task creates its children on its own loop ({@code createTask}), so a tree
 * of tasks stays on the loop of its root.
 *
 * <h2>Awaiting across loops</h2>
 * A future belongs to one loop, and awaiting a future of another loop is refused (as in asyncio). To await
 * on loop B what loop A computes, hand it over: {@link #handOver(AsyncFuture, EventLoop)} gives a future on B
 * that completes with A's outcome (its result, its exception unchanged, or a cancellation), the completion
 * crossing threads through B's thread-safe queue; cancelling it cancels A's future, through A's queue. From
 * outside any loop, use the {@link CompletableFuture} {@link #submit} returns.
 *
 * <h2>Lifetime</h2>
 * The threads are daemon threads named {@code corio-loop-N}. {@link #close()} stops every loop, waits for
 * its thread and closes it (reporting what was left pending, as {@link EventLoop#close()} does).
 */
public final class LoopGroup implements AutoCloseable {
    private final EventLoop[] loops;
    private final Thread[] threads;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    private LoopGroup(int n, boolean virtualClock) {
        if (n < 1) {
            throw new IllegalArgumentException("a loop group needs at least one loop, not " + n);
        }
        loops = new EventLoop[n];
        threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            EventLoop loop = virtualClock ? EventLoop.virtual() : EventLoop.create();
            loops[i] = loop;
            Thread t = new Thread(loop::runForever, "corio-loop-" + i);
            t.setDaemon(true);
            threads[i] = t;
        }
        for (int i = 0; i < n; i++) {
            threads[i].start();
        }
        for (EventLoop loop : loops) {
            while (!loop.isRunning()) { // so that every loop is owned by its thread before anyone uses it
                Thread.onSpinWait();
            }
        }
    }

    /** A group of {@code n} loops on the real clock, each on its own thread, already running. */
    public static LoopGroup create(int n) {
        return new LoopGroup(n, false);
    }

    /** A group of one loop per available processor. */
    public static LoopGroup perCore() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A group of {@code n} loops each on its own virtual clock (for tests). Each clock jumps on its own;
     * they are not synchronised with each other.
     */
    public static LoopGroup virtual(int n) {
        return new LoopGroup(n, true);
    }

    /** The number of loops. */
    public int size() {
        return loops.length;
    }

    /** The loop at {@code index} (0 to {@link #size()} - 1). */
    public EventLoop loop(int index) {
        return loops[Objects.checkIndex(index, loops.length)];
    }

    /** The next loop in turn (round robin), from any thread. */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * From any thread: runs {@code coro} as a task pinned to the next loop in turn, and gives a
     * {@link CompletableFuture} of its outcome; see {@link Corio#runCoroutineThreadsafe}.
     */
    public <T> CompletableFuture<T> submit(Coroutine<T> coro) {
        checkOpen();
        return Corio.runCoroutineThreadsafe(coro, next());
    }

    /** {@link #submit(Coroutine)} on the loop at {@code index}. */
    public <T> CompletableFuture<T> submit(int index, Coroutine<T> coro) {
        checkOpen();
        return Corio.runCoroutineThreadsafe(coro, loop(index));
    }

    /**
     * A future on {@code to} that completes with {@code from}'s outcome, whatever loop {@code from} belongs
     * to: the way to await on one loop what another loop computes. Call it on {@code to}'s thread (in a
     * coroutine running there: {@code await(LoopGroup.handOver(f, EventLoop.running()))}). If {@code from}
     * already belongs to {@code to}, it is returned as it is. Cancelling the returned future cancels
     * {@code from} (on its own loop).
     */
    public static <T> AsyncFuture<T> handOver(AsyncFuture<T> from, EventLoop to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.getLoop() == to) {
            return from;
        }
        return AsyncFuture.fromStage(from.toCompletableFuture(), to);
    }

    /**
     * Stops every loop, waits for its thread to finish its tick, and closes it. Closing twice does nothing.
     * Call it from outside the group's loops.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EventLoop loop : loops) {
            loop.stop();
        }
        List<Thread> unfinished = new ArrayList<>();
        boolean interrupted = false;
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                throw new IllegalStateException("LoopGroup.close() called from its own loop thread " + t.getName()
                        + ": call it from outside the group (its loops cannot stop while they run the caller)");
            }
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
                unfinished.add(t);
            }
        }
        for (int i = 0; i < loops.length; i++) {
            if (!unfinished.contains(threads[i])) {
                loops[i].close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the loop group is closed");
        }
    }
}
