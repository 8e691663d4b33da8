package dev.corio.acceptance;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.Handle;
import dev.corio.Task;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asyncio's event loop and Future pages, as a user writes them; expected output from CPython 3.12. */
class LoopAndFuturesTest {

    static class Callbacks {
        final Out out = new Out();

        @Async
        Coroutine<Void> main() {
            EventLoop loop = getRunningLoop();
            loop.callLater(2, () -> out.at("later2"));
            loop.callLater(1, () -> out.at("later1a"));
            loop.callSoon(() -> out.at("soon1"));
            loop.callLater(1, () -> out.at("later1b"));
            Handle h = loop.callLater(1, () -> out.at("cancelled"));
            loop.callSoon(() -> out.at("soon2"));
            h.cancel();
            out.print("before yield");
            await(sleep(0));
            out.print("after yield");
            await(sleep(3));
            out.at("end");
            return result(null);
        }
    }

    @Test
    void callSoonAndCallLaterOrder() {
        Corio_LoopAndFuturesTest_Callbacks p = new Corio_LoopAndFuturesTest_Callbacks();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("before yield", "soon1 0.0", "soon2 0.0", "after yield", "later1a 1.0", "later1b 1.0",
                "later2 2.0", "end 3.0"), p.out.lines);
    }

    static class Futures {
        final Out out = new Out();

        @Async
        Coroutine<Void> setAfter(AsyncFuture<String> fut, double delay, String value) {
            await(sleep(delay));
            fut.setResult(value);
            return result(null);
        }

        @Async
        Coroutine<Void> main() {
            EventLoop loop = getRunningLoop();
            AsyncFuture<String> fut = loop.createFuture();
            loop.createTask(setAfter(fut, 1, "... world"));
            out.print("hello ...");
            out.at(await(fut));
            AsyncFuture<Integer> fut2 = loop.createFuture();
            loop.callLater(1, () -> fut2.setResult(42));
            out.at("" + await(fut2));
            return result(null);
        }

        @Async
        Coroutine<Void> waiter(AsyncFuture<Integer> f, String name) {
            out.print(name + " waits");
            int v = await(f);
            out.print(name + " woke " + v);
            return result(null);
        }

        @Async
        Coroutine<Void> doneCallbacks() {
            AsyncFuture<Integer> f = getRunningLoop().createFuture();
            f.addDoneCallback(x -> out.print("cb1 " + x.result()));
            Task<Void> w = createTask(waiter(f, "w"));
            await(sleep(0));
            f.addDoneCallback(x -> out.print("cb2 " + x.result()));
            f.setResult(7);
            out.print("set");
            f.addDoneCallback(x -> out.print("cb3 (added after done)"));
            await(sleep(0));
            out.print("main after one tick");
            await(w);
            out.print("main done");
            return result(null);
        }
    }

    @Test
    void futureSetFromATaskAndFromATimer() {
        Corio_LoopAndFuturesTest_Futures p = new Corio_LoopAndFuturesTest_Futures();
        Corio.run(p.main(), EventLoop::virtual);
        assertEquals(List.of("hello ...", "... world 1.0", "42 2.0"), p.out.lines);
    }

    @Test
    void doneCallbacksAndWakeUpsRunInRegistrationOrder() {
        Corio_LoopAndFuturesTest_Futures p = new Corio_LoopAndFuturesTest_Futures();
        Corio.run(p.doneCallbacks(), EventLoop::virtual);
        assertEquals(List.of("w waits", "set", "cb1 7", "w woke 7", "cb2 7", "cb3 (added after done)",
                "main after one tick", "main done"), p.out.lines);
    }

    static class Plain {
        @Async
        Coroutine<String> coro() {
            await(sleep(1));
            return result("done " + getRunningLoop().time());
        }

        @Async
        Coroutine<Integer> bad() {
            throw new IllegalStateException("nobody looks");
        }

        final List<String> reports = new ArrayList<>();

        @Async
        Coroutine<Void> unretrieved() {
            EventLoop loop = getRunningLoop();
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx.message().split(":")[0] + " / "
                    + ctx.exception().getMessage()));
            Task<Integer> t = createTask(bad());
            await(sleep(0));
            await(sleep(0));
            reports.add("task done " + t.isDone());
            AsyncFuture<Integer> f = loop.createFuture();
            f.setException(new IllegalArgumentException("k"));
            return result(null);
        }

        @Async
        Coroutine<List<Object>> toThreadMain() {
            Thread loopThread = Thread.currentThread();
            List<Object> r = await(gather(toThread(() -> {
                Thread.sleep(50);
                return Thread.currentThread() != loopThread;
            }), sleep(1, "slept")));
            r = new ArrayList<>(r);
            r.add(getRunningLoop().time());
            return result(r);
        }

        @Async
        Coroutine<List<String>> tasks() {
            List<String> seen = new ArrayList<>();
            Task<?> me = currentTask();
            seen.add(me.getName().startsWith("Task-") + "");
            Task<Void> a = createTask(sleep1(), "sleeper");
            Set<String> names = new TreeSet<>();
            for (Task<?> t : allTasks()) {
                names.add(t == me ? "main" : t.getName());
            }
            seen.add(names.toString());
            await(a);
            seen.add(allTasks().size() + " " + allTasks().contains(me));
            return result(seen);
        }

        @Async
        Coroutine<Void> sleep1() {
            await(sleep(1));
            return result(null);
        }
    }

    @Test
    void runUntilCompleteOnAVirtualLoop() {
        EventLoop loop = EventLoop.virtual();
        try {
            assertEquals("done 1.0", loop.runUntilComplete(new Corio_LoopAndFuturesTest_Plain().coro()));
            Task<String> t = loop.createTask(new Corio_LoopAndFuturesTest_Plain().coro());
            assertEquals("done 2.0", loop.runUntilComplete(t));
            assertTrue(t.isDone());
        } finally {
            loop.close();
        }
    }

    @Test
    void exceptionsNeverRetrievedGoToTheHandler() {
        Corio_LoopAndFuturesTest_Plain p = new Corio_LoopAndFuturesTest_Plain();
        Corio.run(p.unretrieved(), EventLoop::virtual);
        assertEquals("task done true", p.reports.get(0));
        assertEquals(Set.of("Task exception was never retrieved / nobody looks",
                "Future exception was never retrieved / k"), Set.copyOf(p.reports.subList(1, p.reports.size())));
        assertEquals(3, p.reports.size());
    }

    @Test
    void toThreadRunsOffTheLoopWhileTheLoopGoesOn() {
        List<Object> r = Corio.run(new Corio_LoopAndFuturesTest_Plain().toThreadMain(), EventLoop::virtual);
        assertEquals(List.of(true, "slept", 1.0), r);
    }

    @Test
    void currentTaskAndAllTasks() {
        List<String> r = Corio.run(new Corio_LoopAndFuturesTest_Plain().tasks(), EventLoop::virtual);
        assertEquals(List.of("true", "[main, sleeper]", "1 true"), r);
    }
}
