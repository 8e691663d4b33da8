package dev.corio.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Foreign-thread calls under load: 8 threads x 1M {@code callSoonThreadsafe} with none lost and each
 * thread's order kept, while two more threads keep misusing the loop-only methods, every one of which must
 * be refused without touching the loop.
 */
@Tag("stress")
@Timeout(600)
class ForeignThreadsStressTest {

    @Test
    void eightThreadsTimesAMillionThreadsafeCallsNoneLostWhileMisuseIsRefused() throws Exception {
        int threads = 8;
        int perThread = 1_000_000;
        long total = (long) threads * perThread;
        EventLoop loop = EventLoop.create();
        long[] expectedNext = new long[threads]; // loop thread only
        boolean[] ordered = {true};
        AtomicLong received = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AsyncFuture<Long> all = loop.createFuture();
        AsyncFuture<String> untouchable = loop.createFuture();
        Task<Long> sleeper = loop.createTask(new Repeat(1, i -> Corio.sleep(3600), (i, v, e) -> { }));
        int[] strayRan = {0};
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread p = new Thread(() -> {
                try {
                    running.await();
                    for (int i = 0; i < perThread; i++) {
                        long n = i;
                        loop.callSoonThreadsafe(() -> {
                            if (expectedNext[id] != n) {
                                ordered[0] = false;
                            }
                            expectedNext[id] = n + 1;
                            received.incrementAndGet();
                        });
                        if ((i & 1023) == 1023 && sent.addAndGet(1024) - received.get() > 400_000) {
                            while (sent.get() - received.get() > 100_000) {
                                Thread.yield(); // keep the queue (and the heap) bounded
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "producer-" + t);
            p.start();
            producers.add(p);
        }

        AtomicLong misuseAttempts = new AtomicLong();
        AtomicLong misuseRefused = new AtomicLong();
        AtomicInteger misusersDone = new AtomicInteger();
        boolean[] stopMisuse = {false};
        Object stopLock = new Object();
        List<Thread> misusers = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            Thread t = new Thread(() -> {
                try {
                    running.await();
                    for (int k = 0; ; k++) {
                        synchronized (stopLock) {
                            if (stopMisuse[0]) {
                                break;
                            }
                        }
                        misuseAttempts.incrementAndGet();
                        try {
                            switch (k & 3) {
                                case 0 -> loop.callSoon(() -> strayRan[0]++);
                                case 1 -> loop.callLater(0, () -> strayRan[0]++);
                                case 2 -> untouchable.setResult("wrong thread");
                                default -> sleeper.cancel();
                            }
                        } catch (IllegalStateException e) {
                            if (e.getMessage().startsWith("Non-thread-safe operation")) {
                                misuseRefused.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, e);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    misusersDone.incrementAndGet();
                }
            }, "misuser-" + m);
            t.start();
            misusers.add(t);
        }

        // The loop ends only after the misusers stopped, so that every misuse happened while it ran.
        Runnable watch = new Runnable() {
            @Override
            public void run() {
                if (received.get() == total) {
                    synchronized (stopLock) {
                        stopMisuse[0] = true;
                    }
                    if (misusersDone.get() == 2) {
                        all.setResult(received.get());
                        return;
                    }
                }
                loop.callLater(0.001, this);
            }
        };
        loop.callSoon(running::countDown);
        loop.callSoon(watch);
        long t0 = System.nanoTime();
        long got = loop.runUntilComplete(all);
        long took = System.nanoTime() - t0;
        for (Thread p : producers) {
            p.join();
        }
        for (Thread t : misusers) {
            t.join();
        }
        assertNull(failure.get());
        assertEquals(total, got);
        assertTrue(ordered[0], "each thread's submissions ran in order");
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, expectedNext[t]);
        }
        assertTrue(misuseAttempts.get() > 1000, "misuse was attempted: " + misuseAttempts.get());
        assertEquals(misuseAttempts.get(), misuseRefused.get(), "every misuse was refused");
        assertEquals(0, strayRan[0]);
        assertFalse(untouchable.isDone());
        assertFalse(sleeper.isCancelled());
        assertEquals(0, sleeper.cancelling());
        Heap.figure("foreign threads", String.format("%,d callSoonThreadsafe from %d threads in %.2f s (%.0f ns each),"
                        + " none lost, order kept; %,d misuses from 2 threads meanwhile, all refused",
                total, threads, took / 1e9, (double) took / total, misuseAttempts.get()));
        sleeper.cancel();
        untouchable.cancel();
        loop.runUntilComplete(Corio.sleep(0));
        loop.close();
    }
}
