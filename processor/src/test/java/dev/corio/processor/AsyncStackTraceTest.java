package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.TimeoutError;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Async stack traces of {@code @Async} code (issue 15): an exception that crosses awaits carries the chain of
 * {@code @Async} methods it crossed, each with the user's class, method, file and the line of its await, in
 * order from the throw site outwards, across tasks, gather, TaskGroup, timeouts and cancellations; and a suspended
 * task shows the same chain through {@link Task#getStackTrace()} and the loop's task dump.
 *
 * <p>Line numbers: {@link Harness#cls} puts class {@code T} on line 8 of {@code T.java}, so the member
 * at index {@code i} of the list below is on line {@code 9 + i}.
 */
@Timeout(60)
class AsyncStackTraceTest {
    static ClassLoader l;

    static final String[] MEMBERS = {
        /* 9 */ "  @Async public Coroutine<Integer> leaf() {",
        /* 10 */ "    await(sleep(1));",
        /* 11 */ "    throw new IllegalStateException(\"deep\");",
        /* 12 */ "  }",
        /* 13 */ "  @Async public Coroutine<Integer> middle() {",
        /* 14 */ "    await(sleep(1));",
        /* 15 */ "    int v = await(leaf());",
        /* 16 */ "    return result(v + 1);",
        /* 17 */ "  }",
        /* 18 */ "  @Async public Coroutine<Integer> top() {",
        /* 19 */ "    await(sleep(1));",
        /* 20 */ "    return result(await(middle()) + 1);",
        /* 21 */ "  }",
        /* 22 */ "  @Async public Coroutine<Integer> viaTask() {",
        /* 23 */ "    Task<Integer> t = createTask(middle(), \"worker\");",
        /* 24 */ "    return result(await(t));",
        /* 25 */ "  }",
        /* 26 */ "  @Async public Coroutine<List<Integer>> viaGather() {",
        /* 27 */ "    return result(await(gather(top(), later(1))));",
        /* 28 */ "  }",
        /* 29 */ "  @Async public Coroutine<Integer> slow() {",
        /* 30 */ "    await(sleep(100));",
        /* 31 */ "    return result(1);",
        /* 32 */ "  }",
        /* 33 */ "  @Async public Coroutine<Integer> timesOut() {",
        /* 34 */ "    return result(await(waitFor(slow(), 5)));",
        /* 35 */ "  }",
        /* 36 */ "  @Async public Coroutine<Integer> waitsLong() {",
        /* 37 */ "    await(sleep(1));",
        /* 38 */ "    return result(await(slow()));",
        /* 39 */ "  }",
        /* 40 */ "  @Async public Coroutine<Integer> cancelsItsChild() {",
        /* 41 */ "    Task<Integer> t = createTask(waitsLong(), \"victim\");",
        /* 42 */ "    await(sleep(10));",
        /* 43 */ "    t.cancel(\"enough\");",
        /* 44 */ "    return result(await(t));",
        /* 45 */ "  }",
        /* 46 */ "  @Async public Coroutine<Integer> inGroup() {",
        /* 47 */ "    try (var tg = new TaskGroup()) {",
        /* 48 */ "      tg.createTask(middle(), \"member\");",
        /* 49 */ "      tg.createTask(slow(), \"other\");",
        /* 50 */ "    }",
        /* 51 */ "    return result(1);",
        /* 52 */ "  }",
        /* 53 */ "  @Async public Coroutine<Integer> parked(AsyncFuture<Integer> f) {",
        /* 54 */ "    int v = await(f);",
        /* 55 */ "    return result(v);",
        /* 56 */ "  }",
        /* 57 */ "  @Async public Coroutine<Integer> parkedDeep(AsyncFuture<Integer> f) {",
        /* 58 */ "    return result(await(parked(f)) + 1);",
        /* 59 */ "  }",
    };

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(MEMBERS));
    }

    /** The elements of {@code e}'s trace in {@code T.java} and the async boundary markers, as "method:line". */
    static List<String> chain(Throwable e) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement s : e.getStackTrace()) {
            if ("T.java".equals(s.getFileName())) {
                assertEquals("t.T", s.getClassName(), "an @Async frame names the user's class: " + s);
                out.add(s.getMethodName() + ":" + s.getLineNumber());
            } else if ("corio.await".equals(s.getClassName())) {
                assertEquals("async boundary", s.getFileName(), s.toString());
                out.add("<" + s.getMethodName() + ">");
            }
        }
        return out;
    }

    static Throwable failure(String method) {
        return assertThrows(Throwable.class, () -> Harness.run(l, "T", method));
    }

    @Test
    void threeNestedMethodsEachSuspendingBeforeTheThrow() {
        Throwable e = failure("top");
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals("deep", e.getMessage());
        // the throw site, in leaf's generated machine, is mapped to the throw's own line in T.java; then each
        // suspended await outwards
        assertEquals("t.T.leaf(T.java:11)", e.getStackTrace()[0].toString());
        List<String> c = chain(e);
        assertEquals(List.of("leaf:11", "<Task-" + taskNumber(c.subList(1, c.size())) + ">", "middle:15", "top:20"), c,
                String.valueOf(c));
        String p = printed(e);
        assertTrue(p.startsWith("java.lang.IllegalStateException: deep\n\tat t.T.leaf(T.java:11)\n\tat corio.await.Task-"), p);
        assertTrue(p.contains("(async boundary)\n\tat t.T.middle(T.java:15)\n\tat t.T.top(T.java:20)\n\tat dev.corio.Task.step("),
                p);
        assertTrue(!p.contains("Corio_T"), "no generated frame is left: " + p);
    }

    @Test
    void aTaskAwaitingATaskContinuesTheChainInTheAwaitingTask() {
        Throwable e = failure("viaTask");
        List<String> c = chain(e);
        assertEquals(List.of("leaf:11", "<worker>", "middle:15", "<Task-" + taskNumber(c.subList(3, c.size())) + ">", "viaTask:24"), c,
                String.valueOf(c));
    }

    @Test
    void gatherHandsTheChildsChainToTheAwaiter() {
        Throwable e = failure("viaGather");
        List<String> c = chain(e);
        // the throw site, the child task gather made for top(), then the task that awaited the gather
        assertEquals(6, c.size(), String.valueOf(c));
        assertEquals("leaf:11", c.get(0), String.valueOf(c));
        assertEquals(List.of("middle:15", "top:20"), c.subList(2, 4), String.valueOf(c));
        assertEquals("viaGather:27", c.get(5), String.valueOf(c));
        assertTrue(c.get(1).startsWith("<Task-") && c.get(4).startsWith("<Task-") && !c.get(1).equals(c.get(4)),
                String.valueOf(c));
    }

    @Test
    void aTimeoutShowsTheAwaitThatTimedOut() {
        Throwable e = failure("timesOut");
        assertInstanceOf(TimeoutError.class, e);
        List<String> c = chain(e);
        assertEquals("timesOut:34", c.get(c.size() - 1), String.valueOf(c));
    }

    @Test
    void aCancellationShowsTheAwaitsItEnded() {
        Throwable e = failure("cancelsItsChild");
        assertInstanceOf(CancelledError.class, e);
        List<String> c = chain(e);
        // thrown into slow at its sleep, then out through waitsLong, in the victim task; then the canceller's await
        assertEquals(List.of("<victim>", "slow:30", "waitsLong:38"), c.subList(0, 3), String.valueOf(c));
        assertEquals("cancelsItsChild:44", c.get(c.size() - 1), String.valueOf(c));
    }

    @Test
    void aTaskGroupHandsTheMembersChainToTheBlocksTask() {
        Throwable e = failure("inGroup");
        assertInstanceOf(IllegalStateException.class, e);
        List<String> c = chain(e);
        // the member task's chain, then the task of the block, at the try-with-resources that awaited the exit
        // (asyncio shows the `async with` line); the cancelled sibling adds nothing
        assertEquals(List.of("leaf:11", "<member>", "middle:15"), c.subList(0, 3), String.valueOf(c));
        assertTrue(c.get(3).startsWith("<Task-"), String.valueOf(c));
        assertEquals(List.of("inGroup:47"), c.subList(4, c.size()), String.valueOf(c));
        assertTrue(printed(e).contains("\tat t.T.inGroup(T.java:47)\n\tat dev.corio.Task.step("), printed(e));
    }

    @Test
    void aSuspendedTaskShowsItsChainAndTheDumpFromAnotherThreadToo() throws Throwable {
        Class<?> gen = l.loadClass("t.Corio_T");
        Object target = gen.getDeclaredConstructor().newInstance();
        Method top = Harness.find(gen, "top");
        Method waitsLong = Harness.find(gen, "waitsLong");
        EventLoop loop = EventLoop.virtual();
        try {
            Task<?> a = loop.createTask((Coroutine<?>) top.invoke(target), "a");
            Task<?> b = loop.createTask((Coroutine<?>) waitsLong.invoke(target), "b");
            Task<?> c = loop.createTask((Coroutine<?>) top.invoke(target), "c");
            loop.runUntilComplete(Corio.sleep(2.5)); // a and c wait in leaf's sleep (2 to 3), b in slow's (1 to 101)
            assertEquals(List.of("leaf:10", "middle:15", "top:20"), names(a.getStackTrace()));
            assertEquals(List.of("slow:30", "waitsLong:38"), names(b.getStackTrace()));
            assertEquals(names(a.getStackTrace()), names(c.getStackTrace()));

            AtomicReference<String> dump = new AtomicReference<>();
            CountDownLatch taken = new CountDownLatch(1);
            Thread watchdog = new Thread(() -> {
                dump.set(loop.dumpTasks());
                taken.countDown();
            }, "watchdog");
            watchdog.start();
            assertTrue(taken.await(10, TimeUnit.SECONDS));
            String d = dump.get();
            assertTrue(d.contains("3 pending tasks"), d);
            int ia = d.indexOf("Task a ");
            int ib = d.indexOf("Task b ");
            assertTrue(ia >= 0 && ib > ia, d);
            assertTrue(d.substring(ia, ib).contains(
                    "    at t.T.leaf(T.java:10)\n    at t.T.middle(T.java:15)\n    at t.T.top(T.java:20)\n"), d);
            assertTrue(d.substring(ib).contains("    at t.T.slow(T.java:30)\n    at t.T.waitsLong(T.java:38)\n"), d);

            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            b.printStack(new java.io.PrintStream(out, true, "UTF-8"));
            assertEquals("Stack for Task b (T.waitsLong()) (most recent await first):\n"
                    + "\tat t.T.slow(T.java:30)\n\tat t.T.waitsLong(T.java:38)\n", out.toString("UTF-8"));
            a.cancel();
            b.cancel();
            c.cancel();
            loop.runUntilComplete(Corio.sleep(0));
            assertEquals(0, a.getStackTrace().length);
        } finally {
            loop.close();
        }
    }

    @Test
    void theDumpOfARunningLoopTakenFromAnotherThreadShowsThreeTasksAtTheirLines() throws Throwable {
        // the loop runs on its own thread, really waiting (on a future only this thread completes); the dump and
        // the loop's toString are taken from this one meanwhile
        Class<?> gen = l.loadClass("t.Corio_T");
        Object target = gen.getDeclaredConstructor().newInstance();
        Method parked = Harness.find(gen, "parked");
        Method parkedDeep = Harness.find(gen, "parkedDeep");
        EventLoop loop = EventLoop.create();
        CountDownLatch suspended = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Void> stop = new java.util.concurrent.CompletableFuture<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            try {
                dev.corio.AsyncFuture<Integer> never = loop.createFuture();
                loop.createTask((Coroutine<?>) parked.invoke(target, never), "shallow");
                loop.createTask((Coroutine<?>) parkedDeep.invoke(target, never), "deep");
                loop.createTask((Coroutine<?>) parkedDeep.invoke(target, never), "deeper");
                loop.callSoon(() -> loop.callSoon(suspended::countDown)); // after the tasks' first steps
                loop.runUntilComplete(dev.corio.AsyncFuture.fromStage(stop, loop));
                never.cancel();
                loop.runUntilComplete(Corio.sleep(0));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "loop-owner");
        owner.start();
        String dump;
        String named;
        try {
            assertTrue(suspended.await(10, TimeUnit.SECONDS));
            dump = loop.dumpTasks();
            named = loop.toString();
        } finally {
            stop.complete(null);
            owner.join(10_000);
            loop.close();
        }
        assertEquals(null, failure.get());
        assertTrue(dump.startsWith("3 pending tasks on EventLoop[running]:\n"), dump);
        int shallow = dump.indexOf("Task shallow ");
        int deep = dump.indexOf("Task deep ");
        int deeper = dump.indexOf("Task deeper ");
        assertTrue(shallow >= 0 && deep > shallow && deeper > deep, dump);
        assertTrue(dump.substring(shallow, deep).endsWith("    at t.T.parked(T.java:54)\n"), dump);
        assertTrue(dump.substring(deep, deeper).endsWith("    at t.T.parked(T.java:54)\n    at t.T.parkedDeep(T.java:58)\n"),
                dump);
        assertTrue(dump.substring(deeper).endsWith("    at t.T.parked(T.java:54)\n    at t.T.parkedDeep(T.java:58)\n"),
                dump);
        assertEquals("EventLoop[running, 3 pending tasks: shallow, deep, deeper]", named);
        System.out.print(dump);
    }

    @Test
    void aGeneratorsFailureAndItsSuspendedBodyShowTheirLines() throws Throwable {
        // GeneratorTest.gen: two more header lines, so members start on line 11
        ClassLoader g = Harness.load(GeneratorTest.gen(
                /* 11 */ "  @Async AsyncGenerator<Integer> ticks() {",
                /* 12 */ "    emit(1);",
                /* 13 */ "    await(sleep(1));",
                /* 14 */ "    throw new IllegalStateException(\"gen\");",
                /* 15 */ "  }",
                /* 16 */ "  @Async Coroutine<Integer> consume() {",
                /* 17 */ "    int sum = 0;",
                /* 18 */ "    for (int x : awaitEach(ticks())) {",
                /* 19 */ "      sum += x;",
                /* 20 */ "    }",
                /* 21 */ "    return result(sum);",
                /* 22 */ "  }",
                /* 23 */ "  @Async Coroutine<Integer> outer() {",
                /* 24 */ "    await(sleep(1));",
                /* 25 */ "    return result(await(consume()));",
                /* 26 */ "  }"));
        Throwable e = assertThrows(IllegalStateException.class, () -> Harness.run(g, "T", "outer"));
        List<String> c = chain(e);
        // the throw in the generator's body at its own line, then the consumer's async for and its awaiter
        assertEquals(List.of("ticks:14", "consume:18", "outer:25"), List.of(c.get(0), c.get(2), c.get(3)), String.valueOf(c));
        assertEquals(4, c.size(), String.valueOf(c));

        Class<?> gen = g.loadClass("t.Corio_T");
        Object target = gen.getDeclaredConstructor().newInstance();
        EventLoop loop = EventLoop.virtual();
        try {
            Task<?> t = loop.createTask((Coroutine<?>) Harness.find(gen, "outer").invoke(target), "reader");
            loop.runUntilComplete(Corio.sleep(1.5)); // in ticks' sleep (1 to 2)
            // the anext() step the consumer awaits describes itself by the generator's body
            assertEquals(List.of("ticks:13", "consume:18", "outer:25"), names(t.getStackTrace()));
            t.cancel();
            loop.runUntilComplete(Corio.sleep(0));
        } finally {
            loop.close();
        }
    }

    private static List<String> names(StackTraceElement[] st) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement s : st) {
            out.add(s.getMethodName() + ":" + s.getLineNumber());
        }
        return out;
    }

    private static String taskNumber(List<String> c) {
        return c.get(0).substring("<Task-".length(), c.get(0).length() - 1);
    }

    static String printed(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString().replace("\r\n", "\n");
    }
}
