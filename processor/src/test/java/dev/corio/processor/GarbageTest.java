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

    /**
     * A task's coroutine that finished (returned or threw) keeps none of what its fields held: the task keeps
     * the machine for getCoro(), and a fan-out keeps its done children in a list; each would otherwise keep
     * its subtree. The machine's state and self stay (sourceLocation and the task's description read them),
     * and a method of the user's class named like the hook is still the user's.
     */
    @Test
    void aTasksFinishedCoroutineKeepsNoneOfItsFields() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  public int cleared;",
                "  void clearLocals() { cleared++; }",
                "  @Async public Coroutine<Integer> sum(List<String> input, Task<Integer>[] kids) {",
                "    String first = await(later(input.get(0)));",
                "    int total = first.length();",
                "    for (Task<Integer> k : kids) total += await(k);",
                "    clearLocals();",
                "    return result(total);",
                "  }",
                "  @Async public Coroutine<Integer> fails(List<String> input) {",
                "    String first = await(later(input.get(0)));",
                "    throw new IllegalStateException(first);",
                "  }"));
        Class<?> gen = l.loadClass("t.Corio_T");
        Object target = gen.getConstructor().newInstance();
        EventLoop loop = EventLoop.virtual();
        Method sum = gen.getMethod("sum", java.util.List.class, Task[].class);
        Coroutine<?> leaf = (Coroutine<?>) sum.invoke(target, java.util.List.of("ab"), new Task<?>[0]);
        Task<?> kid = loop.createTask(leaf);
        Coroutine<?> root = (Coroutine<?>) sum.invoke(target, java.util.List.of("abc"), new Task<?>[] {kid});
        Task<?> task = loop.createTask(root);
        assertEquals(5, loop.runUntilComplete(task));
        assertEquals(2, l.loadClass("t.T").getDeclaredField("cleared").getInt(target), "the user's own clearLocals() ran in each body");
        for (Coroutine<?> c : java.util.List.of(leaf, root)) {
            for (Field f : c.getClass().getDeclaredFields()) {
                if (!f.getType().isPrimitive() && !java.lang.reflect.Modifier.isStatic(f.getModifiers())
                        && !java.lang.reflect.Modifier.isFinal(f.getModifiers())) {
                    f.setAccessible(true);
                    assertNull(f.get(c), "field " + f.getName() + " still set in a done task's coroutine");
                }
            }
        }
        assertTrue(fieldNames(root.getClass()).contains("kids") && fieldNames(root.getClass()).contains("input"));
        assertEquals(root, task.getCoro());
        assertTrue(task.getStack().isEmpty());
        assertTrue(task.toString().contains("T.sum()"), task.toString());

        Coroutine<?> failing = (Coroutine<?>) gen.getMethod("fails", java.util.List.class).invoke(target, java.util.List.of("why"));
        Task<?> failed = loop.createTask(failing);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(failed));
        assertEquals("why", e.getMessage());
        Field input = failing.getClass().getDeclaredField("input");
        input.setAccessible(true);
        assertNull(input.get(failing), "a failed task's coroutine is cleared too");
        boolean traced = false;
        for (StackTraceElement st : e.getStackTrace()) {
            traced |= "T.java".equals(st.getFileName()) && "fails".equals(st.getMethodName());
        }
        assertTrue(traced, "the throw site still maps to the user's line after the clearing");
        loop.close();
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
