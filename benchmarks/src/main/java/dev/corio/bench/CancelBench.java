package dev.corio.bench;

import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 14: cancelling a sleeping task, on its own. Before each invocation (outside the timing) {@value #N}
 * tasks are started and sleep an hour; the invocation cancels them all and waits until all are done (the
 * cancellation thrown at each sleep, each task finished): nanoseconds per task. Peers do the same with
 * what cancels a sleep in their model: a virtual thread interrupted out of {@code Thread.sleep} and joined, a
 * {@code CompletableFuture} completed by a scheduled timer and cancelled (its timer removed). The sleepers
 * harness ({@link Sleepers}) measures start and cancel at 1M too, with the retained heap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CancelBench.N)
public class CancelBench {
    static final int N = 100_000;

    /** {@value #N} Corio tasks asleep in {@code sleep(3600)} on one loop (the benchmark's thread). */
    @State(Scope.Thread)
    public static class CorioSleepers {
        EventLoop loop;
        final int[] sleeping = new int[1];
        Task<?>[] tasks = new Task<?>[N];

        @Setup(Level.Trial)
        public void open() {
            loop = EventLoop.create();
        }

        @Setup(Level.Invocation)
        public void sleep() {
            sleeping[0] = 0;
            for (int k = 0; k < N; k++) {
                tasks[k] = loop.createTask(new CorioPeers.Sleeper(sleeping));
            }
            loop.runUntilComplete(Corio.sleep(0)); // the sleepers' first steps run in that tick
            if (sleeping[0] != N) {
                throw new IllegalStateException(sleeping[0] + " of " + N + " sleep");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            loop.close();
        }
    }

    @Benchmark
    public int corio(CorioSleepers s) {
        for (Task<?> t : s.tasks) {
            t.cancel();
        }
        s.loop.runUntilComplete(Corio.sleep(0)); // the cancelled tasks finish in that tick
        int n = 0;
        for (Task<?> t : s.tasks) {
            n += t.isCancelled() ? 1 : 0;
        }
        if (n != N) {
            throw new IllegalStateException((N - n) + " tasks were not cancelled");
        }
        return n;
    }

    /** {@value #N} virtual threads in {@code Thread.sleep(1 h)}. */
    @State(Scope.Thread)
    public static class VirtualSleepers {
        Thread[] threads = new Thread[N];

        @Setup(Level.Invocation)
        public void sleep() throws InterruptedException {
            CountDownLatch started = new CountDownLatch(N);
            for (int k = 0; k < N; k++) {
                threads[k] = Threads.virtual().newThread(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(3_600_000);
                        throw new IllegalStateException("a sleeper woke up without being interrupted");
                    } catch (InterruptedException e) {
                        // cancelled: done
                    }
                });
                threads[k].start();
            }
            started.await();
        }
    }

    @Benchmark
    public int virtualDefault(VirtualSleepers s) throws InterruptedException {
        for (Thread t : s.threads) {
            t.interrupt();
        }
        for (Thread t : s.threads) {
            t.join();
        }
        return s.threads.length;
    }

    /** {@value #N} futures, each completed by a timer an hour away (the timer cancelled with the future). */
    @State(Scope.Thread)
    public static class CfSleepers {
        ScheduledThreadPoolExecutor timer;
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] futures = new CompletableFuture[N];

        @Setup(Level.Trial)
        public void open() {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "cf-timer");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }

        @Setup(Level.Invocation)
        public void sleep() {
            for (int k = 0; k < N; k++) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                ScheduledFuture<?> s = timer.schedule(() -> f.complete(null), 1, TimeUnit.HOURS);
                f.whenComplete((v, e) -> s.cancel(false));
                futures[k] = f;
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            timer.shutdownNow();
        }
    }

    @Benchmark
    public int cf(CfSleepers s) {
        int n = 0;
        for (CompletableFuture<Void> f : s.futures) {
            n += f.cancel(false) ? 1 : 0;
        }
        if (n != N || !s.timer.getQueue().isEmpty()) {
            throw new IllegalStateException("cancelled " + n + ", " + s.timer.getQueue().size() + " timers left");
        }
        return n;
    }
}
