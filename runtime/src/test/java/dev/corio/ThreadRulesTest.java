package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The threading rules of docs/runtime.md: loop-only methods throw from another thread while the loop runs
 * (always, debug mode off), naming the alternative; an idle loop may be used from any thread; the
 * thread-safe entry points work from anywhere.
 */
class ThreadRulesTest {

    /** A loop running on its own thread, parked on an hour-long timer until {@link #close()}. */
    static final class LoopThread implements AutoCloseable {
        final EventLoop loop;
        final Thread thread;
        final AtomicReference<Throwable> escaped = new AtomicReference<>();

        LoopThread(EventLoop loop) throws InterruptedException {
            this.loop = loop;
            loop.callLater(3600, () -> { });
            thread = new Thread(() -> {
                try {
                    loop.runForever();
                } catch (Throwable e) {
                    escaped.set(e);
                }
            }, "the-loop");
            thread.start();
            TestBase.awaitParked(thread, loop);
        }

        /** Runs {@code action} on the loop's thread and waits for it. */
        <T> T onLoop(java.util.concurrent.Callable<T> action) throws Exception {
            CompletableFuture<T> cf = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> {
                try {
                    cf.complete(action.call());
                } catch (Throwable e) {
                    cf.completeExceptionally(e);
                }
            });
            try {
                return cf.get();
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }

        @Override
        public void close() throws InterruptedException {
            loop.stop();
            thread.join();
            assertNull(escaped.get());
        }
    }

