package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Debug aids of issue 11: the task dump (every pending task, what it awaits, the frames it is suspended in),
 * {@code Task.getStack()}, and where a task was created (debug mode) in the reports about it.
 */
class TaskDumpTest {

    /** A coroutine with a readable name, as the generated machines have ("Crawler.comments()"). */
    static final class Named<T> extends Coroutine<T> {
        private final String name;
        private Awaitable<T> body;

        Named(String name, Awaitable<T> body) {
            this.name = name;
            this.body = body;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            Awaitable<T> b = body;
            if (b == null) {
                return value;
            }
            body = null;
            return b.awaitFrom(this);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Coroutine<Void> fetch(AsyncFuture<Void> stuck) {
        return new Named<>("Crawler.fetch()", stuck);
    }

    @Test
    void theDumpShowsEveryPendingTaskWithItsFramesAndWhatItAwaits() {
        EventLoop loop = EventLoop.virtual();
        try {
            AsyncFuture<Void> stuck = loop.createFuture();
            Task<?>[] tasks = new Task<?>[4];
            String[] dump = new String[1];
            loop.runUntilComplete(new Named<>("Main.main()", new Script<Void>().then(v -> {
                tasks[0] = Corio.createTask(new Named<>("Crawler.comments()", fetch(stuck)), "crawler");
                tasks[1] = Corio.createTask(new Named<>("Clock.tick()", Corio.sleep(3600)), "clock");
                return awaiting(Corio.sleep(0));
            }).then(v -> {
                tasks[2] = Corio.createTask(new Named<>("Late.start()", Script.returning(1)), "late");
                tasks[1].cancel("bored");
                dump[0] = Corio.getRunningLoop().dumpTasks();
                return awaiting(Corio.sleep(0));
            }).then(v -> {
                List<Coroutine<?>> stack = tasks[0].getStack();
                assertEquals(List.of("Crawler.comments()", "Crawler.fetch()"), names(stack));
                stuck.setResult(null);
                return awaiting(tasks[0]);
            }).then(v -> {
                assertEquals(List.of(), tasks[0].getStack());
                return null;
            })));
            String d = dump[0];
            assertTrue(d.startsWith("4 pending tasks on EventLoop[running, virtual clock]:\n"), d);
            // the running task (it takes the dump): its innermost frame is the test script, then Main.main()
            assertTrue(d.matches("(?s).*\\(Main\\.main\\(\\)\\): ready to run\n    dev\\.corio\\.Script@\\p{XDigit}+\n    Main\\.main\\(\\)\n.*"), d);
            // innermost first, as a Java stack trace reads
            assertTrue(d.contains("Task crawler (Crawler.comments()): awaiting AsyncFuture<pending>\n"
                    + "    Crawler.fetch()\n    Crawler.comments()\n"), d);
            assertTrue(d.contains("Task clock (Clock.tick()): awaiting"), d);
            assertTrue(d.contains(", cancelling (1 request)\n    Clock.tick()\n"), d);
            assertTrue(d.contains("Task late (Late.start()): not started yet\n    Late.start()\n"), d);
            assertTrue(!d.contains("created at"), "no creation sites outside debug mode: " + d);
            assertTrue(loop.dumpTasks().startsWith("No pending tasks on EventLoop[idle, virtual clock]"),
                    loop.dumpTasks());
        } finally {
            loop.close();
        }
    }

    private static List<String> names(List<Coroutine<?>> frames) {
        List<String> l = new ArrayList<>();
        for (Coroutine<?> f : frames) {
            l.add(f.toString());
        }
        return l;
    }

    @Test
    void inDebugModeTheDumpSaysWhereEachTaskWasCreated() {
        EventLoop loop = EventLoop.virtual();
        loop.setDebug(true);
        try {
            String[] dump = new String[1];
            loop.runUntilComplete(new Script<Void>().then(v -> {
                Task<Void> t = Corio.createTask(Script.awaitAll(Corio.sleep(1)), "sleeper");
                dump[0] = Corio.getRunningLoop().dumpTasks();
                return awaiting(t);
            }));
            int at = dump[0].indexOf("Task sleeper");
            String sleeper = dump[0].substring(at);
            assertTrue(sleeper.contains("  created at:\n    at "), dump[0]);
            assertTrue(sleeper.contains("inDebugModeTheDumpSaysWhereEachTaskWasCreated"), dump[0]);
        } finally {
            loop.close();
        }
    }

    @Test
    void anotherThreadCanDumpTheTasksOfAStuckLoop() throws Exception {
        EventLoop loop = EventLoop.create();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                loop.runUntilComplete(new Script<Void>().then(v -> {
                    Corio.createTask(Script.awaitAll(Corio.sleep(3600)), "waiting-forever");
                    return awaiting(Corio.sleep(0));
                }).then(v -> {
                    running.countDown();
                    release.await(10, TimeUnit.SECONDS); // the loop is stuck in a blocking call
                    return null;
                }));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "stuck-loop");
        t.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        String dump = loop.dumpTasks();
        release.countDown();
        t.join(10_000);
        loop.close();
        assertNull(failure.get());
        assertTrue(dump.startsWith("2 pending tasks on EventLoop[running]:"), dump);
        assertTrue(dump.contains("Task waiting-forever (dev.corio.Script@"), dump);
        assertTrue(dump.contains(": ready to run"), dump); // the stuck task itself, mid-step
    }

