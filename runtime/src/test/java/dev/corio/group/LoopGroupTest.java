package dev.corio.group;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A group of loops: pinning, the hand-over of a future from one loop to another, close. */
class LoopGroupTest {

    @Test
    void aSubmittedTaskRunsOnItsLoopsThreadFromStartToEnd() throws Exception {
        try (LoopGroup g = LoopGroup.create(2)) {
            for (int i = 0; i < 2; i++) {
                int index = i;
                EventLoop expected = g.loop(i);
                String[] threads = new String[2];
                boolean same = g.submit(i, co(() -> {
                    threads[0] = Thread.currentThread().getName();
                    EventLoop here = EventLoop.running();
                    return await(Corio.sleep(0.001), v -> {
                        threads[1] = Thread.currentThread().getName();
                        return done(here == expected && EventLoop.running() == here);
                    });
                })).get(10, TimeUnit.SECONDS);
                assertTrue(same, "loop " + index);
                assertEquals("corio-loop-" + index, threads[0]);
                assertEquals(threads[0], threads[1], "resumed on the same thread");
            }
        }
    }

    @Test
    void submitGoesRoundRobin() throws Exception {
        try (LoopGroup g = LoopGroup.create(2)) {
            Set<EventLoop> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                seen.add(g.submit(co(() -> done(EventLoop.running()))).get(10, TimeUnit.SECONDS));
            }
            assertEquals(Set.of(g.loop(0), g.loop(1)), seen);
            assertEquals(2, g.size());
        }
    }

    @Test
    void aFutureOfLoopAAwaitedOnLoopBThroughTheHandOver() throws Exception {
        try (LoopGroup g = LoopGroup.create(2)) {
            EventLoop a = g.loop(0);
            // On A: a future completed by a timer, 20 ms from now.
            AsyncFuture<String> onA = g.submit(0, co(() -> {
                AsyncFuture<String> f = a.createFuture();
                a.callLater(0.02, () -> f.setResult("from A on " + Thread.currentThread().getName()));
                return done(f);
            })).get(10, TimeUnit.SECONDS);
            String got = g.submit(1, co(() -> {
                AsyncFuture<String> here = LoopGroup.handOver(onA, EventLoop.running());
                assertSame(g.loop(1), here.getLoop());
                return await(here, v -> done(v + ", awaited on " + Thread.currentThread().getName()));
            })).get(10, TimeUnit.SECONDS);
            assertEquals("from A on corio-loop-0, awaited on corio-loop-1", got);
        }
    }

    @Test
    void theExceptionCrossesUnchanged() throws Exception {
        try (LoopGroup g = LoopGroup.create(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            AsyncFuture<Object> onA = g.submit(0, co(() -> {
                AsyncFuture<Object> f = EventLoop.running().createFuture();
                EventLoop.running().callLater(0.01, () -> f.setException(boom));
                return done(f);
            })).get(10, TimeUnit.SECONDS);
            Object seen = g.submit(1, co(() -> await(LoopGroup.handOver(onA, EventLoop.running()),
                    v -> done((Object) "no error"), e -> done(e)))).get(10, TimeUnit.SECONDS);
            assertSame(boom, seen);
        }
    }

    @Test
    void cancellingTheHandedOverFutureCancelsTheOriginal() throws Exception {
        try (LoopGroup g = LoopGroup.create(2)) {
            AsyncFuture<Object> onA = g.submit(0, co(() -> done(EventLoop.running().createFuture())))
                    .get(10, TimeUnit.SECONDS);
            boolean cancelledOnB = g.submit(1, co(() -> {
                AsyncFuture<Object> here = LoopGroup.handOver(onA, EventLoop.running());
                here.cancel();
                return await(here, v -> done(false), e -> done(e instanceof CancelledError));
            })).get(10, TimeUnit.SECONDS);
            assertTrue(cancelledOnB);
            // A learns it through its own queue: wait until its loop has run the cancellation.
            boolean cancelledOnA = false;
            for (int i = 0; i < 1000 && !cancelledOnA; i++) {
                cancelledOnA = g.submit(0, co(() -> done(onA.isCancelled()))).get(10, TimeUnit.SECONDS);
            }
            assertTrue(cancelledOnA);
        }
    }

    @Test
    void awaitingAForeignFutureDirectlyIsRefusedNamingTheHandOver() throws Exception {
        try (LoopGroup g = LoopGroup.create(2)) {
            AsyncFuture<Object> onA = g.submit(0, co(() -> done(EventLoop.running().createFuture())))
                    .get(10, TimeUnit.SECONDS);
            CompletableFuture<Object> r = g.submit(1, co(() -> await(onA, v -> done(v))));
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("LoopGroup.handOver"), e.getCause().getMessage());
        }
    }

    @Test
    void handOverOnTheSameLoopIsTheFutureItself() throws Exception {
        try (LoopGroup g = LoopGroup.create(1)) {
            boolean same = g.submit(co(() -> {
                AsyncFuture<Object> f = EventLoop.running().createFuture();
                return done(LoopGroup.handOver(f, EventLoop.running()) == f);
            })).get(10, TimeUnit.SECONDS);
            assertTrue(same);
        }
    }

    @Test
    void closeStopsAndClosesEveryLoop() throws Exception {
        LoopGroup g = LoopGroup.create(2);
        CompletableFuture<Object> forever = g.submit(co(() -> await(Corio.sleep(3600), v -> done(null))));
        g.close();
        for (int i = 0; i < 2; i++) {
            assertTrue(g.loop(i).isClosed());
            assertFalse(g.loop(i).isRunning());
        }
        assertFalse(forever.isDone(), "a task left pending at close is reported, not completed");
        assertThrows(IllegalStateException.class, () -> g.submit(co(() -> done(null))));
        g.close(); // twice: nothing
        assertThrows(IllegalArgumentException.class, () -> LoopGroup.create(0));
        assertThrows(CancellationException.class, () -> {
            forever.cancel(false);
            forever.join();
        });
    }
}
