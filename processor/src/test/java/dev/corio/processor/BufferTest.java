package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code AsyncIterables.buffer} over {@code @Async} generators on the virtual clock: the producer runs ahead
 * by at most the capacity, producer and consumer overlap, the source's exception comes after the values
 * before it, and leaving the loop early cancels the producer and runs the source's finally at once.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BufferTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  static class Boom extends RuntimeException { Boom(String m) { super(m); } }",
                "  @Async AsyncGenerator<Integer> slow(int n, double each, boolean fail) {",
                "    try {",
                "      for (int i = 1; i <= n; i++) {",
                "        await(sleep(each));",
                "        Aw.LOG.add(\"made \" + i + \" @\" + getRunningLoop().time());",
                "        emit(i);",
                "      }",
                "      if (fail) throw new Boom(\"after \" + n);",
                "    } finally {",
                "      await(sleep(0));",
                "      Aw.LOG.add(\"source finally @\" + getRunningLoop().time());",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> overlap() {",
                "    List<Integer> got = new ArrayList<>();",
                "    for (int x : awaitEach(AsyncIterables.buffer(slow(5, 1, false), 2))) {",
                "      Aw.LOG.add(\"took \" + x + \" @\" + getRunningLoop().time());",
                "      got.add(x);",
                "      await(sleep(3));",
                "    }",
                "    return result(got + \" @\" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> unbuffered() {",
                "    int s = 0;",
                "    for (int x : awaitEach(slow(5, 1, false))) { s += x; await(sleep(3)); }",
                "    return result(s + \" @\" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> failureAfterTheValues() {",
                "    var it = AsyncIterables.buffer(slow(3, 1, true), 10);",
                "    List<String> got = new ArrayList<>();",
                "    await(sleep(10));", // the producer has made every value and met the failure by now
                "    try {",
                "      for (int x : awaitEach(it)) got.add(\"\" + x);",
                "    } catch (Boom e) { got.add(\"Boom(\" + e.getMessage() + \")\"); }",
                "    try { await(it.anext()); got.add(\"no\"); } catch (StopAsyncIteration e) { got.add(\"end\"); }",
                "    return result(got.toString());",
                "  }",
                "  @Async public Coroutine<String> breakClosesUpstream() {",
                "    for (int x : awaitEach(AsyncIterables.buffer(slow(1000, 1, false), 3))) {",
                "      if (x == 2) break;",
                "    }",
                "    Aw.LOG.add(\"after the loop @\" + getRunningLoop().time());",
                "    return result(\"ok\");",
                "  }",
                "  @Async public Coroutine<String> badCapacity() {",
                "    try { AsyncIterables.buffer(slow(1, 1, false), 0); return result(\"no\"); }",
                "    catch (IllegalArgumentException e) { return result(e.getMessage()); }",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m);
    }

    @Test
    void theProducerRunsAheadByAtMostTheCapacity() throws Throwable {
        assertEquals("[1, 2, 3, 4, 5] @16.0", run("overlap"));
        // unbuffered the same work takes 5 * (1 + 3) = 20: buffered, the producer's second makes overlap the
        // consumer's third; with 2 buffered it waits for room (made 4 only once 2 was taken, at 4.0)
        assertEquals(List.of("made 1 @1.0", "took 1 @1.0", "made 2 @2.0", "made 3 @3.0", "took 2 @4.0",
                "made 4 @5.0", "took 3 @7.0", "made 5 @8.0", "took 4 @10.0", "source finally @10.0",
                "took 5 @13.0"), Harness.log(l));
        assertEquals("15 @20.0", run("unbuffered"));
    }

    @Test
    void theSourcesExceptionComesAfterItsValuesThenTheEnd() throws Throwable {
        assertEquals("[1, 2, 3, Boom(after 3), end]", run("failureAfterTheValues"));
    }

    @Test
    void leavingTheLoopEarlyCancelsTheProducerAndClosesTheSourceAtOnce() throws Throwable {
        assertEquals("ok", run("breakClosesUpstream"));
        List<String> log = Harness.log(l);
        assertEquals("source finally @2.0", log.get(log.size() - 2), log::toString);
        assertEquals("after the loop @2.0", log.get(log.size() - 1), log::toString);
    }

    @Test
    void aCapacityBelowOneIsRefused() throws Throwable {
        assertEquals("buffer capacity must be at least 1, got 0", run("badCapacity"));
    }
}
