package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast path of the operators (docs/generators.md "Operators", "fused"): a chain of synchronous stages
 * ({@code map}, {@code filter}, {@code drop}, {@code enumerate}) is pulled by the stage above it in one step
 * per value, and a step that does not suspend gives its value without the await's bookkeeping. These pin
 * its edges against what the stages did one by one: a generator that awaits only sometimes (the fused step
 * suspends and is resumed), an exception from the body and from a function deep in the chain (the source is
 * closed, its {@code finally} awaited, before the exception comes out), a loop left mid-chain, an inner stage
 * closed or pulled by someone else, and a cancellation at the generator's await.
 */
class FusedStagesTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  static class Boom extends RuntimeException { Boom(String m) { super(m); } }",
                // awaits (suspends) before every third value only; fails at `failAt`
                "  @Async AsyncGenerator<Integer> some(String name, int n, int failAt) {",
                "    try {",
                "      for (int i = 1; i <= n; i++) {",
                "        if (i % 3 == 0) await(sleep(1));",
                "        if (i == failAt) throw new Boom(name + \" failed at \" + i);",
                "        emit(i);",
                "      }",
                "    } finally {",
                "      await(sleep(0));",
                "      Aw.LOG.add(name + \" closed at \" + getRunningLoop().time());",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> chainOverASometimesSuspendingGenerator() {",
                "    List<Integer> l = await(AsyncIterables.toList(AsyncIterables.map(AsyncIterables.filter(",
                "        AsyncIterables.map(some(\"s\", 10, 0), x -> x * 3), y -> (y & 1) == 0), y -> y + 1)));",
                "    return result(l + \" at \" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> innerFunctionThrows() {",
                "    try {",
                "      await(AsyncIterables.toList(AsyncIterables.map(AsyncIterables.filter(",
                "          AsyncIterables.map(some(\"t\", 10, 0), x -> { if (x == 4) throw new Boom(\"map at \" + x); return x; }),",
                "          y -> true), y -> y)));",
                "      return result(\"no exception\");",
                "    } catch (Boom e) {",
                "      Aw.LOG.add(\"caught \" + e.getMessage() + \" at \" + getRunningLoop().time());",
                "      return result(e.getMessage());",
                "    }",
                "  }",
                "  @Async public Coroutine<String> bodyThrows() {",
                "    List<Integer> got = new ArrayList<>();",
                "    try {",
                "      for (int y : awaitEach(AsyncIterables.map(AsyncIterables.filter(some(\"b\", 10, 5), x -> x != 2), x -> x * 10))) {",
                "        got.add(y);",
                "      }",
                "      return result(\"no exception\");",
                "    } catch (Boom e) {",
                "      return result(got + \" then \" + e.getMessage());",
                "    }",
                "  }",
                "  @Async public Coroutine<String> breakMidChain() {",
                "    List<Integer> got = new ArrayList<>();",
                "    for (int y : awaitEach(AsyncIterables.map(AsyncIterables.drop(some(\"k\", 100, 0), 1), x -> -x))) {",
                "      got.add(y);",
                "      if (got.size() == 4) break;",
                "    }",
                "    Aw.LOG.add(\"after loop at \" + getRunningLoop().time());",
                "    return result(got.toString());",
                "  }",
                "  @Async public Coroutine<String> enumerateOverDrop() {",
                "    List<String> l = await(AsyncIterables.toList(AsyncIterables.map(AsyncIterables.enumerate(",
                "        AsyncIterables.drop(some(\"e\", 6, 0), 3)), p -> p.index() + \":\" + p.value())));",
                "    return result(l.toString());",
                "  }",
                "  @Async public Coroutine<String> innerStageClosedMeanwhile() {",
                "    AsyncIterator<Integer> inner = AsyncIterables.map(some(\"c\", 10, 0), x -> x * 10);",
                "    AsyncIterator<Integer> outer = AsyncIterables.filter(inner, x -> true);",
                "    int first = await(AsyncIterables.anext(outer, -1));",
                "    await(inner.aclose());",
                "    int second = await(AsyncIterables.anext(outer, -1));",
                "    return result(first + \" \" + second);",
                "  }",
                "  @Async public Coroutine<String> innerStagePulledToo() {",
                "    int[] calls = {0};",
                "    AsyncIterator<Integer> inner = AsyncIterables.map(some(\"p\", 10, 0), x -> { calls[0]++; return x * 10; });",
                "    AsyncIterator<Integer> outer = AsyncIterables.filter(inner, x -> true);",
                "    List<Integer> got = new ArrayList<>();",
                "    got.add(await(AsyncIterables.anext(inner, -1)));",
                "    got.add(await(AsyncIterables.anext(outer, -1)));",
                "    got.add(await(AsyncIterables.anext(inner, -1)));",
                "    got.add(await(AsyncIterables.anext(outer, -1)));",
                "    await(outer.aclose());",
                "    return result(got + \" calls \" + calls[0]);",
                "  }",
                "  @Async Coroutine<Integer> consume(AsyncIterator<Integer> it) {",
                "    int sum = 0;",
                "    for (int y : awaitEach(it)) sum += y;",
                "    return result(sum);",
                "  }",
                "  @Async public Coroutine<String> cancelledAtTheGeneratorsAwait() {",
                "    Task<Integer> t = createTask(consume(AsyncIterables.map(AsyncIterables.filter(some(\"x\", 1000, 0),",
                "        x -> true), x -> x)));",
                "    await(sleep(4.5));",
                "    t.cancel();",
                "    try {",
                "      await(t);",
                "      return result(\"not cancelled\");",
                "    } catch (CancelledError e) {",
                "      return result(\"cancelled at \" + getRunningLoop().time());",
                "    }",
                "  }",
                // a StopAsyncIteration from a function deep in the chain ends that stage, and the chunked above
                // it gives its last, shorter chunk: as the stages one by one did
                "  @Async public Coroutine<String> endFromAnInnerFunction() {",
                "    List<List<Integer>> l = await(AsyncIterables.toList(AsyncIterables.chunked(AsyncIterables.map(",
                "        some(\"a\", 10, 0), x -> { if (x == 4) throw new StopAsyncIteration(); return x; }), 2)));",
                "    return result(l.toString());",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m);
    }

    @Test
    void aChainOverAGeneratorThatSuspendsOnlySometimesGivesEveryValue() throws Throwable {
        // x * 3 even for x = 2, 4, .., 10; + 1; the sleeps before 3, 6, 9 give the time
        assertEquals("[7, 13, 19, 25, 31] at 3.0", run("chainOverASometimesSuspendingGenerator"));
        assertEquals(List.of("s closed at 3.0"), Harness.log(l));
    }

    @Test
    void aFunctionDeepInTheChainThrowsAfterTheSourceIsClosed() throws Throwable {
        assertEquals("map at 4", run("innerFunctionThrows"));
        assertEquals(List.of("t closed at 1.0", "caught map at 4 at 1.0"), Harness.log(l));
    }

    @Test
    void theBodysExceptionComesAfterTheValuesBeforeIt() throws Throwable {
        assertEquals("[10, 30, 40] then b failed at 5", run("bodyThrows"));
        assertEquals(List.of("b closed at 1.0"), Harness.log(l));
    }

    @Test
    void breakingOutOfALoopOverAChainClosesTheGeneratorAtOnce() throws Throwable {
        assertEquals("[-2, -3, -4, -5]", run("breakMidChain"));
        assertEquals(List.of("k closed at 1.0", "after loop at 1.0"), Harness.log(l));
    }

    @Test
    void enumerateAndDropFusedCountAsBefore() throws Throwable {
        assertEquals("[0:4, 1:5, 2:6]", run("enumerateOverDrop"));
        assertEquals(List.of("e closed at 2.0"), Harness.log(l));
    }

    @Test
    void anInnerStageClosedMeanwhileEndsTheOuterOne() throws Throwable {
        assertEquals("10 -1", run("innerStageClosedMeanwhile"));
        assertEquals(List.of("c closed at 0.0"), Harness.log(l));
    }

    @Test
    void anInnerStagePulledByAnotherConsumerSeesEachValueOnce() throws Throwable {
        assertEquals("[10, 20, 30, 40] calls 4", run("innerStagePulledToo"));
        assertEquals(List.of("p closed at 1.0"), Harness.log(l));
    }

    @Test
    void aCancellationAtTheGeneratorsAwaitRunsItsFinally() throws Throwable {
        assertEquals("cancelled at 4.5", run("cancelledAtTheGeneratorsAwait"));
        assertEquals(List.of("x closed at 4.5"), Harness.log(l));
    }

    @Test
    void anEndThrownByAnInnerFunctionEndsThatStageAsBefore() throws Throwable {
        assertEquals("[[1, 2], [3]]", run("endFromAnInnerFunction"));
        assertEquals(List.of("a closed at 1.0"), Harness.log(l));
    }
}
