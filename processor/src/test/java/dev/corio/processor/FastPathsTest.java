package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The paths that do not suspend stay out of the state switch (lower.FastPaths): a loop whose body awaits
 * runs its iterations that do not suspend as a Java loop ({@code continue $loopN}), an await's small
 * continuation is copied where the await falls through, chains of jump-only states are one jump, and a jump
 * to a state that only returns returns. Each test checks the shape and that the machine computes what the
 * plain Java method would, with awaits that complete at once, later, and fail in both ways.
 */
@Timeout(60)
class FastPathsTest {
    /** The fan-out's shape: {@code sum += await(x)} in a while loop over awaitables done now or later. */
    @Test
    void aLoopOfAwaitsThatDoNotSuspendIsAJavaLoop() throws Throwable {
        String[] src = {Harness.cls(
                "  @Async public Coroutine<Integer> run(int n) {",
                "    int sum = 0;",
                "    int k = 0;",
                "    while (k < n) {",
                "      sum += await(k % 3 == 0 ? later(k) : now(k));",
                "      k++;",
                "    }",
                "    return result(sum);",
                "  }")};
        String code = Harness.generated(Harness.compile(src), "Corio_T");
        assertTrue(code.contains("for (;;) {"), code);
        assertTrue(code.contains("continue $loop1;"), code);
        assertTrue(code.contains(", copied: the machine goes on here without a trip through the switch"), code);
        assertTrue(code.contains("if (!(k < n)) { return sum; }"), code); // the jump to `return sum` returns
        ClassLoader l = Harness.load(src);
        assertEquals(4950, Harness.run(l, "T", "run", 100));
        assertEquals(0, Harness.run(l, "T", "run", 0));
    }

    /** The queue's shape: the iteration that does not await jumps back through a jump-only state. */
    @Test
    void aJumpThroughJumpOnlyStatesGoesStraightToItsEnd() throws Throwable {
        String[] src = {Harness.cls(
                "  int room = 0;",
                "  @Async public Coroutine<Integer> run(int n) {",
                "    int i = 0, waits = 0;",
                "    while (i < n) {",
                "      if (room > 0) {",
                "        room--;",
                "        i++;",
                "      } else {",
                "        await(later(0));",
                "        room = 3;",
                "        waits++;",
                "      }",
                "    }",
                "    return result(i * 100 + waits);",
                "  }")};
        Compilation c = Harness.compile(src);
        String code = Harness.generated(c, "Corio_T");
        assertTrue(code.contains("continue $loop1;"), code);
        ClassLoader l = Harness.load(src);
        assertEquals(1004, Harness.run(l, "T", "run", 10));
    }

    /**
     * An await that fails at once inside a copied continuation, and one that fails on resumption, are caught
     * by the same catch; the catch's state, and a finally, see the exception where the plain method would.
     */
    @Test
    void anExceptionInACopiedContinuationIsRoutedAsBefore() throws Throwable {
        String[] src = {Harness.cls(
                "  @Async public Coroutine<String> run(int n) {",
                "    StringBuilder sb = new StringBuilder();",
                "    int k = 0;",
                "    while (k < n) {",
                "      try {",
                "        int v = await(k % 4 == 1 ? failNow(new IllegalStateException(\"now\" + k))",
                "            : k % 4 == 2 ? failLater(new IllegalStateException(\"later\" + k))",
                "            : k % 4 == 3 ? later(k) : now(k));",
                "        sb.append(v).append(',');",
                "      } catch (IllegalStateException e) {",
                "        sb.append(e.getMessage()).append(',');",
                "      } finally {",
                "        sb.append('f');",
                "      }",
                "      k++;",
                "    }",
                "    return result(sb.toString());",
                "  }")};
        ClassLoader l = Harness.load(src);
        assertEquals("0,fnow1,flater2,f3,f4,fnow5,flater6,f7,f", Harness.run(l, "T", "run", 8));
    }

