package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Async} methods returning {@code AsyncGenerator<T>}: Python's async generators, with {@code emit}
 * for {@code yield}; cases ported from CPython's Lib/test/test_asyncgen.py. The consumers are {@code @Async}
 * methods too, and log what they see, so each test reads as the order of lines.
 */
class GeneratorTest {
    static ClassLoader l;

    static final String GEN_HEADER = "import static dev.corio.generators.Generators.*;\nimport dev.corio.generators.*;\n";

    /** {@link Harness#cls} with the generator family imported (two more header lines: members from line 11). */
    static String gen(String... members) {
        return Harness.cls(members).replace("import java.util.*;\n", "import java.util.*;\n" + GEN_HEADER);
    }

    @BeforeAll
    static void compile() {
        l = Harness.load(gen(
                "  static class Boom extends RuntimeException { Boom(String m) { super(m); } }",
                "  @Async AsyncGenerator<Integer> count(int n) {",
                "    for (int i = 0; i < n; i++) {",
                "      await(sleep(1));",
                "      emit(i);",
                "    }",
                "    return done();",
                "  }",
                // test_async_gen_asyncio_asend_01 and athrow_01
                "  @Async AsyncGenerator<Integer> sendThrow() {",
                "    try {",
                "      await(sleep(1));",
                "      Integer v;",
                "      try {",
                "        v = emit(1);",
                "      } catch (Boom e) {",
                "        Aw.LOG.add(\"caught \" + e.getMessage());",
                "        v = 1000;",
                "        await(sleep(1));",
                "      }",
                "      emit(v == null ? 2 : v * 2);",
                "      await(sleep(1));",
                "    } finally {",
                "      await(sleep(0));",
                "      await(sleep(0));",
                "      Aw.LOG.add(\"finally\");",
                "    }",
                "    Aw.LOG.add(\"after\");",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> sendValues() {",
                "    AsyncGenerator<Integer> g = sendThrow();",
                "    Aw.LOG.add(\"got \" + await(g.asend(null)));",
                "    Aw.LOG.add(\"got \" + await(g.asend(100)));",
                "    try { await(g.asend(null)); } catch (StopAsyncIteration e) { Aw.LOG.add(\"stop\"); }",
                "    return result(\"at \" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> throwIn() {",
                "    AsyncGenerator<Integer> g = sendThrow();",
                "    Aw.LOG.add(\"got \" + await(g.anext()));",
                "    Aw.LOG.add(\"got \" + await(g.athrow(new Boom(\"in\"))));",
                "    try { await(g.anext()); } catch (StopAsyncIteration e) { Aw.LOG.add(\"stop\"); }",
                "    return result(\"at \" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> closeEarly() {", // test_async_gen_asyncio_aclose_07
                "    AsyncGenerator<Integer> g = sendThrow();",
                "    Aw.LOG.add(\"got \" + await(g.anext()));",
                "    await(g.aclose());",
                "    Aw.LOG.add(\"closed \" + g.isClosed());",
                "    await(g.aclose());",
                "    return result(\"at \" + getRunningLoop().time());",
                "  }",
                // test_async_gen_asyncio_aclose_06: emits after the close signal
                "  @Async AsyncGenerator<Integer> stubborn() {",
                "    try { emit(1); } finally { await(sleep(1)); emit(12); }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> closeStubborn() {",
                "    AsyncGenerator<Integer> g = stubborn();",
                "    await(g.anext());",
                "    try { await(g.aclose()); return result(\"closed\"); }",
                "    catch (IllegalStateException e) { return result(e.getMessage().substring(0, 37)); }",
                "  }",
                // test_async_gen_exception_07/08: emits in finally, then the pending exception
                "  @Async AsyncGenerator<Integer> finallyEmits() {",
                "    try {",
                "      emit(1);",
                "      int zero = 0;",
                "      Aw.LOG.add(\"\" + (1 / zero));",
                "    } finally {",
                "      await(sleep(1));",
                "      emit(2);",
                "      emit(3);",
                "    }",
                "    emit(100);",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> drain(AsyncGenerator<?> g) {",
                "    List<Object> got = new ArrayList<>();",
                "    while (true) {",
                "      try { got.add(await(g.anext())); }",
                "      catch (StopAsyncIteration e) { got.add(\"STOP\"); break; }",
                "      catch (RuntimeException e) { got.add(e.getClass().getSimpleName()); break; }",
                "    }",
                "    return result(got + \" at \" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> counting(int n) { return drain(count(n)); }",
                "  @Async public Coroutine<String> finallyEmitting() { return drain(finallyEmits()); }",
                // emit anywhere an await may be: arguments, ?:, switch, loops, compound assignment, catch
                "  @Async AsyncGenerator<String> everywhere(int mode) {",
                "    String s = Aw.log(\"a\", \"[\") + emit(\"first\") + Aw.log(\"b\", \"]\");",
                "    Aw.LOG.add(\"s=\" + s);",
                "    int k = mode > 0 ? (Integer) emit(\"cond\") : -1;",
                "    Aw.LOG.add(\"k=\" + k);",
                "    switch (mode) {",
                "      case 1: emit(\"one\");",
                "      case 2: emit(\"fall\"); break;",
                "      default: emit(\"other\");",
                "    }",
                "    int total = 0;",
                "    do { total += (Integer) emit(\"total \" + total); } while (total < 3);",
                "    try { throw new Boom(\"b\"); } catch (Boom e) { emit(\"catch \" + e.getMessage()); }",
                "    String r = switch (mode) { case 1 -> { String x = emit(\"arm\"); yield x + \"!\"; } default -> \"none\"; };",
                "    emit(\"r=\" + r);",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> everywhereSending(int mode) {",
                "    AsyncGenerator<String> g = everywhere(mode);",
                "    List<Object> got = new ArrayList<>();",
                "    Object send = null;",
                "    while (true) {",
                "      String v;",
                "      try { v = await(g.asend(send)); } catch (StopAsyncIteration e) { break; }",
                "      got.add(v);",
                "      send = v.equals(\"first\") ? \"S\" : v.equals(\"cond\") ? (Object) 7 : v.startsWith(\"total\") ? (Object) 1"
                        + " : v.equals(\"arm\") ? \"X\" : null;",
                "    }",
                "    return result(String.join(\",\", got.stream().map(String::valueOf).toList()));",
                "  }",
                "  @Async AsyncGenerator<Integer> failing(RuntimeException e) {", // test_async_gen_asyncio_02
                "    emit(1);",
                "    await(sleep(1));",
                "    emit(2);",
                "    throw e;",
                "  }",
                "  @Async public Coroutine<String> failingDrained(boolean stray) {",
                "    return drain(failing(stray ? new StopAsyncIteration() : new Boom(\"b\")));",
                "  }",
                "  @Async AsyncGenerator<Integer> empty() { return done(); }",
                "  @Async public Coroutine<String> emptyDrained() { return drain(empty()); }",
                "  @Async static <E> AsyncGenerator<E> each(List<E> items) {",
                "    for (E e : items) emit(e);",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> generic() { return drain(each(List.of(\"x\", \"y\"))); }",
                // cancellation while the generator awaits (test_async_gen_asyncio_asend_03)
                "  @Async public Coroutine<String> cancelled() {",
                "    AsyncGenerator<Integer> g = sendThrow();",
                "    Task<Integer> t = createTask(g.anext());",
                "    await(sleep(0.5));",
                "    t.cancel();",
                "    try { await(t); return result(\"not cancelled\"); }",
                "    catch (CancelledError e) { return result(\"cancelled, closed \" + g.isClosed()); }",
                "  }",
                "  @Async public Coroutine<String> running() {",
                "    AsyncGenerator<Integer> g = sendThrow();",
                "    Task<Integer> t = createTask(g.anext());",
                "    await(sleep(0.5));",
                "    try { await(g.anext()); return result(\"no\"); }",
                "    catch (IllegalStateException e) { Aw.LOG.add(e.getMessage()); }",
                "    return result(\"got \" + await(t));",
                "  }",
                // test_async_gen_asyncio_shutdown_01: left unfinished, closed by Corio.run
                "  @Async public Coroutine<String> leftUnfinished() {",
                "    AsyncGenerator<Integer> g = sendThrow();",
                "    return result(\"got \" + await(g.anext()));",
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
    void emitsBetweenAwaits() throws Throwable {
        assertEquals("[0, 1, 2, STOP] at 3.0", run("counting", 3));
        assertEquals("[STOP] at 0.0", run("counting", 0));
    }

    @Test
    void asendIsTheValueOfTheEmit() throws Throwable {
        assertEquals("at 2.0", run("sendValues"));
        assertEquals(List.of("got 1", "got 200", "finally", "after", "stop"), log());
    }

    @Test
    void athrowIsThrownAtTheEmit() throws Throwable {
        assertEquals("at 3.0", run("throwIn"));
        assertEquals(List.of("got 1", "caught in", "got 2000", "finally", "after", "stop"), log());
    }

    @Test
    void acloseRunsTheFinallyWithItsAwaitsAndNothingAfter() throws Throwable {
        assertEquals("at 1.0", run("closeEarly"));
        assertEquals(List.of("got 1", "finally", "closed true"), log()); // no "after": the signal propagated
    }

    @Test
    void emittingAfterTheCloseSignalIsAnError() throws Throwable {
        assertEquals("async generator ignored GeneratorExit", run("closeStubborn"));
    }

    @Test
    void emitsInFinallyThenThePendingException() throws Throwable {
        assertEquals("[1, 2, 3, ArithmeticException] at 1.0", run("finallyEmitting"));
    }

    @Test
    void emitWorksWhereverAnAwaitDoes() throws Throwable {
        assertEquals("first,cond,one,fall,total 0,total 1,total 2,catch b,arm,r=X!", run("everywhereSending", 1));
        assertEquals(List.of("a", "b", "s=[S]", "k=7"), log());
        assertEquals("first,other,total 0,total 1,total 2,catch b,r=none", run("everywhereSending", 0));
        assertEquals(List.of("a", "b", "s=[S]", "k=-1"), log());
    }

    @Test
    void anExceptionFromTheBodyReachesTheConsumer() throws Throwable {
        assertEquals("[1, 2, Boom] at 1.0", run("failingDrained", false));
        // test_async_gen_exception_05: a StopAsyncIteration from the body does not end the loop quietly
        assertEquals("[1, 2, IllegalStateException] at 1.0", run("failingDrained", true));
    }

    @Test
    void generatorsWithoutEmitsAndGenericOnes() throws Throwable {
        assertEquals("[STOP] at 0.0", run("emptyDrained"));
        assertEquals("[x, y, STOP] at 0.0", run("generic"));
    }

    @Test
    void cancellingTheConsumerRunsTheFinally() throws Throwable {
        assertEquals("cancelled, closed true", run("cancelled"));
        assertEquals(List.of("finally"), log());
    }

    @Test
    void aSecondAnextWhileOneRunsIsAnError() throws Throwable {
        assertEquals("got 1", run("running"));
        // the generator, left at its second emit, is closed when Corio.run ends
        assertEquals(List.of("anext(): asynchronous generator is already running", "finally"), log());
    }

    @Test
    void corioRunClosesWhatIsLeftUnfinished() throws Throwable {
        assertEquals("got 1", run("leftUnfinished"));
        assertEquals(List.of("finally"), log());
    }

    @Test
    void theMarkersThrowWhenTheyRunUntransformed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dev.corio.generators.Generators.emit(1));
        assertTrue(e.getMessage().startsWith("emit(...) ran untransformed"), e.getMessage());
    }
}
