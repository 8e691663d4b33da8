package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ported from CPython's test_timeouts.py (3.12), on the virtual clock. */
class TimeoutTest {

    /** Runs {@code main} on a fresh virtual loop and returns the loop (closed) for its time. */
    private static EventLoop run(Coroutine<?> main) {
        EventLoop loop = EventLoop.virtual();
        try {
            loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
        return loop;
    }

    private static double now() {
        return EventLoop.running().time();
    }

    @Test
    void basic() { // test_timeout_basic
        Timeout[] cm = new Timeout[1];
        double[] caughtAt = new double[1];
        EventLoop loop = run(co(() -> await(Corio.timeout(0.01, t -> {
            cm[0] = t;
            return Corio.sleep(10);
        }), v -> done("no timeout"), e -> {
            assertInstanceOf(TimeoutError.class, e);
            assertInstanceOf(CancelledError.class, e.getCause(), "chained from the cancellation");
            caughtAt[0] = now();
            return done(null);
        })));
        assertTrue(cm[0].isExpired());
        assertEquals(0.01, caughtAt[0], 1e-9);
        assertEquals(0.01, loop.time(), 1e-9);
    }

    @Test
    void timeoutAtBasic() { // test_timeout_at_basic
        Timeout[] cm = new Timeout[1];
        double[] deadline = new double[1];
        run(co(() -> await(Corio.sleep(5), v -> {
            deadline[0] = now() + 0.01;
            return await(Corio.timeoutAt(deadline[0], t -> {
                cm[0] = t;
                return Corio.sleep(10);
            }), w -> done("no timeout"), e -> {
                assertInstanceOf(TimeoutError.class, e);
                return done(null);
            });
        })));
        assertTrue(cm[0].isExpired());
        assertEquals(deadline[0], cm[0].when());
    }

    @Test
    void nestedTimeoutsWithTheSameDeadlineOnlyTheOuterRaises() { // test_nested_timeouts
        Timeout[] cms = new Timeout[2];
        boolean[] cancelled = {false};
        run(co(() -> {
            double deadline = now() + 0.01;
            return await(Corio.timeoutAt(deadline, cm1 -> {
                cms[0] = cm1;
                return co(() -> await(Corio.timeoutAt(deadline, cm2 -> {
                    cms[1] = cm2;
                    return Corio.sleep(10);
                }), v -> done(null), e -> {
                    assertInstanceOf(CancelledError.class, e, "the inner scope lets the outer one's cancel through");
                    cancelled[0] = true;
                    throw e;
                }));
            }), v -> done(null), e -> {
                assertInstanceOf(TimeoutError.class, e);
                return done(null);
            });
        }));
        assertTrue(cancelled[0]);
        assertTrue(cms[0].isExpired());
        assertTrue(cms[1].isExpired());
    }

    @Test
    void notExpiredScopeCancelsItsTimer() { // test_timeout_not_called
        Timeout[] cm = new Timeout[1];
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> await(Corio.timeout(10, t -> {
            cm[0] = t;
            return Corio.sleep(0.01);
        }), v -> done(null))));
        assertFalse(cm[0].isExpired());
        assertEquals(10.0, cm[0].when(), 1e-9);
        assertEquals(0.01, loop.time(), 1e-9, "the loop did not wait for the scope's timer");
        assertEquals(0, liveTimers(loop), "the timer was cancelled");
        loop.close();
    }

    private static int liveTimers(EventLoop loop) {
        // Cancelled timers stay in the heap until popped; run the loop once to let it drop them.
        loop.runUntilComplete(Corio.sleep(0));
        return loop.timerCount();
    }

    @Test
    void disabledTimeout() { // test_timeout_disabled / test_timeout_at_disabled
        Timeout[] cm = new Timeout[2];
        run(co(() -> await(Corio.asyncWith(Corio.timeout(null), t -> {
            cm[0] = t;
            return Corio.sleep(0.01);
        }), v -> await(Corio.timeoutAt(null, t -> {
            cm[1] = t;
            return Corio.sleep(0.01);
        }), w -> done(null)))));
        for (Timeout t : cm) {
            assertFalse(t.isExpired());
            assertNull(t.when());
        }
    }

    @Test
    void zeroAndPastDeadlinesExpireEvenAroundABareYield() { // test_timeout_zero(_sleep_zero), _in_the_past
        for (double delay : new double[] {0, -11}) {
            for (double sleep : new double[] {10, 0}) {
                Timeout[] cm = new Timeout[1];
                double[] t0 = new double[1];
                Throwable[] got = new Throwable[1];
                EventLoop loop = run(co(() -> {
                    t0[0] = now();
                    return await(Corio.timeout(delay, t -> {
                        cm[0] = t;
                        return Corio.sleep(sleep);
                    }), v -> done(null), e -> {
                        got[0] = e;
                        return done(null);
                    });
                }));
                assertInstanceOf(TimeoutError.class, got[0], "delay " + delay + " sleep " + sleep);
                assertTrue(cm[0].isExpired());
                assertEquals(t0[0] + delay, cm[0].when(), 1e-9);
                assertEquals(0.0, loop.time(), "cancelled in the next tick, before any time passed");
            }
        }
    }

    @Test
    void foreignExceptionPassesAndScopeDoesNotExpire() { // test_foreign_exception_passed
        Timeout[] cm = new Timeout[1];
        IllegalArgumentException key = new IllegalArgumentException("key");
        Throwable got = assertThrows(IllegalArgumentException.class, () -> run(Corio.timeout(0.01, t -> {
            cm[0] = t;
            throw key;
        })));
        assertSame(key, got);
        assertFalse(cm[0].isExpired());
    }

    @Test
    void foreignExceptionRaisedDuringTheTimeoutPasses() { // test_foreign_exception_on_timeout
        ArithmeticException zde = new ArithmeticException("/ by zero");
        Coroutine<Object> crash = co(() -> await(Corio.sleep(1), v -> done(null), e -> {
            throw zde; // finally: 1/0
        }));
        Throwable got = assertThrows(ArithmeticException.class, () -> run(Corio.timeout(0.01, t -> crash)));
        assertSame(zde, got);
    }

    @Test
    void foreignCancelIsNotATimeout() { // test_foreign_cancel_doesnt_timeout_if_not_expired
        Timeout[] cm = new Timeout[1];
        assertThrows(CancelledError.class, () -> run(Corio.timeout(10, t -> {
            cm[0] = t;
            Corio.currentTask().cancel();
            return Corio.sleep(10);
        })));
        assertFalse(cm[0].isExpired());
    }

    @Test
    void outerTaskIsNotLeftCancelled() { // test_outer_task_is_not_cancelled
        EventLoop loop = EventLoop.virtual();
        Task<String> task = loop.createTask(co(() -> await(Corio.timeout(0.001, t -> Corio.sleep(10)),
                v -> done("no"), e -> {
                    assertInstanceOf(TimeoutError.class, e);
                    return await(Corio.sleep(1), w -> done("went on"));
                })));
        assertEquals("went on", loop.runUntilComplete(task));
        assertFalse(task.isCancelled());
        assertEquals(0, task.cancelling(), "the scope withdrew its cancellation request");
        assertEquals(1.001, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void innerTimeoutCaughtThenOuterTimeoutInterruptsTheNextSleep() { // test_nested_timeouts_loop_busy, virtual
        double[] t1 = new double[1];
        Throwable[] outer = new Throwable[1];
        run(co(() -> await(Corio.timeout(0.1, a -> co(() ->
                await(Corio.timeout(0.01, b -> Corio.sleep(1)), v -> done(null), e -> {
                    assertInstanceOf(TimeoutError.class, e);
                    return await(Corio.sleep(10), w -> done(null)); // interrupted by the outer scope
                }))), v -> done(null), e -> {
                    outer[0] = e;
                    t1[0] = now();
                    return done(null);
                })));
        assertInstanceOf(TimeoutError.class, outer[0]);
        assertEquals(0.1, t1[0], 1e-9);
    }

    @Test
    void rescheduleFromAnotherTask() { // test_reschedule
        EventLoop loop = EventLoop.virtual();
        Timeout[] cm = new Timeout[1];
        AsyncFuture<Timeout> fut = loop.createFuture();
        double deadline1 = 10;
        double deadline2 = 30;
        Task<Object> task = loop.createTask(Corio.timeoutAt(deadline1, t -> {
            fut.setResult(t);
            return Corio.sleep(50);
        }));
        loop.runUntilComplete(co(() -> await(fut, t -> {
            cm[0] = t;
            assertEquals(deadline1, t.when());
            t.reschedule(deadline2);
            assertEquals(deadline2, t.when());
            t.reschedule(null);
            assertNull(t.when());
            task.cancel();
            return await(task, v -> done(null), e -> {
                assertInstanceOf(CancelledError.class, e);
                return done(null);
            });
        })));
        assertFalse(cm[0].isExpired());
        assertEquals(0.0, loop.time());
        loop.close();
    }

    @Test
    void rescheduleLaterAndEarlierMovesTheDeadline() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        Throwable[] got = new Throwable[1];
        loop.runUntilComplete(co(() -> await(Corio.timeout(1, t -> co(() -> await(Corio.sleep(0.5), v -> {
            t.reschedule(now() + 5); // later: at 5.5
            return await(Corio.sleep(3), w -> { // 3.5
                log.add("still running at " + now());
                t.reschedule(now() + 0.25); // earlier: 3.75
                return await(Corio.sleep(100), x -> done(null));
            });
        }))), v -> done(null), e -> {
            got[0] = e;
            log.add("timed out at " + now());
            return done(null);
        })));
        assertInstanceOf(TimeoutError.class, got[0]);
        assertEquals(List.of("still running at 3.5", "timed out at 3.75"), log);
        loop.close();
    }

    @Test
    void reprShowsTheState() { // test_repr_active / expired / finished / disabled
        Timeout[] cm = new Timeout[2];
        run(co(() -> await(Corio.timeout(10, t -> {
            assertEquals("<Timeout [active] when=10.0>", t.toString());
            cm[0] = t;
            return Corio.sleep(0);
        }), v -> await(Corio.timeout(0.01, t -> {
            cm[1] = t;
            return Corio.sleep(1);
        }), w -> done(null), e -> done(null)))));
        assertEquals("<Timeout [finished]>", cm[0].toString());
        assertEquals("<Timeout [expired]>", cm[1].toString());
        assertEquals("<Timeout [created]>", new Timeout(null).toString());
    }

    @Test
    void nestedTimeoutInCleanupOfAnExpiringScope() { // test_nested_timeout_in_finally
        Throwable[] inner = new Throwable[1];
        Throwable[] outer = new Throwable[1];
        run(co(() -> await(Corio.timeout(0.01, t -> co(() -> await(Corio.sleep(1), v -> done(null), e ->
                // finally: a nested scope times out on its own, then the original cancellation goes on
                await(Corio.timeout(0.01, t2 -> Corio.sleep(10)), w -> done(null), e2 -> {
                    inner[0] = e2;
                    throw e;
                })))), v -> done(null), e -> {
                    outer[0] = e;
                    return done(null);
                })));
        assertInstanceOf(TimeoutError.class, inner[0]);
        assertInstanceOf(TimeoutError.class, outer[0]);
    }

    @Test
    void timeoutAfterASwallowedCancellation() { // test_timeout_after_cancellation
        Throwable[] got = new Throwable[1];
        run(co(() -> {
            Corio.currentTask().cancel();
            return await(Corio.sleep(1), v -> done(null), e -> {
                assertInstanceOf(CancelledError.class, e);
                // the task still has one cancel request pending; a scope entered now must still time out
                return await(Corio.timeout(0.0, t -> Corio.sleep(1)), w -> done(null), e2 -> {
                    got[0] = e2;
                    return done(null);
                });
            });
        }));
        assertInstanceOf(TimeoutError.class, got[0]);
    }

    @Test
    void cancelInsideScopeAfterASwallowedCancellationIsACancel() { // test_cancel_in_timeout_after_cancellation
        Throwable[] got = new Throwable[1];
        run(co(() -> {
            Corio.currentTask().cancel();
            return await(Corio.sleep(1), v -> done(null), e -> await(Corio.timeout(1.0, t -> {
                Corio.currentTask().cancel();
                return Corio.sleep(2);
            }), w -> done(null), e2 -> {
                got[0] = e2;
                return done(null);
            }));
        }));
        assertInstanceOf(CancelledError.class, got[0]);
    }

    @Test
    void aScopeIsEnteredOnce() { // test_timeout_already_entered / test_timeout_double_enter
        Timeout[] cm = new Timeout[1];
        Throwable[] nested = new Throwable[1];
        run(co(() -> await(Corio.timeout(0.01, t -> {
            cm[0] = t;
            return co(() -> await(Corio.asyncWith(t, again -> Corio.sleep(0)), v -> done(null), e -> {
                nested[0] = e;
                return done(null);
            }));
        }), v -> done(null))));
        assertTrue(nested[0].getMessage().contains("has already been entered"), nested[0].getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(Corio.asyncWith(cm[0], t -> Corio.sleep(0))));
        assertTrue(e.getMessage().contains("has already been entered"), e.getMessage());
        IllegalStateException r = assertThrows(IllegalStateException.class, () -> cm[0].reschedule(0.02));
        assertTrue(r.getMessage().contains("finished"), r.getMessage()); // test_timeout_finished
    }

    @Test
    void rescheduleBeforeEnteringIsAnError() { // test_timeout_not_entered
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Timeout(1.0).reschedule(0.02));
        assertTrue(e.getMessage().contains("has not been entered"), e.getMessage());
    }

    @Test
    void swallowedCancellationReturnsTheBodysValue() {
        // asyncio: the scope raises only if the block ended with CancelledError; it still uncancels.
        EventLoop loop = EventLoop.virtual();
        Timeout[] cm = new Timeout[1];
        Task<String> task = loop.createTask(Corio.timeout(1, t -> {
            cm[0] = t;
            return co(() -> await(Corio.sleep(10), v -> done("slept"), e -> done("swallowed")));
        }));
        assertEquals("swallowed", loop.runUntilComplete(task));
        assertTrue(cm[0].isExpired());
        assertEquals(0, task.cancelling());
        loop.close();
    }

    @Test
    void closeOutsideAsyncCodeSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Timeout(1.0).close());
        assertTrue(e.getMessage().contains("@Async"), e.getMessage());
    }

    /**
     * The protocol as the processor will lower {@code try (var t = timeout(1)) { await(sleep(10)); }}, written
     * by hand: t = await(mgr.aenter()); try { body } catch (Throwable e) { if (!await(mgr.aexit(e))) throw e; }
     * and await(mgr.aexit(null)) after a body that completed.
     */
    static final class LoweredTimeoutBlock extends Coroutine<String> {
        final double delay;
        final double sleep;
        final List<String> log;
        Timeout mgr;
        Throwable pending;
        int state;

        LoweredTimeoutBlock(double delay, double sleep, List<String> log) {
            this.delay = delay;
            this.sleep = sleep;
            this.log = log;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            switch (state) {
                case 0: {
                    mgr = Corio.timeout(delay);
                    state = 1;
                    Object r = mgr.aenter().awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    value = r;
                }
                // fall through
                case 1: {
                    if (error != null) {
                        throw error;
                    }
                    log.add("entered, deadline " + ((Timeout) value).when());
                    state = 2;
                    Object r;
                    try {
                        r = Corio.sleep(sleep).awaitFrom(this);
                    } catch (Throwable e) {
                        return exit(e);
                    }
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    error = null;
                }
                // fall through
                case 2:
                    if (error != null) {
                        log.add("body got " + error.getClass().getSimpleName());
                        return exit(error);
                    }
                    log.add("body done at " + loop().time());
                    return exit(null);
                case 3:
                    if (error != null) {
                        log.add("aexit raised " + error.getClass().getSimpleName());
                        throw error;
                    }
                    if (pending != null && !Boolean.TRUE.equals(value)) {
                        throw pending;
                    }
                    return "completed";
                default:
                    throw new IllegalStateException();
            }
        }

        private Object exit(Throwable e) throws Throwable {
            state = 3;
            pending = e;
            Object r = mgr.aexit(e).awaitFrom(this);
            if (r == SUSPENDED) {
                return SUSPENDED;
            }
            return resume(r, null);
        }
    }

    @Test
    void handLoweredAsyncWithTimesOut() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        TimeoutError e = assertThrows(TimeoutError.class,
                () -> loop.runUntilComplete(new LoweredTimeoutBlock(1, 10, log)));
        assertInstanceOf(CancelledError.class, e.getCause());
        assertEquals(List.of("entered, deadline 1.0", "body got CancelledError"), log);
        assertEquals(1.0, loop.time());
        loop.close();
    }

    @Test
    void handLoweredAsyncWithCompletes() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        assertEquals("completed", loop.runUntilComplete(new LoweredTimeoutBlock(10, 1, log)));
        assertEquals(List.of("entered, deadline 10.0", "body done at 1.0"), log);
        loop.close();
    }
}
