package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.runBriefly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ported from the shield and as_completed sections of CPython's test_tasks.py (3.12). */
class ShieldAndAsCompletedTest {

    private static double now() {
        return EventLoop.running().time();
    }

    // ------------------------------------------------------------------ shield

    @Test
    void shieldResultAndException() { // test_shield_result / test_shield_exception
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> inner = loop.createFuture();
        AsyncFuture<Integer> outer = Corio.shield(inner);
        runBriefly(loop);
        inner.setResult(42);
        assertEquals(42, loop.runUntilComplete(outer));

        AsyncFuture<Integer> inner2 = loop.createFuture();
        AsyncFuture<Integer> outer2 = Corio.shield(inner2);
        runBriefly(loop);
        ArithmeticException exc = new ArithmeticException();
        inner2.setException(exc);
        runBriefly(loop);
        assertSame(exc, outer2.exception());
        loop.close();
    }

    @Test
    void shieldOfADoneFutureIsTheFuture() { // test_shield_shortcut
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> fut = loop.createFuture();
        fut.setResult(42);
        assertSame(fut, Corio.shield(fut));
        loop.close();
    }

    @Test
    void innerCancelledCancelsTheShield() { // test_shield_cancel_inner
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> inner = loop.createFuture();
        AsyncFuture<Integer> outer = Corio.shield(inner);
        runBriefly(loop);
        inner.cancel();
        runBriefly(loop);
        assertTrue(outer.isCancelled());
        loop.close();
    }

    @Test
    void outerCancelledLeavesTheInnerAlone() { // test_shield_cancel_outer
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop loop = TestBase.recording(reports);
        AsyncFuture<Integer> inner = loop.createFuture();
        AsyncFuture<Integer> outer = Corio.shield(inner);
        runBriefly(loop);
        assertTrue(outer.cancel());
        runBriefly(loop);
        assertTrue(outer.isCancelled());
        assertFalse(inner.isDone());
        inner.setResult(42);
        runBriefly(loop);
        assertEquals(42, inner.result());
        loop.close();
        assertEquals(List.of(), reports);
    }

    @Test
    void cancellingTheAwaitingTaskDoesNotReachTheShieldedCoroutine() { // test_shield_effect
        EventLoop loop = EventLoop.virtual();
        int[] proof = {0};
        AsyncFuture<Void> waiter = loop.createFuture();
        Coroutine<Void> inner = co(() -> await(waiter, v -> {
            proof[0] += 1;
            return done(null);
        }));
        Task<Void> f = loop.createTask(co(() -> await(Corio.shield(inner), v -> {
            proof[0] += 100;
            return done(null);
        })));
        runBriefly(loop);
        f.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        waiter.setResult(null);
        runBriefly(loop);
        assertEquals(1, proof[0]);
        loop.close();
    }

