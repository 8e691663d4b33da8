package dev.corio.acceptance;

import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.DoneAndPending;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.TaskGroup;
import dev.corio.Timeout;
import dev.corio.TimeoutError;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of asyncio's "Coroutines and Tasks" page, written as a Corio user would; the expected output is
 * what CPython 3.12 prints for the same program (time in virtual seconds).
 */
class DocsExamplesTest {

    static class SayAfter {
        final Out out = new Out();

        @Async
        Coroutine<Void> sayAfter(double delay, String what) {
            await(sleep(delay));
            out.at(what);
            return result(null);
        }

        @Async
        Coroutine<Void> sequential() {
            out.at("started at");
            await(sayAfter(1, "hello"));
            await(sayAfter(2, "world"));
            out.at("finished at");
            return result(null);
        }

        @Async
        Coroutine<Void> concurrent() {
            Task<Void> task1 = createTask(sayAfter(1, "hello"));
            Task<Void> task2 = createTask(sayAfter(2, "world"));
            out.at("started at");
            await(task1);
            await(task2);
            out.at("finished at");
            return result(null);
        }
    }

    @Test
    void sequentialAwaitsAddUp() {
        Corio_DocsExamplesTest_SayAfter p = new Corio_DocsExamplesTest_SayAfter();
        Corio.run(p.sequential(), EventLoop::virtual);
        assertEquals(List.of("started at 0.0", "hello 1.0", "world 3.0", "finished at 3.0"), p.out.lines);
    }

    @Test
    void tasksRunConcurrently() {
        Corio_DocsExamplesTest_SayAfter p = new Corio_DocsExamplesTest_SayAfter();
        Corio.run(p.concurrent(), EventLoop::virtual);
        assertEquals(List.of("started at 0.0", "hello 1.0", "world 2.0", "finished at 2.0"), p.out.lines);
    }

    static class Factorial {
        final Out out = new Out();

        @Async
        Coroutine<Integer> factorial(String name, int number) {
            int f = 1;
            for (int i = 2; i <= number; i++) {
                out.print("Task " + name + ": Compute factorial(" + number + "), currently i=" + i + "...");
                await(sleep(1));
                f *= i;
            }
            out.print("Task " + name + ": factorial(" + number + ") = " + f);
            return result(f);
        }

        @Async
        Coroutine<List<Integer>> main() {
            List<Integer> l = await(gather(factorial("A", 2), factorial("B", 3), factorial("C", 4)));
            out.at(l.toString());
            return result(l);
        }
    }

    @Test
    void gatherInterleavesFactorials() {
        Corio_DocsExamplesTest_Factorial p = new Corio_DocsExamplesTest_Factorial();
        assertEquals(List.of(2, 6, 24), Corio.run(p.main(), EventLoop::virtual));
        assertEquals(List.of(
                "Task A: Compute factorial(2), currently i=2...",
                "Task B: Compute factorial(3), currently i=2...",
                "Task C: Compute factorial(4), currently i=2...",
                "Task A: factorial(2) = 2",
                "Task B: Compute factorial(3), currently i=3...",
                "Task C: Compute factorial(4), currently i=3...",
                "Task B: factorial(3) = 6",
                "Task C: Compute factorial(4), currently i=4...",
                "Task C: factorial(4) = 24",
                "[2, 6, 24] 3.0"), p.out.lines);
    }

    static class Gathering {
        final Out out = new Out();


        @Async
        Coroutine<Integer> val(int n) {
            try {
                await(sleep(n));
            } catch (CancelledError e) {
                out.at("cancelled " + n);
                throw e;
            }
            return result(n);
        }

        @Async
        Coroutine<Integer> boom(int n, String name) {
            await(sleep(n));
            throw new IllegalArgumentException("boom" + name);
        }

        List<Object> mixed;

        @Async
        Coroutine<Void> main() {
            mixed = await(gatherReturnExceptions(val(1), boom(2, "2"), val(3)));
            out.at(mixed.get(0) + " " + ((Throwable) mixed.get(1)).getMessage() + " " + mixed.get(2));
            try {
                await(gather(val(1), boom(2, "2"), val(3)));
                out.print("not reached");
            } catch (IllegalArgumentException e) {
                out.at("caught " + e.getMessage());
            }
            await(sleep(2));
            out.at("end");
            return result(null);
        }
    }

