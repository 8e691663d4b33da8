package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A generator suspended in an endless loop of emits and awaits keeps a flat heap: each step is a small
 * coroutine dropped once it has run, and the machine's dead fields are cleared before it suspends.
 */
class GeneratorGarbageTest {
    @Test
    void tenMillionEmitsAndAwaitsKeepTheHeapFlat() throws Throwable {
        ClassLoader l = Harness.load(GeneratorTest.gen(
                "  public static long[] heap = new long[2];",
                "  static long usedAfterGc() {",
                "    for (int i = 0; i < 3; i++) System.gc();",
                "    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();",
                "  }",
                "  @Async AsyncGenerator<Integer> endless() {",
                "    for (int i = 0; ; i++) {",
                "      String big = await(now(\"item\" + (i & 1023)));",   // completed: the fast path
                "      if ((i & 4095) == 0) await(sleep(0));",            // and now and then a real suspension
                "      Integer sent = emit(big.length());",
                "    }",
                "  }",
                "  @Async public Coroutine<Long> consume(int n) {",
                "    AsyncGenerator<Integer> g = endless();",
                "    long sum = 0;",
                "    for (int i = 0; i < n; i++) {",
                "      sum += await(g.anext());",
                "      if (i == n / 10) heap[0] = usedAfterGc();",
                "    }",
                "    heap[1] = usedAfterGc();",
                "    await(g.aclose());",
                "    return result(sum);",
                "  }"));
        int n = 10_000_000;
        long t0 = System.nanoTime();
        Object sum = Harness.run(l, "T", "consume", n);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue((Long) sum > 5L * n, () -> "sum " + sum);
        long[] heap = (long[]) l.loadClass("t.T").getField("heap").get(null);
        long growth = heap[1] - heap[0];
        System.out.println("GeneratorGarbageTest: " + n + " emits in " + ms + " ms, heap " + heap[0] / 1024 + " KB -> "
                + heap[1] / 1024 + " KB");
        assertTrue(growth < 8L << 20, () -> "heap grew by " + growth / 1024 + " KB over " + (n - n / 10) + " emits");
        assertEquals(2, heap.length);
    }
}
