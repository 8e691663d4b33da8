package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statements copied through whose completion only javac's flow analysis knows (docs/processor.md,
 * "Reachability"): loops whose body returns, constant conditions, labelled blocks, tries, where code the
 * machine adds after the copy must be reachable for javac exactly when it runs. Bug 10 of docs/fuzzer.md:
 * {@code do { return ..; } while (..);} at the method's end gave "unreachable statement" in {@code Corio_T}.
 */
class ReachabilityTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  static final boolean ON = true;",
                "  static final int THREE = 3;",
                "  @Async public Coroutine<String> doReturnsAtTheEnd(int n) {",
                "    int f = n;",
                "    do {",
                "      return result(\"d\" + f);",
                "    } while (f-- > 0 && false);",
                "  }",
                "  @Async public Coroutine<String> doReturnsAtTheEndAfterAnAwait(int n) {",
                "    int f = await(later(n));",
                "    do {",
                "      return result(\"d\" + f);",
                "    } while (f-- > 0);",
                "  }",
                "  @Async public Coroutine<String> doReturnsInAnAwaitingBranch(boolean b) {",
                "    int f = 2;",
                "    if (await(later(b))) {",
                "      do {",
                "        return result(\"in\" + f);",
                "      } while (f-- > 0);",
                "    }",
                "    return result(\"after\" + f);",
                "  }",
                "  @Async public Coroutine<String> constantConditions(boolean b) {",
                "    String s = \"\";",
                "    if (await(later(b))) {",
                "      while (ON) { s += \"w\"; return result(s); }",
                "    } else {",
                "      for (; THREE > 2; ) { s += \"f\"; if (s.length() > 2) return result(s); }",
                "    }",
                "  }",
                "  @Async public Coroutine<String> loopsThatBreak(int n) {",
                "    StringBuilder sb = new StringBuilder();",
                "    if (await(later(n > 0))) {",
                "      do { sb.append(n); if (--n == 0) break; } while (ON);",
                "      while (true) { sb.append('w'); if (sb.length() > 4) break; }",
                "      block: { sb.append('b'); if (n == 0) break block; return result(\"never\"); }",
                "    }",
                "    return result(sb.append(await(later(\"!\"))).toString());",
                "  }",
                "  @Async public Coroutine<String> tryAndIfElse(int n) {",
                "    String s = \"\";",
                "    if (await(later(n > 1))) {",
                "      try { return result(\"t\" + n); } finally { s += \"f\"; }",
                "    }",
                "    if (await(later(n > -5))) {",
                "      if (n == 1) return result(\"one\" + s); else { do { s += n; } while (n-- > -2); }",
                "    }",
                "    return result(s);",
                "  }",
                "  @Async public Coroutine<Integer> endsInSynchronized(int n) {",
                "    int v = await(later(n));",
                "    synchronized (this) { if (v > 0) { return result(v); } else { do { return result(-v); } while (ON); } }",
                "  }"));
    }

    @Test
    void aDoWhoseBodyReturnsEndsTheMethod() throws Throwable {
        assertEquals("d3", Harness.run(l, "T", "doReturnsAtTheEnd", 3));
        assertEquals("d4", Harness.run(l, "T", "doReturnsAtTheEndAfterAnAwait", 4));
    }

    @Test
    void aDoWhoseBodyReturnsInsideABranchThatGoesOn() throws Throwable {
        assertEquals("in2", Harness.run(l, "T", "doReturnsInAnAwaitingBranch", true));
        assertEquals("after2", Harness.run(l, "T", "doReturnsInAnAwaitingBranch", false));
    }

    @Test
    void loopsOnConstantConditions() throws Throwable {
        assertEquals("w", Harness.run(l, "T", "constantConditions", true));
        assertEquals("fff", Harness.run(l, "T", "constantConditions", false));
    }

    @Test
    void loopsAndBlocksLeftByBreak() throws Throwable {
        assertEquals("21wwwb!", Harness.run(l, "T", "loopsThatBreak", 2));
        assertEquals("!", Harness.run(l, "T", "loopsThatBreak", 0));
    }

    @Test
    void triesAndIfElseThatReturn() throws Throwable {
        assertEquals("t2", Harness.run(l, "T", "tryAndIfElse", 2));
        assertEquals("one", Harness.run(l, "T", "tryAndIfElse", 1));
        assertEquals("0-1-2", Harness.run(l, "T", "tryAndIfElse", 0));
        assertEquals(5, Harness.run(l, "T", "endsInSynchronized", 5));
        assertEquals(2, Harness.run(l, "T", "endsInSynchronized", -2));
    }
}
