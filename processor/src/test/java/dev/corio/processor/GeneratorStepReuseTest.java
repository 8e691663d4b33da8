package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generator hands out one step object for its successive calls once the previous one has finished as an
 * awaited frame (so an async {@code for} allocates none per value); a step is still one-shot between two
 * calls, and a step that is a task's own coroutine, or still pending, is never reused.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GeneratorStepReuseTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  @Async AsyncGenerator<Integer> count(int n) {",
                "    for (int i = 0; i < n; i++) { await(sleep(1)); emit(i); }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> reused() {",
                "    AsyncGenerator<Integer> g = count(5);",
                "    Coroutine<Integer> a = g.anext();",
                "    int x = await(a);",
                "    String twice;",
                "    try { await(a); twice = \"no\"; } catch (IllegalStateException e) { twice = e.getMessage(); }",
                "    Coroutine<Integer> b = g.anext();",
                "    boolean same = a == b;",
                "    int y = await(b);",
                "    Coroutine<Integer> c = g.anext();",
                "    Coroutine<Integer> d = g.anext();", // c is not awaited yet: d must be another object
                "    boolean distinct = c != d;",
                "    int z = await(c);",
                "    int w = await(d);",
                "    Task<Integer> t = createTask(g.anext());",
                "    int v = await(t);",
                "    boolean taskStepKept = g.anext() != t.getCoro();",
                "    return result(x + \",\" + y + \",\" + z + \",\" + w + \",\" + v + \" same=\" + same"
                        + " + \" distinct=\" + distinct + \" taskStepKept=\" + taskStepKept + \" | \" + twice);",
                "  }",
                "  @Async public Coroutine<Integer> sum() {",
                "    int s = 0;",
                "    for (int x : awaitEach(count(100))) s += x;",
                "    return result(s);",
                "  }"));
    }

    @Test
    void aFinishedStepIsReusedByTheNextCallOnly() throws Throwable {
        String r = (String) Harness.run(l, "T", "reused");
        assertEquals("0,1,2,3,4 same=true distinct=true taskStepKept=true | coroutine anext() of ", r.substring(0,
                r.indexOf("coroutine anext() of ") + "coroutine anext() of ".length()));
        assertEquals(true, r.endsWith(" was already awaited or wrapped in a task; a coroutine runs once"
                + " (wrap it in a task to await its result several times)"), r);
    }

    @Test
    void anAsyncForOverAReusedStepSeesEveryValue() throws Throwable {
        assertEquals(4950, Harness.run(l, "T", "sum"));
    }
}
