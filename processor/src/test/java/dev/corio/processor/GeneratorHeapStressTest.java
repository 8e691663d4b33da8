package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stress suite's generator case (docs/stress.md; {@code -Pstress}): an {@code @Async} generator making
 * 10,000,000 values, each after an await, consumed by an async {@code for} and by a chain of operators, with
 * the heap flat throughout. The heap in use after three full collections is sampled every 1,000,000 values
 * (from inside the running pipeline, so the generator, its consumer and every stage are live), and no sample
 * may exceed the first by 8 MB. {@link GeneratorGarbageTest} (quick build) is the explicit-{@code anext()}
 * case.
 */
@Tag("stress")
@Timeout(600)
class GeneratorHeapStressTest {
    private static final int N = 10_000_000;
    private static final int SAMPLES = 10;
    private static final long BOUND = 8L << 20;

    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  public static long[] heap = new long[" + SAMPLES + "];",
                "  public static boolean finished;",
                "  static long usedAfterGc() {",
                "    for (int i = 0; i < 3; i++) System.gc();",
                "    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();",
                "  }",
                // at values 0, n/10, 2n/10, ...: the first sample is taken once everything is set up
                "  static void sample(long i, int n) {",
                "    if (i % (n / " + SAMPLES + ") == 0) heap[(int) (i / (n / " + SAMPLES + "))] = usedAfterGc();",
                "  }",
                "  @Async AsyncGenerator<Integer> values(int n) {",
                "    finished = false;",
                "    try {",
                "      for (int i = 0; i < n; i++) {",
                "        String s = await(now(\"v\" + (i & 1023)));",      // completed: no suspension
                "        if ((i & 4095) == 0) await(sleep(0));",             // now and then a trip through the loop
                "        Integer sent = emit(i);",
                "      }",
                "    } finally {",
                "      await(sleep(0));",
                "      finished = true;",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<Long> asyncFor(int n) {",
                "    long sum = 0;",
                "    long k = 0;",
                "    for (int v : awaitEach(values(n))) {",
                "      sample(k++, n);",
                "      sum += v;",
                "    }",
                "    return result(sum);",
                "  }",
                // values -> sample and widen -> filter -> async map -> enumerate -> map -> chunked -> map -> drop -> take
                "  static AsyncIterator<Long> chain(AsyncIterable<Integer> src, int n, long limit) {",
                "    AsyncIterator<Long> a = AsyncIterables.map(src, v -> { sample(v, n); return (long) v; });",
                "    AsyncIterator<Long> b = AsyncIterables.filter(a, x -> x % 3 != 0);",
                "    AsyncIterator<Long> c = AsyncIterables.mapAwait(b, x -> now(x * 2));",
                "    AsyncIterator<Long> d = AsyncIterables.map(AsyncIterables.enumerate(c), p -> p.value() - p.index());",
                "    AsyncIterator<Long> e = AsyncIterables.map(AsyncIterables.chunked(d, 64),",
                "        chunk -> { long s = 0; for (long x : chunk) s += x; return s; });",
                "    return AsyncIterables.take(AsyncIterables.drop(e, 1), limit);",
                "  }",
                "  @Async public Coroutine<Long> reduced(int n, long limit) {",
                "    return result(await(AsyncIterables.reduce(chain(values(n), n, limit), 0L, Long::sum)));",
                "  }",
                "  @Async public Coroutine<Long> iterated(int n, long limit) {",
                "    long sum = 0;",
                "    for (long s : awaitEach(chain(values(n), n, limit))) {",
                "      sum += s;",
                "    }",
                "    return result(sum);",
                "  }"));
    }

    /** The values of the chain's source that pass its filter, doubled, computed with a plain stream. */
    private static long[] kept() {
        return LongStream.range(0, N).filter(x -> x % 3 != 0).map(x -> x * 2).toArray();
    }

    /** What {@code chain(values(n), n, limit)} gives. */
    private static long expectedChain(long limit) {
        long[] kept = kept();
        long chunks = (kept.length + 63) / 64;
        long sum = 0;
        long end = limit >= chunks ? chunks : 1 + limit;  // drop(1), then take(limit)
        for (long c = 1; c < end; c++) {
            for (int j = (int) (c * 64); j < Math.min(kept.length, (c + 1) * 64); j++) {
                sum += kept[j] - j;
            }
        }
        return sum;
    }

    private static long[] heap() throws Exception {
        return (long[]) l.loadClass("t.T").getField("heap").get(null);
    }

    private static boolean finished() throws Exception {
        return l.loadClass("t.T").getField("finished").getBoolean(null);
    }

    private static void check(String what, long nanos) throws Exception {
        long[] heap = heap();
        long max = 0;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < SAMPLES; i++) {
            assertTrue(heap[i] > 0, what + ": sample " + i + " was not taken");
            max = Math.max(max, heap[i]);
            s.append(i == 0 ? "" : ", ").append(String.format("%.1f", heap[i] / 1048576.0));
        }
        System.out.println("STRESS generator heap, " + what + String.format(": %,d values in %.2f s (%.1f ns each,"
                + " with the sampling GCs); heap after GC every 1M values (MB): %s", N, nanos / 1e9,
                (double) nanos / N, s));
        long growth = max - heap[0];
        assertTrue(growth < BOUND, what + ": the heap grew by " + growth / 1024 + " KB over " + N + " values: " + s);
    }

    @Test
    void asyncForOverTenMillionValues() throws Throwable {
        long t0 = System.nanoTime();
        Object sum = Harness.run(l, "T", "asyncFor", N);
        long took = System.nanoTime() - t0;
        assertEquals((long) N * (N - 1) / 2, sum);
        assertTrue(finished(), "the generator's finally ran");
        check("async for", took);
    }

    @Test
    void operatorChainReducedOverTenMillionValues() throws Throwable {
        long t0 = System.nanoTime();
        Object sum = Harness.run(l, "T", "reduced", N, Long.MAX_VALUE);
        long took = System.nanoTime() - t0;
        assertEquals(expectedChain(Long.MAX_VALUE), sum);
        assertTrue(finished(), "the generator's finally ran");
        check("map/filter/mapAwait/enumerate/chunked/drop/take chain, reduce", took);
    }

    /** The chain left by {@code take} 100 chunks before the end: the generator is closed, its finally ran. */
    @Test
    void operatorChainIteratedAndStoppedEarly() throws Throwable {
        long limit = (kept().length + 63) / 64 - 1 - 100;  // the chunks after drop(1), less 100
        long t0 = System.nanoTime();
        Object sum = Harness.run(l, "T", "iterated", N, limit);
        long took = System.nanoTime() - t0;
        assertEquals(expectedChain(limit), sum);
        assertTrue(finished(), "take closed the chain and the generator's finally ran");
        check("the same chain in an async for, stopped by take before the end", took);
    }
}
