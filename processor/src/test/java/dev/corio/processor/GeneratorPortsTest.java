package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More cases of CPython's Lib/test/test_asyncgen.py that pin a behaviour, on {@code @Async} generators (each
 * test names its case; {@link GeneratorTest} has the first ones). The virtual clock makes the times exact.
 */
class GeneratorPortsTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  static class FooEr extends RuntimeException { FooEr() { super(\"fooer\"); } }",
                "  public static int finalized;",
                "  public static final List<Object> MESSAGES = new ArrayList<>();",
                // a task that sleeps 2 s and is cancelled after 1 (sleep_n_crash of athrow_02)
                "  static Task<Void> cancelledAfterOne() {",
                "    Task<Void> t = Corio.createTask(Corio.sleep(2));",
                "    Corio.getRunningLoop().callLater(1, () -> t.cancel());",
                "    return t;",
                "  }",
                "  @Async Coroutine<Void> crashAfterOne(String m) {",
                "    await(sleep(1));",
                "    throw new ArithmeticException(m);",
                "  }",
                // aclose_08: closed at its first emit, the await after it never runs
                "  @Async AsyncGenerator<Integer> aclose08(AsyncFuture<Void> fut) {",
                "    try {",
                "      emit(1);",
                "      await(fut);",
                "      Aw.LOG.add(\"after fut\");",
                "      emit(2);",
                "    } finally {",
                "      await(sleep(1));",
                "      await(sleep(1));",
                "      Aw.LOG.add(\"finally\");",
                "    }",
                "    Aw.LOG.add(\"after try\");",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> runAclose08() {",
                "    AsyncFuture<Void> fut = new AsyncFuture<>(getRunningLoop());",
                "    AsyncGenerator<Integer> g = aclose08(fut);",
                "    int v = await(g.anext());",
                "    await(g.aclose());",
                "    String r = v + \" closed=\" + g.isClosed() + \" at \" + getRunningLoop().time() + \" fut done=\" + fut.isDone();",
                "    fut.cancel();",
                "    return result(r);",
                "  }",
                // aclose_10: a catch-all that swallows the close signal and ends: a clean close
                "  @Async AsyncGenerator<Integer> swallow() {",
                "    try {",
                "      emit(0);",
                "    } catch (Throwable t) {",
                "      Aw.LOG.add(\"caught \" + t.getClass().getSimpleName());",
                "    }",
                "    Aw.LOG.add(\"end\");",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> runAclose10() {",
                "    AsyncGenerator<Integer> g = swallow();",
                "    await(g.asend(null));",
                "    await(g.aclose());",
                "    return result(\"closed=\" + g.isClosed());",
                "  }",
                // aclose_12: the finally awaits a task of the generator's that fails, and catches it
                "  @Async AsyncGenerator<Integer> aclose12() {",
                "    Task<Void> task = createTask(crashAfterOne(\"in task\"));",
                "    try {",
                "      emit(1);",
                "    } finally {",
                "      try {",
                "        await(task);",
                "      } catch (ArithmeticException e) {",
                "        Aw.LOG.add(\"caught \" + e.getMessage());",
                "      }",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> runAclose12() {",
                "    AsyncGenerator<Integer> g = aclose12();",
                "    await(g.anext());",
                "    await(g.aclose());",
                "    return result(\"closed at \" + getRunningLoop().time());",
                "  }",
                // asend_02: the body fails after an asend: the asend's await throws, the finally ran first
                "  @Async AsyncGenerator<Integer> asend02() {",
                "    try {",
                "      await(sleep(1));",
                "      Integer v = emit(1);",
                "      await(crashAfterOne(\"crash\"));",
                "      Aw.LOG.add(\"not here\");",
                "      emit(v * 2);",
                "    } finally {",
                "      await(sleep(1));",
                "      await(sleep(1));",
                "      Aw.LOG.add(\"finally\");",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> runAsend02() {",
                "    AsyncGenerator<Integer> g = asend02();",
                "    int v = await(g.asend(null));",
                "    try {",
                "      await(g.asend(100));",
                "      return result(\"no exception\");",
                "    } catch (ArithmeticException e) {",
                "      return result(v + \" \" + e.getMessage() + \" closed=\" + g.isClosed() + \" log=\" + Aw.LOG + \" at \" + getRunningLoop().time());",
                "    }",
                "  }",
                // athrow_02: the handler of the thrown-in exception awaits something that is cancelled
                "  @Async AsyncGenerator<Integer> athrow02() {",
                "    try {",
                "      await(sleep(1));",
                "      Integer v = 0;",
                "      try {",
                "        v = emit(1);",
                "      } catch (FooEr e) {",
                "        await(cancelledAfterOne());",
                "      }",
                "      emit(v * 2);",
                "    } finally {",
                "      await(sleep(1));",
                "      await(sleep(1));",
                "      Aw.LOG.add(\"finally\");",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> runAthrow02() {",
                "    AsyncGenerator<Integer> g = athrow02();",
                "    int v = await(g.asend(null));",
                "    try {",
                "      await(g.athrow(new FooEr()));",
                "      return result(\"no exception\");",
                "    } catch (CancelledError e) {",
                "      return result(v + \" cancelled, closed=\" + g.isClosed() + \" log=\" + Aw.LOG + \" at \" + getRunningLoop().time());",
                "    }",
                "  }",
                // anext_stopiteration, athrow_stopiteration: an exception object is a value like any other
                "  @Async AsyncGenerator<Throwable> throwables() {",
                "    try {",
                "      emit(new StopAsyncIteration());",
                "    } catch (FooEr e) {",
                "      emit(new GeneratorExit());",
                "    }",
                "    emit(new FooEr());",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> runThrowableValues() {",
                "    AsyncGenerator<Throwable> g = throwables();",
                "    Throwable a = await(g.anext());",
                "    Throwable b = await(g.athrow(new FooEr()));",
                "    Throwable c = await(g.anext());",
                "    String end;",
                "    try {",
                "      await(g.anext());",
                "      end = \"more\";",
                "    } catch (StopAsyncIteration e) {",
                "      end = \"end\";",
                "    }",
                "    List<String> looped = new ArrayList<>();",
                "    for (Throwable t : awaitEach(throwables())) {",
                "      looped.add(t.getClass().getSimpleName());",
                "    }",
                "    return result(a.getClass().getSimpleName() + \" \" + b.getClass().getSimpleName() + \" \"",
                "        + c.getClass().getSimpleName() + \" \" + end + \"; async for: \" + looped);",
                "  }",
                // exception_11: athrow(GeneratorExit) is not aclose: uncaught, it reaches the athrow's caller
                "  @Async AsyncGenerator<Integer> tenTwenty() {",
                "    emit(10);",
                "    emit(20);",
                "    return done();",
                "  }",
                "  @Async AsyncGenerator<Integer> wrapper() {",
                "    emit(1);",
                "    AsyncGenerator<Integer> inner = tenTwenty();",
                "    await(inner.asend(null));",
                "    try {",
                "      await(inner.athrow(new GeneratorExit()));",
                "    } catch (GeneratorExit e) {",
                "      Aw.LOG.add(\"inner closed=\" + inner.isClosed());",
                "      emit(2);",
                "    }",
                "    emit(3);",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> runException11() {",
                "    return result(await(AsyncIterables.toList(wrapper())).toString());",
                "  }",
                // nonstarted_hooks_are_cancellable: break at the first value leaves nothing to report
                "  @Async AsyncGenerator<Integer> oneTwo() {",
                "    emit(1);",
                "    emit(2);",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> breakAtOnce() {",
                "    getRunningLoop().setExceptionHandler((loop, c) -> MESSAGES.add(c));",
                "    for (int i : awaitEach(oneTwo())) {",
                "      break;",
                "    }",
                "    return result(\"broke\");",
                "  }",
                // await_same_aclose_coro_twice
                "  @Async public Coroutine<String> sameAcloseTwice() {",
                "    AsyncGenerator<Integer> g = oneTwo();",
                "    Coroutine<Void> c = g.aclose();",
                "    await(c);",
                "    try {",
                "      await(c);",
                "      return result(\"no exception\");",
                "    } catch (IllegalStateException e) {",
                "      return result(e.getMessage());",
                "    }",
                "  }",
                // shutdown_01: consumers cancelled in their async for; each finally runs once, not again at shutdown
                "  @Async AsyncGenerator<Integer> waiter(double timeout) {",
                "    try {",
                "      await(sleep(timeout));",
                "      emit(1);",
                "    } finally {",
                "      await(sleep(0));",
                "      finalized++;",
                "    }",
                "    return done();",
                "  }",
                "  @Async Coroutine<Void> waitFor10() {",
                "    for (int x : awaitEach(waiter(10))) {",
                "      Aw.LOG.add(\"got \" + x);",
                "    }",
                "    return result(null);",
                "  }",
                "  @Async public Coroutine<String> shutdown01() {",
                "    finalized = 0;",
                "    Task<Void> t1 = createTask(waitFor10());",
                "    Task<Void> t2 = createTask(waitFor10());",
                "    await(sleep(1));",
                "    t1.cancel();",
                "    t2.cancel();",
                "    String r = \"\";",
                "    try { await(t1); } catch (CancelledError e) { r += \"t1 cancelled, \"; }",
                "    try { await(t2); } catch (CancelledError e) { r += \"t2 cancelled, \"; }",
                "    await(getRunningLoop().shutdownAsyncgens());",
                "    return result(r + \"finalized \" + finalized);",
                "  }"));
    }

    private static Object run(String m, Object... args) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m, args);
    }

    @Test
    void aclose08ClosedAtTheFirstEmitSkipsTheRest() throws Throwable {
        assertEquals("1 closed=true at 2.0 fut done=false", run("runAclose08"));
        assertEquals(List.of("finally"), Harness.log(l));
    }

    @Test
    void aclose10ACatchAllThatEndsIsACleanClose() throws Throwable {
        assertEquals("closed=true", run("runAclose10"));
        assertEquals(List.of("caught GeneratorExit", "end"), Harness.log(l));
    }

    @Test
    void aclose12TheFinallyAwaitsAFailingTaskAndCatchesIt() throws Throwable {
        assertEquals("closed at 1.0", run("runAclose12"));
        assertEquals(List.of("caught in task"), Harness.log(l));
    }

    @Test
    void asend02AFailureAfterAnAsendReachesItsAwaitAfterTheFinally() throws Throwable {
        assertEquals("1 crash closed=true log=[finally] at 4.0", run("runAsend02"));
    }

    @Test
    void athrow02ACancellationInTheHandlerReachesTheAthrowAfterTheFinally() throws Throwable {
        assertEquals("1 cancelled, closed=true log=[finally] at 4.0", run("runAthrow02"));
    }

    @Test
    void exceptionObjectsAreValuesLikeAnyOther() throws Throwable { // anext_stopiteration, athrow_stopiteration
        assertEquals("StopAsyncIteration GeneratorExit FooEr end; async for: [StopAsyncIteration, FooEr]",
                run("runThrowableValues"));
    }

    @Test
    void exception11AthrowOfGeneratorExitReachesTheCaller() throws Throwable {
        assertEquals("[1, 2, 3]", run("runException11"));
        assertEquals(List.of("inner closed=true"), Harness.log(l));
    }

    @Test
    void breakingAtOnceLeavesNothingToReport() throws Throwable { // asyncgen_nonstarted_hooks_are_cancellable
        @SuppressWarnings("unchecked")
        List<Object> messages = (List<Object>) l.loadClass("t.T").getField("MESSAGES").get(null);
        messages.clear();
        assertEquals("broke", run("breakAtOnce"));
        assertEquals(List.of(), messages);
    }

    @Test
    void theSameAcloseCannotBeAwaitedTwice() throws Throwable { // await_same_aclose_coro_twice
        String m = (String) run("sameAcloseTwice");
        assertTrue(m.startsWith("coroutine aclose() of ") && m.contains("was already awaited"), m);
    }

    @Test
    void shutdown01CancelledConsumersFinalizeOnceEach() throws Throwable {
        assertEquals("t1 cancelled, t2 cancelled, finalized 2", run("shutdown01"));
        assertEquals(List.of(), Harness.log(l));
    }
}
