package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** try / multi-catch / finally with awaits in every part, jumps through finally, try-with-resources. */
class TryTest {
    static ClassLoader l;

    /**
     * Bug 5 in docs/fuzzer.md: a return, break or continue is pending through an inner finally that throws;
     * the exception replaces the jump and the outer catch takes it. Variants: await in the inner finally
     * (lowered) or not (copied through as Java), await in the outer catch or not, outer finally or not.
     */
    private static String[] finallyThrowsOverPendingJump() {
        List<String> lines = new java.util.ArrayList<>();
        for (int v = 0; v < 8; v++) {
            boolean awaitInFinally = (v & 1) != 0;
            boolean awaitInCatch = (v & 2) != 0;
            boolean outerFinally = (v & 4) != 0;
            lines.addAll(List.of(
                    "  @Async public Coroutine<String> finallyThrowsOverPendingJump" + v + "(int jump) {",
                    "    StringBuilder sb = new StringBuilder();",
                    "    for (int i = 0; i < 2; i++) {",
                    "      try {",
                    "        try {",
                    "          sb.append('t');",
                    "          if (jump == 0) return result(sb + \"r\");",
                    "          if (jump == 1) break;",
                    "          if (jump == 2) continue;",
                    "        } finally {",
                    awaitInFinally ? "          sb.append(await(later(\"f\")));" : "          sb.append('f');",
                    "          if (i == 0) throw new IllegalStateException(\"thrown\");",
                    "        }",
                    "        sb.append(await(later(\"x\")));",
                    "      } catch (IllegalStateException e) {",
                    awaitInCatch ? "        sb.append(await(later(\"c:\" + e.getMessage())));" : "        sb.append(\"c:\" + e.getMessage());",
                    outerFinally ? "      } finally { sb.append('.'); }" : "      }",
                    "    }",
                    "    return result(sb.toString());",
                    "  }"));
        }
        return lines.toArray(new String[0]);
    }

