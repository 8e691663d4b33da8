package dev.corio.acceptance;

import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Java constructs around awaits, in code shaped like real programs; expected values follow Java's own rules. */
class LanguageTest {

    static class Loops {
        final Out out = new Out();

        @Async
        Coroutine<Integer> echo(int v) {
            await(sleep(0.5));
            return result(v);
        }

        @Async
        Coroutine<Integer> main() {
            int total = 0;
            int i = 0;
            while (true) {
                i++;
                if (i % 2 == 0) {
                    continue;
                }
                if (i > 7) {
                    break;
                }
                total += await(echo(i));
            }
            out.at("while " + total);
            do {
                total -= await(echo(1));
            } while (total > 10);
            out.at("do " + total);
            outer:
            for (int a = 0; a < 3; a++) {
                for (int b : List.of(10, 20, 30)) {
                    if (b == 30) {
                        continue outer;
                    }
                    if (a == 2) {
                        break outer;
                    }
                    total += await(echo(a * b));
                }
            }
            out.at("for " + total);
            int[] arr = new int[3];
            int k = 0;
            arr[k++] = await(echo(5));
            arr[k++] += await(echo(6)) * 2;
            out.print(k + " " + arr[0] + " " + arr[1] + " " + arr[2]);
            return result(total);
        }
    }

    @Test
    void awaitsInLoops() {
        Corio_LanguageTest_Loops p = new Corio_LanguageTest_Loops();
        assertEquals(40, Corio.run(p.main(), EventLoop::virtual));
        assertEquals(List.of("while 16 2.0", "do 10 5.0", "for 40 7.0", "2 5 12 0"), p.out.lines);
    }

    static class Exceptions {
        final Out out = new Out();

        @Async
        Coroutine<Integer> failAfter(double d, String msg) throws IOException {
            await(sleep(d));
            throw new IOException(msg);
        }

        @Async
        Coroutine<String> step(String s) {
            await(sleep(1));
            out.at("step " + s);
            return result(s);
        }

        @Async
        Coroutine<String> tryCatchFinally() {
            try {
                out.at("try");
                await(failAfter(1, "io"));
                out.print("not reached");
            } catch (IOException e) {
                out.at("catch " + e.getMessage() + " " + await(step("in catch")));
            } finally {
                await(step("in finally"));
            }
            return result(await(returnThroughFinally()));
        }

        @Async
        Coroutine<String> returnThroughFinally() {
            try {
                return result(await(step("returned")));
            } finally {
                out.at("finally after return " + await(step("cleanup")));
            }
        }

        @Async
        Coroutine<String> finallyReplaces() {
            try {
                try {
                    await(failAfter(1, "first"));
                } finally {
                    await(sleep(1));
                    throw new IllegalStateException("from finally");
                }
            } catch (IllegalStateException e) {
                return result(e.getMessage() + " " + e.getSuppressed().length);
            }
        }

        @Async
        Coroutine<String> resources() {
            List<String> closed = new ArrayList<>();
            try (AutoCloseable a = () -> closed.add("a"); AutoCloseable b = () -> closed.add("b")) {
                await(sleep(1));
                closed.add("body");
            } catch (Exception e) {
                closed.add("unexpected " + e);
            }
            return result(String.join(",", closed));
        }
    }

    @Test
    void tryCatchFinallyWithAwaitsEverywhere() {
        Corio_LanguageTest_Exceptions p = new Corio_LanguageTest_Exceptions();
        assertEquals("returned", Corio.run(p.tryCatchFinally(), EventLoop::virtual));
        assertEquals(List.of("try 0.0", "step in catch 2.0", "catch io in catch 2.0", "step in finally 3.0",
                "step returned 4.0", "step cleanup 5.0", "finally after return cleanup 5.0"), p.out.lines);
    }

    @Test
    void throwInFinallyReplacesAndResourcesCloseInReverse() {
        assertEquals("from finally 0", Corio.run(new Corio_LanguageTest_Exceptions().finallyReplaces(),
                EventLoop::virtual));
        assertEquals("body,b,a", Corio.run(new Corio_LanguageTest_Exceptions().resources(), EventLoop::virtual));
    }

    enum Kind { SMALL, BIG, HUGE }

    static class Switches {
        final Out out = new Out();

        @Async
        Coroutine<Integer> size(String name) {
            await(sleep(1));
            return result(name.length());
        }

        @Async
        Coroutine<String> classify(String cmd, Kind kind) {
            String r = "";
            switch (cmd) {
                case "fetch":
                    r += "fetch:" + await(size(cmd));
                    // fall through
                case "store":
                    r += "store:" + await(size("store"));
                    break;
                default:
                    r += "other";
            }
            String k = switch (kind) {
                case SMALL -> "s" + await(size("x"));
                case BIG -> {
                    int n = await(size("xx"));
                    yield "b" + n;
                }
                case HUGE -> "h";
            };
            return result(r + "/" + k + "@" + getRunningLoop().time());
        }
    }

    @Test
    void switchStatementsAndExpressions() {
        assertEquals("fetch:5store:5/b2@3.0", Corio.run(new Corio_LanguageTest_Switches().classify("fetch", Kind.BIG),
                EventLoop::virtual));
        assertEquals("other/h@0.0", Corio.run(new Corio_LanguageTest_Switches().classify("x", Kind.HUGE),
                EventLoop::virtual));
        assertEquals("store:5/s1@2.0", Corio.run(new Corio_LanguageTest_Switches().classify("store", Kind.SMALL),
                EventLoop::virtual));
    }

    static class Order {
        final List<String> seen = new ArrayList<>();

