package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.TestBase.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The loop: lifecycle, scheduling, exception handler. Ported from CPython's test_base_events.py and
 * test_events.py (BaseEventLoopTests, EventLoopTestsMixin) and test_runners.py.
 */
class EventLoopTest {

    // ---------------------------------------------------------------- Corio.run (test_runners.py)

    @Test
    void runReturnsMainsValue() {
        assertEquals(42, Corio.run(Script.awaitAll(Corio.sleep(0)).then(v -> 42)));
    }

    @Test
    void runRethrowsMainsExceptionUnchanged() {
        IllegalArgumentException spam = new IllegalArgumentException("spam");
        Coroutine<Object> main = Script.awaitAll(Corio.sleep(0)).then(v -> {
            throw spam;
        });
        assertSame(spam, assertThrows(IllegalArgumentException.class, () -> Corio.run(main)));
    }

    @Test
    void runUsesANewLoopAndClosesIt() {
        List<EventLoop> loops = new ArrayList<>();
        Corio.run(new Script<>().then(v -> loops.add(Corio.getRunningLoop())));
        Corio.run(new Script<>().then(v -> loops.add(Corio.getRunningLoop())));
        assertEquals(2, loops.size());
        assertTrue(loops.get(0) != loops.get(1));
        assertTrue(loops.get(0).isClosed() && loops.get(1).isClosed());
        assertFalse(loops.get(0).isRunning());
        assertNull(EventLoop.runningOrNull());
    }

    @Test
    void runSetsDebugMode() {
        List<Boolean> seen = new ArrayList<>();
        Corio.run(new Script<>().then(v -> seen.add(Corio.getRunningLoop().isDebug())));
        Corio.run(new Script<>().then(v -> seen.add(Corio.getRunningLoop().isDebug())), true);
        assertEquals(List.of(false, true), seen);
    }

    @Test
    void runCannotBeCalledFromARunningLoop() {
        AtomicReference<Throwable> nested = new AtomicReference<>();
        Corio.run(new Script<>().then(v -> {
            Coroutine<Object> inner = Script.returning(1);
            nested.set(assertThrows(IllegalStateException.class, () -> Corio.run(inner)));
            assertTrue(inner.isClosed(), "the refused coroutine is closed, not reported as never awaited");
            assertThrows(IllegalStateException.class, () -> Corio.createTask(inner));
            return null;
        }), true);
        assertTrue(nested.get().getMessage().contains("cannot be called from a running event loop"),
                nested.get().getMessage());
    }

    @Test
    void runCancelsLeftoverTasksAndWaitsForThem() {
        List<String> log = new ArrayList<>();
        AtomicReference<Task<?>> leftover = new AtomicReference<>();
        Coroutine<Object> cleanup = new Script<>()
                .then(v -> awaiting(Corio.sleep(10)))
                .handle((v, e) -> {
                    log.add("cancelled: " + (e instanceof CancelledError));
                    return awaiting(Corio.sleep(5)); // cleanup that itself awaits: run() waits for it
                })
                .then(v -> {
                    log.add("cleanup done at " + EventLoop.running().time());
                    return null;
                });
        int r = Corio.run(new Script<Integer>().then(v -> {
            leftover.set(Corio.createTask(cleanup));
            return awaiting(Corio.sleep(1));
        }).then(v -> 123), EventLoop::virtual);
        assertEquals(123, r);
        assertTrue(leftover.get().isDone());
        assertFalse(leftover.get().isCancelled(), "it swallowed the cancellation and finished");
        assertEquals(List.of("cancelled: true", "cleanup done at 6.0"), log);
    }

    @Test
    void runCancelsLeftoverTasks() {
        AtomicReference<Task<?>> leftover = new AtomicReference<>();
        Corio.run(new Script<>().then(v -> {
            leftover.set(Corio.createTask(Script.awaitAll(Corio.sleep(0.1))));
            return 123;
        }));
        assertTrue(leftover.get().isCancelled());
    }

