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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sync.Barrier;
import dev.corio.sync.BrokenBarrierError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Barrier}: ported from CPython's test_locks.py BarrierTests (3.11+), on the virtual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BarrierTest {
    private static final int N = 5;

    private static List<Task<Object>> tasks(int n, Supplier<Coroutine<Object>> coro) {
        List<Task<Object>> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(Corio.createTask(coro.get()));
        }
        return t;
    }

    @Test
    void partiesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
        assertEquals(N, new Barrier(N).parties());
    }

    @Test
    void reprFollowsTheStates() {
        Barrier barrier = new Barrier(N);
        List<Task<Object>> waiters = new ArrayList<>();
        Supplier<Coroutine<Object>> wait = () -> co(() -> await(barrier.await(), v -> done(v)));
        run(new Script<Void>()
                .then(v -> {
                    assertEquals("Barrier[filling, waiters:0/5]", barrier.toString());
                    waiters.addAll(tasks(2, wait));
                    return tick();
                })
                .then(v -> {
                    assertEquals("Barrier[filling, waiters:2/5]", barrier.toString());
                    waiters.addAll(tasks(barrier.parties() - barrier.nWaiting(), wait));
                    return tick();
                })
                .then(v -> {
                    assertTrue(barrier.toString().startsWith("Barrier[draining"), barrier.toString());
                    waiters.addAll(tasks(2, wait));
                    return tick();
                })
                .then(v -> {
                    barrier.reset();
                    assertTrue(barrier.toString().startsWith("Barrier[resetting"), barrier.toString());
                    waiters.addAll(tasks(2, wait));
                    return tick();
                })
                .then(v -> {
                    barrier.abort();
                    assertEquals("Barrier[broken]", barrier.toString());
                    assertTrue(barrier.isBroken());
                    return Script.awaiting(Corio.gatherReturnExceptions(new ArrayList<>(waiters)));
                }));
    }

    @Test
    void asyncWithGivesEachTaskItsIndex() {
        Barrier barrier = new Barrier(3);
        List<Object> results = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.gather(tasks(3, () -> Corio.asyncWith(barrier, i -> {
                    results.add(i);
                    return Corio.result(null);
                })))))
                .then(v -> {
                    List<Object> sorted = new ArrayList<>(results);
                    sorted.sort(null);
                    assertEquals(List.of(0, 1, 2), sorted);
                    assertEquals(0, barrier.nWaiting());
                    assertFalse(barrier.isBroken());
                    return null;
                }));
    }

    @Test
    void oneParty() {
        Barrier barrier = new Barrier(1);
        assertEquals(0, run(coroutineOf(barrier.await())));
        assertEquals(0, run(coroutineOf(barrier.await())));
        assertEquals(0, barrier.nWaiting());
    }

    @Test
    void fillingTaskByTask() {
        Barrier barrier = new Barrier(3);
        List<Task<Integer>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    t.add(Corio.createTask(coroutineOf(barrier.await())));
                    return tick();
                })
                .then(v -> {
                    assertEquals(1, barrier.nWaiting());
                    t.add(Corio.createTask(coroutineOf(barrier.await())));
                    return tick();
                })
                .then(v -> {
                    assertEquals(2, barrier.nWaiting());
                    t.add(Corio.createTask(coroutineOf(barrier.await())));
                    return Script.awaiting(Corio.gather(t));
                })
                .then(v -> {
                    assertEquals(List.of(0, 1, 2), v);
                    assertEquals(0, barrier.nWaiting());
                    assertFalse(barrier.isBroken());
                    return null;
                }));
    }

    @Test
    void tasksWaitTwiceAndIndicesCoverEachRound() {
        Barrier barrier = new Barrier(N);
        List<Object> first = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.gather(tasks(N, () -> co(() -> await(barrier.await(), i -> {
                    first.add(i);
                    return await(barrier.await(), j -> done(j));
                }))))))
                .then(v -> {
                    List<Object> second = new ArrayList<>((List<?>) v);
                    second.sort(null);
                    first.sort(null);
                    assertEquals(List.of(0, 1, 2, 3, 4), first);
                    assertEquals(List.of(0, 1, 2, 3, 4), second);
                    assertEquals(0, barrier.nWaiting());
                    return null;
                }));
    }

    @Test
    void drainingStateUntilTheLastTaskLeaves() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.gather(tasks(N, () -> Corio.asyncWith(barrier, i -> {
                    results.add(barrier.toString().contains("draining"));
                    return Corio.result(null);
                })))))
                .then(v -> {
                    assertEquals(N, results.size());
                    assertEquals(List.of(true, true, true, true, false), results);
                    return null;
                }));
    }

    @Test
    void cancelledWaiterLeavesTheRound() {
        Barrier barrier = new Barrier(3);
        List<Task<Integer>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    t.add(Corio.createTask(coroutineOf(barrier.await())));
                    return tick();
                })
                .then(v -> {
                    t.add(Corio.createTask(coroutineOf(barrier.await())));
                    return tick();
                })
                .then(v -> {
                    assertEquals(2, barrier.nWaiting());
                    t.get(0).cancel();
                    return tick();
                })
                .then(v -> {
                    assertEquals(1, barrier.nWaiting());
                    assertTrue(t.get(0).isCancelled());
                    t.add(Corio.createTask(coroutineOf(barrier.await())));
                    return tick();
                })
                .then(v -> {
                    assertEquals(2, barrier.nWaiting());
                    t.add(Corio.createTask(coroutineOf(barrier.await())));
                    return Script.awaiting(Corio.gather(t.subList(1, 4)));
                })
                .then(v -> {
                    assertEquals(0, barrier.nWaiting());
                    assertFalse(barrier.isBroken());
                    return null;
                }));
    }

    @Test
    void resetWhileTasksWaitBreaksTheirWait() {
        Barrier barrier = new Barrier(N);
        List<Object> results = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    List<Task<Object>> t = tasks(N - 1, () -> co(() -> await(barrier.await(), Co::done, e -> {
                        assertInstanceOf(BrokenBarrierError.class, e);
                        results.add(true);
                        return done(null);
                    })));
                    return Script.awaiting(Corio.sleep(0, t));
                })
                .then(v -> {
                    barrier.reset();
                    @SuppressWarnings("unchecked")
                    List<Task<Object>> t = (List<Task<Object>>) v;
                    return Script.awaiting(Corio.gather(t));
                })
                .then(v -> {
                    assertEquals(N - 1, results.size());
                    assertEquals(0, barrier.nWaiting());
                    assertFalse(barrier.toString().contains("resetting"));
                    assertFalse(barrier.isBroken());
                    // usable again
                    return Script.awaiting(Corio.gather(tasks(N, () -> co(() -> await(barrier.await(), i -> done(i))))));
                }));
    }

    @Test
    void abortBreaksWaitersAndLaterWaits() {
        Barrier barrier = new Barrier(N);
        List<Object> results = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    List<Task<Object>> t = tasks(N - 1, () -> co(() -> await(barrier.await(), Co::done, e -> {
                        results.add(e.getMessage());
                        return done(null);
                    })));
                    return Script.awaiting(Corio.sleep(0, t));
                })
                .then(v -> {
                    barrier.abort();
                    @SuppressWarnings("unchecked")
                    List<Task<Object>> t = (List<Task<Object>>) v;
                    return Script.awaiting(Corio.gather(t));
                })
                .then(v -> {
                    assertEquals(List.of("Abort or reset of barrier", "Abort or reset of barrier",
                            "Abort or reset of barrier", "Abort or reset of barrier"), results);
                    assertTrue(barrier.isBroken());
                    return Script.awaiting(barrier.await());
                })
                .handle((v, e) -> {
                    assertInstanceOf(BrokenBarrierError.class, e);
                    assertEquals("Barrier aborted", e.getMessage());
                    barrier.reset();
                    assertFalse(barrier.isBroken(), "reset repairs a broken barrier");
                    return null;
                }));
    }
}
