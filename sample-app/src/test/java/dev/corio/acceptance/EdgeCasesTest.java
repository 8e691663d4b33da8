package dev.corio.acceptance;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.TaskGroup;
import dev.corio.TimeoutError;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Corners of asyncio's documented behaviour; expected output is CPython 3.12's for the same programs. */
class EdgeCasesTest {

    static class Programs {
        final Out out = new Out();

        @Async
        Coroutine<Void> body(String name) {
            out.print("body ran " + name);
            await(sleep(1));
            return result(null);
        }

        @Async
        Coroutine<String> sleeper(double n, String name) {
            try {
                await(sleep(n));
                return result(name);
            } catch (CancelledError e) {
                out.at("child cancelled " + name);
                throw e;
            }
        }

        @Async
        Coroutine<Void> cancelBeforeStart() {
            Task<Void> tk = createTask(body("x"));
            out.print("" + tk.cancel());
            try {
                await(tk);
            } catch (CancelledError e) {
                out.print("cancelled " + tk.isCancelled());
            }
            return result(null);
        }

        @Async
        Coroutine<Void> selfCancel() {
            Task<?> me = currentTask();
            me.cancel("self");
            out.print("still running " + me.cancelling());
            try {
                await(sleep(0));
                out.print("not here");
            } catch (CancelledError e) {
                out.print("got " + e.getMessage() + " " + me.cancelling() + " " + me.uncancel());
            }
            await(sleep(0));
            out.print("continues");
            return result(null);
        }

        @Async
        Coroutine<Void> gatherCancel() {
            AsyncFuture<List<String>> g = gather(sleeper(1, "a"), sleeper(2, "b"));
            await(sleep(0));
            out.print("cancel " + g.cancel());
            try {
                await(g);
            } catch (CancelledError e) {
                out.print("gather cancelled " + g.isCancelled());
            }
            return result(null);
        }

        @Async
        Coroutine<List<Object>> parent() {
            return result(await(gatherReturnExceptions(sleeper(1, "a"), sleeper(2, "b"))));
        }

        @Async
        Coroutine<Void> gatherTaskCancel() {
            Task<List<Object>> p = createTask(parent());
            await(sleep(0));
            await(sleep(0));
            p.cancel();
            try {
                await(p);
            } catch (CancelledError e) {
                out.print("parent cancelled " + p.isCancelled());
            }
            return result(null);
        }

        @Async
        Coroutine<Void> nestedTimeouts() {
            try (var outer = timeout(1)) {
                try (var inner = timeout(5)) {
                    await(sleep(10));
                } catch (TimeoutError e) {
                    out.print("inner timeout (wrong)");
                } catch (CancelledError e) {
                    out.print("inner saw cancel");
                    throw e;
                }
            } catch (TimeoutError e) {
                out.at("outer timeout");
            }
            try (var zero = timeout(0)) {
                out.print("in zero timeout");
                await(sleep(1));
            } catch (TimeoutError e) {
                out.at("zero timeout");
            }
            return result(null);
        }

        @Async
        Coroutine<Void> waitForTask() {
            Task<String> tk = createTask(sleeper(5, "w"));
            try {
                await(waitFor(tk, 1));
            } catch (TimeoutError e) {
                out.at("timeout " + tk.isCancelled());
            }
            Task<String> tk2 = createTask(sleeper(5, "s"));
            try {
                await(waitFor(shield(tk2), 1));
            } catch (TimeoutError e) {
                out.at("shielded timeout " + tk2.isCancelled());
            }
            out.at(await(tk2));
            return result(null);
        }

        @Async
        Coroutine<Void> groupBodyRaises() {
            try (var tg = new TaskGroup()) {
                tg.createTask(sleeper(5, "c1"));
                tg.createTask(sleeper(5, "c2"));
                await(sleep(1));
                throw new IllegalArgumentException("body");
            } catch (IllegalArgumentException e) {
                out.at("body error " + e.getMessage());
            }
            return result(null);
        }

        @Async
        Coroutine<Void> groupInner() {
            try (var tg = new TaskGroup()) {
                tg.createTask(sleeper(5, "k1"));
                await(sleep(10));
            }
            return result(null);
        }

        @Async
        Coroutine<Void> groupOuterCancel() {
            Task<Void> tk = createTask(groupInner());
            await(sleep(1));
            tk.cancel();
            try {
                await(tk);
            } catch (CancelledError e) {
                out.at("outer cancel passed " + tk.isCancelled());
            }
            return result(null);
        }

        @Async
        Coroutine<Void> spawner(TaskGroup tg, int depth) {
            await(sleep(1));
            out.at("spawn " + depth);
            if (depth < 3) {
                tg.createTask(spawner(tg, depth + 1));
            }
            return result(null);
        }

        @Async
        Coroutine<Void> groupNestedCreate() {
            try (var tg = new TaskGroup()) {
                tg.createTask(spawner(tg, 1));
            }
            out.at("all done");
            return result(null);
        }

        @Async
        Coroutine<Void> stubborn() {
            try {
                await(sleep(100));
            } catch (CancelledError e) {
                out.print("stubborn cleanup");
                await(sleep(1));
                out.print("stubborn cleaned");
                throw e;
            }
            return result(null);
        }

        @Async
        Coroutine<Void> rude() {
            try {
                await(sleep(100));
            } finally {
                throw new IllegalStateException("rude");
            }
        }

        @Async
        Coroutine<Void> msgChild(int n) {
            try {
                await(sleep(10));
            } catch (CancelledError e) {
                out.print("child " + n + " " + e.getMessage());
                throw e;
            }
            return result(null);
        }

