package dev.corio.acceptance;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.DoneAndPending;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.TimeoutError;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Same-tick races whose outcome asyncio 3.12 fixes; expected output is CPython 3.12's. */
class RacesTest {

    static class Programs {
        final Out out = new Out();

        @Async
        Coroutine<Void> race() {
            try {
                out.print("race " + await(waitFor(sleep(1, "x"), 1)));
            } catch (TimeoutError e) {
                out.print("race timeout");
            }
            return result(null);
        }

        @Async
        Coroutine<Void> awaiter(AsyncFuture<Integer> f) {
            try {
                int v = await(f);
                out.print("awaiter got " + v);
            } catch (CancelledError e) {
                out.print("awaiter cancelled instead of " + f.result());
                throw e;
            }
            return result(null);
        }

        @Async
        Coroutine<Void> cancelAfterWakeUp() {
            AsyncFuture<Integer> f = getRunningLoop().createFuture();
            Task<Void> t = createTask(awaiter(f));
            await(sleep(0));
            f.setResult(1);
            out.print("cancel " + t.cancel());
            try {
                await(t);
            } catch (CancelledError e) {
                out.print("task cancelled " + t.isCancelled());
            }
            return result(null);
        }

        @Async
        Coroutine<Integer> sl(double n, int v) {
            await(sleep(n));
            return result(v);
        }

        @Async
        Coroutine<Void> doubleCancel() {
            Task<Integer> t = createTask(sl(10, 1));
            await(sleep(0));
            out.print(t.cancel() + " " + t.cancel() + " " + t.cancelling());
            try {
                await(t);
            } catch (CancelledError e) {
                out.print("cancelled " + t.cancelling());
            }
            return result(null);
        }

        @Async
        Coroutine<Void> sameTick() {
            List<Task<Integer>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ts.add(createTask(sl(1, i)));
            }
            ts.add(createTask(sl(2, 9)));
            DoneAndPending<Task<Integer>> r = await(waitTasks(ts, FIRST_COMPLETED));
            out.print(r.done().stream().map(Task::result).sorted().toList() + " " + r.pending().size());
            for (Task<Integer> p : r.pending()) {
                p.cancel();
            }
            return result(null);
        }

        @Async
        Coroutine<Void> failing() {
            await(sleep(1));
            throw new IllegalArgumentException("shielded failure");
        }

        @Async
        Coroutine<Void> w() {
            await(shield(failing()));
            return result(null);
        }

        @Async
        Coroutine<Void> shieldUnretrieved() {
            getRunningLoop().setExceptionHandler((l, c) -> out.print("handler " + c.message().split(":")[0]));
            Task<Void> t = createTask(w());
            await(sleep(0));
            t.cancel();
            try {
                await(t);
            } catch (CancelledError e) {
                out.print("w cancelled");
            }
            await(sleep(2));
            out.print("end");
            return result(null);
        }
    }

    static List<String> run(java.util.function.Function<Corio_RacesTest_Programs, Coroutine<?>> program) {
        Corio_RacesTest_Programs p = new Corio_RacesTest_Programs();
        Corio.run(program.apply(p), EventLoop::virtual);
        return p.out.lines;
    }

    @Test
    void timeoutAndResultDueInTheSameTickTimesOut() {
        assertEquals(List.of("race timeout"), run(Corio_RacesTest_Programs::race));
    }

    @Test
    void cancelBetweenWakeUpAndStepWins() {
        assertEquals(List.of("cancel true", "awaiter cancelled instead of 1", "task cancelled true"),
                run(Corio_RacesTest_Programs::cancelAfterWakeUp));
    }

    @Test
    void cancellingTwiceCountsTwice() {
        assertEquals(List.of("true true 2", "cancelled 2"), run(Corio_RacesTest_Programs::doubleCancel));
    }

    @Test
    void waitFirstCompletedTakesEverythingDoneInThatTick() {
        assertEquals(List.of("[0, 1, 2] 1"), run(Corio_RacesTest_Programs::sameTick));
    }

    @Test
    void shieldedFailureAfterTheOuterWasCancelledIsReported() {
        List<String> lines = new ArrayList<>(run(Corio_RacesTest_Programs::shieldUnretrieved));
        // reported when the task is collected or, at the latest, when the loop closes: either side of "end"
        assertEquals(true, lines.remove("handler Task exception was never retrieved"));
        assertEquals(List.of("w cancelled", "end"), lines);
    }
}
