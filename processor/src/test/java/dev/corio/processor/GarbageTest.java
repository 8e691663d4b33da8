package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Only variables live across a suspension point are fields, and reference fields are cleared once dead:
 * a coroutine suspended in an endless loop of awaits holds nothing it will not read again.
 */
class GarbageTest {
    @Test
    void deadReferenceFieldsAreClearedBeforeSuspending() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  public static AsyncFuture<String> gate;",
                "  @Async public Coroutine<Integer> loop(List<String> input) {",
                "    int rounds = 0;",
                "    while (true) {",
                "      String big = await(later(input.get(0) + rounds));",
                "      await(later(null));",                                  // big is live across this await
                "      int len = big.length();",
                "      String seen = await(gate);",                           // suspended here: big is dead
                "      if (seen.equals(\"stop\")) break;",
                "      rounds += len;",
                "      gate = new AsyncFuture<>(getRunningLoop());",
                "    }",
                "    return result(rounds);",
                "  }",
                "  @Async public Coroutine<String> onlyLocals() {",
                "    String once = \"x\";",           // used only before the first await: stays a local
                "    int n = once.length();",
                "    String kept = await(later(\"k\"));",
                "    await(later(null));",
                "    return result(kept + n);",
                "  }"));
        Class<?> t = l.loadClass("t.T");
        Class<?> gen = l.loadClass("t.Corio_T");
        Field gate = t.getField("gate");
        Object target = gen.getConstructor().newInstance();
        Method m = gen.getMethod("loop", java.util.List.class);
        EventLoop loop = EventLoop.virtual();
        Coroutine<?> coro = (Coroutine<?>) m.invoke(target, java.util.List.of("payload"));
        Class<?> machine = coro.getClass();
        Field big = machine.getDeclaredField("big");
        Field input = machine.getDeclaredField("input");
        big.setAccessible(true);
        input.setAccessible(true);
        gate.set(null, new AsyncFuture<String>(loop));
        Task<?> task = loop.createTask(coro);
        for (int round = 0; round < 3; round++) {
            loop.runUntilComplete(sleep(loop, 2)); // the task now waits on the gate
            assertNull(big.get(coro), "dead field still set while suspended");
            assertNotNull(input.get(coro), "input is read again in the next round");
            @SuppressWarnings("unchecked")
            AsyncFuture<String> g = (AsyncFuture<String>) gate.get(null);
            g.setResult(round == 2 ? "stop" : "go");
        }
        assertEquals(16, loop.runUntilComplete(task)); // "payload0".length() + "payload8".length()
        assertTrue(fieldNames(machine).contains("rounds"));

        Coroutine<?> other = (Coroutine<?>) gen.getMethod("onlyLocals").invoke(target);
        assertTrue(!fieldNames(other.getClass()).contains("once"), fieldNames(other.getClass()).toString());
        assertTrue(fieldNames(other.getClass()).contains("n")); // read after the awaits
        assertTrue(fieldNames(other.getClass()).contains("kept"));
        assertEquals("k1", loop.runUntilComplete(loop.createTask(other)));
        loop.close();
    }

    @Test
    void clearingNeverDropsAValueAnotherPathReads() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public Coroutine<String> viaCatch() {",
                "    String x = await(later(\"old\"));",
                "    await(later(null));",
                "    try { x = await(failLater(new IllegalStateException())); } catch (IllegalStateException e) { return result(x); }",
                "    return result(\"no\");",
                "  }",
                "  @Async public Coroutine<String> viaBranch(boolean c) {",
                "    String x = await(later(\"old\"));",
                "    await(later(null));",
                "    if (c) { x = \"new\"; await(later(null)); }",
                "    return result(x);",
                "  }"));
        assertEquals("old", Harness.run(l, "T", "viaCatch"));
        assertEquals("old", Harness.run(l, "T", "viaBranch", false));
        assertEquals("new", Harness.run(l, "T", "viaBranch", true));
    }

    private static java.util.List<String> fieldNames(Class<?> c) {
        return java.util.Arrays.stream(c.getDeclaredFields()).map(Field::getName).toList();
    }

    private static AsyncFuture<Void> sleep(EventLoop loop, double seconds) {
        AsyncFuture<Void> f = loop.createFuture();
        loop.callLater(seconds, () -> f.setResult(null));
        return f;
    }
}
