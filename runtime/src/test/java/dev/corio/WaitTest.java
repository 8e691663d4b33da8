package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.sleepThen;
import static dev.corio.TestBase.sleepThenFail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ported from the wait section of CPython's test_tasks.py (3.12), on the virtual clock. */
class WaitTest {

    private static double now() {
        return EventLoop.running().time();
    }

    private static <T> Task<T> task(Coroutine<T> c) {
        return Corio.createTask(c);
    }

    @Test
    void allCompleted() { // test_wait
        EventLoop loop = EventLoop.virtual();
        List<String> log = new java.util.ArrayList<>();
        loop.runUntilComplete(co(() -> {
            Task<String> a = task(sleepThen(0.1, "a", log));
            Task<String> b = task(sleepThen(0.15, "b", log));
            return await(Corio.waitTasks(List.of(b, a)), (DoneAndPending<Task<String>> r) -> {
                assertEquals(Set.of(a, b), r.done());
                assertEquals(Set.of(), r.pending());
                assertEquals(List.of(b, a), List.copyOf(r.done()), "argument order");
                assertEquals(0.15, now(), 1e-9);
                return done(null);
            });
        }));
        assertEquals(List.of("a@0.1", "b@0.15"), log);
        loop.close();
    }

    @Test
    void firstCompletedCancelsNothing() { // test_wait_first_completed
        EventLoop loop = EventLoop.virtual();
        List<String> log = new java.util.ArrayList<>();
        Task<String>[] a = new Task[1];
        loop.runUntilComplete(co(() -> {
            a[0] = task(sleepThen(10, "a", log));
            Task<String> b = task(sleepThen(0.1, "b", log));
            return await(Corio.waitTasks(List.of(b, a[0]), Corio.FIRST_COMPLETED), (DoneAndPending<Task<String>> r) -> {
                assertEquals(Set.of(b), r.done());
                assertEquals(Set.of(a[0]), r.pending());
                assertFalse(a[0].isDone());
                assertEquals(0.1, now(), 1e-9);
                return done(null);
            });
        }));
        assertEquals("a", loop.runUntilComplete(a[0]), "the pending task goes on");
        assertEquals(10.0, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void firstCompletedReportsEverythingDoneInTheSameTick() { // test_wait_really_done
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> {
            Task<Void> a = task(co(() -> await(Corio.sleep(0), v -> done(null))));
            Task<Void> b = task(co(() -> done(null)));
            return await(Corio.waitTasks(List.of(a, b), ReturnWhen.FIRST_COMPLETED), (DoneAndPending<Task<Void>> r) -> {
                assertEquals(Set.of(a, b), r.done());
                assertTrue(r.pending().isEmpty());
                return done(null);
            });
        }));
        loop.close();
    }

    @Test
    void firstException() { // test_wait_first_exception and _in_wait
        for (double failAfter : new double[] {0, 0.01}) {
            EventLoop loop = EventLoop.virtual();
            loop.runUntilComplete(co(() -> {
                Task<Object> a = task(co(() -> await(Corio.sleep(10), v -> done(null))));
                Task<Object> b = task(sleepThenFail(failAfter, new ArithmeticException()));
                return await(Corio.waitTasks(List.of(b, a), Corio.FIRST_EXCEPTION), (DoneAndPending<Task<Object>> r) -> {
                    assertEquals(Set.of(b), r.done());
                    assertEquals(Set.of(a), r.pending());
                    assertEquals(failAfter, now(), 1e-9);
                    a.cancel();
                    return done(null);
                });
            }));
            loop.close();
        }
    }

