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

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * More of CPython 3.12's {@code test_timeouts.py}, on the virtual clock: the cases {@link TimeoutTest} does not
 * cover (a zero or past deadline against {@code sleep(0)}, the waiter's own view of the cancellation, the
 * {@code repr}s, {@code reschedule} while expiring or after expiry, no task, a timeout around a task group).
 */
@org.junit.jupiter.api.Timeout(10)
class TimeoutsPortTest extends TestBase {

    /** Runs {@code body} in a timeout of {@code delay} on a task; gives what it threw (or null), logs nothing. */
    private Throwable runScope(Double delay, Timeout[] cm, Awaitable<?> body) {
        Throwable[] thrown = new Throwable[1];
        loop.runUntilComplete(co(() -> await(delay == null ? Corio.timeoutAt((Double) null, t -> {
            cm[0] = t;
            return body;
        }) : Corio.timeout(delay, t -> {
            cm[0] = t;
            return body;
        }), v -> done(null), e -> {
            thrown[0] = e;
            return done(null);
        })));
        return thrown[0];
    }

    /** test_waiter_cancelled: the block's await sees a CancelledError; the scope turns it into TimeoutError. */
    @Test
    void waiterSeesTheCancellation() {
        boolean[] cancelled = {false};
        Timeout[] cm = new Timeout[1];
        Throwable e = runScope(0.01, cm, co(() -> await(Corio.sleep(10), v -> done(null), err -> {
            cancelled[0] = err instanceof CancelledError;
            throw err;
        })));
        assertInstanceOf(TimeoutError.class, e);
        assertTrue(cancelled[0]);
        assertTrue(cm[0].isExpired());
    }

    /** test_timeout_zero_sleep_zero: a zero timeout expires even if the block only yields once. */
    @Test
    void zeroTimeoutAgainstSleepZero() {
        Timeout[] cm = new Timeout[1];
        double t0 = loop.time();
        Throwable e = runScope(0.0, cm, Corio.sleep(0));
        assertInstanceOf(TimeoutError.class, e);
        assertTrue(cm[0].isExpired());
        assertTrue(t0 <= cm[0].when() && cm[0].when() <= loop.time());
    }

    /** test_timeout_in_the_past_sleep_zero: a deadline in the past expires against {@code sleep(0)} too. */
    @Test
    void pastTimeoutAgainstSleepZero() {
        loop.runUntilComplete(Corio.sleep(20)); // so that "11 s ago" is a real loop time
        Timeout[] cm = new Timeout[1];
        double t0 = loop.time();
        Throwable e = runScope(-11.0, cm, Corio.sleep(0));
        assertInstanceOf(TimeoutError.class, e);
        assertTrue(cm[0].isExpired());
        assertEquals(t0 - 11, cm[0].when(), 1e-9);
    }

    /** test_repr_expired, test_repr_finished, test_repr_disabled, test_repr_active (rounded when). */
    @Test
    void reprs() {
        Timeout[] cm = new Timeout[1];
        runScope(0.01, cm, Corio.sleep(10));
        assertEquals("<Timeout [expired]>", cm[0].toString());

        runScope(10.0, cm, Corio.sleep(0));
        assertEquals("<Timeout [finished]>", cm[0].toString());

        String[] inside = new String[1];
        runScope(null, cm, co(() -> {
            inside[0] = cm[0].toString();
            return done(null);
        }));
        assertEquals("<Timeout [active] when=None>", inside[0]);

        runScope(10.123456, cm, co(() -> {
            inside[0] = cm[0].toString();
            return done(null);
        }));
        // asyncio rounds the deadline to 3 decimals in the repr
        assertEquals("<Timeout [active] when=" + (Math.round((loop.time() + 10.123456) * 1000) / 1000.0) + ">",
                inside[0]);
    }

