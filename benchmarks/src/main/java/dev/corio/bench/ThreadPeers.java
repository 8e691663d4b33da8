package dev.corio.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread side of every workload, for platform threads ({@link Threads#platform()}) and virtual threads
 * ({@link Threads#virtual()}): one thread per task, blocking calls where the coroutine peers await. Platform
 * threads stop near 32,768 here (the kernel's pid_max), so callers cap their counts at 10,000.
 *
 * <p>Scheduling order: platform threads are scheduled by the kernel; virtual threads by a ForkJoinPool in
 * FIFO (async) mode, one submission queue per carrier.
 */
public final class ThreadPeers {
    private ThreadPeers() {
    }

    /** {@code tasks} threads each call {@link Thread#yield()} {@code rounds} times; returns the yields. */
    public static long switchYield(ThreadFactory f, int tasks, int rounds) throws InterruptedException {
        Thread[] ts = new Thread[tasks];
        AtomicLong total = new AtomicLong();
        for (int k = 0; k < tasks; k++) {
            ts[k] = f.newThread(() -> {
                int i = 0;
                for (; i < rounds; i++) {
                    Thread.yield();
                }
                total.addAndGet(i);
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return total.get();
    }

    /** Starts {@code n} threads that each record 1, joins them all; returns the sum (n). */
    public static long spawnJoin(ThreadFactory f, int n) throws InterruptedException {
        Thread[] ts = new Thread[n];
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            int slot = k;
            Thread t = f.newThread(() -> out[slot] = 1);
            ts[k] = t;
            t.start();
        }
        long sum = 0;
        for (int k = 0; k < n; k++) {
            ts[k].join();
            ts[k] = null;
            sum += out[k];
        }
        return sum;
    }

    /**
     * Starts {@code n} threads that each sleep an hour, runs {@code whileSleeping} once all of them are about
     * to sleep, then interrupts them all and joins them.
     *
     * @return {nanoseconds to start them all, nanoseconds to cancel (interrupt and join) them all}
     */
    public static long[] sleepers(ThreadFactory f, int n, Runnable whileSleeping) throws InterruptedException {
        long t0 = System.nanoTime();
        CountDownLatch started = new CountDownLatch(n);
        Thread[] ts = new Thread[n];
        for (int k = 0; k < n; k++) {
            Thread t = f.newThread(() -> {
                started.countDown();
                try {
                    Thread.sleep(3_600_000);
                    throw new IllegalStateException("a sleeper woke up without being interrupted");
                } catch (InterruptedException e) {
                    // cancelled: done
                }
            });
            ts[k] = t;
            t.start();
        }
        started.await();
        long startNanos = System.nanoTime() - t0;
        whileSleeping.run();
        t0 = System.nanoTime();
        for (Thread t : ts) {
            t.interrupt();
        }
        for (Thread t : ts) {
            t.join();
        }
        return new long[] {startNanos, System.nanoTime() - t0};
    }

    /** Counts the tree with one thread per node: each node starts its children's threads and joins them. */
    public static int fanOut(ThreadFactory f, Tree tree) throws InterruptedException {
        int[] result = new int[1];
        Thread root = f.newThread(() -> result[0] = count(f, tree.root));
        root.start();
        root.join();
        return result[0];
    }

    private static int count(ThreadFactory f, Tree.Node node) {
        Tree.Node[] cs = node.children;
        if (cs.length == 0) {
            return 1;
        }
        Thread[] kids = new Thread[cs.length];
        int[] sums = new int[cs.length];
        for (int k = 0; k < cs.length; k++) {
            int slot = k;
            Tree.Node c = cs[k];
            kids[k] = f.newThread(() -> sums[slot] = count(f, c));
            kids[k].start();
        }
        int sum = 1;
        for (int k = 0; k < cs.length; k++) {
            try {
                kids[k].join();
            } catch (InterruptedException e) {
                throw new IllegalStateException("fan-out interrupted", e);
            }
            sum += sums[k];
        }
        return sum;
    }

    /** One producer thread puts {@code n} integers into an ArrayBlockingQueue, one consumer takes them. */
    public static long producerConsumer(ThreadFactory f, int n, int capacity) throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(capacity);
        long[] sum = new long[1];
        Thread producer = f.newThread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread consumer = f.newThread(() -> {
            try {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += q.take();
                }
                sum[0] = s;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        consumer.start();
        producer.start();
        producer.join();
        consumer.join();
        return sum[0];
    }
}
