package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.coroutineOf;
import static dev.corio.TestBase.logIfTrue;
import static dev.corio.TestBase.run;
import static dev.corio.TestBase.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sync.Lock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Lock}: ported from CPython's test_locks.py LockTests (3.12), on the virtual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest {

    /** lockit(blocker): acquire; await blocker (if any); release in finally. */
    private static Coroutine<Void> lockit(Lock lock, Awaitable<?> blocker) {
        return co(() -> await(lock.acquire(), v -> {
            if (blocker == null) {
                lock.release();
                return done(null);
            }
            return await(blocker, b -> {
                lock.release();
                return done(null);
            }, e -> {
                lock.release();
                throw e;
            });
        }));
    }

    @Test
    void acquireIsFirstComeFirstServed() {
        Lock lock = new Lock();
        List<Object> result = new ArrayList<>();
        List<Task<Boolean>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> Script.awaiting(lock.acquire()))
                .then(v -> {
                    assertEquals(Boolean.TRUE, v);
                    t.add(Corio.createTask(logIfTrue(lock.acquire(), result, 1)));
                    t.add(Corio.createTask(logIfTrue(lock.acquire(), result, 2)));
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(), result);
                    lock.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    t.add(Corio.createTask(logIfTrue(lock.acquire(), result, 3)));
                    lock.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1, 2), result);
                    lock.release();
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1, 2, 3), result);
                    for (Task<Boolean> task : t) {
                        assertTrue(task.isDone());
                        assertTrue(task.result());
                    }
                    return null;
                }));
    }

    @Test
    void acquireCancelledLeavesNoWaiter() {
        Lock lock = new Lock();
        Task<?>[] task = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> Script.awaiting(lock.acquire()))
                .then(v -> {
                    task[0] = Corio.createTask(coroutineOf(lock.acquire()));
                    Corio.getRunningLoop().callSoon(() -> task[0].cancel());
                    return Script.awaiting(task[0]);
                })
                .handle((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals("Lock[locked]", lock.toString());
                    return null;
                }));
    }

    @Test
    void cancelRaceMovesOnToTheNextWaiter() {
        // A holds the lock, B and C wait; B is cancelled while A releases: C must get the lock.
        Lock lock = new Lock();
        List<Task<Void>> t = new ArrayList<>();
        AsyncFuture<Void>[] fa = new AsyncFuture[1];
        run(new Script<Void>()
                .then(v -> {
                    fa[0] = new AsyncFuture<>();
                    t.add(Corio.createTask(lockit(lock, fa[0])));
                    return tick();
                })
                .then(v -> {
                    assertTrue(lock.isLocked());
                    t.add(Corio.createTask(lockit(lock, null)));
                    return tick();
                })
                .then(v -> {
                    assertTrue(lock.toString().endsWith("waiters:1]"), lock.toString());
                    t.add(Corio.createTask(lockit(lock, null)));
                    return tick();
                })
                .then(v -> {
                    assertTrue(lock.toString().endsWith("waiters:2]"), lock.toString());
                    fa[0].setResult(null);
                    t.get(1).cancel();
                    return tick();
                })
                .then(v -> {
                    assertFalse(lock.isLocked());
                    assertTrue(t.get(0).isDone());
                    assertTrue(t.get(1).isCancelled());
                    return Script.awaiting(t.get(2));
                }));
    }

    @Test
    void cancelReleaseRaceTakesOnlyOneLock() {
        // bpo-32734: three waiters; cancel the first and release at once: exactly one acquires.
        Lock lock = new Lock();
        int[] lockCount = {0};
        int[] callCount = {0};
        List<Task<Void>> t = new ArrayList<>();
        java.util.function.Supplier<Coroutine<Void>> lockit = () -> co(() -> {
            callCount[0]++;
            return await(lock.acquire(), v -> {
                lockCount[0]++;
                return done(null);
            });
        });
        run(new Script<Void>()
                .then(v -> Script.awaiting(lock.acquire()))
                .then(v -> {
                    for (int i = 0; i < 3; i++) {
                        t.add(Corio.createTask(lockit.get()));
                    }
                    return tick();
                })
                .then(v -> {
                    Corio.getRunningLoop().callSoon(() -> {
                        t.get(0).cancel();
                        lock.release();
                    });
                    return Script.awaiting(t.get(0));
                })
                .handle((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals(1, lockCount[0]);
                    assertEquals(3, callCount[0]);
                    assertTrue(t.get(0).isCancelled());
                    assertTrue(t.get(1).isDone());
                    t.get(2).cancel();
                    return tick();
                })
                .then(v -> {
                    assertTrue(t.get(2).isCancelled());
                    assertTrue(lock.isLocked(), "t2 holds it");
                    return null;
                }));
    }

    @Test
    void finishedWaiterCancelledPassesTheLockOn() {
        // bpo-27585: the first waiter is woken, then cancelled before it runs: the second must get the lock.
        Lock lock = new Lock();
        Task<?>[] t = new Task<?>[2];
        run(new Script<Void>()
                .then(v -> Script.awaiting(lock.acquire()))
                .then(v -> {
                    t[0] = Corio.createTask(coroutineOf(lock.acquire()));
                    return tick();
                })
                .then(v -> {
                    assertTrue(lock.toString().endsWith("waiters:1]"));
                    t[1] = Corio.createTask(coroutineOf(lock.acquire()));
                    t[0].cancel();
                    lock.release();
                    return tick();
                })
                .then(v -> {
                    assertTrue(lock.isLocked());
                    assertTrue(t[0].isCancelled());
                    return Script.awaiting(t[1]);
                })
                .then(v -> {
                    assertEquals(Boolean.TRUE, v);
                    return null;
                }));
    }

    @Test
    void releaseUnlockedIsAnError() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    @Test
    void releaseWithoutWaitersUnlocks() {
        Lock lock = new Lock();
        run(new Script<Void>()
                .then(v -> Script.awaiting(lock.acquire()))
                .then(v -> {
                    assertTrue(lock.isLocked());
                    lock.release();
                    assertFalse(lock.isLocked());
                    assertEquals("Lock[unlocked]", lock.toString());
                    return null;
                }));
    }

    @Test
    void asyncWithHoldsTheLockForTheBlockAndReleasesOnError() {
        Lock lock = new Lock();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.asyncWith(lock, held -> {
                    assertSame(lock, held);
                    assertTrue(lock.isLocked());
                    return Corio.result("body");
                })))
                .then(v -> {
                    assertEquals("body", v);
                    assertFalse(lock.isLocked());
                    return Script.awaiting(Corio.asyncWith(lock, held -> Script.throwing(boom)));
                })
                .handle((v, e) -> {
                    assertSame(boom, e);
                    assertFalse(lock.isLocked());
                    return null;
                }));
    }

    @Test
    void asyncWithWaitsItsTurn() {
        // Ten tasks each hold the lock for 0.1 s of virtual time: they run one after another, in order.
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    List<Task<Object>> tasks = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        int n = i;
                        tasks.add(Corio.createTask(Corio.asyncWith(lock, held -> co(() -> {
                            log.add(n + "@" + TestBase.now());
                            return await(Corio.sleep(0.1), s -> done(null));
                        }))));
                    }
                    return Script.awaiting(Corio.gather(tasks));
                })
                .then(v -> {
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        expected.add(i + "@" + Math.round(i * 0.1 * 10) / 10.0);
                    }
                    assertEquals(expected.size(), log.size());
                    for (int i = 0; i < 10; i++) {
                        assertTrue(log.get(i).startsWith(i + "@"), log.toString());
                        double at = Double.parseDouble(log.get(i).substring(log.get(i).indexOf('@') + 1));
                        assertEquals(i * 0.1, at, 1e-6, log.toString());
                    }
                    assertFalse(lock.isLocked());
                    return null;
                }));
    }

    @Test
    void aLockBelongsToOneLoop() {
        Lock lock = new Lock();
        // First loop: wait once (the slow path binds the lock to this loop), then leave it locked.
        run(new Script<Void>()
                .then(v -> Script.awaiting(lock.acquire()))
                .then(v -> {
                    Task<Boolean> w = Corio.createTask(coroutineOf(lock.acquire()));
                    return Script.awaiting(Corio.sleep(0.1, w));
                })
                .then(v -> {
                    ((Task<?>) v).cancel();
                    return tick();
                }));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(coroutineOf(lock.acquire())));
        assertTrue(e.getMessage().contains("is bound to a different event loop"), e.getMessage());
    }
}
