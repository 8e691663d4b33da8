package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.TestBase.TickCounter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Coroutines and tasks, ported from CPython's test_tasks.py (BaseTaskTests). */
class TaskTest extends TestBase {
    /** Records every resume call: what a generated state machine sees. */
    static final class Probe extends Coroutine<String> {
        final List<String> calls = new ArrayList<>();
        int state;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            calls.add("resume(" + value + ", " + (error == null ? null : error.getClass().getSimpleName()) + ")");
            if (state == 0) {
                state = 1;
                Object r = Corio.sleep(1, "slept").awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                value = r;
            } else if (error != null) {
                throw error;
            }
            return "done " + value;
        }
    }

    // ---------------------------------------------------------------- creation, names, current

    @Test
    void createTaskRunsFromTheNextTick() {
        Probe p = new Probe();
        Task<String> t = loop.createTask(p);
        assertEquals(List.of(), p.calls);
        assertFalse(t.isDone());
        assertSame(p, t.getCoro());
        assertSame(t, p.task());
        TestBase.runOnce(loop);
        assertEquals(List.of("resume(null, null)"), p.calls);
        assertEquals("done slept", loop.runUntilComplete(t));
        assertEquals(List.of("resume(null, null)", "resume(slept, null)"), p.calls);
    }

    @Test
    void names() {
        Task<Object> a = loop.createTask(Script.returning(1));
        Task<Object> b = loop.createTask(Script.returning(2));
        assertTrue(a.getName().matches("Task-\\d+"), a.getName());
        int na = Integer.parseInt(a.getName().substring(5));
        assertEquals("Task-" + (na + 1), b.getName());
        Task<Object> c = loop.createTask(Script.returning(3), "custom");
        assertEquals("custom", c.getName());
        c.setName("renamed");
        assertEquals("renamed", c.getName());
        assertTrue(c.toString().contains("renamed"), c.toString());
        assertThrows(NullPointerException.class, () -> c.setName(null));
        loop.runUntilComplete(c);
    }

    @Test
    void currentTask() {
        List<Object> seen = new ArrayList<>();
        AtomicReference<Task<?>> self = new AtomicReference<>();
        loop.callSoon(() -> seen.add(String.valueOf(loop.currentTask())));
        self.set(loop.createTask(new Script<>()
                .then(v -> {
                    seen.add(Corio.currentTask() == self.get());
                    return awaiting(Corio.sleep(1));
                })
                .then(v -> seen.add(Corio.currentTask() == self.get()))));
        loop.runUntilComplete(self.get());
        assertEquals(List.of("null", true, true), seen);
        assertNull(loop.currentTask());
    }

    @Test
    void allTasksAreThePendingOnesInCreationOrder() {
        Task<Object> a = loop.createTask(Script.awaitAll(Corio.sleep(1)));
        Task<Object> b = loop.createTask(Script.returning(1));
        Task<Object> c = loop.createTask(Script.awaitAll(Corio.sleep(2)));
        assertEquals(List.of(a, b, c), new ArrayList<>(loop.allTasks()));
        TestBase.runOnce(loop);
        assertEquals(List.of(a, c), new ArrayList<>(loop.allTasks()));
        Set<Task<?>> inside = loop.runUntilComplete(new Script<Set<Task<?>>>().then(v -> Corio.allTasks()));
        assertEquals(3, inside.size(), "a, c and the task running main");
        loop.runUntilComplete(a);
        assertEquals(List.of(c), new ArrayList<>(loop.allTasks()));
        assertThrows(UnsupportedOperationException.class, () -> loop.allTasks().clear());
        c.cancel();
        TestBase.runOnce(loop);
        assertEquals(Set.of(), loop.allTasks());
    }

    // ---------------------------------------------------------------- awaiting

    @Test
    void awaitingACoroutineRunsItInlineOnTheSameTask() {
        TickCounter ticks = new TickCounter(loop);
        List<Object> seen = new ArrayList<>();
        Coroutine<String> inner = new Script<String>().then(v -> {
            seen.add(Corio.currentTask());
            seen.add(ticks.now());
            return "inner";
        });
        Task<Object> t = loop.createTask(new Script<>()
                .then(v -> {
                    seen.add(Corio.currentTask());
                    seen.add(ticks.now());
                    return awaiting(inner);
                })
                .then(v -> {
                    seen.add(v);
                    seen.add(ticks.now());
                    return null;
                }));
        loop.runUntilComplete(t);
        ticks.stop();
        assertSame(t, seen.get(0));
        assertSame(t, seen.get(2), "inner runs on the awaiting task");
        assertSame(t, inner.task());
        assertEquals(seen.get(1), seen.get(3), "no tick between the await and the inner body");
        assertEquals("inner", seen.get(4));
        assertEquals(seen.get(1), seen.get(5), "nor after it");
        assertEquals(1, t.isDone() ? 1 : 0);
    }

    @Test
    void awaitingADoneFutureDoesNotSuspend() {
        TickCounter ticks = new TickCounter(loop);
        AsyncFuture<String> done = loop.createFuture();
        done.setResult("ready");
        Task<Object> finished = loop.createTask(Script.returning("t"));
        List<Object> seen = new ArrayList<>();
        loop.runUntilComplete(Corio.sleep(0)); // let `finished` finish
        assertTrue(finished.isDone());
        loop.runUntilComplete(new Script<>()
                .then(v -> {
                    seen.add(ticks.now());
                    return awaiting(done);
                })
                .then(v -> {
                    seen.add(v);
                    return awaiting(finished);
                })
                .then(v -> {
                    seen.add(v);
                    seen.add(ticks.now());
                    return awaiting(Corio.sleep(0));
                })
                .then(v -> seen.add(ticks.now())));
        ticks.stop();
        assertEquals(seen.get(0), seen.get(3));
        assertEquals(List.of("ready", "t"), seen.subList(1, 3));
        assertEquals((int) seen.get(0) + 1, seen.get(4), "sleep(0) yields exactly one tick");
    }

    @Test
    void aCoroutineAwaitedTwiceIsAnError() {
        Coroutine<Object> once = Script.returning("x");
        List<Object> seen = new ArrayList<>();
        loop.runUntilComplete(new Script<>()
                .then(v -> awaiting(once))
                .then(v -> {
                    seen.add(v);
                    return awaiting(once);
                })
                .handle((v, e) -> seen.add(e)));
        assertEquals("x", seen.get(0));
        IllegalStateException e = (IllegalStateException) seen.get(1);
        assertTrue(e.getMessage().contains("already awaited"), e.getMessage());
        Coroutine<Object> wrapped = Script.returning(1);
        loop.createTask(wrapped);
        assertThrows(IllegalStateException.class, () -> loop.createTask(wrapped));
    }

    @Test
    void aTaskAwaitingItselfIsAnError() {
        AtomicReference<Task<?>> self = new AtomicReference<>();
        self.set(loop.createTask(new Script<>()
                .then(v -> awaiting(Corio.sleep(0)))
                .then(v -> awaiting(self.get()))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(self.get()));
        assertTrue(e.getMessage().contains("cannot await on itself"), e.getMessage());
    }

    @Test
    void awaitingAFutureOfAnotherLoopIsAnError() {
        EventLoop other = EventLoop.virtual();
        AsyncFuture<Object> foreign = other.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(Script.awaitAll(foreign)));
        assertTrue(e.getMessage().contains("different loop"), e.getMessage());
        foreign.cancel();
        other.close();
    }

    @Test
    void exceptionIdentityThroughSeveralFrames() throws Exception {
        IOException io = new IOException("checked");
        Coroutine<Object> level3 = Script.<Object>awaitAll(Corio.sleep(1)).then(v -> {
            throw io;
        });
        Coroutine<Object> level2 = Script.awaitAll(Corio.sleep(0), level3);
        Coroutine<Object> level1 = Script.awaitAll(level2);
        Task<Object> t = loop.createTask(level1);
        AtomicReference<Throwable> seenByAwaiter = new AtomicReference<>();
        Task<Object> awaiter = loop.createTask(new Script<>()
                .then(v -> awaiting(t))
                .handle((v, e) -> {
                    seenByAwaiter.set(e);
                    throw e;
                }));
        assertSame(io, assertThrows(IOException.class, () -> loop.runUntilComplete(awaiter)));
        assertSame(io, seenByAwaiter.get());
        assertSame(io, t.exception());
        assertSame(io, assertThrows(IOException.class, t::result));
    }

    @Test
    void aFrameCanCatchAnInnerFramesException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Coroutine<Object> inner = Script.<Object>awaitAll(Corio.sleep(1)).then(v -> {
            throw boom;
        });
        Object r = loop.runUntilComplete(new Script<>()
                .then(v -> awaiting(inner))
                .handle((v, e) -> e == boom ? "caught" : "missed"));
        assertEquals("caught", r);
    }

    @Test
    void setResultAndSetExceptionAreNotForTasks() {
        Task<Object> t = loop.createTask(Script.returning(1));
        assertThrows(IllegalStateException.class, () -> t.setResult(2));
        assertThrows(IllegalStateException.class, () -> t.setException(new RuntimeException()));
        assertEquals(1, loop.runUntilComplete(t));
    }

    // ---------------------------------------------------------------- cancellation

    @Test
    void cancelBeforeTheFirstStepNeverRunsTheBody() {
        // test_cancel: the coroutine body never starts
        Probe p = new Probe();
        Task<String> t = loop.createTask(p);
        assertTrue(t.cancel("early"));
        assertEquals(1, t.cancelling());
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("early", e.getMessage());
        assertTrue(t.isCancelled());
        assertEquals(List.of(), p.calls);
        assertFalse(t.cancel(), "cancel() on a done task returns false");
    }

    @Test
    void cancelWhileSleepingThrowsAtTheAwaitAndDropsTheTimer() {
        Probe p = new Probe();
        Task<String> t = loop.createTask(p);
        TestBase.runOnce(loop);
        assertEquals(1, loop.timerCount());
        assertTrue(t.cancel("msg"));
        TestBase.runOnce(loop);
        assertEquals(List.of("resume(null, null)", "resume(null, CancelledError)"), p.calls);
        assertTrue(t.isCancelled());
        assertEquals("msg", assertThrows(CancelledError.class, t::result).getMessage());
        TestBase.runOnce(loop);
        assertEquals(0, loop.timerCount(), "the sleep's timer was cancelled and purged");
        assertEquals(0.0, loop.time());
    }

    @Test
    void cancelYield() {
        // test_cancel_yield: cancelled while in the ready queue after sleep(0)
        List<String> log = new ArrayList<>();
        Task<Object> t = loop.createTask(new Script<>()
                .then(v -> awaiting(Corio.sleep(0)))
                .handle((v, e) -> {
                    log.add(e == null ? "resumed" : "cancelled");
                    if (e != null) {
                        throw e;
                    }
                    return 12;
                }));
        TestBase.runOnce(loop); // start, yield
        assertTrue(t.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(List.of("cancelled"), log);
        assertFalse(t.cancel());
    }

    @Test
    void cancelInnerFuture() {
        // test_cancel_inner_future: cancelling the awaited future cancels the task
        AsyncFuture<Object> f = loop.createFuture();
        Task<Object> t = loop.createTask(Script.awaitAll(f));
        TestBase.runOnce(loop);
        f.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(f.isCancelled());
        assertTrue(t.isCancelled());
        assertEquals(0, t.cancelling(), "cancelled from inside, not through the task");
    }

    @Test
    void cancelBothTaskAndInnerFuture() {
        AsyncFuture<Object> f = loop.createFuture();
        Task<Object> t = loop.createTask(Script.awaitAll(f));
        TestBase.runOnce(loop);
        f.cancel();
        t.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(f.isCancelled());
        assertTrue(t.isCancelled());
    }

    @Test
    void cancelTaskCatchingAndCompletingNormally() {
        // test_cancel_task_catching: the task swallows the cancellation and returns a value
        AsyncFuture<Object> f1 = loop.createFuture();
        AsyncFuture<Object> f2 = loop.createFuture();
        Task<Object> t = loop.createTask(new Script<>()
                .then(v -> awaiting(f1))
                .handle((v, e) -> {
                    assertTrue(e instanceof CancelledError);
                    return awaiting(f2); // it may even await again after catching
                })
                .then(v -> 42));
        TestBase.runOnce(loop);
        assertTrue(t.cancel());
        TestBase.runOnce(loop);
        assertTrue(f1.isCancelled());
        assertFalse(t.isDone());
        f2.setResult("go");
        assertEquals(42, loop.runUntilComplete(t));
        assertFalse(t.isCancelled());
        assertEquals(1, t.cancelling(), "asyncio keeps the request count; uncancel() is the caller's job");
    }

    @Test
    void cancelTaskIgnoringAtTheEnd() {
        // test_cancel_at_end: cancelled right before returning: the task ends cancelled
        AtomicReference<Task<?>> self = new AtomicReference<>();
        self.set(loop.createTask(new Script<>().then(v -> {
            assertTrue(self.get().cancel());
            return 12;
        })));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(self.get()));
        assertTrue(self.get().isCancelled());
    }

    @Test
    void cancelCurrentTaskArrivesAtTheNextSuspension() {
        // test_cancel_current_task
        List<String> log = new ArrayList<>();
        AtomicReference<Task<?>> self = new AtomicReference<>();
        AsyncFuture<String> done = loop.createFuture();
        done.setResult("done");
        self.set(loop.createTask(new Script<>()
                .then(v -> {
                    assertTrue(self.get().cancel());
                    assertTrue(self.get().cancel(), "each request counts");
                    assertEquals(2, self.get().cancelling());
                    return awaiting(done); // a done future does not suspend: no cancellation yet
                })
                .then(v -> {
                    log.add(String.valueOf(v));
                    return awaiting(Corio.sleep(0));
                })
                .handle((v, e) -> {
                    log.add(e.getClass().getSimpleName());
                    throw e;
                })));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(self.get()));
        assertEquals(List.of("done", "CancelledError"), log);
    }

    @Test
    void cancelWhileAwaitingAnotherTaskCancelsThatTask() {
        // test_cancel_awaited_task / test_task_cancel_waiter_future
        AsyncFuture<Object> f = loop.createFuture();
        Task<Object> inner = loop.createTask(Script.awaitAll(f));
        Task<Object> outer = loop.createTask(Script.awaitAll(inner));
        TestBase.runOnce(loop);
        assertTrue(outer.cancel("stop"));
        assertEquals(1, inner.cancelling());
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertEquals("stop", e.getMessage());
        assertTrue(inner.isCancelled());
        assertTrue(f.isCancelled());
        assertTrue(outer.isCancelled());
    }

    @Test
    void cancellationArrivesAtTheInnermostFrame() {
        List<String> log = new ArrayList<>();
        Coroutine<Object> innermost = new Script<>()
                .then(v -> awaiting(Corio.sleep(10)))
                .handle((v, e) -> {
                    log.add("innermost " + e.getClass().getSimpleName());
                    throw e;
                });
        Coroutine<Object> middle = new Script<>()
                .then(v -> awaiting(innermost))
                .handle((v, e) -> {
                    log.add("middle " + e.getClass().getSimpleName());
                    return "middle recovered";
                });
        Task<Object> t = loop.createTask(new Script<>()
                .then(v -> awaiting(middle))
                .handle((v, e) -> {
                    log.add("outer got " + v);
                    return v;
                }));
        loop.callLater(1, () -> t.cancel());
        assertEquals("middle recovered", loop.runUntilComplete(t));
        assertEquals(List.of("innermost CancelledError", "middle CancelledError", "outer got middle recovered"), log);
        assertEquals(1.0, loop.time());
    }

    @Test
    void cancellingAndUncancel() {
        // test_cancelling / test_uncancel_basic
        List<Object> log = new ArrayList<>();
        AtomicReference<Task<?>> self = new AtomicReference<>();
        self.set(loop.createTask(new Script<>()
                .then(v -> awaiting(Corio.sleep(10)))
                .handle((v, e) -> {
                    log.add(self.get().cancelling());
                    log.add(self.get().uncancel());
                    log.add(self.get().uncancel());
                    return awaiting(Corio.sleep(1)); // no longer cancelled: this sleep completes
                })
                .then(v -> "finished")));
        TestBase.runOnce(loop);
        assertEquals(0, self.get().cancelling());
        assertTrue(self.get().cancel());
        assertEquals(1, self.get().cancelling());
        assertEquals("finished", loop.runUntilComplete(self.get()));
        assertEquals(List.of(1, 0, 0), log);
    }

    @Test
    void cancelFromACallbackWhileTheTaskIsReady() {
        // The task is in the ready queue (its future completed); the cancellation replaces the value.
        AsyncFuture<String> f = loop.createFuture();
        List<Object> log = new ArrayList<>();
        Task<Object> t = loop.createTask(new Script<>().then(v -> awaiting(f)).handle((v, e) -> {
            log.add(e == null ? v : e.getClass().getSimpleName());
            return "ok";
        }));
        TestBase.runOnce(loop);
        loop.callSoon(() -> {
            f.setResult("value");
            assertTrue(t.cancel());
        });
        assertEquals("ok", loop.runUntilComplete(t));
        assertEquals(List.of("CancelledError"), log);
    }

    @Test
    void cancelledErrorIsNotCaughtByCatchException() {
        assertFalse(Exception.class.isAssignableFrom(CancelledError.class));
        assertTrue(Error.class.isAssignableFrom(CancelledError.class));
        assertNull(new CancelledError("x").getCause());
        assertEquals(0, new CancelledError("x").getStackTrace().length);
    }

    @Test
    void cancelledTasksAreNotReportedAsUnretrieved() {
        Task<Object> t = loop.createTask(Script.awaitAll(Corio.sleep(1)));
        TestBase.runOnce(loop);
        t.cancel();
        TestBase.runOnce(loop);
        assertTrue(t.isCancelled());
        loop.close();
        assertEquals(List.of(), reports.messages());
    }

    @Test
    void cancellingAFailedTaskSilencesItsReport() {
        Task<Object> t = loop.createTask(Script.throwing(new RuntimeException("x")));
        TestBase.runOnce(loop);
        assertFalse(t.cancel());
        loop.close();
        assertEquals(List.of(), reports.messages());
    }

    @Test
    void ensureFuture() {
        AsyncFuture<Object> f = loop.createFuture();
        List<Object> seen = new ArrayList<>();
        loop.runUntilComplete(new Script<>().then(v -> {
            seen.add(Corio.ensureFuture(f) == f);
            AsyncFuture<Object> t = Corio.ensureFuture(Script.returning(5));
            seen.add(t instanceof Task);
            AsyncFuture<String> s = Corio.ensureFuture(Corio.sleep(1, "s"));
            seen.add(s instanceof Task);
            return awaiting(s);
        }).then(v -> seen.add(v)));
        assertEquals(List.of(true, true, true, "s"), seen);
        f.cancel();
    }

    @Test
    void sleepWithAResult() {
        assertEquals("r", loop.runUntilComplete(Script.awaitAll(Corio.sleep(2, "r"))));
        assertEquals(2.0, loop.time());
        assertEquals("z", loop.runUntilComplete(Script.awaitAll(Corio.sleep(0, "z"))));
        assertNull(loop.runUntilComplete(Script.awaitAll(Corio.sleep(-1))));
        assertThrows(IllegalArgumentException.class, () -> Corio.sleep(Double.NaN));
        assertEquals(2.0, loop.time());
        assertNotSame(Corio.sleep(1), Corio.sleep(1));
    }

    @Test
    void stopWhileRunUntilComplete() {
        // test_stop_while_run_in_complete: a task that sleeps 0.1 s ten times stops the loop after two
        int[] x = {0};
        Coroutine<Object> counter = new Coroutine<>() {
            @Override
            protected Object resume(Object value, Throwable error) throws Throwable {
                if (error != null) {
                    throw error;
                }
                if (value != null) { // resumed after a sleep
                    if (++x[0] == 2) {
                        loop().stop();
                    }
                }
                while (x[0] < 10) {
                    Object r = Corio.sleep(0.1, "slept").awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    x[0]++;
                }
                return x[0];
            }
        };
        Task<Object> t = loop.createTask(counter);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
        assertEquals("Event loop stopped before Future completed.", e.getMessage());
        assertFalse(t.isDone());
        assertEquals(2, x[0]);
        assertEquals(0.2, loop.time(), 1e-9);
        t.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(0.2, loop.time(), 1e-9);
    }

    @Test
    void cancelMessageSurvivesEveryPath() {
        // While waiting on a future, while ready after sleep(0), and before the first step.
        List<String> messages = new ArrayList<>();
        for (int path = 0; path < 3; path++) {
            Task<Object> t = loop.createTask(new Script<>()
                    .then(v -> awaiting(Corio.sleep(0)))
                    .then(v -> awaiting(Corio.sleep(5))));
            if (path >= 1) {
                TestBase.runOnce(loop); // now yielding
            }
            if (path == 2) {
                TestBase.runOnce(loop); // now sleeping on a future
            }
            t.cancel("path " + path);
            messages.add(assertThrows(CancelledError.class, () -> loop.runUntilComplete(t)).getMessage());
        }
        assertEquals(List.of("path 0", "path 1", "path 2"), messages);
    }

    @Test
    void runPropagatesMainsErrorAfterCancellingLeftovers() {
        AtomicReference<Task<?>> leftover = new AtomicReference<>();
        IllegalStateException fancy = new IllegalStateException("fancy exit");
        IllegalStateException got = assertThrows(IllegalStateException.class, () -> Corio.run(new Script<>().then(v -> {
            leftover.set(Corio.createTask(Script.awaitAll(Corio.sleep(100))));
            throw fancy;
        })));
        assertSame(fancy, got);
        assertTrue(leftover.get().isCancelled());
    }

    @Test
    void runThrowsCancelledErrorWhenMainIsCancelled() {
        CancelledError e = assertThrows(CancelledError.class, () -> Corio.run(new Script<>().then(v -> {
            Task<?> main = Corio.currentTask();
            Corio.getRunningLoop().callLater(1, () -> main.cancel("from outside"));
            return awaiting(Corio.sleep(10));
        }), EventLoop::virtual));
        assertEquals("from outside", e.getMessage());
    }

    @Test
    void currentTaskWithInterleavingTasks() {
        // test_current_task_with_interleaving_tasks
        AsyncFuture<Object> fut1 = loop.createFuture();
        AsyncFuture<Object> fut2 = loop.createFuture();
        List<Boolean> checks = new ArrayList<>();
        AtomicReference<Task<?>> t1 = new AtomicReference<>();
        AtomicReference<Task<?>> t2 = new AtomicReference<>();
        t1.set(loop.createTask(new Script<>()
                .then(v -> {
                    checks.add(Corio.currentTask() == t1.get());
                    return awaiting(fut1);
                })
                .then(v -> {
                    checks.add(Corio.currentTask() == t1.get());
                    fut2.setResult(true);
                    return null;
                })));
        t2.set(loop.createTask(new Script<>()
                .then(v -> {
                    checks.add(Corio.currentTask() == t2.get());
                    fut1.setResult(true);
                    return awaiting(fut2);
                })
                .then(v -> checks.add(Corio.currentTask() == t2.get()))));
        loop.runUntilComplete(t2.get());
        assertEquals(List.of(true, true, true, true), checks);
        assertTrue(t1.get().isDone());
    }
}