    @Test
    void gatherReturnExceptionsAndFailFast() {
        Corio_DocsExamplesTest_Gathering p = new Corio_DocsExamplesTest_Gathering();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("1 boom2 3 3.0", "caught boom2 5.0", "end 7.0"), p.out.lines);
        assertInstanceOf(IllegalArgumentException.class, p.mixed.get(1));
    }

    static class WaitForDemo {
        final Out out = new Out();

        @Async
        Coroutine<Void> eternity() {
            try {
                await(sleep(3600));
                out.print("yay!");
            } finally {
                out.at("eternity finally");
            }
            return result(null);
        }

        @Async
        Coroutine<Void> main() {
            try {
                await(waitFor(eternity(), 1.0));
            } catch (TimeoutError e) {
                out.at("timeout! " + e.getCause().getClass().getSimpleName());
            }
            return result(null);
        }
    }

    @Test
    void waitForTimesOutAfterCleanup() {
        Corio_DocsExamplesTest_WaitForDemo p = new Corio_DocsExamplesTest_WaitForDemo();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("eternity finally 1.0", "timeout! CancelledError 1.0"), p.out.lines);
    }

    static class ShieldDemo {
        final Out out = new Out();

        @Async
        Coroutine<Integer> val(int n, String name) {
            try {
                await(sleep(n));
            } catch (CancelledError e) {
                out.at("cancelled " + name);
                throw e;
            }
            return result(n);
        }

        @Async
        Coroutine<Integer> waiter(Task<Integer> inner) {
            try {
                return result(await(shield(inner)));
            } catch (CancelledError e) {
                out.at("waiter cancelled " + inner.isDone());
                throw e;
            }
        }

        @Async
        Coroutine<Void> main() {
            Task<Integer> inner = createTask(val(3, "inner"));
            Task<Integer> w = createTask(waiter(inner));
            await(sleep(1));
            w.cancel();
            try {
                await(w);
            } catch (CancelledError e) {
                out.at("w cancelled " + w.isCancelled());
            }
            out.at("inner result " + await(inner));
            return result(null);
        }
    }

    @Test
    void shieldKeepsTheInnerRunning() {
        Corio_DocsExamplesTest_ShieldDemo p = new Corio_DocsExamplesTest_ShieldDemo();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("waiter cancelled false 1.0", "w cancelled true 1.0", "inner result 3 3.0"), p.out.lines);
    }

    static class Group {
        final Out out = new Out();


        @Async
        Coroutine<Integer> val(int n) {
            try {
                await(sleep(n));
            } catch (CancelledError e) {
                out.at("cancelled " + n);
                throw e;
            }
            return result(n);
        }

        @Async
        Coroutine<Integer> boom(int n, String name) {
            await(sleep(n));
            throw new IllegalArgumentException("boom" + name);
        }

        Task<Integer> t1, t2, t3;
        Throwable error;

        @Async
        Coroutine<Void> oneFails() {
            try (var tg = new TaskGroup()) {
                t1 = tg.createTask(val(1));
                t2 = tg.createTask(boom(2, "2"));
                t3 = tg.createTask(val(5));
                out.at("body done");
            } catch (IllegalArgumentException e) {
                error = e;
                out.at("error " + e.getMessage() + " suppressed=" + e.getSuppressed().length);
            }
            out.print(t1.result() + " " + t2.isDone() + " " + t3.isCancelled());
            out.print("cancelling after " + currentTask().cancelling());
            return result(null);
        }

        @Async
        Coroutine<Void> bodyCancelled() {
            try (var tg = new TaskGroup()) {
                tg.createTask(boom(1, "1"));
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    out.at("body cancelled");
                    throw e;
                }
            } catch (IllegalArgumentException e) {
                out.at("error " + e.getMessage());
            }
            await(sleep(1));
            out.at("parent goes on");
            return result(null);
        }

        @Async
        Coroutine<Void> twoFail() {
            try (var tg = new TaskGroup()) {
                tg.createTask(boom(1, "a"));
                tg.createTask(boom(1, "b"));
                tg.createTask(val(3));
            } catch (IllegalArgumentException e) {
                out.at("error " + e.getMessage() + " suppressed="
                        + Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList());
            }
            return result(null);
        }
    }

    @Test
    void taskGroupFailingChildCancelsSiblings() {
        Corio_DocsExamplesTest_Group p = new Corio_DocsExamplesTest_Group();
        Corio.run(p.oneFails(), EventLoop::virtual);
        assertEquals(List.of("body done 0.0", "cancelled 5 2.0", "error boom2 suppressed=0 2.0", "1 true true",
                "cancelling after 0"), p.out.lines);
        assertTrue(p.t2.exception() == p.error, "the child's exception itself is raised");
    }

    @Test
    void taskGroupFailingChildCancelsBody() {
        Corio_DocsExamplesTest_Group p = new Corio_DocsExamplesTest_Group();
        Corio.run(p.bodyCancelled(), EventLoop::virtual);
        assertEquals(List.of("body cancelled 1.0", "error boom1 1.0", "parent goes on 2.0"), p.out.lines);
    }

    @Test
    void taskGroupReportsEveryError() {
        Corio_DocsExamplesTest_Group p = new Corio_DocsExamplesTest_Group();
        Corio.run(p.twoFail(), EventLoop::virtual);
        assertEquals(List.of("cancelled 3 1.0", "error booma suppressed=[boomb] 1.0"), p.out.lines);
    }

    static class Timeouts {
        final Out out = new Out();
        Timeout cm;

        @Async
        Coroutine<Void> main() {
            try (var t = timeout(null)) {
                cm = t;
                t.reschedule(getRunningLoop().time() + 2);
                await(sleep(10));
            } catch (TimeoutError e) {
                out.at("timed out " + cm.expired());
            }
            try (var t2 = timeout(5)) {
                cm = t2;
                await(sleep(1));
            }
            out.at("no timeout " + cm.expired());
            try (var t3 = timeout(1)) {
                t3.reschedule(getRunningLoop().time() + 3);
                await(sleep(10));
            } catch (TimeoutError e) {
                out.at("timed out later");
            }
            String r = await(timeout(1.5, t -> sleep(1, "quick")));
            out.at(r);
            try {
                await(timeout(1.5, t -> sleep(2, "slow")));
            } catch (TimeoutError e) {
                out.at("functional form timed out");
            }
            return result(null);
        }
    }

    @Test
    void timeoutScopesAndReschedule() {
        Corio_DocsExamplesTest_Timeouts p = new Corio_DocsExamplesTest_Timeouts();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("timed out true 2.0", "no timeout false 3.0", "timed out later 6.0", "quick 7.0",
                "functional form timed out 8.5"), p.out.lines);
    }

    static class Completion {
        final Out out = new Out();


        @Async
        Coroutine<Integer> val(int n) {
            try {
                await(sleep(n));
            } catch (CancelledError e) {
                out.at("cancelled " + n);
                throw e;
            }
            return result(n);
        }

        @Async
        Coroutine<Integer> boom(int n, String name) {
            await(sleep(n));
            throw new IllegalArgumentException("boom" + name);
        }

        @Async
        Coroutine<Void> main() {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int n : new int[] {3, 1, 2}) {
                tasks.add(createTask(val(n)));
            }
            int i = 0;
            for (Awaitable<Integer> f : asCompleted(tasks)) {
                i++;
                out.at(">>".repeat(i) + " " + await(f));
            }
            for (Awaitable<Integer> f : asCompleted(List.of(val(2), val(1)), 1.5)) {
                try {
                    out.at("coroutine " + await(f));
                } catch (TimeoutError e) {
                    out.at("as_completed timed out");
                }
            }
            return result(null);
        }
    }

    @Test
    void asCompletedGivesCompletionOrder() {
        Corio_DocsExamplesTest_Completion p = new Corio_DocsExamplesTest_Completion();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of(">> 1 1.0", ">>>> 2 2.0", ">>>>>> 3 3.0", "coroutine 1 4.0",
                "as_completed timed out 4.5", "cancelled 2 4.5"), p.out.lines);
    }

    static class Waiting {
        final Out out = new Out();


        @Async
        Coroutine<Integer> val(int n) {
            try {
                await(sleep(n));
            } catch (CancelledError e) {
                out.at("cancelled " + n);
                throw e;
            }
            return result(n);
        }

        @Async
        Coroutine<Integer> boom(int n, String name) {
            await(sleep(n));
            throw new IllegalArgumentException("boom" + name);
        }

        @Async
        Coroutine<Void> main() {
            List<Task<Integer>> ts = new ArrayList<>();
            for (int n : new int[] {3, 1, 2}) {
                ts.add(createTask(val(n)));
            }
            DoneAndPending<Task<Integer>> r = await(waitTasks(ts, FIRST_COMPLETED));
            out.at("first " + r.done().stream().map(Task::result).toList() + " " + r.pending().size());
            Task<Integer> b = createTask(boom(1, "1"));
            List<Task<Integer>> all = new ArrayList<>(ts);
            all.add(b);
            r = await(waitTasks(all, FIRST_EXCEPTION));
            out.at("fe " + r.done().stream()
                    .map(t -> t.exception() != null ? t.exception().getMessage() : String.valueOf(t.result()))
                    .sorted().toList() + " " + r.pending().size());
            for (Task<Integer> p : r.pending()) {
                p.cancel();
            }
            r = await(waitTasks(ts, 0.5));
            out.at("after " + ts.stream().map(Task::isCancelled).toList() + " " + r.pending().size());
            return result(null);
        }
    }

    @Test
    void waitFirstCompletedAndFirstException() {
        Corio_DocsExamplesTest_Waiting p = new Corio_DocsExamplesTest_Waiting();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("first [1] 2 1.0", "fe [1, 2, boom1] 1 2.0", "cancelled 3 2.0",
                "after [true, false, false] 0 2.0"), p.out.lines);
    }

    static class Cancelling {
        final Out out = new Out();

        @Async
        Coroutine<Void> cancelMe() {
            out.print("cancel_me(): before sleep");
            try {
                await(sleep(3600));
            } catch (CancelledError e) {
                out.print("cancel_me(): cancel sleep");
                throw e;
            } finally {
                out.print("cancel_me(): after sleep");
            }
            return result(null);
        }

        @Async
        Coroutine<Void> main() {
            Task<Void> task = createTask(cancelMe());
            await(sleep(1));
            task.cancel();
            try {
                await(task);
            } catch (CancelledError e) {
                out.at("main(): cancel_me is cancelled now " + task.isCancelled());
            }
            return result(null);
        }

        @Async
        Coroutine<String> swallow() {
            try {
                await(sleep(3600));
            } catch (CancelledError e) {
                out.print("swallowed " + e.getMessage() + " " + currentTask().cancelling());
            }
            await(sleep(1));
            return result("survived");
        }

        @Async
        Coroutine<Void> swallowMain() {
            Task<String> task = createTask(swallow());
            await(sleep(0));
            out.print("cancel " + task.cancel("stop"));
            out.at(await(task) + " " + task.isCancelled() + " " + task.cancelling());
            return result(null);
        }
    }

    @Test
    void cancelledTaskCleansUpAndReraises() {
        Corio_DocsExamplesTest_Cancelling p = new Corio_DocsExamplesTest_Cancelling();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("cancel_me(): before sleep", "cancel_me(): cancel sleep", "cancel_me(): after sleep",
                "main(): cancel_me is cancelled now true 1.0"), p.out.lines);
    }

    @Test
    void taskThatSwallowsCancellationCompletes() {
        Corio_DocsExamplesTest_Cancelling p = new Corio_DocsExamplesTest_Cancelling();
        Corio.run(p.swallowMain(), EventLoop::virtual);
        assertEquals(List.of("cancel true", "swallowed stop 1", "survived false 1 1.0"), p.out.lines);
    }
}
