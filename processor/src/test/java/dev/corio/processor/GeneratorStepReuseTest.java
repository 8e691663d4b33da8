package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generator's public calls ({@code anext()}, ...) each give a step of their own, so a kept step awaited
 * again, even after a later call, fails as Python's "cannot reuse already awaited __anext__()" does; the
 * async {@code for} lowering asks for the transient step ({@code anextTransient()}), which a generator
 * re-arms once finished, so iterating allocates none per value.
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
                "    Coroutine<Integer> b = g.anext();",
                "    boolean same = a == b;",
                // the old step, awaited after the later call: an error, not the later call's run
                "    String twice;",
                "    try { await(a); twice = \"ran as b\"; } catch (IllegalStateException e) { twice = e.getMessage(); }",
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
    void eachPublicCallGivesItsOwnStepAndAStaleOneFails() throws Throwable {
        String r = (String) Harness.run(l, "T", "reused");
        assertEquals("0,1,2,3,4 same=false distinct=true taskStepKept=true | coroutine anext() of ", r.substring(0,
                r.indexOf("coroutine anext() of ") + "coroutine anext() of ".length()));
        assertEquals(true, r.endsWith(" was already awaited or wrapped in a task; a coroutine runs once"
                + " (wrap it in a task to await its result several times)"), r);
    }

    @Test
    void anAsyncForOverAReusedStepSeesEveryValue() throws Throwable {
        assertEquals(4950, Harness.run(l, "T", "sum"));
    }
}
