package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code try (m)} on an {@code AsyncContextManager} is Python's {@code async with}. */
class AsyncWithTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  static final class Ctx implements AsyncContextManager<Ctx> {",
                "    final String name; final boolean suppress;",
                "    Ctx(String name, boolean suppress) { this.name = name; this.suppress = suppress; }",
                "    public Awaitable<Ctx> aenter() { Aw.LOG.add(\"enter \" + name); return later(this); }",
                "    public Awaitable<Boolean> aexit(Throwable e) { Aw.LOG.add(\"exit \" + name + \" \" + (e == null ? \"-\" : e.getMessage())); return later(suppress); }",
                "  }",
                "  @Async public Coroutine<String> plain(int mode) {",
                "    for (int i = 0; i < 3; i++) {",
                "      try (Ctx a = new Ctx(\"a\", mode == 2); Ctx b = new Ctx(\"b\", false)) {",
                "        Aw.LOG.add(\"body\");",   // no await in the body: the try still suspends at entry and exit
                "        if (mode == 1 || mode == 2) throw new IllegalStateException(\"x\");",
                "        if (mode == 3) continue;",
                "        if (mode == 4) return result(\"returned\");",
                "      }",
                "      break;",
                "    }",
                "    return result(\"end\");",
                "  }",
                "  @Async public Coroutine<String> suppressedAtTheEnd(boolean fail) {",
                "    try (Ctx a = new Ctx(\"s\", true)) {",   // javac: the end is unreachable; aexit's true reaches it
                "      if (fail) throw new IllegalStateException(\"gone\");",
                "      return result(\"body\");",
                "    }",
                "  }",
                "  @Async public Coroutine<String> withTimeout() {",
                "    try {",
                "      try (var t = timeout(1)) { await(sleep(5)); }",
                "      return result(\"no\");",
                "    } catch (TimeoutError e) {",
                "      return result(\"timed out at \" + getRunningLoop().time());",
                "    }",
                "  }"));
    }

    private static Object run(String m, Object... args) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m, args);
    }

    @Test
    void entersAndExitsInOrder() throws Throwable {
        assertEquals("end", run("plain", 0));
        assertEquals(List.of("enter a", "enter b", "body", "exit b -", "exit a -"), Harness.log(l));
    }

    @Test
    void exceptionGoesToAexitAndPropagates() throws Throwable {
        Throwable t = assertThrows(IllegalStateException.class, () -> run("plain", 1));
        assertEquals("x", t.getMessage());
        assertEquals(List.of("enter a", "enter b", "body", "exit b x", "exit a x"), Harness.log(l));
    }

    @Test
    void suppressionAsTheLastStatementCompletesWithNull() throws Throwable {
        // Python: falling off the end of a coroutine after `async with` swallowed the error returns None.
        assertEquals(null, run("suppressedAtTheEnd", true));
        assertEquals(List.of("enter s", "exit s gone"), Harness.log(l));
        assertEquals("body", run("suppressedAtTheEnd", false));
    }

    @Test
    void aexitCanSuppress() throws Throwable {
        assertEquals("end", run("plain", 2));
        assertEquals(List.of("enter a", "enter b", "body", "exit b x", "exit a x"), Harness.log(l));
    }

    @Test
    void jumpsOutExitTheContexts() throws Throwable {
        assertEquals("end", run("plain", 3));
        assertEquals(3 * 5, Harness.log(l).size());
        assertEquals("returned", run("plain", 4));
        assertEquals(List.of("enter a", "enter b", "body", "exit b -", "exit a -"), Harness.log(l));
    }

    @Test
    void timeoutScope() throws Throwable {
        assertEquals("timed out at 1.0", run("withTimeout"));
    }
}
