package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code for (T x : awaitEach(source))}: Python's {@code async for}, which here also closes the iterator
 * at once when the loop is left early ({@code contextlib.aclosing}, C#'s {@code await foreach}). The logs
 * pin the order of lines.
 */
class AsyncForTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  static class Boom extends RuntimeException { Boom(String m) { super(m); } }",
                "  @Async AsyncGenerator<Integer> numbers(String name, int n) {",
                "    try {",
                "      for (int i = 0; i < n; i++) { await(sleep(1)); emit(i); }",
                "    } finally {",
                "      await(sleep(0));",
                "      Aw.LOG.add(name + \" finally\");",
                "    }",
                "    return done();",
                "  }",
                /** A plain iterator (not a generator): aclose logs; values come later, then the end. */
                "  static final class Ticks implements AsyncIterator<Integer> {",
                "    int n;",
                "    public Awaitable<Integer> anext() { return n < 3 ? later(n++) : failNow(new StopAsyncIteration()); }",
                "    public Awaitable<Void> aclose() { Aw.LOG.add(\"ticks aclose\"); return now(null); }",
                "  }",
                "  @Async public Coroutine<Integer> sum(int stopAt, int mode) {",
                "    int total = 0;",
                "    for (int x : awaitEach(numbers(\"g\", 5))) {",
                "      Aw.LOG.add(\"got \" + x);",
                "      if (x == 1 && mode == 1) continue;",
                "      if (x == stopAt) {",
                "        if (mode == 2) return result(-1);",
                "        if (mode == 3) throw new Boom(\"out\");",
                "        break;",
                "      }",
                "      total += x;",
                "    }",
                "    Aw.LOG.add(\"after loop\");",
                "    return result(total);",
                "  }",
                "  @Async public Coroutine<String> caught() {",
                "    try { return result(\"\" + await(sum(2, 3))); } catch (Boom e) { Aw.LOG.add(\"caught \" + e.getMessage()); }",
                "    return result(\"done\");",
                "  }",
                "  @Async public Coroutine<String> labels() {",
                "    StringBuilder sb = new StringBuilder();",
                "    outer:",
                "    for (var x : awaitEach(numbers(\"o\", 4))) {",
                "      for (int j = 0; j < 3; j++) {",
                "        if (j > x) continue outer;",
                "        if (x == 2 && j == 1) break outer;",
                "        sb.append(x).append(j).append(' ');",
                "      }",
                "    }",
                "    return result(sb.toString().trim());",
                "  }",
                "  @Async public Coroutine<String> nested() {",
                "    List<String> pairs = new ArrayList<>();",
                "    for (Integer a : awaitEach(numbers(\"a\", 2))) {",
                "      for (Integer b : awaitEach(numbers(\"b\" + a, 3))) {",
                "        if (b == 1) break;",
                "        pairs.add(a + \":\" + b);",
                "      }",
                "    }",
                "    return result(String.join(\" \", pairs));",
                "  }",
                "  @Async AsyncGenerator<Integer> tens() {",
                "    try {",
                "      for (int x : awaitEach(numbers(\"inner\", 5))) emit(x * 10);",
                "    } finally {",
                "      Aw.LOG.add(\"tens finally\");",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> delegating() {",
                "    List<Integer> got = new ArrayList<>();",
                "    for (int x : awaitEach(tens())) { got.add(x); if (got.size() == 2) break; }",
                "    Aw.LOG.add(\"after loop\");",
                "    return result(got.toString());",
                "  }",
                "  @Async public Coroutine<String> plainIterator(boolean early) {",
                "    List<Integer> got = new ArrayList<>();",
                "    for (int x : awaitEach(new Ticks())) { got.add(x); if (early) break; }",
                "    return result(got + \" at \" + getRunningLoop().time());",
                "  }",
                "  @Async Coroutine<Integer> consumer() {",
                "    int n = 0;",
                "    for (int x : awaitEach(numbers(\"c\", 100))) { n++; await(sleep(10)); }",
                "    return result(n);",
                "  }",
                "  @Async public Coroutine<String> cancelledInTheBody() {",
                "    Task<Integer> t = createTask(consumer());",
                "    await(sleep(5));",
                "    t.cancel();",
                "    try { await(t); } catch (CancelledError e) { Aw.LOG.add(\"cancelled\"); }",
                "    return result(\"at \" + getRunningLoop().time());",
                "  }"));
    }

    private static Object run(String m, Object... args) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m, args);
    }

    private static List<String> log() throws Exception {
        return Harness.log(l);
    }

    @Test
    void toTheEndWithoutAClose() throws Throwable {
        assertEquals(10, run("sum", 99, 0));
        assertEquals(List.of("got 0", "got 1", "got 2", "got 3", "got 4", "g finally", "after loop"), log());
    }

    @Test
    void breakClosesTheGeneratorAtOnce() throws Throwable {
        assertEquals(1, run("sum", 2, 0));
        assertEquals(List.of("got 0", "got 1", "got 2", "g finally", "after loop"), log());
    }

    @Test
    void continueDoesNotClose() throws Throwable {
        assertEquals(9, run("sum", 99, 1));
        assertEquals(List.of("got 0", "got 1", "got 2", "got 3", "got 4", "g finally", "after loop"), log());
    }

    @Test
    void returnClosesFirst() throws Throwable {
        assertEquals(-1, run("sum", 2, 2));
        assertEquals(List.of("got 0", "got 1", "got 2", "g finally"), log());
    }

    @Test
    void anExceptionClosesThenPropagates() throws Throwable {
        assertEquals("done", run("caught"));
        assertEquals(List.of("got 0", "got 1", "got 2", "g finally", "caught out"), log());
    }

    @Test
    void labelledBreakAndContinue() throws Throwable {
        assertEquals("00 10 11 20", run("labels"));
        assertEquals(List.of("o finally"), log());
    }

    @Test
    void nestedLoopsCloseTheirOwn() throws Throwable {
        assertEquals("0:0 1:0", run("nested"));
        assertEquals(List.of("b0 finally", "b1 finally", "a finally"), log());
    }

    @Test
    void closingAGeneratorClosesTheLoopInsideIt() throws Throwable {
        assertEquals("[0, 10]", run("delegating"));
        assertEquals(List.of("inner finally", "tens finally", "after loop"), log());
    }

    @Test
    void anyAsyncIteratorWorks() throws Throwable {
        assertEquals("[0, 1, 2] at 3.0", run("plainIterator", false));
        assertEquals(List.of(), log());
        assertEquals("[0] at 1.0", run("plainIterator", true));
        assertEquals(List.of("ticks aclose"), log());
    }

    @Test
    void cancellationInTheBodyClosesTheGenerator() throws Throwable {
        assertEquals("at 5.0", run("cancelledInTheBody"));
        assertEquals(List.of("c finally", "cancelled"), log());
    }
}