        @Async
        Coroutine<Void> msgParent() {
            try {
                await(gather(msgChild(1), msgChild(2)));
            } catch (CancelledError e) {
                out.print("parent " + e.getMessage());
                throw e;
            }
            return result(null);
        }

        @Async
        Coroutine<Void> waiterOf(AsyncFuture<?> t) {
            try {
                await(t);
            } catch (CancelledError e) {
                out.print("waiter " + e.getMessage());
            }
            return result(null);
        }

        @Async
        Coroutine<Void> cancelMessages() {
            Task<Void> t = createTask(msgParent());
            await(sleep(0));
            await(sleep(0));
            t.cancel("bye");
            await(waiterOf(t));
            AsyncFuture<Void> f = getRunningLoop().createFuture();
            Task<Void> w = createTask(waiterOf(f));
            await(sleep(0));
            w.cancel("direct");
            await(sleep(0));
            out.print("future cancelled by waiter's cancel " + f.isCancelled());
            await(w);
            return result(null);
        }

        @Async
        Coroutine<String> shutdown() {
            getRunningLoop().setExceptionHandler((l, c) -> out.print("handler " + c.message() + " "
                    + c.exception().getMessage()));
            createTask(stubborn());
            createTask(rude());
            await(sleep(0));
            out.print("main returns");
            return result("main result");
        }
    }

    static List<String> run(java.util.function.Function<Corio_EdgeCasesTest_Programs, Coroutine<?>> program) {
        Corio_EdgeCasesTest_Programs p = new Corio_EdgeCasesTest_Programs();
        Corio.run(program.apply(p), EventLoop::virtual);
        return p.out.lines;
    }

    @Test
    void taskCancelledBeforeItStartsNeverRuns() {
        assertEquals(List.of("true", "cancelled true"), run(Corio_EdgeCasesTest_Programs::cancelBeforeStart));
    }

    @Test
    void taskCancellingItselfSeesItAtTheNextYield() {
        assertEquals(List.of("still running 1", "got self 1 0", "continues"),
                run(Corio_EdgeCasesTest_Programs::selfCancel));
    }

    @Test
    void cancellingAGatherCancelsItsChildren() {
        assertEquals(List.of("cancel true", "child cancelled a 0.0", "child cancelled b 0.0", "gather cancelled false"),
                run(Corio_EdgeCasesTest_Programs::gatherCancel));
    }

    @Test
    void cancellingTheTaskAwaitingAGatherCancelsTheChildren() {
        assertEquals(List.of("child cancelled a 0.0", "child cancelled b 0.0", "parent cancelled true"),
                run(Corio_EdgeCasesTest_Programs::gatherTaskCancel));
    }

    @Test
    void nestedAndZeroTimeouts() {
        assertEquals(List.of("inner saw cancel", "outer timeout 1.0", "in zero timeout", "zero timeout 1.0"),
                run(Corio_EdgeCasesTest_Programs::nestedTimeouts));
    }

    @Test
    void waitForCancelsATaskButNotAShieldedOne() {
        assertEquals(List.of("child cancelled w 1.0", "timeout true 1.0", "shielded timeout false 2.0", "s 6.0"),
                run(Corio_EdgeCasesTest_Programs::waitForTask));
    }

    @Test
    void taskGroupBodyErrorCancelsChildren() {
        assertEquals(List.of("child cancelled c1 1.0", "child cancelled c2 1.0", "body error body 1.0"),
                run(Corio_EdgeCasesTest_Programs::groupBodyRaises));
    }

    @Test
    void taskGroupLetsAnOuterCancellationThrough() {
        assertEquals(List.of("child cancelled k1 1.0", "outer cancel passed true 1.0"),
                run(Corio_EdgeCasesTest_Programs::groupOuterCancel));
    }

    @Test
    void cancelMessagesTravelDownAndBack() {
        assertEquals(List.of("child 1 bye", "child 2 bye", "parent bye", "waiter bye", "waiter direct",
                "future cancelled by waiter's cancel true"), run(Corio_EdgeCasesTest_Programs::cancelMessages));
    }

    @Test
    void taskGroupWaitsForChildrenCreatedByChildren() {
        assertEquals(List.of("spawn 1 1.0", "spawn 2 2.0", "spawn 3 3.0", "all done 3.0"),
                run(Corio_EdgeCasesTest_Programs::groupNestedCreate));
    }

    @Test
    void runCancelsLeftoversWaitsForCleanupAndReportsFailures() {
        List<String> lines = run(Corio_EdgeCasesTest_Programs::shutdown);
        assertEquals(List.of("main returns", "stubborn cleanup", "stubborn cleaned",
                "handler unhandled exception during Corio.run() shutdown rude"), lines);
    }

    @Test
    void failingCallbackGoesToTheHandlerAndTheLoopGoesOn() {
        EventLoop loop = EventLoop.virtual();
        List<String> out = new java.util.ArrayList<>();
        loop.setExceptionHandler((l, c) -> out.add("handler " + c.message().startsWith("Exception in callback") + " "
                + c.exception().getClass().getSimpleName()));
        loop.callSoon(() -> out.add("" + (1 / (out.size() - out.size()))));
        loop.callSoon(() -> out.add("next callback runs"));
        loop.callSoon(loop::stop);
        loop.runForever();
        loop.close();
        assertEquals(List.of("handler true ArithmeticException", "next callback runs"), out);
    }
}
