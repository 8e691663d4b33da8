package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.coroutineOf;
import static dev.corio.TestBase.run;
import static dev.corio.TestBase.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sync.Condition;
import dev.corio.sync.Lock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Condition}: ported from CPython's test_locks.py ConditionTests (3.12), on the virtual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConditionTest {

    /** c(n): acquire; if await cond.wait(): log n; (release if asked); return true. */
    private static Coroutine<Boolean> waiter(Condition cond, List<Object> log, int n, boolean release) {
        return co(() -> await(cond.acquire(), a -> await(cond.await(), w -> {
            if (w) {
                log.add(n);
                if (release) {
                    cond.release();
                }
            }
            return done(true);
        })));
    }

    @Test
    void waitReleasesAndNotifiedWaitersTakeTheLockInTurn() {
        Condition cond = new Condition();
        List<Object> result = new ArrayList<>();
        List<Task<Boolean>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    for (int i = 1; i <= 3; i++) {
                        t.add(Corio.createTask(waiter(cond, result, i, false)));
                    }
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(), result);
                    assertFalse(cond.isLocked());
                    return Script.awaiting(cond.acquire());
                })
                .then(v -> {
                    assertEquals(Boolean.TRUE, v);
                    cond.notifyOne();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(), result);
                    assertTrue(cond.isLocked());
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    assertTrue(cond.isLocked());
                    cond.notify(2);
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    assertTrue(cond.isLocked());
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1, 2), result);
                    assertTrue(cond.isLocked());
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1, 2, 3), result);
                    assertTrue(cond.isLocked());
                    for (Task<Boolean> task : t) {
                        assertTrue(task.result());
                    }
                    return null;
                }));
    }

    @Test
    void cancelledWaitTakesTheLockAgainBeforeRaising() {
        Condition cond = new Condition();
        Task<?>[] w = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> Script.awaiting(cond.acquire()))
                .then(v -> {
                    w[0] = Corio.createTask(coroutineOf(cond.await()));
                    Corio.getRunningLoop().callSoon(() -> w[0].cancel());
                    return Script.awaiting(w[0]);
                })
                .handle((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals("Condition[locked]", cond.toString());
                    return null;
                }));
    }

    @Test
    void cancelWhileContestingTheLockStillEndsHoldingIt() {
        Condition cond = new Condition();
        Task<?>[] w = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> Script.awaiting(cond.acquire()))
                .then(v -> {
                    w[0] = Corio.createTask(coroutineOf(cond.await()));
                    return tick();
                })
                .then(v -> {
                    assertFalse(cond.isLocked());
                    return Script.awaiting(cond.acquire());
                })
                .then(v -> {
                    cond.notifyOne();
                    EventLoop loop = Corio.getRunningLoop();
                    loop.callSoon(() -> w[0].cancel());
                    loop.callSoon(cond::release);
                    return Script.awaiting(w[0]);
                })
                .handle((v, e) -> {
                    // Cancelled or not (it was notified first), the waiter ends up holding the lock.
                    assertTrue(cond.isLocked());
                    return null;
                }));
    }

    @Test
    void waitCancelledAfterNotifyIsCancelledOnceItHasTheLock() {
        // bpo-32841
        Condition cond = new Condition();
        boolean[] waited = {false};
        Task<?>[] w = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    w[0] = Corio.createTask(Corio.asyncWith(cond, c -> co(() -> {
                        waited[0] = true;
                        return await(cond.await(), Co::done);
                    })));
                    return tick();
                })
                .then(v -> Script.awaiting(cond.acquire()))
                .then(v -> {
                    cond.notifyOne();
                    return tick(); // the waiter gets to acquire()
                })
                .then(v -> {
                    w[0].cancel();
                    return tick(); // activate the cancellation
                })
                .then(v -> {
                    cond.release();
                    return tick(); // the cancellation happens
                })
                .then(v -> {
                    assertTrue(w[0].isCancelled());
                    assertTrue(waited[0]);
                    assertFalse(cond.isLocked(), "async with released it");
                    return null;
                }));
    }

    @Test
    void waitAndNotifyNeedTheLock() {
        Condition cond = new Condition();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(coroutineOf(cond.await())));
        assertEquals("cannot wait on un-acquired lock", e.getMessage());
        e = assertThrows(IllegalStateException.class, cond::notifyOne);
        assertEquals("cannot notify on un-acquired lock", e.getMessage());
        assertThrows(IllegalStateException.class, cond::notifyAllWaiters);
        assertThrows(IllegalStateException.class, () -> cond.notify(2));
    }

    @Test
    void waitForChecksThePredicateAfterEachWakeUp() {
        Condition cond = new Condition();
        boolean[] presult = {false};
        List<Object> result = new ArrayList<>();
        Task<?>[] t = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    t[0] = Corio.createTask(co(() -> await(cond.acquire(), a ->
                            await(cond.waitFor(() -> presult[0]), w -> {
                                result.add(1);
                                cond.release();
                                return done(true);
                            }))));
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(), result);
                    return Script.awaiting(cond.acquire());
                })
                .then(v -> {
                    cond.notifyOne();
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(), result);
                    presult[0] = true;
                    return Script.awaiting(cond.acquire());
                })
                .then(v -> {
                    cond.notifyOne();
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    assertTrue(t[0].isDone());
                    return null;
                }));
    }

    @Test
    void waitForWithATruePredicateNeedsNoLock() {
        Condition cond = new Condition();
        assertEquals(Boolean.TRUE, run(coroutineOf(cond.waitFor(() -> true))));
        assertThrows(IllegalStateException.class, () -> run(coroutineOf(cond.waitFor(() -> false))));
    }

    @Test
    void notifyWakesAtMostN() {
        Condition cond = new Condition();
        List<Object> result = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    for (int i = 1; i <= 3; i++) {
                        Corio.createTask(waiter(cond, result, i, true));
                    }
                    return tick();
                })
                .then(v -> Script.awaiting(cond.acquire()))
                .then(v -> {
                    cond.notify(1);
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    return Script.awaiting(cond.acquire());
                })
                .then(v -> {
                    cond.notify(1);
                    cond.notify(2048);
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1, 2, 3), result);
                    return null;
                }));
    }

    @Test
    void notifyAllWakesEveryone() {
        Condition cond = new Condition();
        List<Object> result = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    Corio.createTask(waiter(cond, result, 1, true));
                    Corio.createTask(waiter(cond, result, 2, true));
                    return tick();
                })
                .then(v -> Script.awaiting(cond.acquire()))
                .then(v -> {
                    cond.notifyAllWaiters();
                    cond.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1, 2), result);
                    return null;
                }));
    }

    @Test
    void asyncWithAndAnExplicitLock() {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        assertSame(lock, cond.lock());
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.asyncWith(cond, c -> {
                    assertSame(cond, c);
                    assertTrue(lock.isLocked());
                    assertTrue(cond.isLocked());
                    return Corio.result(null);
                })))
                .then(v -> {
                    assertFalse(lock.isLocked());
                    return Script.awaiting(Corio.asyncWith(lock, l -> {
                        assertTrue(cond.isLocked());
                        return Corio.result(null);
                    }));
                })
                .then(v -> {
                    assertFalse(cond.isLocked());
                    return null;
                }));
    }

    @Test
    void timeoutInTheBlockLeavesTheLockHeld() {
        Condition cond = new Condition();
        double[] at = new double[1];
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.asyncWith(cond, c ->
                        co(() -> await(Corio.waitFor(cond.await(), 0.5), Co::done, e -> {
                            assertInstanceOf(TimeoutError.class, e);
                            assertTrue(cond.isLocked());
                            at[0] = TestBase.now();
                            return done(null);
                        })))))
                .then(v -> {
                    assertEquals(0.5, at[0], 1e-9);
                    assertFalse(cond.isLocked());
                    return null;
                }));
    }

    /** func(): async with cond: catch the CancelledError of waitFor(wake), remember it, rethrow it. */
    private static Coroutine<Object> rememberingCancel(Condition cond, BooleanSupplier wake, Throwable[] raised) {
        return Corio.asyncWith(cond, c -> co(() -> await(cond.waitFor(wake), Co::done, e -> {
            assertInstanceOf(CancelledError.class, e);
            raised[0] = e;
            throw e;
        })));
    }

    @Test
    void cancelledErrorWhileWaitingIsRaisedUnchanged() {
        Condition cond = new Condition();
        Throwable[] raised = new Throwable[1];
        Task<?>[] t = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    t[0] = Corio.createTask(rememberingCancel(cond, () -> false, raised));
                    return tick();
                })
                .then(v -> {
                    t[0].cancel("foo");
                    return Script.awaiting(t[0]);
                })
                .handle((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals("foo", e.getMessage());
                    assertSame(raised[0], e);
                    return null;
                }));
    }

    @Test
    void cancelledErrorWhileReacquiringIsRaisedUnchanged() {
        Condition cond = new Condition();
        boolean[] wake = {false};
        Throwable[] raised = new Throwable[1];
        Task<?>[] t = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    t[0] = Corio.createTask(rememberingCancel(cond, () -> wake[0], raised));
                    return tick();
                })
                .then(v -> Script.awaiting(cond.acquire()))
                .then(v -> {
                    wake[0] = true;
                    cond.notifyOne();
                    return tick();
                })
                .then(v -> {
                    // The task now waits to take the lock again: cancel it there.
                    t[0].cancel("foo");
                    cond.release();
                    return Script.awaiting(t[0]);
                })
                .handle((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals("foo", e.getMessage());
                    assertSame(raised[0], e);
                    return null;
                }));
    }

    /** consumer(): async with cond: loop { waitFor(state != 0); if state < 0 return; state-- }. */
    private static Coroutine<Object> consumer(Condition cond, int[] state) {
        return Corio.asyncWith(cond, c -> co(() -> consume(cond, state)));
    }

    private static Co.Step<Object> consume(Condition cond, int[] state) {
        return await(cond.waitFor(() -> state[0] != 0), v -> {
            if (state[0] < 0) {
                return done(null);
            }
            state[0]--;
            return consume(cond, state);
        });
    }

    private static void cancelledWakeup(boolean settleFirst) {
        // A task cancelled at the "same" time it is notified must not lose the wake-up: the other consumer
        // gets it.
        Condition cond = new Condition();
        int[] state = {0};
        List<Task<Object>> c = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    c.add(Corio.createTask(consumer(cond, state)));
                    c.add(Corio.createTask(consumer(cond, state)));
                    return tick();
                })
                .then(v -> Script.awaiting(cond.acquire()))
                .then(v -> {
                    state[0]++;
                    cond.notify(1);
                    if (settleFirst) {
                        return tick(); // the woken consumer settles on taking the lock again
                    }
                    c.get(0).cancel();
                    return Script.awaiting(Corio.sleep(0, "cancelled"));
                })
                .then(v -> {
                    if (!"cancelled".equals(v)) {
                        c.get(0).cancel();
                    }
                    return Script.awaiting(Corio.waitFor(cond.waitFor(() -> state[0] == 0), 0.01));
                })
                .handle((v, e) -> {
                    if (e != null) {
                        assertInstanceOf(TimeoutError.class, e);
                    }
                    assertEquals(0, state[0]);
                    assertTrue(cond.isLocked());
                    state[0] = -1;
                    cond.notifyAllWaiters();
                    cond.release();
                    return Script.awaiting(c.get(1));
                })
                .then(v -> {
                    assertTrue(c.get(0).isCancelled());
                    return null;
                }));
    }

    @Test
    void cancelledWhileWaitingForTheWakeUpLosesNoNotify() {
        cancelledWakeup(false);
    }

    @Test
    void cancelledWhileTakingTheLockAgainLosesNoNotify() {
        cancelledWakeup(true);
    }
}