    @Test
    void shieldedGatherSurvivesTheShieldsCancellation() { // test_shield_gather
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> child1 = loop.createFuture();
        AsyncFuture<Integer> child2 = loop.createFuture();
        AsyncFuture<List<Integer>>[] parent = new AsyncFuture[1];
        AsyncFuture<List<Integer>>[] outer = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            parent[0] = Corio.gather(child1, child2);
            outer[0] = Corio.shield(parent[0]);
            return done(null);
        }));
        runBriefly(loop);
        outer[0].cancel();
        runBriefly(loop);
        assertTrue(outer[0].isCancelled());
        child1.setResult(1);
        child2.setResult(2);
        runBriefly(loop);
        assertEquals(List.of(1, 2), parent[0].result());
        loop.close();
    }

    @Test
    void gatherOfShieldsCancelsTheShieldsNotTheChildren() { // test_gather_shield
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> child1 = loop.createFuture();
        AsyncFuture<Integer> child2 = loop.createFuture();
        AsyncFuture<Integer> inner1 = Corio.shield(child1);
        AsyncFuture<Integer> inner2 = Corio.shield(child2);
        AsyncFuture<List<Integer>>[] parent = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            parent[0] = Corio.gather(inner1, inner2);
            return done(null);
        }));
        runBriefly(loop);
        parent[0].cancel();
        runBriefly(loop);
        assertInstanceOf(CancelledError.class, parent[0].exception());
        assertTrue(inner1.isCancelled());
        assertTrue(inner2.isCancelled());
        assertFalse(child1.isDone());
        child1.setResult(1);
        child2.setResult(2);
        runBriefly(loop);
        loop.close();
    }

    @Test
    void waitForAroundAShieldTimesOutWhileTheWorkGoesOn() {
        EventLoop loop = EventLoop.virtual();
        Task<String>[] work = new Task[1];
        Throwable[] got = new Throwable[1];
        loop.runUntilComplete(co(() -> {
            work[0] = Corio.createTask(co(() -> await(Corio.sleep(5), v -> done("saved"))));
            return await(Corio.waitFor(Corio.shield(work[0]), 1.0), v -> done(null), e -> {
                got[0] = e;
                return done(null);
            });
        }));
        assertInstanceOf(TimeoutError.class, got[0]);
        assertEquals(1.0, loop.time(), 1e-9);
        assertEquals("saved", loop.runUntilComplete(work[0]));
        assertEquals(5.0, loop.time(), 1e-9);
        loop.close();
    }

    // ------------------------------------------------------------------ asCompleted

    /** Awaits each awaitable of {@code it} in turn, recording "value@time" or the error's class name. */
    private static Co.Step<List<String>> drain(Iterator<Awaitable<String>> it, List<String> out) {
        if (!it.hasNext()) {
            return done(out);
        }
        return await(it.next(), v -> {
            out.add(v + "@" + now());
            return drain(it, out);
        }, e -> {
            out.add(e.getClass().getSimpleName() + "@" + now());
            return drain(it, out);
        });
    }

    @Test
    void resultsInCompletionOrder() { // test_as_completed
        EventLoop loop = EventLoop.virtual();
        List<String> r = loop.runUntilComplete(co(() -> {
            List<Awaitable<String>> fs = List.of(Corio.sleep(0.15, "b"), Corio.sleep(0.05, "c"), Corio.sleep(0.1, "a"));
            return drain(Corio.asCompleted(fs).iterator(), new ArrayList<>());
        }));
        assertEquals(List.of("c@0.05", "a@0.1", "b@0.15"), r);
        assertEquals(0.15, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void failuresAndCancellationsArriveInTheirTurn() {
        EventLoop loop = EventLoop.virtual();
        List<String> r = loop.runUntilComplete(co(() -> {
            Task<String> doomed = Corio.createTask(co(() -> await(Corio.sleep(10), v -> done("no"))));
            EventLoop.running().callLater(0.2, () -> doomed.cancel());
            List<Awaitable<String>> fs = List.of(Corio.sleep(0.3, "ok"), doomed,
                    TestBase.<String>sleepThenFail(0.1, new ArithmeticException()));
            return drain(Corio.asCompleted(fs).iterator(), new ArrayList<>());
        }));
        assertEquals(List.of("ArithmeticException@0.1", "CancelledError@0.2", "ok@0.3"), r);
        loop.close();
    }

    @Test
    void timeoutRaisesFromTheAwaitsLeftAndCancelsNothing() { // test_as_completed_with_timeout
        EventLoop loop = EventLoop.virtual();
        Task<String>[] b = new Task[1];
        List<String> r = loop.runUntilComplete(co(() -> {
            Task<String> a = Corio.createTask(co(() -> await(Corio.sleep(0.1, "a"), v -> done(v))));
            b[0] = Corio.createTask(co(() -> await(Corio.sleep(0.15, "b"), v -> done(v))));
            return drain(Corio.asCompleted(List.of(a, b[0]), 0.12).iterator(), new ArrayList<>());
        }));
        assertEquals(List.of("a@0.1", "TimeoutError@0.12"), r);
        assertFalse(b[0].isCancelled());
        assertEquals("b", loop.runUntilComplete(b[0]));
        loop.close();
    }

    @Test
    void unusedTimeoutIsCancelled() { // test_as_completed_with_unused_timeout
        EventLoop loop = EventLoop.virtual();
        List<String> r = loop.runUntilComplete(co(() ->
                drain(Corio.asCompleted(List.of(Corio.sleep(0.01, "a")), 0.2).iterator(), new ArrayList<>())));
        assertEquals(List.of("a@0.01"), r);
        loop.runUntilComplete(Corio.sleep(0));
        assertEquals(0, loop.timerCount(), "the timeout's timer was cancelled");
        assertEquals(0.01, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void awaitablesAreInterchangeable() { // test_as_completed_reverse_wait
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> {
            List<Awaitable<String>> futs = Corio.asCompleted(List.of(Corio.sleep(0.05, "a"), Corio.sleep(0.1, "b")))
                    .toList();
            assertEquals(2, futs.size());
            return await(futs.get(1), x -> {
                assertEquals("a", x);
                assertEquals(0.05, now(), 1e-9);
                return await(futs.get(0), y -> {
                    assertEquals("b", y);
                    assertEquals(0.1, now(), 1e-9);
                    return done(null);
                });
            });
        }));
        loop.close();
    }

    @Test
    void concurrentAwaitsEachGetOne() { // test_as_completed_concurrent
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> {
            List<Awaitable<String>> futs = Corio.asCompleted(List.of(Corio.sleep(0.05, "a"), Corio.sleep(0.05, "b")))
                    .toList();
            List<AsyncFuture<String>> tasks = new ArrayList<>();
            for (Awaitable<String> f : futs) {
                tasks.add(Corio.ensureFuture(f));
            }
            return await(Corio.waitTasks(tasks), (DoneAndPending<AsyncFuture<String>> r) -> {
                Set<String> values = new java.util.HashSet<>();
                for (AsyncFuture<String> f : r.done()) {
                    values.add(f.result());
                }
                assertEquals(Set.of("a", "b"), values);
                return done(null);
            });
        }));
        loop.close();
    }

    @Test
    void duplicateCoroutinesCountOnce() { // test_as_completed_duplicate_coroutines
        EventLoop loop = EventLoop.virtual();
        List<String> r = loop.runUntilComplete(co(() -> {
            Coroutine<String> c = Corio.result("ham");
            AsCompleted<String> ac = Corio.asCompleted(List.of(c, c, Corio.result("spam")));
            assertEquals(2, ac.size());
            return drain(ac.iterator(), new ArrayList<>());
        }));
        assertEquals(2, r.size());
        assertEquals(Set.of("ham@0.0", "spam@0.0"), Set.copyOf(r));
        loop.close();
    }

    @Test
    void cancelledAwaitDoesNotLoseAResult() {
        // The first await is woken for x's result, then cancelled in the same tick before it could take it:
        // its turn passes to the second await, which gets x (asyncio's Queue.get does the same).
        EventLoop loop = EventLoop.virtual();
        Task<String>[] first = new Task[1];
        List<String> r = loop.runUntilComplete(co(() -> {
            Task<String> x = Corio.createTask(co(() -> await(Corio.sleep(1, "x"), v -> done(v))));
            Task<String> y = Corio.createTask(co(() -> await(Corio.sleep(2, "y"), v -> done(v))));
            List<Awaitable<String>> futs = Corio.asCompleted(List.of(x, y)).toList();
            first[0] = Corio.createTask(co(() -> await(futs.get(0), v -> done(v))));
            x.addDoneCallback(f -> first[0].cancel()); // runs right after asCompleted's own callback
            return await(Corio.sleep(0.5), v -> drain(futs.subList(1, 2).iterator(), new ArrayList<>()));
        }));
        assertEquals(List.of("x@1.0"), r);
        assertTrue(first[0].isCancelled());
        loop.close();
    }

    @Test
    void iteratorStopsAfterOnePerInput() {
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> {
            Iterator<Awaitable<String>> it = Corio.asCompleted(List.of(Corio.result("only"))).iterator();
            Awaitable<String> a = it.next();
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
            return await(a, v -> done(null));
        }));
        loop.close();
    }
}
