package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An {@code @Async} method that awaits itself a million levels deep, compiled by the processor: the
 * runtime's trampoline keeps the Java stack short whether or not the levels suspend (it overflowed at
 * about 12,700 levels when every await of a coroutine called it).
 */
@Timeout(120)
class DeepRecursionTest {
    static final int MILLION = 1_000_000;
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  public static int finallies;",
                "  public static int deepestStack;",
                "  @Async public Coroutine<Long> down(int n) {",
                "    if (n == 0) { deepestStack = StackWalker.getInstance().walk(s -> (int) s.count()); return result(0L); }",
                "    long v = await(down(n - 1));",
                "    return result(v + 1);",
                "  }",
                "  @Async public Coroutine<Long> downSleeping(int n) {",
                "    await(sleep(0));",
                "    if (n == 0) return result(0L);",
                "    long v = await(downSleeping(n - 1));",
                "    await(sleep(0));",
                "    return result(v + 1);",
                "  }",
                "  @Async public Coroutine<Long> downFailing(int n) {",
                "    if (n == 0) throw new IllegalStateException(\"bottom\");",
                "    try {",
                "      return result(await(downFailing(n - 1)) + 1);",
                "    } finally {",
                "      finallies++;",
                "    }",
                "  }",
                "  @Async public static Coroutine<Long> staticDown(int n) {",
                "    return result(n == 0 ? 0L : await(staticDown(n - 1)) + 1);",
                "  }"));
    }

    private static Object field(String name) throws Exception {
        java.lang.reflect.Field f = l.loadClass("t.T").getDeclaredField(name);
        return f.get(null);
    }

    @Test
    void aMillionLevelsThatNeverSuspend() throws Throwable {
        assertEquals((long) MILLION, Harness.run(l, "T", "down", MILLION));
        int stack = (Integer) field("deepestStack");
        assertTrue(stack > 0 && stack < 2_000, "Java stack at the bottom: " + stack + " frames");
    }

    @Test
    void aMillionLevelsOfAStaticMethod() throws Throwable {
        assertEquals((long) MILLION, Harness.run(l, "T", "staticDown", MILLION));
    }

    @Test
    void aMillionLevelsThatSuspendOnTheWayDownAndUp() throws Throwable {
        assertEquals((long) MILLION, Harness.run(l, "T", "downSleeping", MILLION));
    }

    @Test
    void anExceptionThroughAMillionLevelsRunsEveryFinally() throws Throwable {
        java.lang.reflect.Field f = l.loadClass("t.T").getDeclaredField("finallies");
        f.set(null, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Harness.run(l, "T", "downFailing", MILLION));
        assertEquals("bottom", e.getMessage());
        assertEquals(MILLION, f.get(null));
    }
}