    @Test
    void runReportsErrorsOfLeftoverTasksDuringShutdown() {
        Recorder rec = new Recorder();
        ArithmeticException boom = new ArithmeticException("/ by zero");
        AtomicReference<Task<?>> leftover = new AtomicReference<>();
        Corio.run(new Script<>().then(v -> {
            Corio.getRunningLoop().setExceptionHandler(rec);
            leftover.set(Corio.createTask(new Script<>()
                    .then(x -> awaiting(Corio.sleep(0.1)))
                    .handle((x, e) -> {
                        throw boom;
                    })));
            return 123;
        }));
        assertEquals(1, rec.contexts.size());
        ExceptionContext c = rec.contexts.get(0);
        assertTrue(c.message().matches(".*Corio.run.*shutdown.*"), c.message());
        assertSame(boom, c.exception());
        assertSame(leftover.get(), c.future());
    }

    @Test
    void runWithVirtualClockFactory() {
        double t = Corio.run(Script.<Double>awaitAll(Corio.sleep(3600)).then(v -> EventLoop.running().time()),
                EventLoop::virtual);
        assertEquals(3600.0, t);
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void runningOutsideALoopSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, EventLoop::running);
        assertTrue(e.getMessage().contains("no running event loop"), e.getMessage());
        assertThrows(IllegalStateException.class, Corio::currentTask);
        assertThrows(IllegalStateException.class, Corio::allTasks);
        assertThrows(IllegalStateException.class, () -> Corio.createTask(Script.returning(1)).cancel());
        assertThrows(IllegalStateException.class, () -> new AsyncFuture<>());
        assertNull(EventLoop.runningOrNull());
    }

    @Test
    void isRunningIsClosed() {
        EventLoop loop = EventLoop.virtual();
        assertFalse(loop.isRunning());
        assertFalse(loop.isClosed());
        List<Boolean> inside = new ArrayList<>();
        loop.callSoon(() -> {
            inside.add(loop.isRunning());
            inside.add(EventLoop.running() == loop);
        });
        TestBase.runOnce(loop);
        assertEquals(List.of(true, true), inside);
        assertFalse(loop.isRunning());
        loop.close();
        assertTrue(loop.isClosed());
        loop.close(); // a second close does nothing
        assertTrue(loop.isClosed());
    }

    @Test
    void runUntilCompleteReturnsTheResult() {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<String> f = loop.createFuture();
        loop.callLater(2, () -> f.setResult("done"));
        assertEquals("done", loop.runUntilComplete(f));
        assertEquals(2.0, loop.time());
        // A coroutine is wrapped in a task; the loop can be run again.
        assertEquals(7, loop.runUntilComplete(Script.returning(7)));
        // Any other awaitable too.
        assertEquals("x", loop.runUntilComplete(Corio.sleep(1, "x")));
        loop.close();
    }

    @Test
    void runUntilCompleteRefusesAFutureOfAnotherLoop() {
        EventLoop a = EventLoop.virtual();
        EventLoop b = EventLoop.virtual();
        AsyncFuture<Object> f = a.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.runUntilComplete(f));
        assertTrue(e.getMessage().contains("different loop"), e.getMessage());
        a.close();
        b.close();
    }

    @Test
    void stoppedBeforeFutureCompleted() {
        // test_events: test_run_until_complete_stopped
        EventLoop loop = EventLoop.virtual();
        Coroutine<Object> main = new Script<>().then(v -> {
            EventLoop.running().stop();
            return awaiting(Corio.sleep(0.1));
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(main));
        assertEquals("Event loop stopped before Future completed.", e.getMessage());
        assertFalse(loop.isRunning());
        // The loop can still finish the job.
        loop.runUntilComplete(main.task());
        assertTrue(main.task().isDone());
        loop.close();
    }

    @Test
    void stopBeforeRunRunsExactlyOneTick() {
        // test_base_events: stop() before run_forever() runs one iteration
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("a");
            loop.callSoon(() -> log.add("next tick"));
        });
        loop.callSoon(() -> log.add("b"));
        loop.stop();
        loop.runForever();
        assertEquals(List.of("a", "b"), log);
        assertFalse(loop.isRunning());
        // stop() was consumed: the next stop-then-run runs one more tick.
        loop.stop();
        loop.runForever();
        assertEquals(List.of("a", "b", "next tick"), log);
        loop.close();
    }

    @Test
    void stopInACallbackFinishesTheTick() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("1");
            loop.stop();
        });
        loop.callSoon(() -> log.add("2"));
        loop.callLater(1, () -> log.add("later"));
        loop.runForever();
        assertEquals(List.of("1", "2"), log);
        assertEquals(0.0, loop.time(), "a stopping loop does not wait for timers");
        loop.close();
    }

    @Test
    void closedLoopRefusesWork() {
        EventLoop loop = EventLoop.virtual();
        loop.close();
        for (Runnable r : List.<Runnable>of(
                () -> loop.callSoon(() -> { }),
                () -> loop.callLater(1, () -> { }),
                () -> loop.callAt(1, () -> { }),
                () -> loop.callSoonThreadsafe(() -> { }),
                () -> loop.createTask(Script.returning(1)),
                () -> loop.runForever(),
                () -> loop.runUntilComplete(Script.returning(1)),
                () -> loop.runInExecutor(null, () -> 1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
            assertEquals("Event loop is closed", e.getMessage());
        }
    }

    @Test
    void cannotCloseOrRerunARunningLoop() {
        EventLoop loop = EventLoop.virtual();
        List<String> errors = new ArrayList<>();
        loop.callSoon(() -> {
            errors.add(assertThrows(IllegalStateException.class, loop::close).getMessage());
            errors.add(assertThrows(IllegalStateException.class, loop::runForever).getMessage());
            errors.add(assertThrows(IllegalStateException.class,
                    () -> loop.runUntilComplete(loop.createFuture())).getMessage());
            EventLoop other = EventLoop.virtual();
            errors.add(assertThrows(IllegalStateException.class, other::runForever).getMessage());
            other.close();
        });
        TestBase.runOnce(loop);
        assertEquals(List.of("Cannot close a running event loop", "This event loop is already running",
                "This event loop is already running",
                "Cannot run the event loop while another loop is running on this thread"), errors);
        assertFalse(loop.isClosed());
        loop.close();
    }

    // ---------------------------------------------------------------- scheduling

    @Test
    void callSoonIsFifo() {
        EventLoop loop = EventLoop.virtual();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.callSoon(() -> order.add(n));
        }
        TestBase.runOnce(loop);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, order.get(i));
        }
        loop.close();
    }

    /**
     * asyncio's call_soon_threadsafe is call_soon plus a wake-up: from the loop's own thread both keep one
     * FIFO order (the book's chapter 2 SchedulerLoop prints "hallo", scheduled thread-safely, first).
     */
    @Test
    void callSoonThreadsafeOnTheLoopThreadKeepsOrderWithCallSoon() {
        EventLoop loop = EventLoop.virtual();
        List<String> order = new ArrayList<>();
        loop.callSoon(() -> {
            loop.callSoonThreadsafe(() -> order.add("threadsafe 1"));
            loop.callSoon(() -> order.add("soon 2"));
            loop.callSoonThreadsafe(() -> order.add("threadsafe 3"));
            loop.callSoon(() -> {
                order.add("soon 4");
                loop.stop();
            });
        });
        loop.runForever();
        assertEquals(List.of("threadsafe 1", "soon 2", "threadsafe 3", "soon 4"), order);
        loop.close();
    }

    @Test
    void callbacksAddedDuringATickRunInTheNextTick() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("first");
            loop.callSoon(() -> log.add("added"));
        });
        loop.callSoon(() -> log.add("second"));
        TestBase.runOnce(loop);
        assertEquals(List.of("first", "second"), log);
        TestBase.runOnce(loop);
        assertEquals(List.of("first", "second", "added"), log);
        loop.close();
    }

    @Test
    void timersRunInDeadlineOrderTiesInSchedulingOrder() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        loop.callLater(3, () -> log.add("c@" + loop.time()));
        loop.callLater(1, () -> log.add("a1@" + loop.time()));
        loop.callAt(2, () -> log.add("b@" + loop.time()));
        loop.callLater(Duration.ofSeconds(1), () -> log.add("a2@" + loop.time()));
        loop.callLater(1.0, () -> log.add("a3@" + loop.time()));
        loop.callLater(-5, () -> log.add("past@" + loop.time()));
        loop.callLater(3, loop::stop);
        loop.runForever();
        assertEquals(List.of("past@0.0", "a1@1.0", "a2@1.0", "a3@1.0", "b@2.0", "c@3.0"), log);
        loop.close();
    }

    @Test
    void timerHandleKnowsItsDeadline() {
        EventLoop loop = EventLoop.virtual();
        loop.callLater(10, () -> { });
        loop.runUntilComplete(Corio.sleep(2.5));
        TimerHandle h = loop.callLater(1.5, () -> { });
        assertEquals(4.0, h.when());
        assertEquals(2.5, loop.time());
        loop.close();
    }

    @Test
    void timersAreNotRunEarlyOnTheRealClock() {
        EventLoop loop = EventLoop.create();
        double[] at = new double[1];
        double start = loop.time();
        loop.callLater(0.05, () -> {
            at[0] = loop.time();
            loop.stop();
        });
        loop.runForever();
        assertTrue(at[0] - start >= 0.05, "ran after " + (at[0] - start));
        loop.close();
    }

    @Test
    void cancelledHandlesDoNotRun() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        Handle h = loop.callSoon(() -> log.add("soon"));
        TimerHandle t = loop.callLater(1, () -> log.add("later"));
        loop.callSoon(() -> log.add("kept"));
        assertFalse(h.isCancelled());
        h.cancel();
        h.cancel();
        t.cancel();
        assertTrue(h.isCancelled() && t.isCancelled());
        loop.callLater(2, loop::stop);
        loop.runForever();
        assertEquals(List.of("kept"), log);
        loop.close();
    }

    @Test
    void cancelledTimersArePurged() {
        // test_base_events: test__run_once_cancelled_event_cleanup
        EventLoop loop = EventLoop.virtual();
        List<TimerHandle> hs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            hs.add(loop.callLater(10 + i, () -> { }));
        }
        TimerHandle kept = loop.callLater(5, () -> { });
        for (TimerHandle h : hs) {
            h.cancel();
        }
        assertEquals(1001, loop.timerCount());
        TestBase.runOnce(loop);
        assertEquals(1, loop.timerCount(), "cancelled timers are dropped when they are most of the heap");
        assertFalse(kept.isCancelled());
        // A cancelled timer at the top of the heap is dropped without running or advancing the clock.
        kept.cancel();
        TestBase.runOnce(loop);
        assertEquals(0, loop.timerCount());
        assertEquals(0.0, loop.time());
        loop.close();
    }

    @Test
    void aFewCancelledTimersStayUntilTheirTurn() {
        EventLoop loop = EventLoop.virtual();
        List<Integer> fired = new ArrayList<>();
        List<TimerHandle> hs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            hs.add(loop.callLater(i, () -> fired.add(n)));
        }
        for (int i = 0; i < 20; i += 2) {
            hs.get(i).cancel();
        }
        loop.callLater(100, loop::stop);
        loop.runForever();
        assertEquals(List.of(1, 3, 5, 7, 9, 11, 13, 15, 17, 19), fired);
        assertEquals(0, loop.timerCount());
        loop.close();
    }

    @Test
    void virtualTimeIsDeterministic() {
        List<String> first = interleaving();
        List<String> second = interleaving();
        assertEquals(first, second);
        assertEquals(List.of("b@1.0", "c@2.0", "a@3.0", "b@4.0", "c@4.0", "a@6.0"), first);
    }

    private static List<String> interleaving() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        for (String[] spec : new String[][] {{"a", "3"}, {"b", "1"}, {"c", "2"}}) {
            double d = Double.parseDouble(spec[1]);
            Runnable[] step = new Runnable[1];
            int[] n = {0};
            step[0] = () -> {
                log.add(spec[0] + "@" + loop.time());
                if (++n[0] < 2) {
                    loop.callLater(d == 1 ? 3 : d, step[0]);
                }
            };
            loop.callLater(d, step[0]);
        }
        loop.callLater(10, loop::stop);
        loop.runForever();
        loop.close();
        return log;
    }

    @Test
    void sleepingAnHourTakesNoTime() {
        long start = System.nanoTime();
        double t = Corio.run(Script.<Double>awaitAll(Corio.sleep(3600), Corio.sleep(Duration.ofHours(1)))
                .then(v -> EventLoop.running().time()), EventLoop::virtual);
        assertEquals(7200.0, t);
        // Two real hours would hit the test's timeout first; the bound only has to be far below them.
        assertTrue(System.nanoTime() - start < 30_000_000_000L);
    }

    // ---------------------------------------------------------------- exception handler

    @Test
    void failingCallbackIsReportedAndTheLoopGoesOn() {
        EventLoop loop = EventLoop.virtual();
        Recorder rec = new Recorder();
        loop.setExceptionHandler(rec);
        assertSame(rec, loop.getExceptionHandler());
        IllegalStateException boom = new IllegalStateException("boom");
        List<String> log = new ArrayList<>();
        Handle h = loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(() -> log.add("after"));
        loop.callLater(1, () -> {
            throw new AssertionError("timer");
        });
        loop.callLater(2, () -> log.add("timer after"));
        loop.runUntilComplete(Corio.sleep(3));
        assertEquals(List.of("after", "timer after"), log);
        assertEquals(2, rec.contexts.size());
        ExceptionContext c = rec.contexts.get(0);
        assertTrue(c.message().startsWith("Exception in callback"), c.message());
        assertSame(boom, c.exception());
        assertSame(h, c.handle());
        assertTrue(rec.contexts.get(1).exception() instanceof AssertionError);
        assertTrue(rec.contexts.get(1).handle() instanceof TimerHandle);
        loop.close();
    }

    @Test
    void defaultHandlerLogsAtError() {
        try (TestBase.LogCapture captured = TestBase.captureLog(true)) {
            List<LogRecord> records = captured.records;
            EventLoop loop = EventLoop.virtual();
            RuntimeException boom = new RuntimeException("boom");
            loop.callSoon(() -> {
                throw boom;
            });
            TestBase.runOnce(loop);
            // A handler that throws: logged, the original context still reported, the loop goes on.
            loop.setExceptionHandler((l, c) -> {
                throw new IllegalStateException("handler broke");
            });
            RuntimeException second = new RuntimeException("second");
            loop.callSoon(() -> {
                throw second;
            });
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> log.add("still running"));
            TestBase.runOnce(loop);
            assertEquals(List.of("still running"), log);
            // null restores the default handler
            loop.setExceptionHandler(null);
            loop.callSoon(() -> {
                throw boom;
            });
            TestBase.runOnce(loop);
            loop.close();

            assertEquals(4, records.size(), records.toString());
            assertEquals(Level.SEVERE, records.get(0).getLevel());
            assertSame(boom, records.get(0).getThrown());
            assertTrue(records.get(0).getMessage().startsWith("Exception in callback"));
            assertTrue(records.get(1).getMessage().contains("Unhandled error in exception handler"));
            assertEquals("handler broke", records.get(1).getThrown().getMessage());
            assertSame(second, records.get(2).getThrown());
            assertSame(boom, records.get(3).getThrown());
        }
    }

    @Test
    void callExceptionHandlerPassesTheContext() {
        EventLoop loop = EventLoop.virtual();
        List<Object> seen = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> {
            seen.add(l);
            seen.add(c.message());
        });
        loop.callExceptionHandler(new ExceptionContext("custom", null, null, null));
        assertEquals(List.of(loop, "custom"), seen);
        loop.close();
    }

    @Test
    void farDeadlinesDoNotWrapIntoThePast() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> log.add("never"));
        loop.callLater(Double.POSITIVE_INFINITY, () -> log.add("never either"));
        loop.callLater(1e300, () -> log.add("nor this"));
        loop.callLater(1, () -> log.add("soon"));
        loop.runUntilComplete(Corio.sleep(2));
        assertEquals(List.of("soon"), log);
        assertEquals(2.0, loop.time());
        loop.close();
    }

    @Test
    void debugModeLogsSlowCallbacksAndSteps() {
        try (TestBase.LogCapture log = TestBase.captureLog(false)) {
            EventLoop loop = EventLoop.virtual();
            loop.setDebug(true);
            loop.setSlowCallbackDuration(0.05);
            loop.callSoon(() -> TestBase.sleepQuietly(60));
            loop.callSoon(() -> { });
            loop.runUntilComplete(loop.createTask(new Script<>().then(v -> {
                TestBase.sleepQuietly(60);
                return null;
            }), "slowpoke"));
            loop.close();
            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("Executing Handle["), warnings.get(0));
            assertTrue(warnings.get(1).contains("slowpoke"), warnings.get(1));
        }
    }

    @Test
    void negativeDelaysRunInDeadlineOrder() {
        // test_call_later_negative_delays
        EventLoop loop = EventLoop.virtual();
        List<String> calls = new ArrayList<>();
        loop.callLater(-1, () -> calls.add("a"));
        loop.callLater(-2, () -> calls.add("b"));
        TestBase.runOnce(loop);
        assertEquals(List.of("b", "a"), calls);
        loop.close();
    }

    @Test
    void theWaitEndsAtTheFirstTimerThatIsNotCancelled() {
        // test__run_once: a cancelled timer at 5 s does not cut the wait for the one at 10 s short
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        AsyncFuture<Object> done = loop.createFuture();
        loop.callLater(5, () -> log.add("h1")).cancel();
        loop.callLater(10, () -> {
            log.add("h2@" + loop.time());
            done.setResult(null);
        });
        long before = loop.ticks;
        loop.runUntilComplete(done);
        assertEquals(2, loop.ticks - before, "one tick waits for h2 and runs it, one runs the stop callback");
        assertEquals(List.of("h2@10.0"), log);
        assertEquals(0, loop.timerCount());
        loop.close();
    }

    @Test
    void cancelledTimersAtTheHeadGoFirstOthersWaitForASweep() {
        // test__run_once_cancelled_event_cleanup
        EventLoop loop = EventLoop.virtual();
        loop.callLater(3000, () -> { });
        for (int i = 0; i < 2; i++) {
            loop.callLater(3600, () -> { }).cancel();
        }
        for (int i = 0; i < 2; i++) {
            loop.callLater(100, () -> { }).cancel();
        }
        loop.callSoon(() -> { }); // keeps the tick from waiting
        TestBase.runOnce(loop);
        assertEquals(3, loop.timerCount(), "the two cancelled at the head are gone, the two behind stay");
        for (int i = 0; i < 100; i++) {
            loop.callLater(3600, () -> { });
        }
        for (int i = 0; i < 120; i++) {
            loop.callLater(3600, () -> { }).cancel();
        }
        assertEquals(223, loop.timerCount());
        loop.callSoon(() -> { });
        TestBase.runOnce(loop);
        assertEquals(101, loop.timerCount(), "a sweep once cancelled timers are most of the heap");
        assertEquals(0.0, loop.time());
        loop.close();
    }

    @Test
    void aTimerCallbackSchedulingSoonRunsItNextTick() {
        // test__run_once_schedule_handle
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        loop.callLater(-1, () -> {
            log.add("timer");
            loop.callSoon(() -> log.add("soon"));
        });
        TestBase.runOnce(loop);
        assertEquals(List.of("timer"), log);
        assertEquals(1, loop.readySnapshot().size());
        TestBase.runOnce(loop);
        assertEquals(List.of("timer", "soon"), log);
        loop.close();
    }

    @Test
    void preStoppedLoopDoesNotWaitForTimers() {
        // test_run_forever_pre_stopped: the one tick polls without waiting
        EventLoop loop = EventLoop.create();
        List<String> log = new ArrayList<>();
        loop.callLater(3600, () -> log.add("timer"));
        long start = System.nanoTime();
        loop.stop();
        loop.runForever();
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        assertEquals(List.of(), log);
        loop.close();
    }

    @Test
    void aFailingShutdownDoesNotHideMainsException() {
        IllegalArgumentException mainError = new IllegalArgumentException("main failed");
        IllegalArgumentException got = assertThrows(IllegalArgumentException.class, () -> Corio.run(
                new Script<>().then(v -> {
                    Corio.createTask(new Script<>()
                            .then(x -> awaiting(Corio.sleep(10)))
                            .handle((x, e) -> {
                                EventLoop.running().stop(); // sabotages run()'s wait for the leftovers
                                return awaiting(Corio.sleep(10));
                            }));
                    return awaiting(Corio.sleep(1));
                }).then(v -> {
                    throw mainError;
                }), EventLoop::virtual));
        assertSame(mainError, got);
        assertEquals(1, got.getSuppressed().length);
        assertEquals("Event loop stopped before Future completed.", got.getSuppressed()[0].getMessage());
    }
}
