package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sync.Barrier;
import dev.corio.sync.BrokenBarrierError;
import dev.corio.sync.Condition;
import dev.corio.sync.Event;
import dev.corio.sync.Lock;
import dev.corio.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More of CPython 3.12's {@code test_locks.py}, on the virtual clock: the Barrier cases {@link BarrierTest} does
 * not cover (a second round's indices, tasks blocked while the round drains, abort while half the tasks drain
 * and half block, abort from an exception in the block), the reprs, and Condition.wait_for's loop with a
 * predicate that turns true late.
 */
@Timeout(10)
class LocksPortTest extends TestBase {

    /** BarrierTests' N. */
    private static final int N = 5;

    /** {@code gather_tasks(n, coro)}: n tasks of {@code coro}, gathered; gives their values. */
    private List<Object> gatherTasks(int n, Supplier<Coroutine<Object>> coro) {
        return loop.runUntilComplete(co(() -> {
            List<Task<Object>> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(Corio.createTask(coro.get()));
            }
            return await(Corio.gather(ts), Co::done);
        }));
    }

    /** test_filling_tasks_check_return_value: the second round gives every index 0..N-1 once. */
    @Test
    void secondRoundIndices() {
        Barrier barrier = new Barrier(N);
        List<Object> res = gatherTasks(N, () -> co(() -> await(barrier.await(), i -> await(barrier.await(),
                j -> done((Object) j)))));
        List<Object> sorted = new ArrayList<>(res);
        sorted.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4), sorted);
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.isBroken());
    }

    /**
     * test_blocking_tasks_while_draining: two tasks wait again at once while the round drains (they block until
     * it has drained), the three others meet at a second barrier first, then join them: nobody hangs.
     */
    @Test
    void tasksBlockedWhileDraining() {
        Barrier barrier = new Barrier(N);
        Barrier nowaiting = new Barrier(N - 2);
        int[] rewait = {2};
        List<Object> res = gatherTasks(N, () -> co(() -> await(barrier.await(), i -> {
            if (rewait[0] > 0) {
                rewait[0]--;
                return await(barrier.await(), j -> done((Object) "rewait"));
            }
            return await(nowaiting.await(), k -> await(barrier.await(), j -> done((Object) "later")));
        })));
        assertEquals(2, res.stream().filter("rewait"::equals).count());
        assertEquals(3, res.stream().filter("later"::equals).count());
        assertFalse(barrier.isBroken());
        assertEquals(0, barrier.nWaiting());
    }

    /**
     * test_abort_barrier_when_tasks_half_draining_half_blocking: of a tripped round, the first two tasks to go
     * on wait again (blocked while it drains), the third aborts: the two still draining get BrokenBarrierError
     * from the round, the two blocked get it too ("Barrier aborted").
     */
    @Test
    void abortWhileHalfDrainingHalfBlocking() {
        Barrier barrier = new Barrier(N);
        int blockingTasks = N / 2;
        int[] count = {0};
        List<String> results1 = new ArrayList<>();
        List<String> results2 = new ArrayList<>();
        gatherTasks(N, () -> co(() -> await(barrier.await(), i -> {
            count[0]++;
            if (count[0] > blockingTasks) {
                barrier.abort();
                return done(null);
            }
            return await(barrier.await(), j -> done(null), e -> {
                if (!(e instanceof BrokenBarrierError)) {
                    throw e;
                }
                results2.add(e.getMessage());
                return done(null);
            });
        }, e -> {
            if (!(e instanceof BrokenBarrierError)) {
                throw e;
            }
            results1.add(e.getMessage());
            return done(null);
        })));
        assertTrue(barrier.isBroken());
        assertEquals(blockingTasks, results1.size(), results1.toString());
        assertEquals(N - blockingTasks - 1, results2.size(), results2.toString());
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.toString().contains("resetting"), barrier.toString());
    }

    /**
     * test_abort_barrier_when_exception: the task with index N/2 fails in the block and aborts; nobody passes
     * the second round and the N-1 others get BrokenBarrierError.
     */
    @Test
    void abortFromAnExceptionInTheBlock() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        gatherTasks(N, () -> co(() -> await(Corio.asyncWith(barrier, i -> {
            if (i == N / 2) {
                throw new IllegalStateException("runtime");
            }
            return Corio.result(null);
        }), v -> await(Corio.asyncWith(barrier, j -> {
            results1.add(true);
            return Corio.result(null);
        }), w -> done(null), e -> {
            if (!(e instanceof BrokenBarrierError)) {
                throw e;
            }
            results2.add(true);
            return done(null);
        }), e -> {
            // one try around both rounds: a task still draining the first round when the abort comes gets
            // BrokenBarrierError from it
            if (e instanceof BrokenBarrierError) {
                results2.add(true);
                return done(null);
            }
            if (e instanceof IllegalStateException) {
                barrier.abort();
                return done(null);
            }
            throw e;
        })));
        assertTrue(barrier.isBroken());
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(0, barrier.nWaiting());
    }

    /** test_repr of Lock, Event and Semaphore: the state, and the number of waiters when there are some. */
    @Test
    void reprs() {
        Lock lock = new Lock();
        Event event = new Event();
        Semaphore sem = new Semaphore(1);
        assertTrue(lock.toString().endsWith("[unlocked]"), lock.toString());
        assertTrue(event.toString().endsWith("[unset]"), event.toString());
        assertTrue(sem.toString().endsWith("[unlocked, value:1]"), sem.toString());
        loop.runUntilComplete(co(() -> await(lock.acquire(), v -> await(sem.acquire(), w -> {
            assertTrue(lock.toString().endsWith("[locked]"), lock.toString());
            assertTrue(sem.toString().endsWith("[locked]"), sem.toString());
            Corio.createTask(coroutineOf(lock.acquire()));
            Corio.createTask(coroutineOf(event.await()));
            return await(Corio.sleep(0), x -> {
                assertTrue(lock.toString().endsWith("[locked, waiters:1]"), lock.toString());
                assertTrue(event.toString().endsWith("[unset, waiters:1]"), event.toString());
                event.set();
                assertTrue(event.toString().contains("[set"), event.toString());
                lock.release();
                sem.release();
                return await(Corio.sleep(0), y -> {
                    lock.release();
                    return done(null);
                });
            });
        }))));
    }

    /**
     * test_wait_for: Condition.wait_for re-checks the predicate after each notify and returns only once it
     * holds, holding the lock; a notify while it is false puts it back to wait.
     */
    @Test
    void conditionWaitForReChecksAfterEachNotify() {
        Condition cond = new Condition();
        int[] presult = {0};
        List<Object> log = new ArrayList<>();
        loop.runUntilComplete(co(() -> {
            Task<Void> waiter = Corio.createTask(co(() -> await(cond.acquire(), a -> await(cond.waitFor(() -> {
                log.add("checked " + presult[0]);
                return presult[0] >= 2;
            }), ok -> {
                log.add("done " + ok + " locked " + cond.isLocked());
                cond.release();
                return done(null);
            }))));
            return await(Corio.sleep(0), v -> await(cond.acquire(), a -> {
                presult[0] = 1;
                cond.notifyOne();
                cond.release();
                return await(Corio.sleep(0), w -> await(cond.acquire(), b -> {
                    presult[0] = 2;
                    cond.notifyOne();
                    cond.release();
                    return await(waiter, Co::done);
                }));
            }));
        }));
        assertEquals(List.of("checked 0", "checked 1", "checked 2", "done true locked true"), log);
    }

    /**
     * Lock.acquire's fast path (3.12: free, and every waiter cancelled): a waiter cancelled before the release
     * does not make a newcomer queue; the newcomer takes the lock at once, without suspending, and the
     * cancelled waiter leaves without taking it.
     */
    @Test
    void lockTakenAtOnceWhenTheOnlyWaiterWasCancelled() {
        Lock lock = new Lock();
        List<Object> log = new ArrayList<>();
        loop.runUntilComplete(co(() -> await(lock.acquire(), held -> {
            Task<Boolean> b = Corio.createTask(coroutineOf(lock.acquire()));
            return await(Corio.sleep(0), v -> {
                b.cancel();
                lock.release();
                boolean[] tickPassed = {false};
                loop.callSoon(() -> tickPassed[0] = true);
                return await(lock.acquire(), again -> {
                    log.add("took it, suspended: " + tickPassed[0]);
                    return await(Corio.sleep(0), w -> {
                        log.add("b cancelled: " + b.isCancelled());
                        log.add("locked: " + lock.isLocked());
                        lock.release();
                        log.add("after release: " + lock.isLocked());
                        return done(null);
                    });
                });
            });
        })));
        assertEquals(List.of("took it, suspended: false", "b cancelled: true", "locked: true", "after release: false"),
                log);
    }

    /** The same fast path for Semaphore (3.12's locked(): no permit, or a waiter not cancelled). */
    @Test
    void semaphoreTakenAtOnceWhenTheOnlyWaiterWasCancelled() {
        Semaphore sem = new Semaphore(1);
        List<Object> log = new ArrayList<>();
        loop.runUntilComplete(co(() -> await(sem.acquire(), held -> {
            Task<Boolean> b = Corio.createTask(coroutineOf(sem.acquire()));
            return await(Corio.sleep(0), v -> {
                b.cancel();
                sem.release();
                boolean[] tickPassed = {false};
                loop.callSoon(() -> tickPassed[0] = true);
                return await(sem.acquire(), again -> {
                    log.add("took it, suspended: " + tickPassed[0]);
                    return await(Corio.sleep(0), w -> {
                        log.add("b cancelled: " + b.isCancelled());
                        log.add("value: " + sem.value());
                        sem.release();
                        log.add("value after release: " + sem.value());
                        return done(null);
                    });
                });
            });
        })));
        assertEquals(List.of("took it, suspended: false", "b cancelled: true", "value: 0", "value after release: 1"),
                log);
    }

    /**
     * test_notify with a cancelled waiter: notify(1) skips a waiter whose wait was cancelled but has not run yet
     * (its future is done) and wakes the next one, so the notification is not spent on it.
     */
    @Test
    void notifySkipsACancelledWaiter() {
        Condition cond = new Condition();
        List<Object> log = new ArrayList<>();
        loop.runUntilComplete(co(() -> {
            Task<Boolean> w1 = Corio.createTask(co(() -> await(cond.acquire(), a -> await(cond.await(), ok -> {
                log.add("w1 woken");
                cond.release();
                return done(true);
            }, e -> {
                log.add("w1 " + e.getClass().getSimpleName() + " locked " + cond.isLocked());
                cond.release();
                throw e;
            }))));
            Task<Boolean> w2 = Corio.createTask(co(() -> await(cond.acquire(), a -> await(cond.await(), ok -> {
                log.add("w2 woken");
                cond.release();
                return done(true);
            }))));
            return await(Corio.sleep(0), v -> await(cond.acquire(), a -> {
                w1.cancel();
                cond.notify(1);
                cond.release();
                return await(Corio.gatherReturnExceptions(w1, w2), r -> done(null));
            }));
        }));
        assertEquals(List.of("w1 CancelledError locked true", "w2 woken"), log);
    }

    /**
     * Event.wait woken by set() and cancelled before it ran: the cancellation wins (the waiter's step throws
     * it), the event stays set, and a later wait returns at once.
     */
    @Test
    void eventWaiterCancelledAfterSet() {
        Event event = new Event();
        Task<Boolean> waiter = loop.createTask(coroutineOf(event.await()));
        runBriefly(loop);
        event.set();
        waiter.cancel();
        org.junit.jupiter.api.Assertions.assertThrows(CancelledError.class, () -> loop.runUntilComplete(waiter));
        assertTrue(event.isSet());
        assertTrue(loop.runUntilComplete(coroutineOf(event.await())));
    }

    /**
     * A task cancelled while it drains a tripped round (woken, not yet run) leaves with CancelledError; the
     * round still drains and the barrier is usable for the next round.
     */
    @Test
    void cancelledWhileDraining() {
        Barrier barrier = new Barrier(2);
        Task<Integer> first = loop.createTask(coroutineOf(barrier.await()));
        runBriefly(loop);
        Task<Integer> second = loop.createTask(coroutineOf(barrier.await()));
        runOnce(loop); // second trips the round: first is woken
        first.cancel();
        org.junit.jupiter.api.Assertions.assertThrows(CancelledError.class, () -> loop.runUntilComplete(first));
        assertEquals(1, loop.runUntilComplete(second));
        assertFalse(barrier.isBroken());
        assertEquals(0, barrier.nWaiting());
        List<Object> next = gatherTasks(2, () -> co(() -> await(barrier.await(), i -> done((Object) i))));
        List<Object> sorted = new ArrayList<>(next);
        sorted.sort(null);
        assertEquals(List.of(0, 1), sorted);
    }
}
