package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More of CPython 3.12's {@code test_waitfor.py}, on the virtual clock: the cases {@link WaitForTest} does not
 * cover (a zero timeout never starts a coroutine, a timed-out task is cancelled and has run its cleanup, a zero
 * timeout waits for the cancelled task's cleanup, and {@code WaitForShieldTests}).
 */
@Timeout(10)
class WaitForPortTest extends TestBase {

    private static final double EPSILON = 0.0001;

    /** Awaits {@code what}; gives its value, or the exception it threw. */
    private Object outcome(Awaitable<?> what) {
        Object[] out = new Object[1];
        loop.runUntilComplete(co(() -> await(what, v -> {
            out[0] = v;
            return done(null);
        }, e -> {
            out[0] = e;
            return done(null);
        })));
        return out[0];
    }

    /** test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started: wait_for(coro, 0) never runs it. */
    @Test
    void zeroTimeoutNeverStartsTheCoroutine() {
        for (double timeout : new double[] {0, -1}) {
            boolean[] started = {false};
            Object r = outcome(co(() -> await(Corio.waitFor(co(() -> {
                started[0] = true;
                return done("ran");
            }), timeout), v -> done(v))));
            assertInstanceOf(TimeoutError.class, r, "timeout " + timeout);
            assertFalse(started[0], "timeout " + timeout);
        }
    }

    /** test_wait_for: at the deadline the task is cancelled, and has run its finally, before TimeoutError. */
    @Test
    void timedOutTaskIsCancelledAndCleanedUp() {
        boolean[] running = {false};
        Task<String>[] fut = new Task[1];
        Object r = outcome(co(() -> {
            fut[0] = Corio.createTask(co(() -> {
                running[0] = true;
                return await(Corio.sleep(3600), v -> {
                    running[0] = false;
                    return done("done");
                }, e -> {
                    running[0] = false;
                    throw e;
                });
            }));
            return await(Corio.waitFor(fut[0], 0.1), Co::done);
        }));
        assertInstanceOf(TimeoutError.class, r);
        assertTrue(fut[0].isDone());
        assertTrue(fut[0].isCancelled());
        assertFalse(running[0]);
        assertEquals(0.1, loop.time(), 1e-9);
    }

    /**
     * test_wait_for_waits_for_task_cancellation_w_timeout_0: with timeout 0, wait_for cancels the task and
     * waits for its cleanup (which itself sleeps) before raising TimeoutError chained from the cancellation.
     */
    @Test
    void zeroTimeoutWaitsForTheTasksCleanup() {
        boolean[] taskDone = {false};
        Object r = outcome(co(() -> {
            Task<Void> inner = Corio.createTask(co(() -> await(Corio.sleep(10), v -> {
                taskDone[0] = true;
                return done(null);
            }, e -> await(Corio.sleep(EPSILON), w -> {
                taskDone[0] = true;
                throw e;
            }))));
            return await(Corio.sleep(EPSILON), v -> await(Corio.waitFor(inner, 0), Co::done));
        }));
        assertInstanceOf(TimeoutError.class, r);
        assertInstanceOf(CancelledError.class, ((Throwable) r).getCause());
        assertTrue(taskDone[0]);
        assertEquals(2 * EPSILON, loop.time(), 1e-12);
    }

    private static Coroutine<String> sleepThenDone(double seconds) {
        return co(() -> await(Corio.sleep(seconds), v -> done("done")));
    }

    /**
     * WaitForShieldTests.test_zero_timeout: wait_for(shield(task), 0) cancels the shield at once and raises
     * TimeoutError; the task goes on and completes later.
     */
    @Test
    void zeroTimeoutOnAShield() {
        Task<String>[] task = new Task[1];
        AsyncFuture<String>[] shielded = new AsyncFuture[1];
        List<Object> log = new ArrayList<>();
        loop.runUntilComplete(co(() -> {
            task[0] = Corio.createTask(sleepThenDone(0.01));
            shielded[0] = Corio.shield(task[0]);
            return await(Corio.waitFor(shielded[0], 0), v -> done(null), e -> {
                log.add(e.getClass().getSimpleName());
                log.add(task[0].isDone());
                log.add(task[0].isCancelled());
                log.add(shielded[0].isCancelled());
                return await(Corio.sleep(0.1), v -> {
                    log.add(task[0].isDone());
                    return done(null);
                });
            });
        }));
        assertEquals(List.of("TimeoutError", false, false, true, true), log);
    }

    /** WaitForShieldTests.test_none_timeout: no timeout waits for the shielded task to complete. */
    @Test
    void noTimeoutOnAShield() {
        Task<String>[] task = new Task[1];
        Object r = outcome(co(() -> {
            task[0] = Corio.createTask(sleepThenDone(0.1));
            return await(Corio.waitFor(Corio.shield(task[0]), (java.time.Duration) null), Co::done);
        }));
        assertEquals("done", r);
        assertTrue(task[0].isDone());
    }

    /**
     * WaitForShieldTests.test_shielded_timeout: the timeout cancels the shield, not the task, which then
     * completes when awaited.
     */
    @Test
    void timeoutOnAShieldLeavesTheTaskRunning() {
        List<Object> log = new ArrayList<>();
        loop.runUntilComplete(co(() -> {
            Task<String> task = Corio.createTask(sleepThenDone(0.1));
            return await(Corio.waitFor(Corio.shield(task), 0.01), v -> done(null), e -> {
                log.add(e.getClass().getSimpleName());
                log.add(task.isDone());
                log.add(task.isCancelled());
                return await(task, v -> {
                    log.add(v);
                    return done(null);
                });
            });
        }));
        assertEquals(List.of("TimeoutError", false, false, "done"), log);
        assertEquals(0.1, loop.time(), 1e-9);
    }

    /**
     * A result arriving in the same tick as the deadline, set by a timer that runs just before the scope's own:
     * the task has not resumed yet when the deadline's cancel comes, so the cancel wins and waitFor raises
     * TimeoutError, as asyncio 3.12 does (its {@code cancel()} finds the waiter done and sets
     * {@code _must_cancel}, which the task's next step throws instead of the result).
     */
    @Test
    void resultSetInTheTickOfTheDeadlineBeforeTheTimer() {
        AsyncFuture<String> fut = loop.createFuture();
        // the future is completed by a timer scheduled before waitFor's own, at the same deadline
        loop.callAt(0.5, () -> fut.setResult("ok"));
        Object r = outcome(co(() -> await(Corio.waitFor(fut, 0.5), Co::done)));
        assertInstanceOf(TimeoutError.class, r);
        assertEquals("ok", fut.result(), "the future itself kept its result");
    }

    /** A result set one tick before the deadline's tick is returned (test_wait_for_race_condition's kind). */
    @Test
    void resultJustBeforeTheDeadline() {
        AsyncFuture<String> fut = loop.createFuture();
        loop.callAt(0.4999, () -> fut.setResult("ok"));
        Object r = outcome(co(() -> await(Corio.waitFor(fut, 0.5), Co::done)));
        assertEquals("ok", r);
    }

    /**
     * The reverse: the deadline's timer runs first in that tick and cancels the future before the result
     * comes; asyncio then raises TimeoutError (the late setResult finds the future cancelled).
     */
    @Test
    void deadlineTimerBeforeTheResultInTheSameTick() {
        AsyncFuture<String> fut = loop.createFuture();
        List<Object> late = new ArrayList<>();
        Object r = outcome(co(() -> {
            // scheduled by a task that runs in the next tick, so after waitFor's own timer for the same deadline
            Corio.createTask(co(() -> {
                loop.callAt(0.5, () -> late.add(fut.isCancelled()));
                return done(null);
            }));
            return await(Corio.waitFor(fut, 0.5), Co::done);
        }));
        assertInstanceOf(TimeoutError.class, r);
        assertEquals(List.of(true), late);
    }

    /**
     * The awaited future is cancelled by someone else before the deadline: the scope did not expire, so the
     * CancelledError comes out as it is (not as a TimeoutError), and the task running waitFor was never asked
     * to cancel.
     */
    @Test
    void futureCancelledByAnotherBeforeTheDeadline() {
        AsyncFuture<String> fut = loop.createFuture();
        loop.callLater(0.1, () -> fut.cancel("elsewhere"));
        int[] cancelling = {-1};
        Object r = outcome(co(() -> await(Corio.waitFor(fut, 1.0), Co::done, e -> {
            cancelling[0] = Corio.currentTask().cancelling();
            throw e;
        })));
        assertInstanceOf(CancelledError.class, r);
        assertEquals("elsewhere", ((Throwable) r).getMessage());
        assertEquals(0, cancelling[0]);
        assertEquals(0.1, loop.time(), 1e-9);
    }
}