    @Test
    void inDebugModeAnUnretrievedTaskExceptionSaysWhereTheTaskWasCreated() {
        TestBase.Recorder recorder = new TestBase.Recorder();
        EventLoop loop = EventLoop.virtual();
        loop.setDebug(true);
        loop.setExceptionHandler(recorder);
        loop.runUntilComplete(new Script<Void>().then(v -> {
            Corio.createTask(Script.throwing(new IllegalStateException("lost")), "fire-and-forget");
            return awaiting(Corio.sleep(1));
        }));
        loop.close();
        assertEquals(1, recorder.contexts.size(), recorder.messages().toString());
        ExceptionContext ctx = recorder.contexts.get(0);
        assertTrue(ctx.message().startsWith("Task exception was never retrieved: Task fire-and-forget"), ctx.message());
        assertNotNull(ctx.sourceTraceback());
        assertEquals("task created here", ctx.sourceTraceback().getMessage());
        assertTrue(stackMentions(ctx.sourceTraceback(), "inDebugModeAnUnretrievedTaskExceptionSaysWhereTheTaskWasCreated"));
    }

    @Test
    void inDebugModeAPendingTaskAtCloseSaysWhereItWasCreated() {
        TestBase.Recorder recorder = new TestBase.Recorder();
        EventLoop loop = EventLoop.virtual();
        loop.setDebug(true);
        loop.setExceptionHandler(recorder);
        loop.runUntilComplete(new Script<Void>().then(v -> {
            Corio.createTask(Script.awaitAll(Corio.sleep(3600)), "abandoned");
            return awaiting(Corio.sleep(1));
        }));
        loop.close();
        ExceptionContext ctx = recorder.contexts.stream()
                .filter(c -> c.message().equals("Task was destroyed but it is pending!")).findFirst().orElseThrow();
        assertTrue(stackMentions(ctx.sourceTraceback(), "inDebugModeAPendingTaskAtCloseSaysWhereItWasCreated"));
    }

    @Test
    void withoutDebugModeThereIsNoCreationSite() {
        TestBase.Recorder recorder = new TestBase.Recorder();
        EventLoop loop = EventLoop.virtual();
        loop.setExceptionHandler(recorder);
        loop.runUntilComplete(new Script<Void>().then(v -> {
            Corio.createTask(Script.throwing(new IllegalStateException("lost")), "fire-and-forget");
            return awaiting(Corio.sleep(1));
        }));
        loop.close();
        assertEquals(1, recorder.contexts.size());
        assertNull(recorder.contexts.get(0).sourceTraceback());
    }

    @Test
    void theDefaultHandlerPrintsTheCreationSite() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.corio");
        List<String> lines = new ArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            Throwable origin = new Throwable("task created here");
            EventLoop.defaultReport(new ExceptionContext("Task exception was never retrieved: Task x", null, null, null,
                    origin));
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\ntask created here:\n\tat dev.corio.TaskDumpTest.theDefaultHandlerPrintsTheCreationSite"),
                lines.get(0));
    }

    @Test
    void aSlowCallbackOrStepIsNamedWithItsDuration() { // debug mode's slow-callback warning (issue 11)
        List<String> warnings;
        EventLoop loop = EventLoop.virtual();
        try (TestBase.LogCapture log = TestBase.captureLog(false)) {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(java.time.Duration.ofMillis(20));
            Runnable blocker = new Runnable() {
                @Override
                public void run() {
                    TestBase.sleepQuietly(40);
                }

                @Override
                public String toString() {
                    return "blocker";
                }
            };
            loop.callSoon(blocker);
            loop.callSoon(() -> { }); // fast: not reported
            loop.runUntilComplete(loop.createTask(new Script<Void>().then(v -> {
                TestBase.sleepQuietly(40);
                return null;
            }), "slow-step"));
            loop.close();
            warnings = log.messages(java.util.logging.Level.WARNING);
        } finally {
            loop.close();
        }
        assertEquals(2, warnings.size(), warnings.toString());
        for (String w : warnings) {
            double took = Double.parseDouble(w.replaceAll(".* took (\\S+) seconds", "$1"));
            assertTrue(took >= 0.04, w);
        }
        assertTrue(warnings.get(0).matches("Executing Handle\\[blocker\\] took \\d+\\.\\d{3} seconds"),
                warnings.get(0));
        assertTrue(warnings.get(1).matches("Executing a step of Task slow-step \\(.*\\)<[^>]*> took \\d+\\.\\d{3} seconds"),
                warnings.get(1));
    }

    private static boolean stackMentions(Throwable t, String method) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
