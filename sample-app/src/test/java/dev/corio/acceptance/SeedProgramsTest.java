package dev.corio.acceptance;

import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.DoneAndPending;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seed articles' programs in small form (a fixed comment tree instead of the HN API); expected output is
 * what CPython 3.12 prints for the same programs.
 */
class SeedProgramsTest {

    static final Map<Integer, List<Integer>> TREE = Map.of(1, List.of(2, 3, 4), 2, List.of(5, 6), 3, List.of(),
            4, List.of(7), 5, List.of(), 6, List.of(8, 9), 7, List.of(), 8, List.of(), 9, List.of());

    static int delay(int pid) {
        return pid % 3 + 1;
    }

    static class ContextSwitch {
        final Out out = new Out();

        @Async
        Coroutine<Void> foo() {
            out.print("Running in foo");
            await(sleep(0));
            out.print("Explicit context switch to foo again");
            return result(null);
        }

        @Async
        Coroutine<Void> bar() {
            out.print("Explicit context to bar");
            await(sleep(0));
            out.print("Implicit context switch back to bar");
            return result(null);
        }

        @Async
        Coroutine<Void> main() {
            await(gather(foo(), bar()));
            return result(null);
        }

        @Async
        Coroutine<Void> gr(String name) {
            out.at(name + " started work:");
            await(sleep(2));
            out.at(name + " ended work:");
            return result(null);
        }

        @Async
        Coroutine<Void> gr3() {
            out.at("Let's do some stuff while the coroutines are blocked,");
            await(sleep(1));
            out.at("Done!");
            return result(null);
        }

        @Async
        Coroutine<Void> cooperative() {
            await(gather(gr("gr1"), gr("gr2"), gr3()));
            return result(null);
        }
    }

