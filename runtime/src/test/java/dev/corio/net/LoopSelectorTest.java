package dev.corio.net;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Corio;
import dev.corio.EventLoop;
import java.lang.management.ManagementFactory;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The selector in the loop's I/O step: sleeping in select, waking, timers, the virtual clock rule. */
@Timeout(30)
class LoopSelectorTest {

    /** A loop with a listening socket, so that its I/O step is active. */
    private static Server listen(EventLoop loop) {
        return NetTesting.run(loop, () -> Net.createServer(() -> new Protocol() { }, "127.0.0.1", 0));
    }

    private static void closeServer(EventLoop loop, Server s) {
        loop.runUntilComplete(co(() -> {
            s.close();
            return await(s.waitClosed(), v -> done(null));
        }));
    }

    @Test
    void aLoopWithoutSocketsHasNoSelector() {
        EventLoop loop = EventLoop.create();
        loop.runUntilComplete(co(() -> await(Corio.sleep(0.01), v -> done(null))));
        assertEquals("EventLoop[idle]", loop.toString());
        // no LoopSelector was installed: installing one now works and it is fresh
        loop.callSoon(() -> assertEquals(0, LoopSelector.of(loop).registeredCount()));
        loop.runUntilComplete(co(() -> await(Corio.sleep(0), v -> done(null))));
        loop.close();
    }

    @Test
    void aThreadsafeCallWakesALoopSleepingInSelect() throws Exception {
        EventLoop loop = EventLoop.create();
        Server s = listen(loop);
        dev.corio.AsyncFuture<String> f = loop.createFuture();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            loop.callSoonThreadsafe(() -> f.setResult("woken"));
        });
        long start = System.nanoTime();
        t.start();
        assertEquals("woken", loop.runUntilComplete(f));
        long took = System.nanoTime() - start;
        assertTrue(took < TimeUnit.SECONDS.toNanos(5), "took " + took);
        t.join();
        closeServer(loop, s);
        loop.close();
    }

    @Test
    void stopFromAnotherThreadWakesTheSelect() throws Exception {
        EventLoop loop = EventLoop.create();
        Server s = listen(loop);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            loop.stop();
        });
        t.start();
        loop.runForever();
        t.join();
        closeServer(loop, s);
        loop.close();
    }

    @Test
    void timersFireWhileSelecting() {
        EventLoop loop = EventLoop.create();
        Server s = listen(loop);
        long start = System.nanoTime();
        loop.runUntilComplete(co(() -> await(Corio.sleep(0.05), v -> done(null))));
        long took = System.nanoTime() - start;
        assertTrue(took >= 50_000_000L, "woke early: " + took);
        assertTrue(took < 2_000_000_000L, "woke late: " + took);
        closeServer(loop, s);
        loop.close();
    }

    @Test
    void wakeUpsAreCoalesced() throws Exception {
        EventLoop loop = EventLoop.create();
        Server s = listen(loop);
        LoopSelector[] sel = new LoopSelector[1];
        loop.runUntilComplete(co(() -> {
            sel[0] = LoopSelector.of(loop);
            return done(null);
        }));
        int threads = 4;
        int each = 20_000;
        AtomicInteger ran = new AtomicInteger();
        dev.corio.AsyncFuture<Void> all = loop.createFuture();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < each; j++) {
                    loop.callSoonThreadsafe(() -> {
                        if (ran.incrementAndGet() == threads * each) {
                            all.setResult(null);
                        }
                    });
                }
            });
            ts[i].start();
        }
        go.countDown();
        loop.runUntilComplete(all);
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(threads * each, ran.get());
        long calls = sel[0].wakeupSyscalls();
        assertTrue(calls < threads * each / 4, "one Selector.wakeup() per submission or so: " + calls);
        closeServer(loop, s);
        loop.close();
    }

    @Test
    void anIdleLoopWithSocketsDoesNotSpin() throws Exception {
        EventLoop loop = EventLoop.create();
        Server s = listen(loop);
        var mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        loop.runUntilComplete(co(() -> await(Corio.sleep(0.3), v -> done(null))));
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        assertTrue(cpu < 100_000_000L, "the loop's thread used " + cpu / 1_000_000 + " ms of CPU in 300 ms idle");
        closeServer(loop, s);
        loop.close();
    }

    @Test
    void anInterruptedLoopThreadDoesNotSpinInSelect() {
        EventLoop loop = EventLoop.create();
        Server s = listen(loop);
        Thread.currentThread().interrupt();
        var mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        loop.runUntilComplete(co(() -> await(Corio.sleep(0.2), v -> done(null))));
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        assertTrue(Thread.interrupted(), "the interrupt is given back when the loop stops");
        assertTrue(cpu < 100_000_000L, "spun: " + cpu / 1_000_000 + " ms of CPU");
        closeServer(loop, s);
        loop.close();
    }

    @Test
    void virtualClockJumpsWithAnIdleServerOpen() {
        EventLoop loop = EventLoop.virtual();
        Server s = listen(loop);
        long start = System.nanoTime();
        loop.runUntilComplete(co(() -> await(Corio.sleep(3600), v -> done(null))));
        assertEquals(3600.0, loop.time(), 1e-6);
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        closeServer(loop, s);
        loop.close();
    }

    @Test
    void closingTheLoopClosesItsSelectorAndSockets() throws Exception {
        long before = NetTesting.openFds();
        EventLoop loop = EventLoop.create();
        Server s = listen(loop);
        ServerSocketChannel ch = s.sockets().get(0);
        loop.close();
        assertFalse(ch.isOpen());
        if (before >= 0) {
            assertTrue(NetTesting.fdsSettled(before) <= before, "descriptors leaked");
        }
    }
}
