package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code AsyncIterables.merge}, on the virtual clock: values in the order they come, the end when every
 * source ended, and every source closed (its finally logged) when the merged iteration stops early or fails.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MergeTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  @Async AsyncGenerator<String> ticks(String name, double every, int n) {",
                "    try {",
                "      for (int i = 1; i <= n; i++) { await(sleep(every)); emit(name + i); }",
                "    } finally {",
                "      Aw.LOG.add(name + \" closed @\" + getRunningLoop().time());",
                "    }",
                "    return done();",
                "  }",
                "  @Async AsyncGenerator<String> failing() {",
                "    await(sleep(2.5));",
                "    throw new IllegalStateException(\"boom\");",
                "  }",
                "  @Async public Coroutine<String> all() {",
                "    List<String> got = new ArrayList<>();",
                "    for (String s : awaitEach(AsyncIterables.merge(ticks(\"a\", 1, 3), ticks(\"b\", 1.4, 2)))) {",
                "      got.add(s + \"@\" + getRunningLoop().time());",
                "    }",
                "    return result(got.toString());",
                "  }",
                "  @Async public Coroutine<String> early() {",
                "    List<String> got = new ArrayList<>();",
                "    for (String s : awaitEach(AsyncIterables.merge(ticks(\"a\", 1, 100), ticks(\"b\", 2.5, 100)))) {",
                "      got.add(s);",
                "      if (got.size() == 4) break;",
                "    }",
                "    Aw.LOG.add(\"after loop @\" + getRunningLoop().time());",
                "    return result(got.toString());",
                "  }",
                "  @Async public Coroutine<String> fails() {",
                "    List<String> got = new ArrayList<>();",
                "    try {",
                "      for (String s : awaitEach(AsyncIterables.merge(ticks(\"a\", 1, 100), failing()))) got.add(s);",
                "      return result(\"no\");",
                "    } catch (IllegalStateException e) {",
                "      return result(got + \" \" + e.getMessage() + \" @\" + getRunningLoop().time());",
                "    }",
                "  }",
                "  @Async public Coroutine<String> withTake() {",
                "    List<String> got = await(AsyncIterables.toList(AsyncIterables.take(",
                "        AsyncIterables.merge(List.of(ticks(\"a\", 2, 100), ticks(\"b\", 3, 100))), 3)));",
                "    return result(got + \" @\" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> none() {",
                "    List<String> got = await(AsyncIterables.toList(AsyncIterables.<String>merge()));",
                "    return result(got.toString());",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m);
    }

    @Test
    void valuesComeInTheOrderTheyAreProduced() throws Throwable {
        assertEquals("[a1@1.0, b1@1.4, a2@2.0, b2@2.8, a3@3.0]", run("all"));
        assertEquals(List.of("b closed @2.8", "a closed @3.0"), Harness.log(l));
    }

    @Test
    void breakingOutClosesEverySourceBeforeTheLoopIsLeft() throws Throwable {
        assertEquals("[a1, a2, b1, a3]", run("early"));
        // b's pump is cancelled inside b's sleep (its finally runs then); a waits at its emit and is closed after.
        assertEquals(List.of("b closed @3.0", "a closed @3.0", "after loop @3.0"), Harness.log(l));
    }

    @Test
    void aFailingSourceEndsTheMergeAfterClosingTheOthers() throws Throwable {
        assertEquals("[a1, a2] boom @2.5", run("fails"));
        assertEquals(List.of("a closed @2.5"), Harness.log(l));
    }

    @Test
    void takeClosesTheMergeWhichClosesItsSources() throws Throwable {
        assertEquals("[a1, b1, a2] @4.0", run("withTake"));
        assertEquals(List.of("b closed @4.0", "a closed @4.0"), Harness.log(l));
    }

    @Test
    void mergeOfNothingIsEmpty() throws Throwable {
        assertEquals("[]", run("none"));
    }
}