    @Test
    void explicitContextSwitches() {
        Corio_SeedProgramsTest_ContextSwitch p = new Corio_SeedProgramsTest_ContextSwitch();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("Running in foo", "Explicit context to bar", "Explicit context switch to foo again",
                "Implicit context switch back to bar"), p.out.lines);
    }

    @Test
    void cooperativelyScheduled() {
        Corio_SeedProgramsTest_ContextSwitch p = new Corio_SeedProgramsTest_ContextSwitch();
        Corio.run(p.cooperative(), EventLoop::virtual);
        assertEquals(List.of("gr1 started work: 0.0", "gr2 started work: 0.0",
                "Let's do some stuff while the coroutines are blocked, 0.0", "Done! 1.0", "gr1 ended work: 2.0",
                "gr2 ended work: 2.0"), p.out.lines);
    }

    static class Comments {
        final Out out = new Out();

        @Async
        Coroutine<Integer> count(int pid) {
            await(sleep(delay(pid)));
            List<Integer> kids = TREE.get(pid);
            if (kids.isEmpty()) {
                return result(0);
            }
            List<Integer> results = await(gather(kids.stream().map(this::count).toList()));
            int n = kids.size() + results.stream().mapToInt(Integer::intValue).sum();
            out.at("post " + pid + " " + n);
            return result(n);
        }

        @Async
        Coroutine<Integer> main() {
            int total = await(count(1));
            out.at("total " + total);
            return result(total);
        }

        @Async
        Coroutine<Void> logPost(int pid) {
            await(sleep(3));
            out.at("logged " + pid);
            return result(null);
        }

        @Async
        Coroutine<Void> fireAndForget() {
            createTask(logPost(1));
            out.at("ff returned");
            await(logPost(2));
            out.at("awaited returned");
            return result(null);
        }

        @Async
        Coroutine<Void> work(int i) {
            await(sleep(2));
            out.at("work done " + i);
            return result(null);
        }

        @Async
        Coroutine<Void> periodicDrift() {
            for (int i = 0; i < 3; i++) {
                out.at("tick " + i);
                await(work(i));
                await(sleep(5));
            }
            return result(null);
        }

        @Async
        Coroutine<Void> periodicNoDrift() {
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                out.at("tick " + i);
                ts.add(createTask(work(i)));
                await(sleep(5));
            }
            await(gather(ts));
            return result(null);
        }
    }

    @Test
    void recursiveGatherOverATree() {
        Corio_SeedProgramsTest_Comments p = new Corio_SeedProgramsTest_Comments();
        assertEquals(8, Corio.run(p.main(), EventLoop::virtual));
        assertEquals(List.of("post 4 1 6.0", "post 6 2 9.0", "post 2 4 9.0", "post 1 8 9.0", "total 8 9.0"),
                p.out.lines);
    }

    @Test
    void fireAndForgetDoesNotWait() {
        Corio_SeedProgramsTest_Comments p = new Corio_SeedProgramsTest_Comments();
        Corio.run(p.fireAndForget(), EventLoop::virtual);
        assertEquals(List.of("ff returned 0.0", "logged 2 3.0", "awaited returned 3.0", "logged 1 3.0"), p.out.lines);
    }

    @Test
    void periodicAwaitingDrifts() {
        Corio_SeedProgramsTest_Comments p = new Corio_SeedProgramsTest_Comments();
        Corio.run(p.periodicDrift(), EventLoop::virtual);
        assertEquals(List.of("tick 0 0.0", "work done 0 2.0", "tick 1 7.0", "work done 1 9.0", "tick 2 14.0",
                "work done 2 16.0"), p.out.lines);
    }

    @Test
    void periodicSchedulingDoesNotDrift() {
        Corio_SeedProgramsTest_Comments p = new Corio_SeedProgramsTest_Comments();
        Corio.run(p.periodicNoDrift(), EventLoop::virtual);
        assertEquals(List.of("tick 0 0.0", "work done 0 2.0", "tick 1 5.0", "work done 1 7.0", "tick 2 10.0",
                "work done 2 12.0"), p.out.lines);
    }

    static class BoomException extends Exception {
        BoomException(String m) {
            super(m);
        }
    }

    static class Errors {
        final Out out = new Out();

        @Async
        Coroutine<Integer> fetch(int pid, int d, boolean fail) throws BoomException {
            await(sleep(d));
            if (fail) {
                throw new BoomException("BOOM " + pid);
            }
            return result(pid * 10);
        }

        @Async
        Coroutine<Void> firstException() throws BoomException {
            Map<Task<Integer>, Integer> tasks = new LinkedHashMap<>();
            int[][] spec = {{1, 1, 0}, {2, 2, 1}, {3, 3, 0}, {4, 4, 0}};
            for (int[] s : spec) {
                tasks.put(createTask(fetch(s[0], s[1], s[2] == 1)), s[0]);
            }
            DoneAndPending<Task<Integer>> r = await(waitTasks(tasks.keySet(), FIRST_EXCEPTION));
            List<Task<Integer>> pending = new ArrayList<>(r.pending());
            for (Task<Integer> p : pending) {
                out.print("cancel " + tasks.get(p) + " " + p.cancel());
            }
            List<Task<Integer>> done = new ArrayList<>(r.done());
            done.sort(Comparator.comparing(tasks::get));
            for (Task<Integer> d : done) {
                try {
                    out.print("post " + tasks.get(d) + " " + d.result());
                } catch (Exception e) {
                    out.print("error " + e.getMessage() + " " + (e instanceof BoomException));
                }
            }
            await(sleep(0));
            out.at(pending.stream().map(Task::isCancelled).toList().toString());
            return result(null);
        }
    }

    @Test
    void waitFirstExceptionThenCancelTheRest() throws BoomException {
        Corio_SeedProgramsTest_Errors p = new Corio_SeedProgramsTest_Errors();
        Corio.run(p.firstException(), EventLoop::virtual);
        assertEquals(List.of("cancel 3 true", "cancel 4 true", "post 1 10", "error BOOM 2 true",
                "[true, true] 2.0"), p.out.lines);
    }

    static class Cascade {
        final Out out = new Out();

        @Async
        Coroutine<Integer> node(int pid) {
            List<Task<Integer>> tasks = new ArrayList<>();
            try {
                await(sleep(1));
                List<Integer> kids = TREE.get(pid);
                for (int k : kids) {
                    tasks.add(createTask(node(k)));
                }
                if (kids.isEmpty()) {
                    await(sleep(100));
                }
                await(gather(tasks));
                return result(1);
            } catch (CancelledError e) {
                if (!tasks.isEmpty()) {
                    out.at("post " + pid + " cancelled, cancelling " + tasks.size() + " child tasks");
                    for (Task<Integer> task : tasks) {
                        task.cancel();
                    }
                } else {
                    out.at("post " + pid + " cancelled");
                }
                throw e;
            }
        }

        @Async
        Coroutine<Void> main() {
            Task<Integer> root = createTask(node(1));
            await(sleep(10));
            root.cancel();
            try {
                await(root);
            } catch (CancelledError e) {
                out.at("root cancelled");
            }
            return result(null);
        }
    }

    @Test
    void cancellationCascadesDownTheTree() {
        Corio_SeedProgramsTest_Cascade p = new Corio_SeedProgramsTest_Cascade();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("post 5 cancelled 10.0", "post 8 cancelled 10.0", "post 9 cancelled 10.0",
                "post 3 cancelled 10.0", "post 7 cancelled 10.0",
                "post 2 cancelled, cancelling 2 child tasks 10.0", "post 6 cancelled, cancelling 2 child tasks 10.0",
                "post 1 cancelled, cancelling 3 child tasks 10.0", "post 4 cancelled, cancelling 1 child tasks 10.0",
                "root cancelled 10.0"), p.out.lines);
    }
}
