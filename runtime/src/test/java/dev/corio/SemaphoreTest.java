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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sync.BoundedSemaphore;
import dev.corio.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Semaphore} and {@link BoundedSemaphore}: ported from CPython's test_locks.py SemaphoreTests (3.12),
 * including gh-90155 (a cancelled waiter must not hang the others), on the virtual clock.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {

    private static Coroutine<Boolean> acquireThenLog(Semaphore sem, List<Object> log, Object tag) {
        return co(() -> await(sem.acquire(), v -> {
            log.add(tag);
            return done(true);
        }));
    }

    @Test
    void initialValueZeroIsLocked() {
        assertTrue(new Semaphore(0).isLocked());
        assertEquals("Semaphore[unlocked, value:1]", new Semaphore().toString());
    }

    @Test
    void negativeInitialValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(e.getMessage().contains("must be >= 0"), e.getMessage());
    }

    @Test
    void acquireCountsDownAndReleasesWakeInOrder() {
        Semaphore sem = new Semaphore(3);
        List<Object> result = new ArrayList<>();
        List<Task<Boolean>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> Script.awaiting(sem.acquire()))
                .then(v -> Script.awaiting(sem.acquire()))
                .then(v -> {
                    assertFalse(sem.isLocked());
                    for (int i = 1; i <= 3; i++) {
                        t.add(Corio.createTask(acquireThenLog(sem, result, i)));
                    }
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    assertTrue(sem.isLocked());
                    assertEquals("Semaphore[locked, waiters:2]", sem.toString());
                    assertEquals(0, sem.value());
                    t.add(Corio.createTask(acquireThenLog(sem, result, 4)));
                    sem.release();
                    sem.release();
                    assertEquals(0, sem.value(), "handed straight to the waiters");
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1, 2, 3), result);
                    assertTrue(sem.isLocked());
                    assertEquals("Semaphore[locked, waiters:1]", sem.toString());
                    sem.release();
                    return Script.awaiting(t.get(3));
                })
                .then(v -> {
                    assertEquals(List.of(1, 2, 3, 4), result);
                    return null;
                }));
    }

    @Test
    void cancelledAcquireLeavesNoLiveWaiter() {
        Semaphore sem = new Semaphore();
        Task<?>[] a = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> Script.awaiting(sem.acquire()))
                .then(v -> {
                    a[0] = Corio.createTask(coroutineOf(sem.acquire()));
                    Corio.getRunningLoop().callSoon(() -> a[0].cancel());
                    return Script.awaiting(a[0]);
                })
                .handle((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals("Semaphore[locked]", sem.toString());
                    return null;
                }));
    }

    @Test
    void cancelBeforeAwokenGivesThePermitToTheNextInLine() {
        Semaphore sem = new Semaphore(0);
        List<Task<Boolean>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    for (int i = 0; i < 4; i++) {
                        t.add(Corio.createTask(coroutineOf(sem.acquire())));
                    }
                    return tick();
                })
                .then(v -> {
                    t.get(0).cancel();
                    t.get(1).cancel();
                    sem.release();
                    return tick();
                })
                .then(v -> tick())
                .then(v -> {
                    assertTrue(t.get(2).isDone());
                    assertFalse(t.get(3).isDone());
                    t.get(3).cancel();
                    return tick();
                }));
    }

    @Test
    void cancelledWaiterDoesNotHangTheNext() {
        // gh-90155
        Semaphore sem = new Semaphore(0);
        List<Task<Boolean>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    t.add(Corio.createTask(coroutineOf(sem.acquire())));
                    t.add(Corio.createTask(coroutineOf(sem.acquire())));
                    return tick();
                })
                .then(v -> {
                    t.get(0).cancel();
                    sem.release();
                    return tick();
                })
                .then(v -> tick())
                .then(v -> {
                    assertTrue(sem.isLocked());
                    assertTrue(t.get(1).isDone());
                    assertTrue(t.get(1).result());
                    return null;
                }));
    }

    @Test
    void cancelledHolderInAsyncWithDoesNotHang() {
        // test_acquire_no_hang: c1 holds the semaphore and cancels c2, which waits for it.
        Semaphore sem = new Semaphore(1);
        Task<?>[] t = new Task<?>[2];
        run(new Script<Void>()
                .then(v -> {
                    t[0] = Corio.createTask(Corio.asyncWith(sem, s -> co(() -> await(Corio.sleep(0), z -> {
                        t[1].cancel();
                        return done(null);
                    }))));
                    t[1] = Corio.createTask(Corio.asyncWith(sem, s -> {
                        throw new AssertionError("c2 must never get the semaphore");
                    }));
                    return Script.awaiting(Corio.gatherReturnExceptions(t[0], t[1]));
                })
                .then(v -> {
                    List<?> r = (List<?>) v;
                    assertNull(r.get(0));
                    assertInstanceOf(CancelledError.class, r.get(1));
                    return Script.awaiting(Corio.waitFor(sem.acquire(), 1.0));
                }));
    }

    @Test
    void boundedSemaphoreRefusesOverRelease() {
        BoundedSemaphore sem = new BoundedSemaphore();
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        assertEquals(1, sem.value(), "a refused release changes nothing");
        run(new Script<Void>()
                .then(v -> Script.awaiting(sem.acquire()))
                .then(v -> {
                    sem.release();
                    assertThrows(IllegalStateException.class, sem::release);
                    assertFalse(sem.isLocked());
                    return null;
                }));
    }

    @Test
    void fifoOrderAcrossRounds() {
        Semaphore sem = new Semaphore(1);
        List<Object> result = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    List<Task<Object>> tasks = new ArrayList<>();
                    for (String tag : List.of("c1", "c2", "c3")) {
                        tasks.add(Corio.createTask(co(() -> await(sem.acquire(), a -> {
                            result.add(tag + "_1");
                            return await(Corio.sleep(0.01), s -> {
                                sem.release();
                                return await(sem.acquire(), b -> {
                                    result.add(tag + "_2");
                                    return await(Corio.sleep(0.01), s2 -> {
                                        sem.release();
                                        return done(null);
                                    });
                                });
                            });
                        }))));
                    }
                    return Script.awaiting(Corio.gather(tasks));
                })
                .then(v -> {
                    assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
                    return null;
                }));
    }

    @Test
    void fifoOrderWhenReleasingToSeveralAtOnce() {
        // test_acquire_fifo_order_2: c2 releases and re-acquires; it must queue behind c3.
        Semaphore sem = new Semaphore(1);
        List<Object> result = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    Task<Boolean> t1 = Corio.createTask(acquireThenLog(sem, result, 1));
                    Task<Object> t2 = Corio.createTask(co(() -> await(sem.acquire(), a -> {
                        result.add(2);
                        sem.release();
                        return await(sem.acquire(), b -> {
                            result.add(4);
                            return done(true);
                        });
                    })));
                    Task<Boolean> t3 = Corio.createTask(acquireThenLog(sem, result, 3));
                    return Script.awaiting(Corio.sleep(0, List.of(t1, t2, t3)));
                })
                .then(v -> {
                    sem.release();
                    sem.release();
                    @SuppressWarnings("unchecked")
                    List<Task<?>> tasks = (List<Task<?>>) v;
                    return Script.awaiting(Corio.gather(tasks));
                })
                .then(v -> {
                    assertEquals(List.of(1, 2, 3, 4), result);
                    return null;
                }));
    }

    @Test
    void fifoOrderSkipsACancelledWaiter() {
        Semaphore sem = new Semaphore(0);
        List<Object> result = new ArrayList<>();
        List<Task<Boolean>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    for (int i = 1; i <= 3; i++) {
                        t.add(Corio.createTask(acquireThenLog(sem, result, i)));
                    }
                    return tick();
                })
                .then(v -> {
                    t.get(0).cancel();
                    return tick();
                })
                .then(v -> {
                    sem.release();
                    sem.release();
                    return Script.awaiting(Corio.gatherReturnExceptions(t.get(0), t.get(1), t.get(2)));
                })
                .then(v -> {
                    assertEquals(List.of(2, 3), result);
                    return null;
                }));
    }
}
