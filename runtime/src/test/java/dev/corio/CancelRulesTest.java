package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.runBriefly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What each {@code cancel} answers, and what a repeated one does, against asyncio 3.12: a future says yes
 * once; a task says yes on every request until it is done, counting them ({@code cancelling()}); a gather
 * says yes whenever one of its children does, so a second cancel of a gather of pending tasks says yes
 * again and counts a second request on each child. The expected answers were checked against CPython
 * 3.12.1 itself. Ported from {@code Lib/test/test_asyncio/test_tasks.py} and {@code test_futures.py}
 * where the names say so.
 */
@Timeout(120)
class CancelRulesTest extends TestBase {

    private Task<Void> sleeper(double seconds) {
        return loop.createTask(co(() -> await(Corio.sleep(seconds), v -> done(null))));
    }

    // ---------------------------------------------------------------- futures

    @Test
    void aFutureSaysYesOnceThenNo() { // test_futures.py test_cancel
        AsyncFuture<Integer> f = loop.createFuture();
        assertTrue(f.cancel());
        assertTrue(f.isCancelled());
        assertTrue(f.isDone());
        assertFalse(f.cancel());
        assertThrows(CancelledError.class, f::result);
        assertThrows(CancelledError.class, f::exception);
        assertThrows(InvalidStateError.class, () -> f.setResult(1));
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
    }

    @Test
    void aDoneFutureRefusesAndItsErrorCountsAsRetrieved() { // test_tb_logger_not_called_after_cancel
        AsyncFuture<Integer> f = loop.createFuture();
        f.setException(new RuntimeException("x"));
        assertFalse(f.cancel());
        AsyncFuture<Integer> g = loop.createFuture();
        g.setResult(1);
        assertFalse(g.cancel());
        assertEquals(1, g.result());
        loop.close();
        assertEquals(List.of(), reports.contexts);
    }

    @Test
    void theCancelMessageReachesResultAndException() { // test_cancel_with_message_then_future_result/_exception
        for (String message : new String[] {null, "my message"}) {
            Task<Void> t = sleeper(10);
            runBriefly(loop);
            assertTrue(t.cancel(message));
            CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
            assertEquals(message, e.getMessage());
            assertEquals(message, assertThrows(CancelledError.class, t::result).getMessage());
            assertEquals(message, assertThrows(CancelledError.class, t::exception).getMessage());
        }
    }