    /** test_timeout_expired: after the scope expired, reschedule says so. */
    @Test
    void rescheduleAfterExpiry() {
        Timeout[] cm = new Timeout[1];
        assertInstanceOf(TimeoutError.class, runScope(0.01, cm, Corio.sleep(1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm[0].reschedule(0.02));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    /**
     * test_timeout_expiring: between the deadline and the exit, reschedule says "expiring"; a block that
     * swallowed the cancellation leaves the scope without a TimeoutError.
     */
    @Test
    void rescheduleWhileExpiring() {
        Timeout[] cm = new Timeout[1];
        List<Object> log = new ArrayList<>();
        Throwable e = runScope(0.01, cm, co(() -> await(Corio.sleep(1), v -> {
            log.add("not cancelled");
            return done(null);
        }, err -> {
            log.add(err.getClass().getSimpleName());
            log.add(assertThrows(IllegalStateException.class, () -> cm[0].reschedule(0.02)).getMessage());
            return done(null);
        })));
        assertEquals(null, e);
        assertEquals(List.of("CancelledError", "Cannot change state of expiring Timeout"), log);
        assertTrue(cm[0].isExpired());
    }

    /** test_timeout_without_task: entering outside a task fails naming the task; the scope stays not entered. */
    @Test
    void enteringWithoutATask() {
        Timeout cm = new Timeout(0.01); // asyncio.timeout() needs a running loop, as Corio.timeout() does
        Coroutine<Void> noTask = co(() -> done(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.aenter().awaitFrom(noTask));
        assertTrue(e.getMessage().contains("task"), e.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
        assertTrue(e2.getMessage().contains("has not been entered"), e2.getMessage());
        noTask.close();
    }

    /**
     * test_timeout_taskgroup: a timeout around a task group whose body fails and then waits in a
     * {@code finally}: the deadline cancels the body, the group cancels its child, which fails in its cleanup;
     * the child's error comes out through both scopes (not a TimeoutError) and the task is not left cancelled.
     */
    @Test
    void timeoutAroundATaskGroup() {
        ArithmeticException zde = new ArithmeticException("/ by zero");
        Timeout[] cm = new Timeout[1];
        int[] cancelling = {-1};
        Throwable[] thrown = new Throwable[1];
        loop.runUntilComplete(co(() -> await(Corio.timeout(0.01, t -> {
            cm[0] = t;
            return Corio.taskGroup(tg -> {
                tg.createTask(co(() -> await(Corio.sleep(2), v -> {
                    throw zde;
                }, err -> {
                    throw zde;
                })));
                // try: raise ValueError finally: await sleep(1): the sleep in the finally is what the deadline
                // cancels, and its CancelledError replaces the ValueError (Python keeps it as __context__)
                return Corio.sleep(1);
            });
        }), v -> done(null), e -> {
            thrown[0] = e;
            cancelling[0] = Corio.currentTask().cancelling();
            return done(null);
        })));
        assertSame(zde, thrown[0]);
        assertTrue(cm[0].isExpired());
        assertEquals(0, cancelling[0]);
        assertEquals(1, zde.getSuppressed().length, "the body's cancellation is attached");
        assertInstanceOf(CancelledError.class, zde.getSuppressed()[0]);
    }

    /**
     * A timeout and a cancellation from outside in the same tick (the outside one first): both requests are
     * counted, the scope withdraws only its own, and since one is left the CancelledError passes through as it
     * is, not as a TimeoutError (asyncio's {@code uncancel() <= cancelling-at-enter} rule).
     */
    @Test
    void timeoutAndOuterCancelAtOnce() {
        Timeout[] cm = new Timeout[1];
        int[] cancellingAfter = {-1};
        Throwable[] thrown = new Throwable[1];
        Task<Void> t = loop.createTask(co(() -> await(Corio.timeout(1.0, c -> {
            cm[0] = c;
            return Corio.sleep(10);
        }), v -> done(null), e -> {
            thrown[0] = e;
            cancellingAfter[0] = Corio.currentTask().cancelling();
            throw e;
        })));
        // scheduled before the scope's timer, for the same deadline: runs first in that tick
        loop.callAt(1.0, () -> t.cancel("outside"));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertInstanceOf(CancelledError.class, thrown[0]);
        assertEquals("outside", thrown[0].getMessage());
        assertTrue(cm[0].isExpired());
        assertEquals(1, cancellingAfter[0]);
        assertTrue(t.isCancelled());
    }

    /** reschedule() to a deadline already past, while active: the scope expires in the next tick. */
    @Test
    void rescheduleIntoThePast() {
        loop.runUntilComplete(Corio.sleep(5));
        Timeout[] cm = new Timeout[1];
        Throwable e = runScope(100.0, cm, co(() -> {
            cm[0].reschedule(loop.time() - 1);
            return await(Corio.sleep(10), Co::done);
        }));
        assertInstanceOf(TimeoutError.class, e);
        assertTrue(cm[0].isExpired());
        assertEquals(5.0, loop.time(), 1e-9, "expired in the next tick, not after the sleep");
    }

    /** timeout(0) around a block that never suspends: the block completes, the scope does not expire. */
    @Test
    void zeroTimeoutOnABlockThatDoesNotSuspend() {
        Timeout[] cm = new Timeout[1];
        Object[] value = new Object[1];
        loop.runUntilComplete(co(() -> await(Corio.timeout(0, t -> {
            cm[0] = t;
            return Corio.result("value");
        }), v -> {
            value[0] = v;
            return done(null);
        })));
        assertEquals("value", value[0]);
        assertFalse(cm[0].isExpired());
        assertEquals("<Timeout [finished]>", cm[0].toString());
    }
}