    @Test
    void everyLoopOnlyMethodThrowsFromAnotherThreadWhileTheLoopRunsAndChangesNothing() throws Exception {
        EventLoop loop = EventLoop.create();
        assertFalse(loop.isDebug(), "the checks do not depend on debug mode");
        AsyncFuture<String> future = loop.createFuture();
        Task<Object> sleeper = loop.createTask(Script.awaitAll(Corio.sleep(3600)));
        java.util.function.Consumer<AsyncFuture<String>> cb = f -> { };
        try (LoopThread lt = new LoopThread(loop)) {
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("callSoon", () -> loop.callSoon(() -> { }));
            calls.put("callAt", () -> loop.callLater(1, () -> { }));
            calls.put("callAt ", () -> loop.callLater(Duration.ofSeconds(1), () -> { }));
            calls.put("callAt  ", () -> loop.callAt(5, () -> { }));
            calls.put("createTask", () -> loop.createTask(Script.returning(1)));
            calls.put("runInExecutor", () -> loop.runInExecutor(null, () -> 1));
            calls.put("fromStage", () -> AsyncFuture.fromStage(new CompletableFuture<>(), loop));
            calls.put("allTasks", loop::allTasks);
            calls.put("setDebug", () -> loop.setDebug(true));
            calls.put("runUntilComplete", () -> loop.runUntilComplete(future));
            calls.put("setResult", () -> future.setResult("wrong thread"));
            calls.put("setException", () -> future.setException(new RuntimeException()));
            calls.put("cancel", () -> future.cancel());
            calls.put("addDoneCallback", () -> future.addDoneCallback(cb));
            calls.put("removeDoneCallback", () -> future.removeDoneCallback(cb));
            calls.put("cancel ", () -> sleeper.cancel());
            calls.put("uncancel", () -> sleeper.uncancel());
            for (Map.Entry<String, Runnable> c : calls.entrySet()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, c.getValue()::run, c.getKey());
                String what = c.getKey().trim();
                if (what.equals("runUntilComplete")) {
                    assertEquals("This event loop is already running", e.getMessage());
                    continue;
                }
                assertTrue(e.getMessage().startsWith("Non-thread-safe operation " + what + "() invoked from thread \""
                        + Thread.currentThread().getName() + "\" while the event loop runs on thread \"the-loop\""),
                        e.getMessage());
                assertTrue(e.getMessage().contains("Threadsafe"), "names the alternative: " + e.getMessage());
            }
            assertEquals(List.of(), lt.onLoop(loop::readySnapshot), "nothing was scheduled");
            assertEquals(2, (int) lt.onLoop(loop::timerCount), "no timer was added (the hour timer, the sleep)");
            assertFalse(future.isDone());
            assertFalse(sleeper.isDone());
            assertEquals(0, (int) lt.onLoop(sleeper::cancelling));
            assertFalse(lt.onLoop(loop::isDebug));
        }
        sleeper.cancel();
        TestBase.runOnce(loop);
        loop.close();
    }

    @Test
    void theMessagesNameTheThreadSafeAlternatives() throws Exception {
        EventLoop loop = EventLoop.create();
        AsyncFuture<String> future = loop.createFuture();
        try (LoopThread lt = new LoopThread(loop)) {
            assertTrue(assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { })).getMessage()
                    .endsWith("use loop.callSoonThreadsafe(() -> ...) to run the call on the loop"));
            assertTrue(assertThrows(IllegalStateException.class, () -> loop.createTask(Script.returning(1)))
                    .getMessage().endsWith("use Corio.runCoroutineThreadsafe(coro, loop), which gives a CompletableFuture"));
            assertTrue(assertThrows(IllegalStateException.class, () -> future.setResult("x")).getMessage()
                    .endsWith("use loop.callSoonThreadsafe(() -> future.setResult(...))"));
            assertTrue(assertThrows(IllegalStateException.class, future::cancel).getMessage()
                    .contains("loop.callSoonThreadsafe(future::cancel)"));
        }
        loop.close();
    }

    @Test
    void theAlternativesWork() throws Exception {
        EventLoop loop = EventLoop.create();
        AsyncFuture<String> future = loop.createFuture();
        AsyncFuture<String> cancelled = loop.createFuture();
        try (LoopThread lt = new LoopThread(loop)) {
            CompletableFuture<String> got = future.toCompletableFuture(); // from this thread, while it runs
            CompletableFuture<String> gotCancelled = cancelled.toCompletableFuture();
            loop.callSoonThreadsafe(() -> future.setResult("set on the loop"));
            loop.callSoonThreadsafe(cancelled::cancel);
            assertEquals("set on the loop", got.get());
            assertThrows(CancellationException.class, gotCancelled::join);
            assertTrue(lt.onLoop(cancelled::isCancelled));
        }
        loop.close();
    }

    @Test
    void runCoroutineThreadsafeGivesTheResultTheSameExceptionAndCancels() throws Exception {
        EventLoop loop = EventLoop.create();
        IOException io = new IOException("disk");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LoopThread lt = new LoopThread(loop)) {
            CompletableFuture<String> ok = Corio.runCoroutineThreadsafe(new Script<String>()
                    .then(v -> awaiting(Corio.sleep(0.01)))
                    .then(v -> "on " + Thread.currentThread().getName()), loop);
            assertEquals("on the-loop", ok.get());

            CompletableFuture<Object> failed = Corio.runCoroutineThreadsafe(new Script<>().then(v -> {
                throw io;
            }), loop);
            ExecutionException ee = assertThrows(ExecutionException.class, failed::get);
            assertSame(io, ee.getCause());

            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Object> forever = Corio.runCoroutineThreadsafe(new Script<>()
                    .then(v -> {
                        started.countDown();
                        return awaiting(Corio.sleep(3600));
                    })
                    .handle((v, e) -> {
                        log.add("finally " + e.getClass().getSimpleName());
                        throw e;
                    }), loop);
            started.await();
            assertTrue(forever.cancel(false)); // from this thread: the task is cancelled through the loop
            lt.onLoop(() -> null); // the cancel ran on the loop
            lt.onLoop(() -> null); // and the task saw it at its await and finished
            assertEquals(List.of("finally CancelledError"), log);
            assertTrue(lt.onLoop(loop::allTasks).isEmpty());
        }
        loop.close();
        assertThrows(IllegalStateException.class, () -> Corio.runCoroutineThreadsafe(Script.returning(1), loop));
    }

    @Test
    void runCoroutineThreadsafeCancelledBeforeItStartsNeverRunsTheCoroutine() throws Exception {
        EventLoop loop = EventLoop.virtual();
        boolean[] ran = {false};
        Coroutine<Object> coro = new Script<>().then(v -> ran[0] = true);
        CompletableFuture<Object> cf = Corio.runCoroutineThreadsafe(coro, loop); // the loop is not running yet
        assertTrue(cf.cancel(false));
        TestBase.runOnce(loop);
        assertFalse(ran[0]);
        assertTrue(coro.isClosed());
        assertTrue(cf.isCancelled());
        loop.close();
    }

    @Test
    void stopFromAnotherThreadWakesAParkedLoopEveryTime() throws Exception {
        // A stop racing with the loop falling asleep must never be lost: the loop would sleep for an hour
        // and the test would time out.
        EventLoop loop = EventLoop.create();
        loop.callLater(3600, () -> { });
        for (int i = 0; i < 2_000; i++) {
            CountDownLatch go = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                loop.stop();
            });
            stopper.start();
            loop.callSoon(go::countDown);
            loop.runForever(); // returns only if the stop was seen
            stopper.join();
        }
        loop.close();
    }

    @Test
    void anIdleLoopMayBeUsedFromAnyThreadWhichThenOwnsIt() throws Exception {
        EventLoop loop = EventLoop.virtual(); // created here
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> log.add("scheduled by the creator"));
        Thread other = new Thread(() -> {
            // Before the loop runs, any thread may schedule on it and run it (asyncio allows this too).
            loop.callSoon(() -> log.add("scheduled by another thread"));
            Task<String> t = loop.createTask(Script.<String>awaitAll(Corio.sleep(5)).then(v -> "ran on " + Thread.currentThread().getName()));
            log.add(loop.runUntilComplete(t));
        }, "runner");
        other.start();
        other.join();
        // The loop stopped: this thread may use it again.
        AsyncFuture<String> f = loop.createFuture();
        loop.callSoon(() -> f.setResult("back on " + Thread.currentThread().getName()));
        log.add(loop.runUntilComplete(f));
        assertEquals(List.of("scheduled by the creator", "scheduled by another thread", "ran on runner",
                "back on " + Thread.currentThread().getName()), log);
        loop.close();
    }

    @Test
    void twoThreadsStartingOneLoopAtOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            EventLoop loop = EventLoop.create();
            loop.callLater(3600, () -> { });
            CountDownLatch go = new CountDownLatch(1);
            List<Throwable> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> runners = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread r = new Thread(() -> {
                    try {
                        go.await();
                        loop.runForever();
                    } catch (IllegalStateException e) {
                        refused.add(e);
                    } catch (InterruptedException e) {
                        refused.add(e);
                    }
                });
                r.start();
                runners.add(r);
            }
            go.countDown();
            while (refused.isEmpty()) {
                Thread.sleep(1);
            }
            loop.stop();
            for (Thread r : runners) {
                r.join();
            }
            assertEquals(1, refused.size(), "exactly one of the two runs the loop");
            assertEquals("This event loop is already running", refused.get(0).getMessage());
            loop.close();
        }
    }

    @Test
    void aTimerCancelledFromAnotherThreadDoesNotFireAndLeavesTheHeapConsistent() throws Exception {
        EventLoop loop = EventLoop.create();
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LoopThread lt = new LoopThread(loop)) {
            List<TimerHandle> timers = lt.onLoop(() -> {
                List<TimerHandle> hs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    hs.add(loop.callLater(0.05, () -> log.add("fired")));
                }
                return hs;
            });
            for (TimerHandle h : timers) {
                h.cancel(); // from this thread, while the loop runs
            }
            CompletableFuture<String> later = new CompletableFuture<>();
            lt.loop.callSoonThreadsafe(() -> loop.callLater(0.1, () -> later.complete("after them")));
            assertEquals("after them", later.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(), log);
            assertEquals(1, (int) lt.onLoop(loop::timerCount), "only the hour timer is left");
        }
        loop.close();
    }

    @Test
    void readingAFailedFutureFromAnotherThreadDoesNotCorruptTheUnretrievedBookkeeping() throws Exception {
        EventLoop loop = EventLoop.create();
        TestBase.Recorder rec = new TestBase.Recorder();
        loop.setExceptionHandler(rec);
        List<AsyncFuture<Object>> failed = new ArrayList<>();
        try (LoopThread lt = new LoopThread(loop)) {
            lt.onLoop(() -> {
                for (int i = 0; i < 1000; i++) {
                    AsyncFuture<Object> f = loop.createFuture();
                    f.setException(new IllegalStateException("boom " + i));
                    failed.add(f);
                }
                return null;
            });
            for (AsyncFuture<Object> f : failed) {
                assertTrue(f.exception() instanceof IllegalStateException); // read here, while the loop runs
            }
            lt.onLoop(() -> null);
        }
        loop.close();
        assertEquals(List.of(), rec.messages(), "every exception was retrieved, none reported");
    }

    @Test
    void callSoonThreadsafeOnAClosedLoopThrows() {
        EventLoop loop = EventLoop.virtual();
        loop.close();
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertThrows(IllegalStateException.class, loop::runForever);
    }

    @Test
    void toCompletableFutureOfADoneFutureFromAnotherThreadAfterTheLoopStopped() throws Exception {
        EventLoop loop = EventLoop.virtual();
        Task<String> t = loop.createTask(Script.<String>awaitAll(Corio.sleep(1)).then(v -> "done"));
        loop.runUntilComplete(t);
        // The other thread takes the idle loop over and subscribes directly; the callback runs in the loop's
        // next tick, which this thread runs once the other one is done with the loop.
        CompletableFuture<CompletableFuture<String>> cf = CompletableFuture.supplyAsync(t::toCompletableFuture);
        CompletableFuture<String> result = cf.get(10, TimeUnit.SECONDS);
        assertFalse(result.isDone());
        TestBase.runOnce(loop);
        assertEquals("done", result.getNow("not yet"));
        loop.close();
    }
}