    @Test
    void firstExceptionIgnoresCancellationAndWaitsForAllWhenNothingFails() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new java.util.ArrayList<>();
        loop.runUntilComplete(co(() -> {
            Task<String> a = task(sleepThen(1, "a", log));
            Task<String> b = task(sleepThen(2, "b", log));
            Task<String> c = task(sleepThen(3, "c", log));
            EventLoop.running().callLater(0.5, () -> c.cancel());
            return await(Corio.waitTasks(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION), (DoneAndPending<Task<String>> r) -> {
                assertEquals(Set.of(a, b, c), r.done());
                assertTrue(c.isCancelled());
                assertEquals(2.0, now(), 1e-9);
                return done(null);
            });
        }));
        loop.close();
    }

    @Test
    void allCompletedWithAnException() { // test_wait_with_exception
        EventLoop loop = EventLoop.virtual();
        List<String> log = new java.util.ArrayList<>();
        loop.runUntilComplete(co(() -> {
            Task<Object> a = task(sleepThenFail(0.1, new ArithmeticException()));
            Task<String> b = task(sleepThen(0.15, "b", log));
            return await(Corio.waitTasks(List.<AsyncFuture<?>>of(b, a)), (DoneAndPending<AsyncFuture<?>> r) -> {
                assertEquals(Set.of(a, b), r.done());
                assertEquals(0.15, now(), 1e-9);
                return await(a, v -> done(null), e -> done(null)); // retrieve it
            });
        }));
        loop.close();
    }

    @Test
    void timeoutReturnsWhatIsDoneWithoutRaising() { // test_wait_with_timeout / test_wait_concurrent_complete
        EventLoop loop = EventLoop.virtual();
        List<String> log = new java.util.ArrayList<>();
        Task<String>[] b = new Task[1];
        loop.runUntilComplete(co(() -> {
            Task<String> a = task(sleepThen(0.1, "a", log));
            b[0] = task(sleepThen(0.15, "b", log));
            return await(Corio.waitTasks(List.of(a, b[0]), ReturnWhen.ALL_COMPLETED, 0.11), (DoneAndPending<Task<String>> r) -> {
                assertEquals(Set.of(a), r.done());
                assertEquals(Set.of(b[0]), r.pending());
                assertEquals(0.11, now(), 1e-9);
                return done(null);
            });
        }));
        assertFalse(b[0].isCancelled(), "wait cancels nothing");
        assertEquals("b", loop.runUntilComplete(b[0]));
        loop.close();
    }

    @Test
    void timeoutTimerIsCancelledWhenTheConditionHoldsFirst() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new java.util.ArrayList<>();
        loop.runUntilComplete(co(() -> {
            Task<String> a = task(sleepThen(0.1, "a", log));
            return await(Corio.waitTasks(List.of(a), 100), v -> done(null));
        }));
        assertEquals(0.1, loop.time(), 1e-9);
        loop.runUntilComplete(Corio.sleep(0));
        assertEquals(0, loop.timerCount());
        loop.close();
    }

    @Test
    void alreadyDoneFutures() {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> f = loop.createFuture();
        f.setResult(1);
        AsyncFuture<Integer> g = loop.createFuture();
        loop.runUntilComplete(co(() -> await(Corio.waitTasks(List.of(f, g), ReturnWhen.FIRST_COMPLETED),
                (DoneAndPending<AsyncFuture<Integer>> r) -> {
                    assertEquals(Set.of(f), r.done());
                    assertEquals(Set.of(g), r.pending());
                    return done(null);
                })));
        assertEquals(0.0, loop.time());
        loop.close();
    }

    @Test
    void cancellingTheWaiterCancelsNoneOfTheFutures() {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Integer> f = loop.createFuture();
        Task<Object> w = loop.createTask(co(() -> await(Corio.waitTasks(List.of(f)), v -> done(v))));
        loop.callLater(1, () -> w.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(w));
        assertFalse(f.isDone());
        loop.close();
    }

    @Test
    void timeoutOverloadsAcceptIntsDoublesAndNull() {
        // Compile-time check as much as a runtime one: Java does not box an int to Double.
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> {
            AsyncFuture<Integer> never = EventLoop.running().createFuture();
            return await(Corio.waitTasks(List.of(never), Corio.FIRST_COMPLETED, 2), a -> {
                assertEquals(2.0, now(), 1e-9);
                return await(Corio.waitTasks(List.of(never), Corio.ALL_COMPLETED, 0.5), b -> {
                    assertEquals(2.5, now(), 1e-9);
                    Duration none = null;
                    assertEquals(1, Corio.asCompleted(List.of(never), none).size());
                    assertEquals(1, Corio.asCompleted(List.of(never), 3).size());
                    return await(Corio.timeoutAt(4, t -> Corio.sleep(10)), c -> done(null), e -> {
                        assertEquals(4.0, now(), 1e-9);
                        never.cancel();
                        return await(Corio.sleep(10), d -> done(null));
                    });
                });
            });
        }));
        loop.close();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void misuseIsRejectedWithAClearMessage() { // test_wait_errors
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> {
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> Corio.waitTasks(List.<Task<?>>of()));
            assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
            Collection coroutines = List.of(Corio.result(1)); // only reachable through raw types
            IllegalArgumentException coro = assertThrows(IllegalArgumentException.class,
                    () -> Corio.waitTasks(coroutines));
            assertTrue(coro.getMessage().contains("not coroutines"), coro.getMessage());
            assertThrows(NullPointerException.class,
                    () -> Corio.waitTasks(List.of(EventLoop.running().createFuture()), null, null));
            ((Coroutine<?>) coroutines.iterator().next()).close();
            return done(null);
        }));
        loop.close();
    }
}
