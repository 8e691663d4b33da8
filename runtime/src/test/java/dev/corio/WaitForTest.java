package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ported from CPython's test_waitfor.py (3.12, where wait_for is a timeout scope), on the virtual clock. */
class WaitForTest {
    private static final double EPSILON = 0.0001;

    private static double now() {
        return EventLoop.running().time();
    }

    /** Runs until {@code until} in loop time, ignoring cancellations (SlowTask). */
    private static Coroutine<Void> slowTask(double until, boolean[] exited) {
        return co(() -> slowStep(until, exited));
    }

    private static Co.Step<Void> slowStep(double until, boolean[] exited) {
        double left = until - now();
        if (left <= 0) {
            exited[0] = true;
            return done(null);
        }
        return await(Corio.sleep(left), v -> slowStep(until, exited), e -> slowStep(until, exited));
    }

    @Test
    void cancelledWaitForStillWaitsForTheStubbornInner() { // test_asyncio_wait_for_cancelled
        EventLoop loop = EventLoop.virtual();
        boolean[] exited = {false};
        Task<Void> waitForTask = loop.createTask(Corio.waitFor(slowTask(0.2, exited), 0.4));
        loop.runUntilComplete(co(() -> await(Corio.sleep(0), v -> {
            waitForTask.cancel();
            return await(Corio.waitTasks(List.of(waitForTask)), w -> done(null));
        })));
        assertTrue(exited[0]);
        assertEquals(0.2, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void timeoutWaitsForTheInnerToFinish() { // test_asyncio_wait_for_timeout
        EventLoop loop = EventLoop.virtual();
        boolean[] exited = {false};
        Throwable[] got = new Throwable[1];
        loop.runUntilComplete(co(() -> await(Corio.waitFor(slowTask(0.2, exited), 0.1), v -> done(null), e -> {
            got[0] = e;
            return done(null);
        })));
        assertTrue(exited[0]);
        // the inner swallowed the cancellation and returned: 3.12 returns its value, no TimeoutError
        assertEquals(null, got[0]);
        assertEquals(0.2, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void zeroTimeoutOnADoneFutureGivesItsResult() { // test_wait_for_timeout_less_then_0_or_0_future_done
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<String> fut = loop.createFuture();
        fut.setResult("done");
        assertEquals("done", loop.runUntilComplete(co(() -> await(Corio.waitFor(fut, 0), v -> done(v)))));
        assertEquals(0.0, loop.time());
        loop.close();
    }

    @Test
    void zeroTimeoutNeverStartsACoroutine() { // ..._coroutine_do_not_started
        EventLoop loop = EventLoop.virtual();
        boolean[] started = {false};
        Coroutine<Void> foo = co(() -> {
            started[0] = true;
            return done(null);
        });
        TimeoutError e = assertThrows(TimeoutError.class,
                () -> loop.runUntilComplete(co(() -> await(Corio.waitFor(foo, 0), v -> done(v)))));
        assertInstanceOf(CancelledError.class, e.getCause());
        assertFalse(started[0]);
        loop.close();
    }

    @Test
    void zeroOrNegativeTimeoutCancelsARunningTask() { // test_wait_for_timeout_less_then_0_or_0
        for (double timeout : new double[] {0, -1}) {
            EventLoop loop = EventLoop.virtual();
            Boolean[] running = {null};
            AsyncFuture<Void> started = loop.createFuture();
            Task<String> fut = loop.createTask(co(() -> {
                running[0] = true;
                started.setResult(null);
                return await(Corio.sleep(10), v -> {
                    running[0] = false;
                    return done("done");
                }, e -> {
                    running[0] = false;
                    throw e;
                });
            }));
            assertThrows(TimeoutError.class, () -> loop.runUntilComplete(co(() -> await(started,
                    v -> await(Corio.waitFor(fut, timeout), w -> done(w))))));
            assertTrue(fut.isCancelled());
            assertEquals(false, running[0]);
            assertEquals(0.0, loop.time());
            loop.close();
        }
    }

    @Test
    void timeoutCancelsTheTask() { // test_wait_for
        EventLoop loop = EventLoop.virtual();
        Boolean[] running = {null};
        Task<String> fut = loop.createTask(co(() -> {
            running[0] = true;
            return await(Corio.sleep(10), v -> done("done"), e -> {
                running[0] = false;
                throw e;
            });
        }));
        double[] t1 = new double[1];
        assertThrows(TimeoutError.class, () -> loop.runUntilComplete(co(() ->
                await(Corio.waitFor(fut, 0.1), v -> done(v), e -> {
                    t1[0] = now();
                    throw e;
                }))));
        assertTrue(fut.isCancelled());
        assertEquals(0.1, t1[0], 1e-9);
        assertEquals(false, running[0]);
        loop.close();
    }

    @Test
    void noTimeoutJustAwaits() { // test_wait_for_blocking
        EventLoop loop = EventLoop.virtual();
        assertEquals("done", loop.runUntilComplete(co(() ->
                await(Corio.waitFor(Corio.sleep(100, "done"), null), v -> done(v)))));
        assertEquals(100.0, loop.time());
        loop.close();
    }

    @Test
    void resultBeforeTheDeadline() { // test_wait_for_race_condition
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<String> fut = loop.createFuture();
        String r = loop.runUntilComplete(co(() -> {
            Coroutine<String> w = Corio.waitFor(fut, 0.2);
            EventLoop.running().callLater(0.1, () -> fut.setResult("ok"));
            return await(w, v -> done(v));
        }));
        assertEquals("ok", r);
        assertEquals(0.1, loop.time(), 1e-9);
        loop.runUntilComplete(Corio.sleep(0)); // lets the loop drop cancelled timers
        assertEquals(0, loop.timerCount(), "the deadline's timer was cancelled");
        loop.close();
    }

    @Test
    void innerSwallowingTheCancellationReturnsItsValue() { // test_wait_for_cancellation_race_condition
        EventLoop loop = EventLoop.virtual();
        Task<Integer> t = loop.createTask(co(() -> await(Corio.waitFor(co(() -> await(Corio.sleep(1),
                v -> done(0), e -> {
                    assertInstanceOf(CancelledError.class, e);
                    return done(1);
                })), 0.01), (Integer v) -> done(v))));
        assertEquals(1, loop.runUntilComplete(t));
        assertEquals(0, t.cancelling(), "the scope withdrew its request");
        assertEquals(0.01, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void cancelSuppressedReturns42() { // test_wait_for_cancel_suppressed
        EventLoop loop = EventLoop.virtual();
        Coroutine<Integer> return42 = co(() -> await(Corio.sleep(10), v -> done(0), e -> done(42)));
        assertEquals(42, loop.runUntilComplete(co(() -> await(Corio.waitFor(return42, 0.1), (Integer v) -> done(v)))));
        loop.close();
    }

    @Test
    void waitsForTheTasksCancellationToFinish() { // test_wait_for_waits_for_task_cancellation (+ timeout 0)
        for (double timeout : new double[] {EPSILON, 0}) {
            EventLoop loop = EventLoop.virtual();
            boolean[] taskDone = {false};
            List<String> log = new ArrayList<>();
            TimeoutError e = assertThrows(TimeoutError.class, () -> loop.runUntilComplete(co(() -> {
                Task<Void> inner = Corio.createTask(co(() -> await(Corio.sleep(10), v -> {
                    taskDone[0] = true;
                    return done(null);
                }, err -> await(Corio.sleep(EPSILON), v -> {
                    taskDone[0] = true;
                    log.add("inner done at " + now());
                    throw err;
                }))));
                return await(Corio.sleep(EPSILON), v -> await(Corio.waitFor(inner, timeout), w -> done(null),
                        err -> {
                            log.add("waitFor raised at " + now());
                            throw err;
                        }));
            })));
            assertTrue(taskDone[0]);
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(2, log.size(), log.toString());
            assertTrue(log.get(0).startsWith("inner done"), log.toString());
            assertTrue(log.get(1).startsWith("waitFor raised"), log.toString());
            loop.close();
        }
    }

    @Test
    void exceptionDuringCancellationIsReRaised() { // test_wait_for_reraises_exception_during_cancellation
        EventLoop loop = EventLoop.virtual();
        IllegalStateException foo = new IllegalStateException("FooException");
        Throwable got = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(co(() -> {
            Task<Void> inner = Corio.createTask(co(() -> await(Corio.sleep(0.2), v -> {
                throw foo;
            }, e -> {
                throw foo;
            })));
            return await(Corio.waitFor(inner, EPSILON), v -> done(null));
        })));
        assertSame(foo, got);
        loop.close();
    }

    @Test
    void waitForIsCancellableEvenWhenTheInnerHoldsOut() { // test_wait_for_self_cancellation
        EventLoop loop = EventLoop.virtual();
        Task<Integer> inner = loop.createTask(co(() -> await(Corio.sleep(0.3), v -> done(42), e ->
                await(Corio.sleep(0.3), v -> done(42), e2 -> await(Corio.sleep(0.3), v -> done(42))))));
        Task<Integer> task = loop.createTask(Corio.waitFor(inner, 0.1));
        task.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
        assertEquals(42, loop.runUntilComplete(inner));
        loop.close();
    }

    @Test
    void cancellingTheWaitForCancelsTheTask() { // test_cancel_wait_for / test_cancel_blocking_wait_for
        for (Duration timeout : new Duration[] {null, Duration.ofSeconds(60)}) {
            EventLoop loop = EventLoop.virtual();
            AsyncFuture<Void> never = loop.createFuture();
            Task<Void> task = loop.createTask(co(() -> await(never, v -> done(null))));
            Task<Void> wait = loop.createTask(Corio.waitFor(task, timeout));
            loop.callSoon(() -> wait.cancel());
            assertThrows(CancelledError.class, () -> loop.runUntilComplete(wait));
            assertTrue(task.isCancelled(), "python issue #23219, timeout " + timeout);
            loop.close();
        }
    }

    @Test
    void cancellationRightAfterAnImmediateResultIsNotLost() { // test_wait_for_issue86296
        EventLoop loop = EventLoop.virtual();
        boolean[] reachedEnd = {false};
        Task<Void> task = loop.createTask(co(() -> await(Corio.waitFor(Corio.result(null), 100), v ->
                await(Corio.sleep(1), w -> {
                    reachedEnd[0] = true;
                    return done(null);
                }))));
        loop.runUntilComplete(Corio.sleep(0));
        assertFalse(task.isDone());
        task.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
        assertFalse(reachedEnd[0]);
        loop.close();
    }

    @Test
    void deadlineCountsFromWhenTheWaitForStarts() {
        EventLoop loop = EventLoop.virtual();
        double[] raisedAt = new double[1];
        loop.runUntilComplete(co(() -> {
            Coroutine<Void> w = Corio.waitFor(Corio.sleep(10), 1.0);
            return await(Corio.sleep(5), v -> await(w, x -> done(null), e -> {
                assertInstanceOf(TimeoutError.class, e);
                raisedAt[0] = now();
                return done(null);
            }));
        }));
        assertEquals(6.0, raisedAt[0], 1e-9);
        loop.close();
    }
}
