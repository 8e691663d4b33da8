package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operators of {@code AsyncIterables} over {@code @Async} generators: values, and that each closes its
 * source as soon as it stops early (the source's finally is logged).
 */
class AsyncIterablesTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  @Async AsyncGenerator<Integer> numbers(String name, int n) {",
                "    try {",
                "      for (int i = 1; i <= n; i++) { await(sleep(1)); emit(i); }",
                "    } finally {",
                "      await(sleep(0));",
                "      Aw.LOG.add(name + \" closed at \" + getRunningLoop().time());",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> pipeline() {",
                "    List<Integer> l = await(AsyncIterables.toList(AsyncIterables.take(",
                "        AsyncIterables.map(AsyncIterables.filter(numbers(\"n\", 100), x -> x % 2 == 0), x -> x * x), 3)));",
                "    return result(l + \" at \" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> mapAwaitAndDrop() {",
                "    List<String> l = await(AsyncIterables.toList(AsyncIterables.mapAwait(",
                "        AsyncIterables.drop(numbers(\"n\", 4), 2), x -> later(\"v\" + x))));",
                "    return result(l + \" at \" + getRunningLoop().time());",
                "  }",
                // test_async_gen_expression_02: (i * 2 for i in range(n) if await wrap(i))
                "  @Async public Coroutine<String> filterAwaited() {",
                "    List<Integer> l = await(AsyncIterables.toList(AsyncIterables.map(AsyncIterables.filterAwait(",
                "        numbers(\"q\", 9), x -> later(x % 3 != 0)), x -> x * 2)));",
                "    return result(l + \" at \" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> filterAwaitNull() {",
                "    try {",
                "      await(AsyncIterables.toList(AsyncIterables.filterAwait(numbers(\"z\", 5), x -> now(x == 2 ? null : true))));",
                "      return result(\"no exception\");",
                "    } catch (NullPointerException e) { return result(e.getMessage() + \" at \" + getRunningLoop().time()); }",
                "  }",
                // check_async_iterator_anext: anext(it, default)
                "  @Async public Coroutine<String> anextWithDefault() {",
                "    AsyncGenerator<Integer> g = numbers(\"d\", 2);",
                "    List<Object> got = new ArrayList<>();",
                "    for (int i = 0; i < 4; i++) got.add(await(AsyncIterables.anext(g, -1)));",
                "    return result(got + \" at \" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> anextFailure() {",
                "    AsyncIterator<Integer> it = AsyncIterables.map(numbers(\"x\", 5), x -> 10 / (x - 2));",
                "    int a = await(AsyncIterables.anext(it, 0));",
                "    try {",
                "      await(AsyncIterables.anext(it, 0));",
                "      return result(\"no exception\");",
                "    } catch (ArithmeticException e) { return result(a + \" then \" + e.getMessage()); }",
                "  }",
                "  @Async public Coroutine<String> takeWhileAndFirst() {",
                "    List<Integer> l = await(AsyncIterables.toList(AsyncIterables.takeWhile(numbers(\"w\", 10), x -> x < 3)));",
                "    Integer f = await(AsyncIterables.first(numbers(\"f\", 10)));",
                "    return result(l + \" \" + f);",
                "  }",
                "  @Async public Coroutine<String> terminals() {",
                "    long c = await(AsyncIterables.count(numbers(\"c\", 5)));",
                "    int sum = await(AsyncIterables.reduce(numbers(\"r\", 4), 0, Integer::sum));",
                "    List<List<Integer>> chunks = await(AsyncIterables.toList(AsyncIterables.chunked(numbers(\"k\", 5), 2)));",
                "    List<String> idx = await(AsyncIterables.toList(AsyncIterables.map(AsyncIterables.enumerate(numbers(\"e\", 2)),",
                "        p -> p.index() + \":\" + p.value())));",
                "    return result(c + \" \" + sum + \" \" + chunks + \" \" + idx);",
                "  }",
                "  @Async public Coroutine<String> zipped() {",
                "    List<String> z = await(AsyncIterables.toList(AsyncIterables.zip(numbers(\"a\", 3), numbers(\"b\", 10),",
                "        (x, y) -> x + \"\" + y)));",
                "    return result(z.toString());",
                "  }",
                "  @Async public Coroutine<String> failingMapper() {",
                "    try {",
                "      await(AsyncIterables.toList(AsyncIterables.map(numbers(\"m\", 10), x -> 10 / (2 - x))));",
                "      return result(\"no\");",
                "    } catch (ArithmeticException e) { return result(\"caught at \" + getRunningLoop().time()); }",
                "  }",
                "  @Async public Coroutine<String> brokenOutOf() {",
                "    for (int x : awaitEach(AsyncIterables.map(numbers(\"o\", 10), x -> x * 10))) {",
                "      if (x == 20) break;",
                "    }",
                "    return result(\"after at \" + getRunningLoop().time());",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m);
    }

    @Test
    void aPipelineClosesItsSourceWhenTakeIsDone() throws Throwable {
        assertEquals("[4, 16, 36] at 6.0", run("pipeline"));
        assertEquals(List.of("n closed at 6.0"), Harness.log(l)); // at once, not at the end of Corio.run
    }

    @Test
    void asyncMapperAndDrop() throws Throwable {
        assertEquals("[v3, v4] at 6.0", run("mapAwaitAndDrop"));
        assertEquals(List.of("n closed at 6.0"), Harness.log(l)); // it ended by itself, pulled after v4
    }

    @Test
    void takeWhileAndFirstClose() throws Throwable {
        assertEquals("[1, 2] 1", run("takeWhileAndFirst"));
        assertEquals(List.of("w closed at 3.0", "f closed at 4.0"), Harness.log(l));
    }

    @Test
    void countReduceChunkedEnumerate() throws Throwable {
        assertEquals("5 10 [[1, 2], [3, 4], [5]] [0:1, 1:2]", run("terminals"));
        assertEquals(List.of("c closed at 5.0", "r closed at 9.0", "k closed at 14.0", "e closed at 16.0"), Harness.log(l));
    }

    @Test
    void zipClosesTheLongerSide() throws Throwable {
        assertEquals("[11, 22, 33]", run("zipped"));
        assertEquals(List.of("a closed at 6.0", "b closed at 6.0"), Harness.log(l));
    }

    @Test
    void aFailingFunctionClosesTheSourceFirst() throws Throwable {
        assertEquals("caught at 2.0", run("failingMapper"));
        assertEquals(List.of("m closed at 2.0"), Harness.log(l));
    }

    @Test
    void anAsyncForOverAnOperatorClosesThePipeline() throws Throwable {
        assertEquals("after at 2.0", run("brokenOutOf"));
        assertEquals(List.of("o closed at 2.0"), Harness.log(l));
    }

    @Test
    void anAsyncPredicateIsAwaitedBeforeTheNextPull() throws Throwable {
        assertEquals("[2, 4, 8, 10, 14, 16] at 18.0", run("filterAwaited"));
        assertEquals(List.of("q closed at 18.0"), Harness.log(l));
    }

    @Test
    void anAsyncPredicateGivingNullEndsTheStageAndClosesTheSource() throws Throwable {
        assertEquals("filterAwait: the predicate's awaitable gave null for 2, not true or false at 2.0",
                run("filterAwaitNull"));
        assertEquals(List.of("z closed at 2.0"), Harness.log(l));
    }

    @Test
    void anextWithADefaultGivesItOnceTheIteratorHasEnded() throws Throwable {
        assertEquals("[1, 2, -1, -1] at 2.0", run("anextWithDefault"));
        assertEquals(List.of("d closed at 2.0"), Harness.log(l));
    }

    @Test
    void anextWithADefaultThrowsTheIteratorsOtherExceptions() throws Throwable {
        assertEquals("-10 then / by zero", run("anextFailure"));
        assertEquals(List.of("x closed at 2.0"), Harness.log(l));
    }
}
