package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fast path of an async {@code for} over a generator ({@code AsyncGenerator.anextFrom}): the body runs
 * inline on the consumer's stack and its step becomes a frame of the consumer's task only when the body
 * awaits. Whatever the body does between two emits, the consumer must see what an awaited {@code anext()}
 * gives: the values, the same exception instance, a cancellation at the body's await with its
 * {@code finally} run, the generator's line in the task's stack while it is suspended (and not after),
 * "already running" for a second consumer, and no stack overflow in a chain of thousands of generators.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GeneratorFastPathTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  static class Boom extends RuntimeException { Boom(String m) { super(m); } }",
                "  public static Boom thrown;",
                "  @Async Coroutine<Integer> plus(int a) { return result(a + 1); }",
                // every kind of step between emits: none, a completed future, a real suspension, a
                // non-suspending coroutine, then a throw
                "  @Async AsyncGenerator<Integer> mixed() {",
                "    emit(1);",
                "    emit(await(now(2)));",
                "    emit(await(later(3)));",
                "    emit(await(plus(3)));",
                "    emit(5);",
                "    thrown = new Boom(\"at 6\");",
                "    throw thrown;",
                "  }",
                "  @Async public Coroutine<String> consumeMixed() {",
                "    StringBuilder sb = new StringBuilder();",
                "    try {",
                "      for (int x : awaitEach(mixed())) sb.append(x).append(' ');",
                "    } catch (Boom e) {",
                "      sb.append(e == thrown ? \"same Boom\" : \"another Boom\");",
                "    }",
                "    return result(sb + \" t=\" + getRunningLoop().time());",
                "  }",
                "  @Async AsyncGenerator<Integer> slowSecond() {",
                "    try {",
                "      emit(0);",
                "      await(sleep(100));",
                "      emit(1);",
                "    } finally {",
                "      Aw.LOG.add(\"g finally\");",
                "    }",
                "    return done();",
                "  }",
                "  @Async Coroutine<Integer> loopOver(AsyncGenerator<Integer> g) {",
                "    int n = 0;",
                "    for (int x : awaitEach(g)) { Aw.LOG.add(\"got \" + x); n++; }",
                "    return result(n);",
                "  }",
                "  @Async public Coroutine<String> cancelAtTheBodysAwait() {",
                "    Task<Integer> t = createTask(loopOver(slowSecond()));",
                "    await(sleep(10));",
                "    String frames = Arrays.toString(t.getStackTrace());",
                "    t.cancel();",
                "    try { await(t); return result(\"not cancelled\"); }",
                "    catch (CancelledError e) { Aw.LOG.add(\"cancelled\"); }",
                "    return result(frames);",
                "  }",
                "  @Async AsyncGenerator<Integer> threeSlow() {",
                "    for (int i = 0; i < 3; i++) { await(sleep(1)); emit(i); }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> secondConsumer() {",
                "    AsyncGenerator<Integer> g = threeSlow();",
                "    int first = await(g.anext());",
                "    Task<Integer> t = createTask(loopOver(g));",
                "    await(sleep(0.5));", // t is suspended in the body's sleep, on the fast path
                "    String second;",
                "    try { await(g.anext()); second = \"ran\"; } catch (IllegalStateException e) { second = e.getMessage(); }",
                "    return result(first + \" \" + await(t) + \" \" + second);",
                "  }",
                "  @Async AsyncGenerator<Integer> chain(int depth) {",
                "    if (depth == 0) {",
                "      for (int i = 0; i < 3; i++) emit(i);",
                "      return done();",
                "    }",
                "    for (int x : awaitEach(chain(depth - 1))) emit(x + 1);",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> deepChain(int depth) {",
                "    StringBuilder sb = new StringBuilder();",
                "    for (int x : awaitEach(chain(depth))) sb.append(x).append(' ');",
                "    return result(sb.toString().trim());",
                "  }",
                "  @Async AsyncGenerator<Integer> count(int n) {",
                "    for (int i = 0; i < n; i++) emit(i);",
                "    return done();",
                "  }",
                "  @Async public Coroutine<Integer> sum(int n) {",
                "    int s = 0;",
                "    for (int x : awaitEach(count(n))) s += x;",
                "    return result(s);",
                "  }"));
    }

    @BeforeEach
    void clearLog() throws Exception {
        Harness.log(l).clear();
    }

    @Test
    void everyKindOfStepBetweenEmitsGivesWhatAnAwaitedAnextGives() throws Throwable {
        assertEquals("1 2 3 4 5 same Boom t=1.0", Harness.run(l, "T", "consumeMixed"));
    }

    @Test
    void aCancellationWhileTheBodyIsSuspendedOnTheFastPathReachesItsAwait() throws Throwable {
        String frames = (String) Harness.run(l, "T", "cancelAtTheBodysAwait");
        assertEquals(List.of("got 0", "g finally", "cancelled"), Harness.log(l));
        // the second value is on the fast path: the step joined the task when the body awaited
        assertTrue(frames.startsWith("[t.T.slowSecond(T.java:"), frames);
        assertTrue(frames.contains("t.T.loopOver(T.java:"), frames);
    }

    @Test
    void aSecondConsumerWhileTheBodyIsSuspendedOnTheFastPathIsAlreadyRunning() throws Throwable {
        assertEquals("0 2 anext(): asynchronous generator is already running", Harness.run(l, "T", "secondConsumer"));
        assertEquals(List.of("got 1", "got 2"), Harness.log(l));
    }

    @Test
    void aChainOfThousandsOfGeneratorsDoesNotOverflowTheStack() throws Throwable {
        assertEquals("5000 5001 5002", Harness.run(l, "T", "deepChain", 5000));
    }

    @Test
    void debugModeTakesTheOrdinaryPathAndReportsNothing() throws Throwable {
        Method m = Harness.find(l.loadClass("t.Corio_T"), "sum");
        Object target = l.loadClass("t.Corio_T").getDeclaredConstructor().newInstance();
        List<String> reports = new java.util.ArrayList<>();
        Object r = Corio.run((Coroutine<?>) m.invoke(target, 1000), () -> {
            EventLoop loop = EventLoop.virtual();
            loop.setExceptionHandler((lp, context) -> reports.add(String.valueOf(context)));
            return loop;
        }, true);
        assertEquals(499500, r);
        assertEquals(List.of(), reports);
    }
}
