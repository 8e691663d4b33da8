package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The failures issue 10 found with debug mode off: other threads calling {@code callSoon} on a running
 * loop lost callbacks, corrupted the ready queue (exceptions out of {@code runUntilComplete}) or left the
 * loop parked forever. Each call must now either throw, naming the thread-safe alternative, or work;
 * these tests fail on the runtime before the fix (lost calls, an escaped exception, or a hang that the
 * default timeout turns into a failure).
 */
class ForeignThreadCorruptionTest {

    @Test
    void severalThreadsCallingCallSoonOnABusyLoopAreAllRefusedAndNothingIsCorrupted() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        EventLoop loop = EventLoop.create();
        AtomicInteger foreignRan = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread c = new Thread(() -> {
                try {
                    running.await();
                    for (int i = 0; i < perThread; i++) {
                        try {
                            loop.callSoon(foreignRan::incrementAndGet);
                        } catch (IllegalStateException e) {
                            if (!e.getMessage().contains("callSoonThreadsafe")) {
                                unexpected.compareAndSet(null, e);
                            }
                            refused.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    unexpected.compareAndSet(null, e);
                } finally {
                    finished.incrementAndGet();
                }
            }, "caller-" + t);
            c.start();
            callers.add(c);
        }
        // The loop's own work: a callback that reschedules itself every tick until the callers are done,
        // so the loop runs (and never parks) for the whole time the other threads call it.
        int[] ownTicks = {0};
        AsyncFuture<Integer> done = loop.createFuture();
        Runnable own = new Runnable() {
            @Override
            public void run() {
                ownTicks[0]++;
                if (finished.get() < threads) {
                    loop.callSoon(this);
                } else {
                    done.setResult(ownTicks[0]);
                }
            }
        };
        loop.callSoon(running::countDown);
        loop.callSoon(own);
        int ticks = loop.runUntilComplete(done);
        for (Thread c : callers) {
            c.join();
        }
        TestBase.runOnce(loop); // anything the callers slipped into the queue runs now
        loop.close();
        assertNull(unexpected.get());
        assertTrue(ticks > 0);
        assertEquals(threads * perThread, refused.get() + foreignRan.get(), "no call was lost");
        assertEquals(threads * perThread, refused.get(), "every call made while the loop ran was refused");
    }

    @Test
    void callSoonFromAnotherThreadToAParkedLoopThrowsAndStopWakesTheLoop() throws Exception {
        EventLoop loop = EventLoop.create();
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        Thread loopThread = new Thread(() -> {
            try {
                loop.callLater(3600, () -> { }); // parks on an hour-long timer
                loop.runForever();
            } catch (Throwable e) {
                escaped.set(e);
            }
        }, "loop");
        loopThread.start();
        TestBase.awaitParked(loopThread, loop);
        boolean[] ran = {false};
        IllegalStateException refused = null;
        try {
            loop.callSoon(() -> ran[0] = true);
        } catch (IllegalStateException e) {
            refused = e;
        }
        loop.stop(); // must wake the parked loop: otherwise it sleeps an hour and the test times out
        loopThread.join();
        assertNull(escaped.get());
        assertTrue(refused != null, "callSoon from another thread while the loop runs must throw");
        assertTrue(refused.getMessage().contains("callSoonThreadsafe"), refused.getMessage());
        assertTrue(!ran[0]);
        loop.close();
    }
}