    /** A loop whose body only suspends sometimes, nested in another: both stay correct, results as plain Java. */
    @Test
    void nestedLoopsWithAwaitsKeepTheirOrder() throws Throwable {
        String[] src = {Harness.cls(
                "  @Async public Coroutine<List<String>> run(int n) {",
                "    List<String> out = new ArrayList<>();",
                "    int i = 0;",
                "    while (i < n) {",
                "      int j = 0;",
                "      while (j < i) {",
                "        out.add(await(j % 2 == 0 ? now(i + \":\" + j) : later(i + \"/\" + j)));",
                "        if (j == 2) { j++; continue; }",
                "        if (i == 4 && j == 3) break;",
                "        j++;",
                "      }",
                "      i++;",
                "    }",
                "    return result(out);",
                "  }")};
        ClassLoader l = Harness.load(src);
        assertEquals(List.of("1:0", "2:0", "2/1", "3:0", "3/1", "3:2", "4:0", "4/1", "4:2", "4/3"),
                Harness.run(l, "T", "run", 5));
    }

    /**
     * A state is copied only into the state that falls into it, only if it is small (no code explosion), and
     * only if it jumps back to that state (closing a Java loop): a continuation that goes on elsewhere is
     * reached by the switch's fall-through at no cost, and a copy would put its lines twice in the file,
     * one of them off the source line a breakpoint names (BreakpointTest).
     */
    @Test
    void aLargeContinuationIsNotCopied() {
        StringBuilder body = new StringBuilder();
        for (int x = 0; x < 40; x++) {
            body.append("      s += String.valueOf(v + ").append(x).append(").length();\n");
        }
        String code = Harness.generated(Harness.compile(Harness.cls(
                "  @Async public Coroutine<Integer> run(int n) {",
                "    int s = 0;",
                "    for (int i = 0; i < n; i++) {",
                "      int v = await(now(i));",
                body.toString(),
                "    }",
                "    return result(s);",
                "  }")), "Corio_T");
        assertFalse(code.contains("state 2, copied"), code); // the body after the await: too large
        assertFalse(code.contains("state 3, copied"), code); // the update: small, but it jumps to the loop's head
    }

    /**
     * A {@code break} inside a copied {@code try} (no await in it, so Java's own try) to a state that only
     * returns stays a jump: the return's expression runs after the try, so what it throws is not caught by
     * the try's catch (a return run in the jump's place would be).
     */
    @Test
    void aJumpOutOfACopiedTryIsNotAReturnInsideIt() throws Throwable {
        String[] src = {Harness.cls(
                "  static int check(int v) { if (v > 2) throw new IllegalStateException(\"after the loop \" + v); return v; }",
                "  @Async public Coroutine<Integer> run(int n) {",
                "    int sum = 0;",
                "    while (true) {",
                "      sum += await(sum % 2 == 0 ? now(1) : later(1));",
                "      try {",
                "        if (sum >= n) break;",
                "      } catch (IllegalStateException e) {",
                "        return result(-1);",
                "      }",
                "    }",
                "    return result(check(sum));",
                "  }")};
        String code = Harness.generated(Harness.compile(src), "Corio_T");
        assertTrue(code.contains("continue $loop"), code); // the loop is a Java loop: FastPaths ran
        ClassLoader l = Harness.load(src);
        assertEquals(2, Harness.run(l, "T", "run", 2));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Harness.run(l, "T", "run", 3));
        assertEquals("after the loop 3", e.getMessage());
    }

    /**
     * A {@code break} inside a copied {@code synchronized} to a state that only returns stays a jump: the
     * return's expression runs after the monitor is released, as in the plain method.
     */
    @Test
    void aJumpOutOfACopiedSynchronizedIsNotAReturnInsideIt() throws Throwable {
        String[] src = {Harness.cls(
                "  static final Object LOCK = new Object();",
                "  @Async public Coroutine<String> run(int n) {",
                "    int sum = 0;",
                "    while (true) {",
                "      sum += await(sum % 2 == 0 ? now(1) : later(1));",
                "      synchronized (LOCK) {",
                "        if (sum >= n) break;",
                "      }",
                "    }",
                "    return result(sum + \" held \" + Thread.holdsLock(LOCK));",
                "  }")};
        ClassLoader l = Harness.load(src);
        assertEquals("3 held false", Harness.run(l, "T", "run", 3));
    }
}
