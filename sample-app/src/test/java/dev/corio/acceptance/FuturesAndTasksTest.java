package dev.corio.acceptance;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.InvalidStateError;
import dev.corio.Task;
import dev.corio.TaskGroup;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** asyncio's Future and Task contracts as a user meets them; expected output is CPython 3.12's. */
class FuturesAndTasksTest {

    static class Programs {
        final Out out = new Out();

        @Async
        Coroutine<Void> awaitIt(AsyncFuture<Void> f) {
            await(f);
            return result(null);
        }

        @Async
        Coroutine<Void> foreignCancel() {
            AsyncFuture<Void> f = getRunningLoop().createFuture();
            Task<Void> tk = createTask(awaitIt(f));
            await(sleep(0));
            f.cancel("fut msg");
            try {
                await(tk);
            } catch (CancelledError e) {
                out.print("awaiter got " + e.getMessage() + " " + tk.isCancelled() + " " + tk.cancelling());
            }
            return result(null);
        }

        @Async
        Coroutine<String> swallower() {
            try {
                await(sleep(1));
            } catch (CancelledError e) {
                out.print("inner swallowed");
            }
            return result("inner value");
        }

        @Async
        Coroutine<String> outerOfSwallower() {
            String v = await(createTask(swallower()));
            out.print("outer got " + v + " " + currentTask().cancelling());
            await(sleep(0));
            out.print("outer continues");
            return result("outer value");
        }

        @Async
        Coroutine<Void> cancelThroughSwallower() {
            Task<String> tk = createTask(outerOfSwallower());
            await(sleep(0));
            await(sleep(0));
            out.print("cancel " + tk.cancel());
            out.print("result " + await(tk) + " " + tk.isCancelled());
            return result(null);
        }

        @Async
        Coroutine<Integer> one() {
            return result(1);
        }

        @Async
        Coroutine<Void> futuresApi() {
            EventLoop loop = getRunningLoop();
            AsyncFuture<Integer> f = loop.createFuture();
            try {
                f.result();
            } catch (InvalidStateError e) {
                out.print("pending result: " + e.getMessage());
            }
            f.setResult(1);
            try {
                f.setResult(2);
                out.print("set twice accepted");
            } catch (InvalidStateError e) {
                out.print("set twice refused");
            }
            out.print("cancel done " + f.cancel());
            AsyncFuture<Integer> g = loop.createFuture();
            g.cancel("why");
            try {
                g.exception();
            } catch (CancelledError e) {
                out.print("exception() on cancelled: " + e.getMessage());
            }
            Consumer<AsyncFuture<Integer>> cb = x -> out.print("cb");
            AsyncFuture<Integer> h = loop.createFuture();
            h.addDoneCallback(cb);
            h.addDoneCallback(cb);
            out.print("removed " + h.removeDoneCallback(cb));
            out.print("ensure same " + (ensureFuture(h) == h));
            out.print("gather empty " + await(gather(List.of())));
            Task<Integer> c = createTask(one());
            out.print("dup " + await(gather(c, c)));
            await(sleep(-1));
            out.at("negative sleep");
            loop.callSoon(() -> out.print("current in callback: " + currentTask()));
            await(sleep(0));
            return result(null);
        }

        @Async
        Coroutine<Void> bad() {
            await(sleep(1));
            throw new IllegalArgumentException("early");
        }

        @Async
        Coroutine<Void> waitForRaises() {
            try {
                await(waitFor(bad(), 5));
            } catch (IllegalArgumentException e) {
                out.print("propagated " + e.getMessage());
            }
            out.print(await(waitFor(sleep(1, "none-timeout"), null)));
            return result(null);
        }

        @Async
        Coroutine<Void> groupAfter() {
            TaskGroup g;
            try (var tg = new TaskGroup()) {
                g = tg;
            }
            try {
                g.createTask(one());
            } catch (IllegalStateException e) {
                out.print("after finished: " + e.getMessage().contains("is finished"));
            }
            return result(null);
        }
    }

    static List<String> run(java.util.function.Function<Corio_FuturesAndTasksTest_Programs, Coroutine<?>> program) {
        Corio_FuturesAndTasksTest_Programs p = new Corio_FuturesAndTasksTest_Programs();
        Corio.run(program.apply(p), EventLoop::virtual);
        return p.out.lines;
    }

    @Test
    void cancelledErrorFromAnAwaitedFutureCancelsTheTask() {
        assertEquals(List.of("awaiter got fut msg true 0"), run(Corio_FuturesAndTasksTest_Programs::foreignCancel));
    }

    @Test
    void cancellingATaskWhoseInnerTaskSwallowsIt() {
        assertEquals(List.of("cancel true", "inner swallowed", "outer got inner value 1", "outer continues",
                "result outer value false"), run(Corio_FuturesAndTasksTest_Programs::cancelThroughSwallower));
    }

    @Test
    void futureApi() {
        assertEquals(List.of("pending result: Result is not set.", "set twice refused", "cancel done false",
                "exception() on cancelled: why", "removed 2", "ensure same true", "gather empty []", "dup [1, 1]",
                "negative sleep 0.0", "current in callback: null"), run(Corio_FuturesAndTasksTest_Programs::futuresApi));
    }

    @Test
    void waitForPropagatesAndNullMeansNoTimeout() {
        assertEquals(List.of("propagated early", "none-timeout"), run(Corio_FuturesAndTasksTest_Programs::waitForRaises));
    }

    @Test
    void taskGroupRefusesTasksAfterItFinished() {
        assertEquals(List.of("after finished: true"), run(Corio_FuturesAndTasksTest_Programs::groupAfter));
    }
}
