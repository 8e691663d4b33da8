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

import dev.corio.queues.AsyncLifoQueue;
import dev.corio.queues.AsyncPriorityQueue;
import dev.corio.queues.AsyncQueue;
import dev.corio.queues.QueueEmpty;
import dev.corio.queues.QueueFull;
import dev.corio.queues.QueueShutDown;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queues: ported from CPython's test_queues.py (3.13, with shutdown), on the virtual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {

    @Test
    void nowaitFormsAndTheirErrors() {
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        assertTrue(q.isEmpty());
        assertThrows(QueueEmpty.class, q::getNowait);
        q.putNowait(1);
        assertTrue(q.isFull());
        QueueFull e = assertThrows(QueueFull.class, () -> q.putNowait(2));
        assertEquals("queue full (maxsize 1)", e.getMessage());
        assertEquals(1, q.getNowait());
        assertEquals(0, q.qsize());
        assertFalse(new AsyncQueue<Integer>().isFull());
        assertFalse(new AsyncQueue<Integer>(-1).isFull());
    }

    @Test
    void orderOfTheThreeKinds() {
        AsyncQueue<Integer> fifo = new AsyncQueue<>();
        AsyncQueue<Integer> lifo = new AsyncLifoQueue<>();
        AsyncQueue<Integer> prio = new AsyncPriorityQueue<>();
        AsyncQueue<Integer> reversed = new AsyncPriorityQueue<>(0, Comparator.reverseOrder());
        for (AsyncQueue<Integer> q : List.of(fifo, lifo, prio, reversed)) {
            for (int i : new int[] {3, 1, 2}) {
                q.putNowait(i);
            }
        }
        assertEquals(List.of(3, 1, 2), drain(fifo));
        assertEquals(List.of(2, 1, 3), drain(lifo));
        assertEquals(List.of(1, 2, 3), drain(prio));
        assertEquals(List.of(3, 2, 1), drain(reversed));
    }

    private static List<Integer> drain(AsyncQueue<Integer> q) {
        List<Integer> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    @Test
    void boundedQueueSuspendsTheProducer() {
        // test_maxsize: a producer of 3 items into a queue of 2 waits until the consumer takes one.
        AsyncQueue<Integer> q = new AsyncQueue<>(2);
        List<Integer> have = new ArrayList<>();
        double[] doneAt = new double[1];
        run(new Script<Void>()
                .then(v -> {
                    Task<Object> producer = Corio.createTask(co(() -> await(q.put(1), a -> await(q.put(2),
                            b -> await(q.put(3), c -> {
                                have.add(3);
                                doneAt[0] = TestBase.now();
                                return done(null);
                            })))));
                    return Script.awaiting(Corio.sleep(1, producer));
                })
                .then(v -> {
                    assertEquals(List.of(), have, "the third put still waits");
                    assertTrue(q.isFull());
                    assertTrue(q.toString().contains("putters[1]"), q.toString());
                    return Script.awaiting(q.get());
                })
                .then(v -> {
                    assertEquals(1, v);
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(3), have);
                    assertEquals(1.0, doneAt[0], 1e-9);
                    assertEquals(List.of(2, 3), drain(q));
                    return null;
                }));
    }

    @Test
    void getWaitsForAPut() {
        AsyncQueue<String> q = new AsyncQueue<>();
        double[] at = new double[1];
        String got = run(new Script<String>()
                .then(v -> {
                    Corio.getRunningLoop().callLater(0.5, () -> q.putNowait("late"));
                    return Script.awaiting(q.get());
                })
                .then(v -> {
                    at[0] = TestBase.now();
                    return v;
                }));
        assertEquals("late", got);
        assertEquals(0.5, at[0], 1e-9);
    }

    @Test
    void cancelledGetterIsNotHeldInLine() {
        // test_cancelled_getters_not_being_held_in_self_getters
        AsyncQueue<Integer> q = new AsyncQueue<>();
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.waitFor(q.get(), 0.1)))
                .handle((v, e) -> {
                    assertInstanceOf(TimeoutError.class, e);
                    assertEquals("AsyncQueue[maxsize=0]", q.toString());
                    return null;
                }));
    }

    @Test
    void cancelledPutterIsNotHeldInLine() {
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        q.putNowait(1);
        run(new Script<Void>()
                .then(v -> Script.awaiting(Corio.waitFor(q.put(2), 0.1)))
                .handle((v, e) -> {
                    assertInstanceOf(TimeoutError.class, e);
                    assertEquals("AsyncQueue[maxsize=1 items=1 tasks=1]", q.toString());
                    return null;
                }));
    }

    @Test
    void getterWokenThenCancelledPassesTheItemOn() {
        // test_get_cancelled_race: g1 is woken by a put, then cancelled before it runs; g2 must get the item.
        AsyncQueue<String> q = new AsyncQueue<>();
        Task<?>[] t = new Task<?>[2];
        run(new Script<Void>()
                .then(v -> {
                    t[0] = Corio.createTask(coroutineOf(q.get()));
                    t[1] = Corio.createTask(coroutineOf(q.get()));
                    return tick();
                })
                .then(v -> {
                    q.putNowait("a");
                    t[0].cancel();
                    return Script.awaiting(t[1]);
                })
                .then(v -> {
                    assertEquals("a", v);
                    assertTrue(t[0].isCancelled());
                    assertTrue(q.isEmpty());
                    return null;
                }));
    }

    @Test
    void putterWokenThenCancelledPassesTheSlotOn() {
        // test_put_cancelled_race
        AsyncQueue<String> q = new AsyncQueue<>(1);
        q.putNowait("x");
        Task<?>[] t = new Task<?>[2];
        run(new Script<Void>()
                .then(v -> {
                    t[0] = Corio.createTask(coroutineOf(q.put("a")));
                    t[1] = Corio.createTask(coroutineOf(q.put("b")));
                    return tick();
                })
                .then(v -> {
                    assertEquals("x", q.getNowait());
                    t[0].cancel();
                    return Script.awaiting(t[1]);
                })
                .then(v -> {
                    assertTrue(t[0].isCancelled());
                    assertEquals("b", q.getNowait());
                    return null;
                }));
    }

    @Test
    void whyArePuttersWaiting() {
        // test_why_are_putters_waiting (bpo-26259 era): gets of a bounded queue wake the waiting putters.
        AsyncQueue<Integer> q = new AsyncQueue<>(2);
        List<Integer> got = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    List<Task<Object>> ts = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        int n = i;
                        ts.add(Corio.createTask(co(() -> await(q.put(n), x -> done(null)))));
                    }
                    ts.add(Corio.createTask(co(() -> await(Corio.sleep(0.1), s -> getN(q, 4, got)))));
                    return Script.awaiting(Corio.gather(ts));
                })
                .then(v -> {
                    assertEquals(List.of(0, 1, 2, 3), got);
                    return null;
                }));
    }

    private static Co.Step<Object> getN(AsyncQueue<Integer> q, int n, List<Integer> got) {
        if (n == 0) {
            return done(null);
        }
        return await(q.get(), x -> {
            got.add(x);
            return getN(q, n - 1, got);
        });
    }

    @Test
    void taskDoneAndJoin() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        int[] sum = {0};
        double[] joinedAt = new double[1];
        run(new Script<Void>()
                .then(v -> {
                    for (int i = 0; i < 10; i++) {
                        q.putNowait(i);
                    }
                    for (int w = 0; w < 2; w++) {
                        Corio.createTask(worker(q, sum));
                    }
                    return Script.awaiting(q.join());
                })
                .then(v -> {
                    joinedAt[0] = TestBase.now();
                    assertEquals(45, sum[0]);
                    assertEquals(0.5, joinedAt[0], 1e-9, "two workers, ten items of 0.1 s each");
                    return Script.awaiting(q.join()); // nothing unfinished: returns at once
                }));
    }

    /** A worker: forever get an item, work 0.1 s on it, add it, taskDone. */
    private static Coroutine<Object> worker(AsyncQueue<Integer> q, int[] sum) {
        return co(() -> work(q, sum));
    }

    private static Co.Step<Object> work(AsyncQueue<Integer> q, int[] sum) {
        return await(q.get(), item -> await(Corio.sleep(0.1), s -> {
            sum[0] += item;
            q.taskDone();
            return work(q, sum);
        }));
    }

    @Test
    void taskDoneMoreOftenThanItemsIsAnError() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(e.getMessage().contains("taskDone() called too many times"), e.getMessage());
        q.putNowait(1);
        q.getNowait();
        q.taskDone();
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void nullItemsAreRefused() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
        assertThrows(NullPointerException.class, () -> q.put(null));
    }

    @Test
    void gracefulShutdownDrainsThenRaises() {
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        q.putNowait(1);
        Task<?>[] putter = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    putter[0] = Corio.createTask(coroutineOf(q.put(2)));
                    return tick();
                })
                .then(v -> {
                    q.shutdown();
                    assertTrue(q.isShutdown());
                    assertThrows(QueueShutDown.class, () -> q.putNowait(3));
                    return Script.awaiting(putter[0]);
                })
                .handle((v, e) -> {
                    assertInstanceOf(QueueShutDown.class, e, "the waiting putter is woken with the error");
                    return Script.awaiting(q.get());
                })
                .then(v -> {
                    assertEquals(1, v, "items queued before the shutdown can still be had");
                    return Script.awaiting(q.get());
                })
                .handle((v, e) -> {
                    assertInstanceOf(QueueShutDown.class, e);
                    assertThrows(QueueShutDown.class, q::getNowait);
                    return null;
                }));
    }

    @Test
    void shutdownWakesWaitingGetters() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        List<Task<Integer>> getters = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    for (int i = 0; i < 3; i++) {
                        getters.add(Corio.createTask(coroutineOf(q.get())));
                    }
                    return tick();
                })
                .then(v -> {
                    q.shutdown(false);
                    return Script.awaiting(Corio.gatherReturnExceptions(new ArrayList<>(getters)));
                })
                .then(v -> {
                    for (Object r : (List<?>) v) {
                        assertInstanceOf(QueueShutDown.class, r);
                    }
                    return null;
                }));
    }

    @Test
    void immediateShutdownDropsItemsAndReleasesJoin() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        Task<?>[] joiner = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    q.putNowait(1);
                    q.putNowait(2);
                    q.putNowait(3);
                    assertEquals(1, q.getNowait()); // taken but not taskDone(): still unfinished
                    joiner[0] = Corio.createTask(coroutineOf(q.join()));
                    return tick();
                })
                .then(v -> {
                    assertFalse(joiner[0].isDone());
                    q.shutdown(true);
                    assertTrue(q.isEmpty());
                    assertThrows(QueueShutDown.class, q::getNowait);
                    return tick();
                })
                .then(v -> {
                    assertFalse(joiner[0].isDone(), "the item taken before is still unfinished");
                    q.taskDone();
                    return Script.awaiting(joiner[0]);
                }));
    }
}
