package dev.corio.bench;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.annotation.Async;

/**
 * The Corio workloads written as {@code @Async} methods, the way users write them; corio-processor generates
 * {@code Corio_AsyncWorkloads}, whose state machines the benchmarks run. They do the same work, with the same
 * data structures, as the hand-written state machines in {@link CorioPeers}, which stay as the baseline.
 * Loops are written as {@code while} because the processor's first version drops the semicolon after a
 * {@code for} update ({@code i++}) that follows an await.
 */
public class AsyncWorkloads {
    /** The generated subclass: call the {@code @Async} methods on this. */
    public static AsyncWorkloads create() {
        return new Corio_AsyncWorkloads();
    }

    // (1) switch

    @Async
    public Coroutine<Integer> yielder(int rounds) {
        int i = 0;
        while (i < rounds) {
            await(sleep(0));
            i++;
        }
        return result(rounds);
    }

    @Async
    public Coroutine<Long> switchMain(int tasks, int rounds) {
        EventLoop loop = EventLoop.running();
        Task<?>[] ts = new Task<?>[tasks];
        int k = 0;
        while (k < tasks) {
            ts[k] = loop.createTask(yielder(rounds));
            k++;
        }
        long sum = 0;
        k = 0;
        while (k < tasks) {
            sum += (Integer) await(ts[k]);
            ts[k] = null;
            k++;
        }
        return result(sum);
    }

    // (2) spawn and join

    @Async
    public Coroutine<Integer> returnOne() {
        return result(CorioPeers.ONE);
    }

    @Async
    public Coroutine<Long> spawnMain(int n) {
        EventLoop loop = EventLoop.running();
        Task<?>[] ts = new Task<?>[n];
        int k = 0;
        while (k < n) {
            ts[k] = loop.createTask(returnOne());
            k++;
        }
        long sum = 0;
        k = 0;
        while (k < n) {
            sum += (Integer) await(ts[k]);
            ts[k] = null;
            k++;
        }
        return result(sum);
    }

    // (4) fan-out

    @Async
    public Coroutine<Integer> count(Tree.Node node) {
        Tree.Node[] cs = node.children;
        if (cs.length == 0) {
            return result(CorioPeers.ONE);
        }
        EventLoop loop = EventLoop.running();
        Task<?>[] kids = new Task<?>[cs.length];
        int k = 0;
        while (k < cs.length) {
            kids[k] = loop.createTask(count(cs[k]));
            k++;
        }
        int sum = 1;
        k = 0;
        while (k < kids.length) {
            sum += (Integer) await(kids[k]);
            k++;
        }
        return result(sum);
    }

    // (5) producer / consumer

    @Async
    public Coroutine<Integer> producer(CorioPeers.BenchQueue<Integer> q, int n) {
        int i = 0;
        while (i < n) {
            if (q.tryPut(i)) {
                i++;
            } else {
                await(q.whenNotFull());
            }
        }
        return result(CorioPeers.ONE);
    }

    @Async
    public Coroutine<Long> consumer(CorioPeers.BenchQueue<Integer> q, int n) {
        long sum = 0;
        int i = 0;
        while (i < n) {
            Integer v = q.tryGet();
            if (v != null) {
                sum += v;
                i++;
            } else {
                await(q.whenNotEmpty());
            }
        }
        return result(sum);
    }

    @Async
    public Coroutine<Long> pipeMain(CorioPeers.BenchQueue<Integer> q, int n) {
        EventLoop loop = EventLoop.running();
        Task<Long> c = loop.createTask(consumer(q, n));
        loop.createTask(producer(q, n));
        return result(await(c));
    }

    // issue 3: awaits that do not suspend

    /** {@code sum += await done[i & 7]} n times, every {@code done[k]} already completed. */
    @Async
    public Coroutine<Long> awaitDoneLoop(AsyncFuture<Integer>[] done, int n) {
        long sum = 0;
        int i = 0;
        while (i < n) {
            sum += await(done[i & 7]);
            i++;
        }
        return result(sum);
    }

    /** Returns at once: awaiting it never suspends. */
    @Async
    public Coroutine<Integer> plusOne(int x) {
        return result(x + 1);
    }

    /** {@code sum += await plusOne(i)} n times. */
    @Async
    public Coroutine<Long> awaitCoroutineLoop(int n) {
        long sum = 0;
        int i = 0;
        while (i < n) {
            sum += await(plusOne(i));
            i++;
        }
        return result(sum);
    }
}
