package dev.corio.acceptance;

import dev.corio.AsyncContextManager;
import dev.corio.Awaitable;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Less common constructs around awaits that real programs still contain. */
class ConstructsTest {

    static class Cache<K extends Comparable<K>, V> {
        final Map<K, V> data = new TreeMap<>();
        final List<String> log = new ArrayList<>();

        @Async
        Coroutine<V> get(K key, V fallback) {
            await(sleep(1));
            V v = data.get(key);
            log.add("get " + key);
            return result(v != null ? v : fallback);
        }

        @Async
        Coroutine<List<V>> getAll(List<K> keys, V fallback) {
            List<V> out = new ArrayList<>();
            Iterator<K> it = keys.iterator();
            while (it.hasNext() && out.size() < 3) {
                out.add(await(get(it.next(), fallback)));
            }
            return result(out);
        }
    }

    @Test
    void genericClass() {
        Corio_ConstructsTest_Cache<String, Integer> c = new Corio_ConstructsTest_Cache<>();
        c.data.put("a", 1);
        c.data.put("c", 3);
        assertEquals(List.of(1, 0, 3), Corio.run(c.getAll(List.of("a", "b", "c", "d"), 0), EventLoop::virtual));
        assertEquals(List.of("get a", "get b", "get c"), c.log);
    }

    static class Misc {
        final List<String> log = new ArrayList<>();

        @Async
        Coroutine<Integer> val(int v) {
            await(sleep(0));
            log.add("val " + v);
            return result(v);
        }

        @Async
        Coroutine<Boolean> cond(boolean b) {
            await(sleep(0));
            log.add("cond " + b);
            return result(b);
        }

        @Async
        Coroutine<String> main() {
            int[] arr = {await(val(1)), 2, await(val(3))};
            int[][] grid = new int[await(val(2))][await(val(1))];
            boolean sc = await(cond(false)) && await(cond(true));
            boolean sc2 = await(cond(true)) || await(cond(false));
            Object o = await(val(7));
            String kind = o instanceof Integer ? "int" : "other";
            StringBuilder sb = new StringBuilder();
            for (int i = await(val(0)); i < await(val(2)); i += await(val(1))) {
                sb.append(i);
            }
            Runnable r = new Runnable() {
                final int captured = arr[2];

                @Override
                public void run() {
                    log.add("anon " + captured);
                }
            };
            r.run();
            Comparable<Integer> cmp = new Comparable<>() {
                @Override
                public int compareTo(Integer x) {
                    return Integer.compare(arr[0], x);
                }
            };
            int c = cmp.compareTo(await(val(5)));
            String s = arr[0] + "," + arr[2] + " " + grid.length + "x" + grid[0].length + " " + sc + " " + sc2
                    + " " + kind + " " + sb + " " + c;
            return result(s);
        }

        @Async
        Coroutine<String> jumps() {
            StringBuilder sb = new StringBuilder();
            outer:
            for (int i = 0; i < 4; i++) {
                try {
                    if (i == 1) {
                        continue;
                    }
                    if (i == 3) {
                        break outer;
                    }
                    sb.append("b").append(i);
                } finally {
                    sb.append("f").append(await(val(i)));
                }
            }
            int n = 0;
            while (await(val(n)) < 2) {
                n++;
            }
            return result(sb + " " + n);
        }

        @Async
        Coroutine<String> patterns(Object o) {
            if (o instanceof String str && !str.isEmpty()) {
                await(sleep(1));
                return result("string " + str.length());
            } else if (o instanceof Integer n) {
                int doubled = await(val(n)) * 2;
                return result("int " + doubled);
            }
            return result("other");
        }

        @Async
        Coroutine<String> fromStage() {
            CompletableFuture<String> cf = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cf.complete("from thread");
            });
            t.start();
            String s = await(cf);
            return result(s + " " + getRunningLoop().time());
        }
    }

    @Test
    void expressionsArraysAnonymousClasses() {
        Corio_ConstructsTest_Misc m = new Corio_ConstructsTest_Misc();
        assertEquals("1,3 2x1 false true int 01 -1", Corio.run(m.main(), EventLoop::virtual));
        assertEquals(List.of("val 1", "val 3", "val 2", "val 1", "cond false", "cond true", "val 7", "val 0",
                "val 2", "val 1", "val 2", "val 1", "val 2", "anon 3", "val 5"), m.log);
    }

    @Test
    void jumpsThroughFinallyAndAwaitInConditions() {
        assertEquals("b0f0f1b2f2f3 2", Corio.run(new Corio_ConstructsTest_Misc().jumps(), EventLoop::virtual));
    }

    @Test
    void patternBindingsLiveAcrossAwaits() {
        assertEquals("string 5", Corio.run(new Corio_ConstructsTest_Misc().patterns("hello"), EventLoop::virtual));
        assertEquals("int 42", Corio.run(new Corio_ConstructsTest_Misc().patterns(21), EventLoop::virtual));
        assertEquals("other", Corio.run(new Corio_ConstructsTest_Misc().patterns(""), EventLoop::virtual));
    }

    @Test
    void completionStageFromAnotherThread() {
        assertEquals("from thread 0.0", Corio.run(new Corio_ConstructsTest_Misc().fromStage(), EventLoop::virtual));
    }

    /** A user-written async context manager: Python's {@code async with}. */
    static class Conn implements AsyncContextManager<Conn> {
        final List<String> log;

        Conn(List<String> log) {
            this.log = log;
        }

        @Override
        public Awaitable<Conn> aenter() {
            log.add("open");
            return sleep(1, this);
        }

        @Override
        public Awaitable<Boolean> aexit(Throwable error) {
            log.add("close " + (error == null ? "ok" : error.getMessage()));
            return sleep(1, error instanceof IllegalArgumentException);
        }
    }

    static class Sessions {
        final List<String> log = new ArrayList<>();

        @Async
        Coroutine<String> use(boolean fail, boolean suppressible) {
            try (Conn c = new Conn(log)) {
                log.add("body " + getRunningLoop().time());
                await(sleep(1));
                if (fail) {
                    throw suppressible ? new IllegalArgumentException("bad arg") : new IllegalStateException("bad");
                }
                return result("returned");
            } catch (IllegalStateException e) {
                return result("caught " + e.getMessage());
            } finally {
                log.add("finally " + getRunningLoop().time());
            }
        }

        @Async
        Coroutine<String> suppress(boolean fail) {
            String r = "start";
            try (Conn c = new Conn(log)) {
                if (fail) {
                    throw new IllegalArgumentException("bad arg");
                }
                r = "body";
            }
            return result(r + " after");
        }
    }

    @Test
    void userAsyncContextManager() {
        Corio_ConstructsTest_Sessions s = new Corio_ConstructsTest_Sessions();
        assertEquals("returned", Corio.run(s.use(false, false), EventLoop::virtual));
        assertEquals(List.of("open", "body 1.0", "close ok", "finally 3.0"), s.log);
        Corio_ConstructsTest_Sessions s2 = new Corio_ConstructsTest_Sessions();
        assertEquals("caught bad", Corio.run(s2.use(true, false), EventLoop::virtual));
        assertEquals(List.of("open", "body 1.0", "close bad", "finally 3.0"), s2.log);
    }

    @Test
    void aexitSuppressesTheBodysException() {
        Corio_ConstructsTest_Sessions s = new Corio_ConstructsTest_Sessions();
        assertEquals("start after", Corio.run(s.suppress(true), EventLoop::virtual));
        assertEquals(List.of("open", "close bad arg"), s.log);
    }
}