    @BeforeAll
    static void compile() {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "  static final IllegalStateException BOOM = new IllegalStateException(\"boom\");",
                "  static final class Res implements AutoCloseable {",
                "    final String name; final boolean failClose;",
                "    Res(String name, boolean failClose) { this.name = name; this.failClose = failClose; Aw.LOG.add(\"open \" + name); }",
                "    @Override public void close() { Aw.LOG.add(\"close \" + name); if (failClose) throw new IllegalArgumentException(\"close \" + name); }",
                "  }",
                "  @Async public Coroutine<String> catches(int mode) {",
                "    StringBuilder sb = new StringBuilder();",
                "    try {",
                "      sb.append(await(later(\"t\")));",
                "      if (mode == 1) await(failLater(new IllegalArgumentException(\"a\")));",
                "      if (mode == 2) await(failNow(new UnsupportedOperationException(\"u\")));",
                "      if (mode == 3) throw new ArithmeticException(\"x\");",
                "      sb.append(\"-\");",
                "    } catch (IllegalArgumentException | UnsupportedOperationException e) {",
                "      sb.append(await(later(\"c1:\"))).append(e.getMessage());",
                "    } catch (RuntimeException e) {",
                "      sb.append(\"c2:\").append(e.getMessage());",
                "      await(later(null));",
                "    } finally {",
                "      sb.append(await(now(\"F\")));",
                "    }",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> uncaughtGoesThroughFinally() {",
                "    try {",
                "      await(failLater(BOOM));",
                "      return result(\"no\");",
                "    } finally {",
                "      await(later(null));",
                "      Aw.LOG.add(\"finally\");",
                "    }",
                "  }",
                "  @Async public Coroutine<String> finallyOverridesReturn() {",
                "    try { return result(await(later(\"try\"))); } finally { if (await(later(true))) return result(\"finally\"); }",
                "  }",
                "  @Async public Coroutine<String> finallyReplacesException() {",
                "    try { await(failLater(BOOM)); } finally { await(later(null)); throw new IllegalArgumentException(\"replaced\"); }",
                "  }",
                "  @Async public Coroutine<String> returnRunsFinally() {",
                "    try { return result(\"r\" + await(later(1))); } finally { Aw.LOG.add(\"f\" + await(later(2))); }",
                "  }",
                "  @Async public Coroutine<String> jumpsThroughFinally() {",
                "    StringBuilder sb = new StringBuilder();",
                "    for (int i = 0; i < 5; i++) {",
                "      try {",
                "        try {",
                "          if (i == 1) continue;",
                "          if (i == 3) break;",
                "          sb.append(i);",
                "        } finally { sb.append(await(later(\"f\"))); }",
                "      } finally { sb.append(\"g\"); await(now(null)); }",
                "    }",
                "    outer: for (int i = 0; i < 3; i++) { try { sb.append('x'); } finally { if (await(later(i == 1))) break outer; } }",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> jumpOutOfFinally() {",
                "    String r = \"\";",
                "    while (true) { try { await(failLater(BOOM)); } finally { r += \"f\"; break; } }",  // break discards the exception
                "    return result(r + await(later(\"!\")));",
                "  }",
                "  @Async public Coroutine<String> nestedTryInCatch() {",
                "    try { await(failLater(BOOM)); return result(\"no\"); }",
                "    catch (IllegalStateException e) {",
                "      try { await(failLater(new IllegalArgumentException(\"inner\"))); return result(\"no\"); }",
                "      catch (IllegalArgumentException e2) { return result(e.getMessage() + \"/\" + await(later(e2.getMessage()))); }",
                "    }",
                "  }",
                "  @Async public Coroutine<String> resources(int mode) {",
                "    try (Res a = new Res(\"a\", false); Res b = new Res(await(later(\"b\")), mode == 2)) {",
                "      Aw.LOG.add(\"body \" + await(later(a.name + b.name)));",
                "      if (mode == 1) throw new IllegalStateException(\"body\");",
                "      if (mode == 3) return result(\"early\");",
                "    }",
                "    return result(\"done\");",
                "  }",
                "  @Async public Coroutine<String> resourceWithCatch() {",
                "    try (Res a = new Res(\"a\", true)) { await(later(null)); throw new IllegalStateException(\"body\"); }",
                "    catch (IllegalStateException e) { return result(e.getMessage() + \" suppressed \" + e.getSuppressed()[0].getMessage()); }",
                "  }",
                "  @Async public Coroutine<String> checked() {",
                "    try { return result(await(failingIo(), java.io.IOException.class)); }",
                "    catch (java.io.IOException e) { return result(\"io:\" + e.getMessage()); }",
                "  }",
                "  @Async Coroutine<String> failingIo() throws java.io.IOException { await(later(null)); throw new java.io.IOException(\"disk\"); }",
                "  @Async public Coroutine<String> returnFromCatchRunsFinally() {",
                "    try { await(failLater(BOOM)); return result(\"no\"); }",
                "    catch (IllegalStateException e) { return result(\"caught \" + await(later(e.getMessage()))); }",
                "    finally { Aw.LOG.add(\"finally \" + await(later(1))); }",
                "  }",
                "  @Async public Coroutine<String> guardedJumpsThroughFinally() {",
                "    StringBuilder sb = new StringBuilder();",
                "    for (int f = 0; f < 3; f++) {",
                "      try { if (await(later(f == 1))) continue; if (await(now(f == 2))) return result(sb + \"r\"); sb.append(\"b\" + f); }",
                "      finally { sb.append(\"f\" + f); }",
                "    }",
                "    return result(\"no\");",
                "  }",
                "  @Async public Coroutine<String> mixedJumps() {",
                "    StringBuilder sb = new StringBuilder();",
                "    loop:",
                "    for (int i = 0; i < 6; i++) {",
                "      try {",
                "        switch (i) {",
                "          case 0: sb.append(await(later(\"a\"))); break;",
                "          case 1: continue;",
                "          case 2: { int v = switch (i) { case 2 -> { try { yield await(later(7)); } finally { sb.append('y'); } } default -> 0; }; sb.append(v); break; }",
                "          case 4: break loop;",
                "          default: sb.append(await(now(\"d\")));",
                "        }",
                "        sb.append(',');",
                "      } finally {",
                "        sb.append(await(later(i)));",
                "      }",
                "    }",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> stage() {",
                "    java.util.concurrent.CompletableFuture<String> cf = new java.util.concurrent.CompletableFuture<>();",
                "    getRunningLoop().callSoon(() -> cf.complete(\"cf\"));",
                "    String a = await(cf);",
                "    String b = await(java.util.concurrent.CompletableFuture.completedFuture(\"done\"));",
                "    return result(a + b);",
                "  }"));
        lines.addAll(List.of(finallyThrowsOverPendingJump()));
        l = Harness.load(Harness.cls(lines.toArray(new String[0])));
    }

    private static Object run(String m, Object... args) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m, args);
    }

    @Test
    void catchesWithAwaitsEverywhere() throws Throwable {
        assertEquals("t-F", run("catches", 0));
        assertEquals("tc1:aF", run("catches", 1));
        assertEquals("tc1:uF", run("catches", 2));
        assertEquals("tc2:xF", run("catches", 3));
    }

    @Test
    void exceptionKeepsItsIdentityThroughFinally() throws Throwable {
        java.lang.reflect.Field f = l.loadClass("t.T").getDeclaredField("BOOM");
        f.setAccessible(true);
        Object boom = f.get(null);
        Throwable t = assertThrows(IllegalStateException.class, () -> run("uncaughtGoesThroughFinally"));
        assertSame(boom, t);
        assertEquals(List.of("finally"), Harness.log(l));
    }

    @Test
    void finallyOverridesAndReplaces() throws Throwable {
        assertEquals("finally", run("finallyOverridesReturn"));
        Throwable t = assertThrows(IllegalArgumentException.class, () -> run("finallyReplacesException"));
        assertEquals("replaced", t.getMessage());
        assertEquals("r1", run("returnRunsFinally"));
        assertEquals(List.of("f2"), Harness.log(l));
    }

    @Test
    void breakAndContinueRunEnclosingFinallyBlocks() throws Throwable {
        assertEquals("0fgfg2fgfgxx", run("jumpsThroughFinally"));
        assertEquals("f!", run("jumpOutOfFinally"));
    }

    @Test
    void nestedTryInCatch() throws Throwable {
        assertEquals("boom/inner", run("nestedTryInCatch"));
    }

    @Test
    void tryWithResourcesClosesInReverseOrder() throws Throwable {
        assertEquals("done", run("resources", 0));
        assertEquals(List.of("open a", "open b", "body ab", "close b", "close a"), Harness.log(l));
        Throwable t = assertThrows(IllegalStateException.class, () -> run("resources", 1));
        assertEquals("body", t.getMessage());
        assertEquals(List.of("open a", "open b", "body ab", "close b", "close a"), Harness.log(l));
        Throwable c = assertThrows(IllegalArgumentException.class, () -> run("resources", 2));
        assertEquals("close b", c.getMessage());
        assertEquals("early", run("resources", 3));
        assertEquals(List.of("open a", "open b", "body ab", "close b", "close a"), Harness.log(l));
    }

    @Test
    void closeFailureIsSuppressed() throws Throwable {
        assertEquals("body suppressed close a", run("resourceWithCatch"));
    }

    @Test
    void checkedExceptionsCrossAwaitsUnchanged() throws Throwable {
        assertEquals("io:disk", run("checked"));
        Throwable t = assertThrows(IOException.class, () -> Harness.run(l, "T", "failingIo"));
        assertEquals("disk", t.getMessage());
    }

    @Test
    void returnFromCatchAndMixedJumps() throws Throwable {
        assertEquals("caught boom", run("returnFromCatchRunsFinally"));
        assertEquals(List.of("finally 1"), Harness.log(l));
        assertEquals("a,01y7,2d,34", run("mixedJumps"));
        assertEquals("b0f0f1r", run("guardedJumpsThroughFinally"));
    }

    @Test
    void finallyThrowingOverAPendingJumpIsCaughtByTheOuterCatch() throws Throwable {
        for (int v = 0; v < 8; v++) {
            String m = "finallyThrowsOverPendingJump" + v;
            // first iteration: the finally's exception replaces the jump and the outer catch takes it;
            // second: the jump completes (a return's value is taken before the finally runs)
            String first = (v & 4) != 0 ? "tfc:thrown." : "tfc:thrown";
            String end = (v & 4) != 0 ? "." : "";
            assertEquals(first + "tr", run(m, 0), m + " return");
            assertEquals(first + "tf" + end, run(m, 1), m + " break");
            assertEquals(first + "tf" + end, run(m, 2), m + " continue");
            assertEquals(first + "tfx" + end, run(m, 3), m + " no jump");
        }
    }

    @Test
    void completionStages() throws Throwable {
        assertEquals("cfdone", run("stage"));
    }
}