    @Test
    void theCancelMessageOfATaskCancelledBeforeItStarted() { // test_cancel_with_message_before_starting_task
        Task<Void> t = sleeper(10);
        assertTrue(t.cancel("my message"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("my message", e.getMessage());
    }

    // ---------------------------------------------------------------- tasks

    @Test
    void aTaskSaysYesToEveryRequestUntilDoneAndCountsThem() { // test_cancelling
        Task<Void> t = sleeper(10);
        assertEquals(0, t.cancelling());
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        // asyncio commented out "if self._num_cancels_requested > 1: return False": a second cancel says yes.
        assertTrue(t.cancel());
        assertEquals(2, t.cancelling());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertFalse(t.cancel());
        assertEquals(2, t.cancelling(), "a refused request is not counted");
    }

    @Test
    void aSecondCancelOfASleepingTaskSaysYesAgain() {
        Task<Void> t = sleeper(10);
        runBriefly(loop);
        assertTrue(t.cancel("one"));
        assertTrue(t.cancel("two"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("one", e.getMessage(), "the first request cancelled the sleep; the second found it done");
    }

    @Test
    void uncancelBasic() { // test_uncancel_basic
        Task<Void> t = loop.createTask(co(() -> await(Corio.sleep(10), v -> done(null), e -> {
            Corio.currentTask().uncancel();
            return await(Corio.sleep(10), v -> done(null));
        })));
        loop.runUntilComplete(co(() -> await(Corio.sleep(0.01), v -> done(null))));
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertFalse(t.isCancelled());
        loop.runUntilComplete(co(() -> await(Corio.sleep(0.01), v -> done(null))));
        assertEquals(0, t.cancelling());
        assertFalse(t.isCancelled());
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.isCancelled());
        t.uncancel();
        assertTrue(t.isCancelled(), "uncancel does nothing to a done task");
    }

    @Test
    void cancelTaskIgnoring() { // test_cancel_task_ignoring
        AsyncFuture<Void> fut1 = loop.createFuture();
        AsyncFuture<Void> fut2 = loop.createFuture();
        AsyncFuture<Integer> fut3 = loop.createFuture();
        Task<Integer> t = loop.createTask(co(() -> await(fut1, a ->
                await(fut2, b -> await(fut3, (Integer r) -> done(r)), e -> await(fut3, (Integer r) -> done(r))))));
        runBriefly(loop);
        fut1.setResult(null);
        runBriefly(loop);
        assertTrue(t.cancel());
        assertTrue(fut2.isCancelled());
        runBriefly(loop);
        fut3.setResult(42);
        assertEquals(42, loop.runUntilComplete(t));
        assertFalse(fut3.isCancelled());
        assertFalse(t.isCancelled());
    }

    @Test
    void cancellingTheWaiterFutureOfATask() { // test_task_cancel_waiter_future
        AsyncFuture<Void> fut = loop.createFuture();
        Task<Void> t = loop.createTask(co(() -> await(fut, v -> done(null))));
        runBriefly(loop);
        assertTrue(t.cancel());
        runBriefly(loop);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(fut.isCancelled());
    }

    @Test
    void cancellingASleepingTaskAwaitedByAnother() { // test_task_cancel_sleeping_task
        String r = loop.runUntilComplete(co(() -> {
            Task<Void> sleeper = Corio.createTask(co(() -> await(Corio.sleep(5000), v -> done(null))));
            EventLoop.running().callLater(0.1, sleeper::cancel);
            return await(sleeper, v -> done("slept in"), e -> done("cancelled"));
        }));
        assertEquals("cancelled", r);
        assertEquals(0.1, loop.time(), 1e-9);
    }

    @Test
    void cancellingAnOuterCoroutineCancelsTheInnerAwait() { // test_yield_future_passes_cancel
        int[] proof = {0};
        AsyncFuture<Void> waiter = loop.createFuture();
        Coroutine<Void> inner = co(() -> await(waiter, v -> {
            throw new AssertionError("got past the waiter in inner()");
        }, e -> {
            proof[0] += 1;
            throw e;
        }));
        Task<Void> f = loop.createTask(co(() -> await(inner, v -> {
            proof[0] += 10;
            return done(null);
        }, e -> {
            proof[0] += 100;
            return done(null);
        })));
        runBriefly(loop);
        assertTrue(f.cancel());
        loop.runUntilComplete(f);
        assertEquals(101, proof[0]);
        assertTrue(waiter.isCancelled());
    }

    @Test
    void waitDoesNotShieldItsCallerFromCancellation() { // test_yield_wait_does_not_shield_cancel
        int[] proof = {0};
        AsyncFuture<Void> waiter = loop.createFuture();
        Task<Void> f = loop.createTask(co(() -> {
            Task<Void> inner = Corio.createTask(co(() -> await(waiter, v -> {
                proof[0] += 1;
                return done(null);
            })));
            return await(Corio.waitTasks(List.of(inner)), dp -> {
                proof[0] += 100;
                return done(null);
            });
        }));
        runBriefly(loop);
        assertTrue(f.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        waiter.setResult(null);
        runBriefly(loop);
        assertEquals(1, proof[0]);
    }

    // ---------------------------------------------------------------- gather

    @Test
    void aSecondCancelOfAGatherOfPendingTasksSaysYesAgainAndCountsOnEachChild() {
        // CPython 3.12.1: first True, cancelling() 1; second True, cancelling() 2; once done, False.
        Task<Void> t1 = sleeper(10);
        Task<Void> t2 = sleeper(10);
        AsyncFuture<List<Void>> g = Corio.gather(t1, t2);
        runBriefly(loop);
        assertTrue(g.cancel());
        assertEquals(1, t1.cancelling());
        assertTrue(g.cancel());
        assertEquals(2, t1.cancelling());
        assertEquals(2, t2.cancelling());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(g));
        assertTrue(t1.isCancelled());
        assertTrue(t2.isCancelled());
        assertFalse(g.cancel());
        assertEquals(2, t1.cancelling());
    }

    @Test
    void aSecondCancelOfAGatherOfFuturesSaysNo() {
        // CPython 3.12.1: the futures are done after the first cancel, so none takes the second.
        AsyncFuture<Integer> a = loop.createFuture();
        AsyncFuture<Integer> b = loop.createFuture();
        AsyncFuture<List<Integer>> g = Corio.gather(a, b);
        assertTrue(g.cancel());
        assertFalse(g.isDone(), "the gather hears of its children in the next tick");
        assertFalse(g.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(g));
        assertFalse(g.cancel());
    }

    @Test
    void aGatherWhoseChildrenAreAllDoneSaysNoAndStaysUncancelled() {
        AsyncFuture<Integer> a = loop.createFuture();
        AsyncFuture<List<Integer>> g = Corio.gather(a);
        a.setResult(1);
        assertFalse(g.cancel(), "its only child is done: nothing took the request");
        assertEquals(List.of(1), loop.runUntilComplete(g));
    }

    @Test
    void aGatherTakesTheRequestIfAnyChildDoes() {
        AsyncFuture<Integer> a = loop.createFuture();
        AsyncFuture<Integer> b = loop.createFuture();
        AsyncFuture<List<Object>> g = Corio.gatherReturnExceptions(a, b);
        a.setResult(1);
        assertTrue(g.cancel("stop"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(g));
        assertEquals("stop", e.getMessage(), "cancelled from outside: a CancelledError even with return-exceptions");
        assertTrue(b.isCancelled());
    }

    @Test
    void aCancelledGatherSaysNoOnceItFailed() { // test_one_cancellation
        AsyncFuture<Integer> a = loop.createFuture();
        AsyncFuture<Integer> b = loop.createFuture();
        AsyncFuture<List<Integer>> g = Corio.gather(a, b);
        a.setResult(1);
        b.cancel();
        runBriefly(loop);
        assertTrue(g.isDone());
        assertTrue(g.exception() instanceof CancelledError);
        assertFalse(g.isCancelled(), "as in asyncio, the gather fails with the CancelledError, it is not cancelled");
        assertFalse(g.cancel());
    }

    // ---------------------------------------------------------------- shield, timeout, task group, wait_for

    @Test
    void aShieldSaysYesOnceAndNeverReachesInner() { // test_shield_cancel_outer
        Task<Void> inner = sleeper(10);
        AsyncFuture<Void> outer = Corio.shield(inner);
        runBriefly(loop);
        assertTrue(outer.cancel());
        assertFalse(outer.cancel());
        runBriefly(loop);
        assertFalse(inner.isCancelled());
        assertEquals(0, inner.cancelling());
        assertTrue(outer.isCancelled());
        inner.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(inner));
    }

    @Test
    void aTimeoutCancelsItsTaskOnceAndWithdrawsTheRequest() {
        Task<Integer>[] self = new Task[1];
        int[] cancellingInside = {-1};
        Task<Object> t = loop.createTask(co(() -> {
            self[0] = (Task<Integer>) (Task<?>) Corio.currentTask();
            return await(Corio.timeout(1, s -> co(() -> await(Corio.sleep(10), v -> done(null), e -> {
                cancellingInside[0] = Corio.currentTask().cancelling();
                throw e;
            }))), v -> done(v), e -> done(e));
        }));
        Object r = loop.runUntilComplete(t);
        assertTrue(r instanceof TimeoutError, String.valueOf(r));
        assertEquals(1, cancellingInside[0]);
        assertEquals(0, t.cancelling());
    }

    @Test
    void aTaskGroupCancelsEachPendingChildOnce() {
        List<Task<Void>> children = new ArrayList<>();
        RuntimeException boom = new RuntimeException("boom");
        Task<Object> parent = loop.createTask(Corio.taskGroup(g -> {
            children.add(g.createTask(co(() -> await(Corio.sleep(10), v -> done(null)))));
            children.add(g.createTask(co(() -> await(Corio.sleep(10), v -> done(null)))));
            g.createTask(co(() -> await(Corio.sleep(1), v -> {
                throw boom;
            })));
            return co(() -> await(Corio.sleep(10), v -> done(null)));
        }));
        RuntimeException e = assertThrows(RuntimeException.class, () -> loop.runUntilComplete(parent));
        assertSame(boom, e);
        for (Task<Void> c : children) {
            assertTrue(c.isCancelled());
            assertEquals(1, c.cancelling());
        }
        assertEquals(0, parent.cancelling(), "the group withdrew its own request on the parent");
    }

    @Test
    void cancellingAWaitForTaskCancelsTheInnerTaskOnce() { // test_cancel_wait_for
        Task<Void> inner = sleeper(10);
        Task<Void> outer = loop.createTask(Corio.waitFor(inner, 5.0));
        runBriefly(loop);
        assertTrue(outer.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertTrue(inner.isCancelled());
        assertEquals(1, inner.cancelling());
        assertNull(null);
    }
}