        String note(String s) {
            seen.add(s);
            return s;
        }

        @Async
        Coroutine<String> later(String s, double d) {
            await(sleep(d));
            seen.add("done " + s);
            return result(s);
        }

        @Async
        Coroutine<Integer> add(int a, int b) {
            await(sleep(0));
            return result(a + b);
        }

        @Async
        Coroutine<String> main() {
            String s = note("a") + await(later("b", 1)) + note("c") + await(later("d", 1));
            int n = await(add(await(add(1, 2)), await(add(3, 4))));
            boolean flag = n > 100 && await(later("never", 1)).isEmpty();
            String t = n > 5 ? "big" + await(later("t", 1)) : await(later("f", 1));
            return result(s + " " + n + " " + flag + " " + t + " " + getRunningLoop().time());
        }
    }

    @Test
    void evaluationOrderAroundAwaits() {
        Corio_LanguageTest_Order p = new Corio_LanguageTest_Order();
        assertEquals("abcd 10 false bigt 3.0", Corio.run(p.main(), EventLoop::virtual));
        assertEquals(List.of("a", "done b", "c", "done d", "done t"), p.seen);
    }

    static class Captures {
        final Out out = new Out();

        @Async
        Coroutine<String> work(Supplier<String> label) {
            await(sleep(1));
            return result(label.get());
        }

        @Async
        Coroutine<List<String>> main() {
            EventLoop loop = getRunningLoop();
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int j = i;
                loop.callLater(3 - i, () -> out.at("timer " + j));
                tasks.add(createTask(work(() -> "task " + j)));
                await(sleep(0));
            }
            for (String name : List.of("x", "y")) {
                await(sleep(0));
                tasks.add(createTask(work(() -> name + "!")));
            }
            List<String> r = await(gather(tasks));
            await(sleep(5));
            return result(r);
        }
    }

    @Test
    void lambdasCaptureEachIterationsValue() {
        Corio_LanguageTest_Captures p = new Corio_LanguageTest_Captures();
        assertEquals(List.of("task 0", "task 1", "task 2", "x!", "y!"), Corio.run(p.main(), EventLoop::virtual));
        assertEquals(List.of("timer 2 1.0", "timer 1 2.0", "timer 0 3.0"), p.out.lines);
    }

    static class Generic {
        int attempts;

        @Async
        <T> Coroutine<T> retry(Supplier<Coroutine<T>> attempt, int times) {
            for (int i = 1; ; i++) {
                try {
                    return result(await(attempt.get()));
                } catch (IllegalStateException e) {
                    if (i == times) {
                        throw e;
                    }
                    await(sleep(i));
                }
            }
        }

        @Async
        Coroutine<String> flaky(int okAfter) {
            await(sleep(0));
            if (++attempts < okAfter) {
                throw new IllegalStateException("attempt " + attempts);
            }
            return result("ok after " + attempts);
        }

        @Async
        Coroutine<Integer> fib(int n) {
            if (n < 2) {
                return result(n);
            }
            List<Integer> parts = await(gather(List.of(n - 1, n - 2).stream().map(this::fib).toList()));
            return result(parts.get(0) + parts.get(1));
        }

        @Async
        Coroutine<String> main() {
            String a = await(retry(() -> flaky(3), 5));
            double t = getRunningLoop().time();
            attempts = 0;
            String b;
            try {
                b = await(retry(() -> flaky(10), 2));
            } catch (IllegalStateException e) {
                b = e.getMessage();
            }
            int f = await(fib(10));
            return result(a + " " + t + " " + b + " " + f + " " + await(twice(21)));
        }

        @Async
        static Coroutine<Integer> twice(int x) {
            await(sleep(0));
            return result(2 * x);
        }

        @Async
        Coroutine<Integer> callsStatic() {
            return result(await(twice(4)) + 1);
        }
    }

    @Test
    void genericMethodsRecursionAndStaticEntries() {
        Corio_LanguageTest_Generic p = new Corio_LanguageTest_Generic();
        String r = Corio.run(p.main(), EventLoop::virtual);
        assertEquals("ok after 3 3.0 attempt 2 55 42", r);
        assertEquals(9, Corio.run(new Corio_LanguageTest_Generic().callsStatic(), EventLoop::virtual));
        assertEquals(42, Corio.run(Corio_LanguageTest_Generic.twice(21), EventLoop::virtual));
    }

    static class Cleanup {
        final Out out = new Out();

        @Async
        Coroutine<Void> worker(String name) {
            try {
                while (true) {
                    await(sleep(1));
                    out.at(name + " tick");
                }
            } catch (CancelledError e) {
                out.at(name + " cancelled: " + e.getMessage());
                await(sleep(0.5));
                out.at(name + " flushed");
                throw e;
            }
        }

        @Async
        Coroutine<Void> main() {
            createTask(worker("bg"));
            Task<Void> w = createTask(worker("w"));
            await(sleep(2.5));
            w.cancel("shutting down");
            try {
                await(w);
            } catch (CancelledError e) {
                out.at("main saw " + e.getMessage());
            }
            return result(null);
        }
    }

    @Test
    void cancelledWorkerAwaitsInCleanupAndRunWaitsForLeftovers() {
        Corio_LanguageTest_Cleanup p = new Corio_LanguageTest_Cleanup();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("bg tick 1.0", "w tick 1.0", "bg tick 2.0", "w tick 2.0",
                "w cancelled: shutting down 2.5", "bg tick 3.0", "w flushed 3.0", "main saw shutting down 3.0",
                "bg cancelled: null 3.0", "bg flushed 3.5"), p.out.lines);
    }
}
