package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The line map of generated machines (issue 15): the throw site of an exception, a line of the generated
 * {@code resume}, is shown at the user's file and line; and an await of a future that failed already (no
 * suspension) joins the async stack trace at its own line.
 *
 * <p>{@link Harness#cls} puts class {@code T} on line 8 of {@code T.java}; the members' lines are noted.
 */
@Timeout(60)
class SourceLineMapTest {
    static final String[] MEMBERS = {
        /* 9 */ "  @Async public Coroutine<Integer> multiLine(String s) {",
        /* 10 */ "    await(sleep(1));",
        /* 11 */ "    int v = 1",
        /* 12 */ "        + Integer.parseInt(s);",
        /* 13 */ "    return result(v);",
        /* 14 */ "  }",
        /* 15 */ "  @Async public Coroutine<Integer> inLambda() {",
        /* 16 */ "    Supplier<Integer> f = () -> { throw new IllegalStateException(\"lambda\"); };",
        /* 17 */ "    await(sleep(1));",
        /* 18 */ "    return result(f.get());",
        /* 19 */ "  }",
        /* 20 */ "  @Async public Coroutine<Integer> straight() {",
        /* 21 */ "    int pad = 1;",
        /* 22 */ "    if (pad > 0) throw new IllegalStateException(\"straight\");",
        /* 23 */ "    return result(pad);",
        /* 24 */ "  }",
        /* 25 */ "  @Async public Coroutine<Integer> failsAtOnce() {",
        /* 26 */ "    throw new IllegalStateException(\"early\");",
        /* 27 */ "  }",
        /* 28 */ "  @Async public Coroutine<Integer> awaitsAFailedTask() {",
        /* 29 */ "    Task<Integer> t = createTask(failsAtOnce(), \"early\");",
        /* 30 */ "    await(sleep(1));",
        /* 31 */ "    int pad = 0;",
        /* 32 */ "    return result(await(t) + pad);",
        /* 33 */ "  }",
        /* 34 */ "  @Async public Coroutine<Integer> outerOfAFailedTask() {",
        /* 35 */ "    await(sleep(1));",
        /* 36 */ "    return result(await(awaitsAFailedTask()));",
        /* 37 */ "  }",
    };

    static ClassLoader l;
    static Compilation c;

    @BeforeAll
    static void compile() {
        c = Harness.compile(Harness.cls(MEMBERS));
        l = Harness.load(Harness.cls(MEMBERS));
    }

    @Test
    void aThrowInAMultiLineStatementShowsTheLineOfTheCall() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Harness.run(l, "T", "multiLine", "x"));
        List<String> c = AsyncStackTraceTest.chain(e);
        assertEquals("multiLine:12", c.get(0), String.valueOf(c)); // Integer.parseInt's caller, on the second line
        assertFalse(AsyncStackTraceTest.printed(e).contains("Corio_T"), AsyncStackTraceTest.printed(e));
    }

    @Test
    void aLambdaOfTheBodyIsShownAsTheUsersLambdaAtItsLine() {
        Throwable e = assertThrows(IllegalStateException.class, () -> Harness.run(l, "T", "inLambda"));
        StackTraceElement top = e.getStackTrace()[0];
        assertEquals("t.T", top.getClassName(), top.toString());
        assertTrue(top.getMethodName().startsWith("lambda$inLambda$"), top.toString());
        assertEquals("T.java", top.getFileName());
        assertEquals(16, top.getLineNumber());
        assertEquals("inLambda:18", AsyncStackTraceTest.chain(e).get(1)); // the call of f.get(), in resume
    }

    @Test
    void aMachineWithoutAwaitThatFailsItsTaskShowsTheUsersLine() {
        Throwable e = assertThrows(IllegalStateException.class, () -> Harness.run(l, "T", "straight"));
        assertEquals("t.T.straight(T.java:22)", e.getStackTrace()[0].toString());
    }

    @Test
    void anAwaitOfATaskThatFailedAlreadyJoinsTheTraceAtItsLine() {
        Throwable e = assertThrows(IllegalStateException.class, () -> Harness.run(l, "T", "outerOfAFailedTask"));
        assertEquals("early", e.getMessage());
        List<String> c = AsyncStackTraceTest.chain(e);
        // thrown in task "early" by its coroutine (at the throw's line; no suspended frame of that task was
        // crossed, so no marker of its own); awaited when done, so without suspending, by awaitsAFailedTask at
        // line 32 (not its state's first line, 30); then that frame's suspended awaiter
        assertEquals("failsAtOnce:26", c.get(0), String.valueOf(c));
        assertTrue(c.get(1).startsWith("<Task-"), String.valueOf(c));
        assertEquals(List.of("awaitsAFailedTask:32", "outerOfAFailedTask:36"), c.subList(2, 4), String.valueOf(c));
        assertEquals(4, c.size(), String.valueOf(c));
    }

    @Test
    void theGeneratedSourceKeepsItsLinesAndCarriesTheMap() {
        String src = Harness.generated(c, "Corio_T");
        assertFalse(src.contains("$corio-line"), "no marker or placeholder is left:\n" + src);
        // the map of multiLine: every run is "generated:source[+n]"; the generated line of the parseInt call
        // (the line after `int v = 1`) maps to 12
        Matcher m = Pattern.compile("\"([0-9:+ ]+)\"\\);").matcher(src); // registerCode(..., map);
        assertTrue(m.find(), src);
        String[] lines = src.split("\n", -1);
        int call = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("+ Integer.parseInt(s);")) {
                call = i + 1;
                break;
            }
        }
        assertTrue(call > 0, src);
        assertEquals(12, call, "the statement stands on its source line:\n" + src);
        assertEquals(12, dev.corio.internal.SourceLines.lookup(m.group(1), call), m.group(1) + "\n" + src);
    }
}
