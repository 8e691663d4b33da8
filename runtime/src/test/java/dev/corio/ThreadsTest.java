package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The thread-safe entry points: callSoonThreadsafe, executors, CompletionStage bridges, virtual time. Tests
 * that hand work over while the loop waits first wait until the loop's thread is parked, so they cannot pass
 * without exercising the wake-up they name.
 */
class ThreadsTest {

    /** Blocks until {@code t} is parked (waiting, with or without a timeout). */
    static void awaitParked(Thread t) {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            TestBase.sleepQuietly(1);
        }
    }

    @Test
    void callSoonThreadsafeFromManyThreadsLosesNothingAndKeepsPerThreadOrder() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        EventLoop loop = EventLoop.create();
        int[] lastSeen = new int[threads];
        java.util.Arrays.fill(lastSeen, -1);
        int[] received = {0};
        boolean[] ordered = {true};
        AsyncFuture<Integer> all = loop.createFuture();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread p = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    loop.callSoonThreadsafe(() -> {
                        if (lastSeen[id] != n - 1) {
                            ordered[0] = false;
                        }
                        lastSeen[id] = n;
                        if (++received[0] == threads * perThread) {
                            all.setResult(received[0]);
                        }
                    });
                    if (n % 200 == 199) {
                        TestBase.sleepQuietly(1); // pauses: the loop drains, falls asleep, is woken
                    }
                }
            }, "producer-" + t);
            p.start();
            producers.add(p);
        }
        loop.callSoon(go::countDown);
        long ticksBefore = loop.ticks;
        assertEquals(threads * perThread, loop.runUntilComplete(all));
        assertTrue(loop.ticks - ticksBefore > 10, "the loop went to sleep and was woken many times: " + (loop.ticks - ticksBefore));
        for (Thread p : producers) {
            p.join();
        }
        assertTrue(ordered[0], "submissions from one thread run in order");
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread - 1, lastSeen[t]);
        }
        loop.close();
    }

    @Test
    void callSoonThreadsafeWakesASleepingLoop() throws Exception {
        EventLoop loop = EventLoop.create();
        AsyncFuture<String> f = loop.createFuture();
        TimerHandle far = loop.callLater(3600, () -> f.setResult("timer"));
        Thread loopThread = Thread.currentThread();
        Thread other = new Thread(() -> {
            awaitParked(loopThread); // parked on its one-hour timer: only the wake-up can end the wait
            loop.callSoonThreadsafe(() -> f.setResult("woken"));
        });
        other.start();
        assertEquals("woken", loop.runUntilComplete(f)); // without the wake-up: an hour, past the test's timeout
        far.cancel();
        other.join();
        loop.close();
    }

    @Test
    void callSoonThreadsafeBeforeTheLoopRuns() throws Exception {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        Thread t = new Thread(() -> loop.callSoonThreadsafe(() -> log.add("queued")));
        t.start();
        t.join();
        TestBase.runOnce(loop);
        assertEquals(List.of("queued"), log);
        loop.close();
    }

    @Test
    void threadsafeHandleCanBeCancelled() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        Handle h = loop.callSoonThreadsafe(() -> log.add("no"));
        h.cancel();
        loop.callSoonThreadsafe(() -> log.add("yes"));
        TestBase.runOnce(loop);
        assertEquals(List.of("yes"), log);
        loop.close();
    }

    @Test
    void toThreadRunsOffTheLoopAndKeepsExceptions() {
        IOException io = new IOException("disk");
        List<Object> seen = new ArrayList<>();
        Corio.run(new Script<>()
                .then(v -> awaiting(Corio.toThread(() -> Thread.currentThread())))
                .then(v -> {
                    seen.add(v != Thread.currentThread());
                    seen.add(((Thread) v).getName());
                    return awaiting(Corio.toThread(() -> {
                        throw io;
                    }));
                })
                .handle((v, e) -> seen.add(e)));
        assertEquals(List.of(true, "corio-executor", io), seen);
        assertSame(io, seen.get(2));
    }

    @Test
    void runInExecutorUsesTheGivenExecutor() {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
        EventLoop loop = EventLoop.virtual();
        assertEquals("mine", loop.runUntilComplete(loop.runInExecutor(ex, () -> Thread.currentThread().getName())));
        ex.shutdown();
        // A rejected job fails the future instead of hanging it.
        AsyncFuture<String> rejected = loop.runInExecutor(ex, () -> "never");
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> loop.runUntilComplete(rejected));
        loop.close();
    }

    @Test
    void runShutsTheDefaultExecutorDown() throws Exception {
        List<Thread> workers = new ArrayList<>();
        Corio.run(new Script<>().then(v -> awaiting(Corio.toThread(() -> workers.add(Thread.currentThread())))));
        workers.get(0).join(10_000);
        assertTrue(!workers.get(0).isAlive(), "the executor's thread ended with run()");
    }

    @Test
    void virtualTimeStandsStillWhileABridgedStageIsOutstanding() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        CompletableFuture<String> io = new CompletableFuture<>();
        Task<Object> reader = loop.createTask(new Script<>()
                .then(v -> awaiting(AsyncFuture.fromStage(io, loop)))
                .then(v -> log.add(v + "@" + loop.time())));
        Task<Object> sleeper = loop.createTask(new Script<>()
                .then(v -> awaiting(Corio.sleep(3600)))
                .then(v -> log.add("slept@" + loop.time())));
        Thread loopThread = Thread.currentThread();
        new Thread(() -> {
            awaitParked(loopThread); // the loop waits for the stage with the sleeper's timer due: time must not move
            io.complete("response");
        }).start();
        loop.runUntilComplete(sleeper);
        assertTrue(reader.isDone());
        assertEquals(List.of("response@0.0", "slept@3600.0"), log);
        loop.close();
    }

    @Test
    void virtualTimeStandsStillWhileAnExecutorJobRuns() {
        List<String> log = new ArrayList<>();
        Corio.run(new Script<>().then(v -> {
            EventLoop loop = EventLoop.running();
            Thread loopThread = Thread.currentThread();
            Corio.createTask(new Script<>()
                    .then(x -> awaiting(Corio.sleep(10)))
                    .then(x -> log.add("slept@" + loop.time())));
            return awaiting(Corio.toThread(() -> {
                awaitParked(loopThread); // the job ends only once the loop waits, with the sleeper's timer pending
                return "job";
            }));
        }).then(v -> {
            log.add(v + "@" + EventLoop.running().time());
            return awaiting(Corio.sleep(20));
        }), EventLoop::virtual);
        assertEquals(List.of("job@0.0", "slept@10.0"), log);
    }

    @Test
    void aCancelledBridgeNoLongerHoldsVirtualTime() {
        EventLoop loop = EventLoop.virtual();
        TestBase.Recorder rec = new TestBase.Recorder();
        loop.setExceptionHandler(rec);
        CompletableFuture<String> never = new CompletableFuture<>();
        java.util.concurrent.CompletionStage<String> stage = never.minimalCompletionStage();
        AsyncFuture<String> bridge = AsyncFuture.fromStage(stage, loop);
        bridge.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(bridge));
        assertEquals(null, loop.runUntilComplete(Corio.sleep(60)));
        assertEquals(60.0, loop.time());
        assertEquals(List.of(), rec.messages(), "a minimal stage that cannot be cancelled is left alone");
        loop.close();
    }

    @Test
    void awaitingACompletionStageFromAnotherThread() {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        String r = Corio.run(new Script<String>()
                .then(v -> awaiting(Corio.wrapFuture(CompletableFuture.supplyAsync(() -> "async", ex))))
                .then(v -> v + " on " + (Thread.currentThread().getName().startsWith("pool") ? "pool" : "loop")));
        assertEquals("async on loop", r);
        ex.shutdown();
    }

    @Test
    void toCompletableFutureLetsOtherThreadsWaitForTheLoop() throws Exception {
        EventLoop loop = EventLoop.virtual();
        Task<String> t = loop.createTask(Script.<String>awaitAll(Corio.sleep(5)).then(v -> "five"));
        CompletableFuture<String> cf = t.toCompletableFuture();
        String[] got = new String[1];
        Thread waiter = new Thread(() -> got[0] = cf.join());
        waiter.start();
        loop.runUntilComplete(t);
        TestBase.runOnce(loop);
        waiter.join(10_000);
        assertEquals("five", got[0]);
        assertNotSame(Thread.currentThread(), waiter);
        loop.close();
    }

    @Test
    void anInterruptedLoopThreadWaitsWithoutSpinningAndKeepsItsFlag() throws Exception {
        EventLoop loop = EventLoop.create();
        AsyncFuture<String> f = loop.createFuture();
        Thread.currentThread().interrupt();
        Thread loopThread = Thread.currentThread();
        Thread other = new Thread(() -> {
            TestBase.sleepQuietly(100);
            awaitParked(loopThread); // a loop spinning on its interrupt flag never parks: the test times out
            loop.callSoonThreadsafe(() -> f.setResult("late"));
        });
        other.start();
        long before = loop.ticks;
        assertEquals("late", loop.runUntilComplete(f));
        long ticks = loop.ticks - before;
        assertTrue(Thread.interrupted(), "the interrupt is given back when the loop stops");
        assertTrue(ticks < 50, "the loop spun " + ticks + " ticks while waiting");
        other.join();
        loop.close();
    }

    @Test
    void pingPongNeverLosesAWakeUp() throws Exception {
        // Each submission races with the loop falling asleep: a lost wake-up would hang the loop (no timer
        // would ever wake it), and the test would time out.
        int rounds = 20_000;
        EventLoop loop = EventLoop.create();
        AsyncFuture<Integer> done = loop.createFuture();
        java.util.concurrent.SynchronousQueue<Integer> pong = new java.util.concurrent.SynchronousQueue<>();
        int[] count = {0};
        Thread player = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    loop.callSoonThreadsafe(() -> {
                        count[0]++;
                        try {
                            pong.put(count[0]);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    pong.take();
                }
                loop.callSoonThreadsafe(() -> done.setResult(count[0]));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        player.start();
        assertEquals(rounds, loop.runUntilComplete(done));
        player.join();
        loop.close();
    }
}
