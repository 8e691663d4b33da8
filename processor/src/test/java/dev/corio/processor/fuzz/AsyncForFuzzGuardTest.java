package dev.corio.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards for the fuzzer's reference of async {@code for} loops and asynchronous resources (docs/fuzzer.md,
 * {@code ASYNC_FOR}, {@code ASYNC_RESOURCES}; RefGenerators): hand-written programs of the shapes the
 * generator makes, each run transformed and as plain Java through the harness, which must agree, and whose
 * trace must show the order the runtime pins (a loop left early closes its generator before the next
 * statement; a context manager's generator suppresses or replaces what the block threw).
 */
class AsyncForFuzzGuardTest {
    private static Node fixed(String text) {
        return Node.of(Node.Kind.FIXED, null, text.strip().replace('$', Node.DOLLAR));
    }

    /** {@code for (Object x : awaitEach(call)) body} with its reference rendering, as Generator#asyncFor makes it. */
    private static Node asyncFor(String x, String call, String body) {
        return Node.dual("for (Object " + x + " : awaitEach(" + call + ")) $",
                "{\nvar it" + x + " = awaitEach(" + call + ");\ntry {\n    for (Object " + x + " : it" + x
                        + ") $\n} finally {\n    it" + x + ".close();\n}\n}",
                Node.block(List.of(fixed(body))));
    }

    /** {@code try (var cm = asyncContextManager(call)) body} and its reference rendering, as Generator#asyncWith. */
    private static Node asyncWith(String cm, String init, String body) {
        return Node.dual("try (var " + cm + " = " + init + ") $",
                "{\nvar " + cm + " = " + init + ".enter();\ntry {\n$\n} catch (Throwable t" + cm + ") {\n    " + cm
                        + ".fail(t" + cm + ");\n} finally {\n    " + cm + ".exit();\n}\n}",
                Node.block(List.of(fixed(body))));
    }

    private static Program.Method gen(String name, String body) {
        return new Program.Method(name, Ty.INT, List.of(), Node.block(List.of(fixed(body))), false, true);
    }

    /** A generator program: the entry drains {@code g0} (closing it after {@code closeAt} values, 0: never). */
    private static Program program(int closeAt, List<Node> g0, Program.Method... more) {
        List<Program.Method> ms = new ArrayList<>();
        ms.add(new Program.Method("run0", Ty.STR, List.of(),
                Node.block(List.of(fixed("return result(await(consume(" + closeAt + ", this::g0)));"))), false));
        List<Node> body = new ArrayList<>(g0);
        body.add(fixed("return done();"));
        ms.add(new Program.Method("g0", Ty.INT, List.of(), Node.block(body), false, true));
        ms.addAll(List.of(more));
        return new Program(0, ms);
    }

    private static List<String> check(Program p) {
        assumeTrue(DifferentialFuzzTest.processorRegistered(), "no processor registered");
        Harness h = new Harness();
        try {
            Harness.Report r = h.check(List.of(p)).get(0);
            assertEquals(Harness.Verdict.SAME, r.verdict(), () -> Fuzzer.describe(r, r)
                    + (r.generated() == null ? "" : "---- generated:\n" + r.generated()));
            return r.reference().trace();
        } finally {
            h.close();
        }
    }

    private static Program.Method inner() {
        return gen("g1", """
                rec("enter g1");
                try {
                    emit(10);
                    await(sleep(1));
                    emit(11);
                    emit(12);
                } finally {
                    rec("g1 finally");
                    await(sleep(0.5));
                    rec("g1 finally after await");
                }
                return done();
                """);
    }

    @Test
    void breakClosesTheInnerGeneratorBeforeTheNextStatement() {
        List<String> t = check(program(0, List.of(
                asyncFor("x1", "g1()", """
                        rec("x1 " + x1);
                        emit(x1);
                        if (x1.equals(11)) break;
                        """),
                fixed("rec(\"after loop\");")), inner()));
        assertTrue(t.indexOf("g1 finally after await") < t.indexOf("after loop"), t.toString());
        assertTrue(!t.contains("x1 12"), t.toString());
    }

    @Test
    void closingTheOuterGeneratorInsideTheLoopClosesTheInnerOne() {
        // the consumer closes g0 at its second value, emitted inside the loop's body
        List<String> t = check(program(2, List.of(
                fixed("emit(0);"),
                asyncFor("x1", "g1()", """
                        rec("x1 " + x1);
                        try {
                            emit(x1);
                        } finally {
                            rec("g0 finally");
                        }
                        """),
                fixed("rec(\"not reached\");")), inner()));
        assertTrue(t.indexOf("g0 finally") < t.indexOf("g1 finally"), t.toString());
        assertTrue(!t.contains("not reached"), t.toString());
    }

    @Test
    void anExceptionFromTheInnerGeneratorEndsTheLoopWithoutAClose() {
        check(program(0, List.of(
                fixed("""
                        try {
                        """.strip() + "\n"),
                asyncFor("x1", "g2()", "rec(\"x1 \" + x1);"),
                fixed("""
                        } catch (FuzzException e) {
                            rec("caught " + e.getMessage());
                        }
                        emit(1);
                        """)),
                gen("g2", """
                        emit(1);
                        await(later(1, 0));
                        if (ON) throw new FuzzException("from g2");
                        return done();
                        """)));
    }

    @Test
    void aGeneratorBasedManagerSuppressesOrReplacesWhatTheBlockThrew() {
        Program.Method suppressing = gen("cm1", """
                rec("enter cm1");
                await(sleep(1));
                try {
                    rec("cm1 got " + emit(5));
                } catch (FuzzException e) {
                    rec("cm1 caught " + e.getMessage());
                } finally {
                    await(sleep(0.5));
                    rec("cm1 exit");
                }
                return done();
                """);
        Program.Method replacing = gen("cm2", """
                try {
                    emit(6);
                } catch (RuntimeException e) {
                    throw new OtherException("replaced " + e.getMessage());
                }
                return done();
                """);
        List<String> t = check(program(0, List.of(
                asyncWith("cm3", "asyncContextManager(cm1())", """
                        rec("value " + cm3.value());
                        emit(cm3.value());
                        if (ON) throw new FuzzException("block");
                        """),
                fixed("rec(\"after suppressed\");"),
                fixed("try {"),
                asyncWith("cm4", "ares(\"cm4\", 2)", """
                        rec("in cm4");
                        """),
                fixed("} catch (OtherException e) {\n    rec(\"caught \" + e.getMessage());\n}"),
                fixed("try {"),
                asyncWith("cm5", "asyncContextManager(cm2())", """
                        emit(cm5.value());
                        if (ON) throw new FuzzException("block 2");
                        """),
                fixed("} catch (OtherException e) {\n    rec(\"caught \" + e.getMessage());\n}")),
                suppressing, replacing));
        assertTrue(t.contains("cm1 caught block") && t.contains("after suppressed"), t.toString());
        assertTrue(t.contains("caught aexit cm4") && t.contains("caught replaced block 2"), t.toString());
    }

    @Test
    void takeClosesTheGeneratorWhenItHasEnoughBeforeTheLoopEnds() {
        // Generator#operators: take(map(g1(), ..), 2) stops after two values, closing g1 (whose finally awaits)
        // before the loop ends; the map's function records each pull, so a third pull would show
        List<String> t = check(program(0, List.of(
                asyncFor("x1", "take(map(g1(), o1 -> opMap(\"o1\", o1, 0)), 2)", """
                        rec("x1 " + x1);
                        emit(x1);
                        """),
                fixed("rec(\"after loop\");")), inner()));
        assertTrue(t.contains("x1 o1:11") && !t.contains("map o1 12"), t.toString());
        assertTrue(t.indexOf("g1 finally after await") < t.indexOf("after loop"), t.toString());
    }

    @Test
    void aMapThatThrowsClosesTheGeneratorBeforeTheExceptionComesOut() {
        // filter (all pass) and drop(1) hand 11 on to opMap mode 1, which throws for it (opPass(11, 2) is false)
        List<String> t = check(program(0, List.of(
                fixed("try {"),
                asyncFor("x1", "map(drop(filter(g1(), o1 -> !opPass(o1, 1)), 1), o2 -> opMap(\"o2\", o2, 1))",
                        "rec(\"x1 \" + x1);"),
                fixed("} catch (FuzzException e) {\n    rec(\"caught \" + e.getMessage());\n}"),
                fixed("emit(1);")), inner()));
        assertTrue(t.indexOf("g1 finally after await") < t.indexOf("caught map o2 11"), t.toString());
        assertTrue(!t.contains("x1 o2:10") && !t.contains("map o2 12"), t.toString());
    }
}
