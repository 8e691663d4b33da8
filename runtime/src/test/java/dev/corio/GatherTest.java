package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.runBriefly;
import static dev.corio.TestBase.sleepThen;
import static dev.corio.TestBase.sleepThenFail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ported from CPython's test_tasks.py GatherTests / FutureGatherTests / CoroutineGatherTests (3.12). */
class GatherTest {

    @Test
    void resultsComeInArgumentOrderNotCompletionOrder() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        List<String> r = loop.runUntilComplete(co(() -> await(
                Corio.gather(sleepThen(3, "a", log), sleepThen(1, "b", log), sleepThen(2, "c", log)),
                (List<String> v) -> done(v))));
        assertEquals(List.of("a", "b", "c"), r);
        assertEquals(List.of("b@1.0", "c@2.0", "a@3.0"), log);
        assertEquals(3.0, loop.time(), "the children ran concurrently");
        loop.close();
    }

    @Test
    void emptyGatherIsDoneAtOnce() {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<List<Object>>[] f = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            f[0] = Corio.gather(new ArrayList<Awaitable<Object>>());
            assertTrue(f[0].isDone());
            return done(null);
        }));
        assertEquals(List.of(), f[0].result());
        loop.close();
    }

    @Test
    void oneExceptionFailsGatherAtOnceAndLaterOutcomesAreIgnored() { // test_one_exception
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop loop = TestBase.recording(reports);
        List<AsyncFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(loop.createFuture());
        }
        AsyncFuture<List<Integer>>[] g = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            g[0] = Corio.gather(fs);
            return done(null);
        }));
        List<AsyncFuture<?>> callbacks = new ArrayList<>();
        g[0].addDoneCallback(callbacks::add);
        ArithmeticException exc = new ArithmeticException("zde");
        fs.get(0).setResult(1);
        fs.get(1).setException(exc);
        runBriefly(loop);
        assertTrue(g[0].isDone());
        assertEquals(List.of(g[0]), callbacks);
        assertSame(exc, g[0].exception());
        fs.get(2).setResult(3);
        fs.get(3).cancel();
        RuntimeException late = new RuntimeException("late");
        fs.get(4).setException(late);
        runBriefly(loop);
        loop.close();
        assertEquals(List.of(), reports, "a sibling failing after the gather failed counts as retrieved");
    }

    @Test
    void returnExceptionsPutsFailuresInTheList() { // test_return_exceptions
        EventLoop loop = EventLoop.virtual();
        List<AsyncFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(loop.createFuture());
        }
        AsyncFuture<List<Object>>[] g = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            g[0] = Corio.gatherReturnExceptions(fs);
            return done(null);
        }));
        ArithmeticException exc = new ArithmeticException();
        RuntimeException exc2 = new RuntimeException();
        fs.get(1).setResult(1);
        fs.get(2).setException(exc);
        fs.get(0).setResult(3);
        runBriefly(loop);
        assertFalse(g[0].isDone());
        fs.get(3).setException(exc2);
        runBriefly(loop);
        assertEquals(Arrays.asList(3, 1, exc, exc2), g[0].result());
        loop.close();
    }

    @Test
    void cancelledChildMakesGatherRaiseCancelledErrorWithoutBeingCancelled() { // test_one_cancellation
        EventLoop loop = EventLoop.virtual();
        List<AsyncFuture<Integer>> fs = List.of(loop.createFuture(), loop.createFuture(), loop.createFuture());
        AsyncFuture<List<Integer>>[] g = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            g[0] = Corio.gather(fs);
            return done(null);
        }));
        fs.get(0).setResult(1);
        fs.get(1).cancel("child");
        runBriefly(loop);
        assertTrue(g[0].isDone());
        assertFalse(g[0].isCancelled());
        assertInstanceOf(CancelledError.class, g[0].exception());
        assertEquals("child", g[0].exception().getMessage());
        assertFalse(fs.get(2).isDone(), "the siblings are not cancelled");
        loop.close();
    }

    @Test
    void returnExceptionsListsCancelledChildrenAsCancelledErrors() { // test_result_exception_one_cancellation
        EventLoop loop = EventLoop.virtual();
        List<AsyncFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fs.add(loop.createFuture());
        }
        AsyncFuture<List<Object>>[] g = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            g[0] = Corio.gatherReturnExceptions(fs);
            return done(null);
        }));
        ArithmeticException zde = new ArithmeticException();
        fs.get(0).setResult(1);
        fs.get(1).setException(zde);
        fs.get(2).cancel();
        runBriefly(loop);
        assertFalse(g[0].isDone());
        fs.get(3).setResult(3);
        fs.get(4).cancel();
        RuntimeException rte = new RuntimeException();
        fs.get(5).setException(rte);
        List<Object> res = loop.runUntilComplete(g[0]);
        assertInstanceOf(CancelledError.class, res.get(2));
        assertInstanceOf(CancelledError.class, res.get(4));
        List<Object> rest = new ArrayList<>(res);
        rest.set(2, null);
        rest.set(4, null);
        assertEquals(Arrays.asList(1, zde, null, 3, null, rte), rest);
        loop.close();
    }

    @Test
    void firstErrorPropagatesWhileSiblingsGoOnRunning() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<String>[] slow = new Task[1];
        Throwable[] caught = new Throwable[1];
        double[] caughtAt = new double[1];
        loop.runUntilComplete(co(() -> {
            slow[0] = Corio.createTask(sleepThen(5, "slow", log));
            return await(Corio.gather(slow[0], sleepThenFail(1, boom)), v -> done(null), e -> {
                caught[0] = e;
                caughtAt[0] = EventLoop.running().time();
                return await(slow[0], v -> done(null));
            });
        }));
        assertSame(boom, caught[0]);
        assertEquals(1.0, caughtAt[0]);
        assertEquals("slow", slow[0].result());
        assertEquals(List.of("slow@5.0"), log, "the sibling was not cancelled");
        loop.close();
    }

    @Test
    void cancellingTheOuterTaskCancelsAllChildren() { // test_cancellation_broadcast
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Void> waiter = loop.createFuture();
        int[] proof = {0};
        Task<Void> child1 = loop.createTask(co(() -> await(waiter, v -> {
            proof[0] += 1;
            return done(null);
        })));
        Task<Void> child2 = loop.createTask(co(() -> await(waiter, v -> {
            proof[0] += 1;
            return done(null);
        })));
        AsyncFuture<List<Void>>[] gatherer = new AsyncFuture[1];
        Task<Void> outer = loop.createTask(co(() -> {
            gatherer[0] = Corio.gather(child1, child2);
            return await(gatherer[0], v -> {
                proof[0] += 100;
                return done(null);
            });
        }));
        runBriefly(loop);
        assertTrue(outer.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertFalse(gatherer[0].cancel());
        assertTrue(waiter.isCancelled());
        assertTrue(child1.isCancelled());
        assertTrue(child2.isCancelled());
        runBriefly(loop);
        assertEquals(0, proof[0]);
        loop.close();
    }

    @Test
    void cancellingGatherPropagatesEvenWithReturnExceptions() { // test_cancel_gather_2 (issue 32684)
        EventLoop loop = EventLoop.virtual();
        Task<Void> qwe = loop.createTask(co(() -> loopSleeping(0)));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(co(() ->
                await(Corio.sleep(0.2), v -> {
                    qwe.cancel("my message");
                    return await(qwe, w -> done(null));
                }))));
        assertEquals("my message", e.getMessage());
        assertTrue(qwe.isCancelled());
        assertEquals(0.2, loop.time(), 1e-9);
        loop.close();
    }

    /** while time <= 1: await gather(sleep(0.05), return_exceptions=True). */
    private static Co.Step<Void> loopSleeping(int round) {
        if (round * 0.05 > 1) {
            return done(null);
        }
        return await(Corio.gatherReturnExceptions(Corio.sleep(0.05)), v -> loopSleeping(round + 1));
    }

    /** A child that catches the cancellation, cleans up for 2 seconds, then re-raises it. */
    private static Coroutine<String> stubborn(List<String> log) {
        return co(() -> await(Corio.sleep(10), v -> done("x"), err -> {
            log.add("cleanup from " + EventLoop.running().time());
            return await(Corio.sleep(2), v -> {
                log.add("cleanup done " + EventLoop.running().time());
                throw err;
            });
        }));
    }

    @Test
    void cancellingTheGatherFutureCancelsEveryChild() {
        // Without return-exceptions the first child to end cancelled fails the gather at once (asyncio).
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<List<String>>[] g = new AsyncFuture[1];
        Task<String>[] children = new Task[2];
        double[] raisedAt = new double[1];
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(co(() -> {
            children[0] = Corio.createTask(sleepThen(10, "plain", log));
            children[1] = Corio.createTask(stubborn(log));
            g[0] = Corio.gather(children[0], children[1]);
            EventLoop.running().callLater(1, () -> assertTrue(g[0].cancel("stop")));
            return await(g[0], v -> done(null), err -> {
                raisedAt[0] = EventLoop.running().time();
                throw err;
            });
        })));
        assertEquals("stop", e.getMessage());
        assertEquals(1.0, raisedAt[0]);
        assertTrue(children[0].isCancelled());
        assertFalse(children[1].isDone(), "the stubborn child is still cleaning up");
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(children[1]));
        assertEquals(List.of("cleanup from 1.0", "cleanup done 3.0"), log);
        assertFalse(g[0].isCancelled(), "as in asyncio, the gather fails with CancelledError");
        loop.close();
    }

    @Test
    void cancelledGatherWithReturnExceptionsWaitsForEveryChildThenRaises() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<List<Object>>[] g = new AsyncFuture[1];
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(co(() -> {
            g[0] = Corio.gatherReturnExceptions(sleepThen(10, "plain", log), stubborn(log));
            EventLoop.running().callLater(1, () -> assertTrue(g[0].cancel("stop")));
            return await(g[0], v -> done(null));
        })));
        assertEquals("stop", e.getMessage());
        assertEquals(List.of("cleanup from 1.0", "cleanup done 3.0"), log);
        assertEquals(3.0, loop.time(), "the gather waited for the children to finish");
        loop.close();
    }

    @Test
    void gatherRefusesCancellationOnceAllChildrenAreDone() { // test_cancel_gather_1 (Python issue 26923)
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> fut = loop.createFuture();
        AsyncFuture<List<Integer>> gather = loop.runUntilComplete(co(() ->
                done(Corio.gather(co(() -> await(fut, (Integer v) -> done(v)))))));
        Boolean[] cancelResult = {null};
        // runs after the child's step (registered later), before the gather hears of the child
        fut.addDoneCallback(f -> cancelResult[0] = gather.cancel());
        fut.setResult(42);
        assertEquals(List.of(42), loop.runUntilComplete(gather));
        assertEquals(false, cancelResult[0]);
        assertFalse(gather.isCancelled());
        loop.close();
    }

    @Test
    void sameCoroutineTwiceRunsOnce() { // test_duplicate_coroutines
        EventLoop loop = EventLoop.virtual();
        int[] runs = {0};
        Coroutine<String> c = co(() -> {
            runs[0]++;
            return done("abc");
        });
        List<String> r = loop.runUntilComplete(co(() ->
                await(Corio.gather(c, c, Corio.result("def"), c), (List<String> v) -> done(v))));
        assertEquals(List.of("abc", "abc", "def", "abc"), r);
        assertEquals(1, runs[0]);
        loop.close();
    }

    @Test
    void siblingErrorAfterTheFirstIsMarkedRetrieved() { // test_exception_marking
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop loop = TestBase.recording(reports);
        AsyncFuture<Void> a = loop.createFuture();
        AsyncFuture<Void> b = loop.createFuture();
        Task<List<Object>> f = loop.createTask(co(() -> await(Corio.gather(inner(a), inner(b)), v -> done(v))));
        runBriefly(loop);
        a.setResult(null);
        runBriefly(loop);
        b.setResult(null);
        runBriefly(loop);
        assertInstanceOf(RuntimeException.class, f.exception());
        loop.close();
        assertEquals(List.of(), reports);
    }

    private static Coroutine<Object> inner(AsyncFuture<Void> f) {
        return co(() -> await(f, v -> {
            throw new RuntimeException("should not be ignored");
        }));
    }

    @Test
    void alreadyDoneFuturesCompleteTheGatherWithoutALoopTrip() {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> a = loop.createFuture();
        AsyncFuture<Integer> b = loop.createFuture();
        a.setResult(1);
        b.setResult(2);
        AsyncFuture<List<Integer>>[] g = new AsyncFuture[1];
        loop.runUntilComplete(co(() -> {
            g[0] = Corio.gather(a, b, a);
            assertTrue(g[0].isDone());
            return done(null);
        }));
        assertEquals(List.of(1, 2, 1), g[0].result());
        assertNull(g[0].exception());
        loop.close();
    }

    @Test
    void futuresOfAnotherLoopAreRejected() {
        EventLoop other = EventLoop.virtual();
        AsyncFuture<Integer> foreign = other.createFuture();
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> mine = loop.createFuture();
        mine.setResult(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.runUntilComplete(co(() -> await(Corio.gather(mine, foreign), v -> done(null)))));
        assertTrue(e.getMessage().contains("different loop"), e.getMessage());
        loop.close();
        other.close();
    }

    @Test
    void aSiblingFailingAfterTheGatherFailedIsAttachedToItsUnretrievedException() {
        // The gather's exception has not been retrieved yet when the second child fails (its report is
        // armed): the sibling's error must still be attached to it as suppressed.
        EventLoop loop = EventLoop.virtual();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        AsyncFuture<Object> a = loop.createFuture();
        AsyncFuture<Object> b = loop.createFuture();
        AsyncFuture<List<Object>> g = Corio.gather(a, b);
        loop.callLater(1, () -> a.setException(first));
        loop.callLater(2, () -> b.setException(second));
        loop.callLater(3, loop::stop);
        loop.runForever();
        assertSame(first, g.exception());
        assertEquals(List.of(second), Arrays.asList(first.getSuppressed()));
        loop.close();
    }
}
