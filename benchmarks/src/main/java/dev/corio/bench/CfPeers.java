package dev.corio.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link CompletableFuture} side of the workloads: each task is an {@code *Async} stage submitted to an
 * executor, composed with {@code thenCompose}/{@code allOf}. The executor is one thread
 * ({@link Executors#newSingleThreadExecutor()}, FIFO), the same single thread Corio has; callers make it and
 * shut it down. There is no JDK bounded queue for futures, so the producer/consumer workload has no CF peer.
 */
public final class CfPeers {
    private CfPeers() {
    }

    /** A single-thread executor (daemon thread). */
    public static ExecutorService oneThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cf-peer");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code tasks} chains of {@code rounds} async steps each, interleaved on the executor; returns the steps. */
    public static long switchYield(Executor ex, int tasks, int rounds) {
        AtomicInteger steps = new AtomicInteger();
        CompletableFuture<?>[] chains = new CompletableFuture<?>[tasks];
        for (int k = 0; k < tasks; k++) {
            chains[k] = chain(ex, rounds, steps);
        }
        CompletableFuture.allOf(chains).join();
        return steps.get();
    }

    private static CompletableFuture<Void> chain(Executor ex, int left, AtomicInteger steps) {
        if (left == 0) {
            return CompletableFuture.completedFuture(null);
        }
        // Each step is one more submission to the executor's queue: the CF form of a yield.
        return CompletableFuture.runAsync(steps::incrementAndGet, ex).thenCompose(v -> chain(ex, left - 1, steps));
    }

    /** {@code n} × {@code supplyAsync(() -> 1)}, then {@code allOf} and a sum; returns n. */
    public static long spawnJoin(Executor ex, int n) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] fs = new CompletableFuture[n];
        for (int k = 0; k < n; k++) {
            fs[k] = CompletableFuture.supplyAsync(() -> 1, ex);
        }
        return CompletableFuture.allOf(fs).thenApply(v -> {
            long sum = 0;
            for (CompletableFuture<Integer> f : fs) {
                sum += f.join();
            }
            return sum;
        }).join();
    }

    /**
     * {@code n} pending futures, each completed by an hour-long timer on a ScheduledThreadPoolExecutor
     * (remove-on-cancel, so cancelled timers leave its queue); cancelling a future cancels its timer.
     *
     * @return {nanoseconds to start them all, nanoseconds to cancel them all}
     */
    public static long[] sleepers(int n, Runnable whileSleeping) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cf-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        try {
            long t0 = System.nanoTime();
            @SuppressWarnings("unchecked")
            CompletableFuture<Void>[] fs = new CompletableFuture[n];
            for (int k = 0; k < n; k++) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                ScheduledFuture<?> s = timer.schedule(() -> f.complete(null), 1, TimeUnit.HOURS);
                f.whenComplete((v, e) -> s.cancel(false));
                fs[k] = f;
            }
            long startNanos = System.nanoTime() - t0;
            whileSleeping.run();
            t0 = System.nanoTime();
            for (CompletableFuture<Void> f : fs) {
                f.cancel(false);
            }
            for (CompletableFuture<Void> f : fs) {
                if (!f.isCancelled()) {
                    throw new IllegalStateException("a sleeper was not cancelled");
                }
            }
            if (!timer.getQueue().isEmpty()) {
                throw new IllegalStateException(timer.getQueue().size() + " timers left after cancelling");
            }
            return new long[] {startNanos, System.nanoTime() - t0};
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * Counts the tree: each node submits one async stage per child ({@code supplyAsync(count(c))
     * .thenCompose(identity)}), then {@code allOf(children).thenApply(sum + 1)}.
     */
    public static int fanOut(Executor ex, Tree tree) {
        return CompletableFuture.supplyAsync(() -> count(ex, tree.root), ex).thenCompose(f -> f).join();
    }

    private static CompletableFuture<Integer> count(Executor ex, Tree.Node node) {
        Tree.Node[] cs = node.children;
        if (cs.length == 0) {
            return CompletableFuture.completedFuture(1);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] kids = new CompletableFuture[cs.length];
        for (int k = 0; k < cs.length; k++) {
            Tree.Node c = cs[k];
            kids[k] = CompletableFuture.supplyAsync(() -> count(ex, c), ex).thenCompose(f -> f);
        }
        return CompletableFuture.allOf(kids).thenApply(v -> {
            int sum = 1;
            for (CompletableFuture<Integer> f : kids) {
                sum += f.join();
            }
            return sum;
        });
    }
}
