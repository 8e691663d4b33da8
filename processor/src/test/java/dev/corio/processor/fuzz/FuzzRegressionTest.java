package dev.corio.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The minimal programs the fuzzer found, kept as regression tests: each runs transformed and as plain
 * Java through the same harness and must behave the same. Cases for bugs still open in the processor
 * are skipped unless {@code -Dcorio.fuzz.knownBugs=true}; docs/fuzzer.md lists them. When one is fixed,
 * move it to the always-run list.
 */
class FuzzRegressionTest {
    private static final boolean KNOWN_BUGS = Boolean.getBoolean("corio.fuzz.knownBugs");

    /** A program whose entry body is {@code body} (statements, then a return), returning {@code ret}. */
    static Program program(Ty ret, String body) {
        Node stmts = Node.of(Node.Kind.FIXED, null, body.strip());
        return new Program(0, List.of(new Program.Method("run0", ret, List.of(), Node.block(List.of(stmts)), false)));
    }

    private static void check(Program... ps) {
        assumeTrue(DifferentialFuzzTest.processorRegistered(), "no processor registered");
        Harness h = new Harness();
        try {
            for (Harness.Report r : h.check(List.of(ps))) {
                assertEquals(Harness.Verdict.SAME, r.verdict(), () -> Fuzzer.describe(r, r)
                        + (r.generated() == null ? "" : "---- generated:\n" + r.generated()));
            }
        } finally {
            h.close();
        }
    }

    @Test
    void awaitsInStraightLineCodeKeepOrder() {
        // Not a bug found, a guard for the harness itself: several awaits, suspending and not, with traces.
        check(program(Ty.INT, """
                int a = ti("a", await(sleep(1, 2)));
                int b = ti("b", await(done(3)) + await(later(0.5, 4)));
                rec("sum " + (a + b));
                return result(a * b);
                """));
    }

    @Test
    void varLocal() {
        assumeTrue(KNOWN_BUGS, "open processor bug 1 in docs/fuzzer.md: var locals");
        check(program(Ty.STR, """
                var v2 = "a";
                return result(v2);
                """));
    }

    @Test
    void colonSwitchStatementDeclaringALocal() {
        assumeTrue(KNOWN_BUGS, "open processor bug 2 in docs/fuzzer.md: switch statements and expressions");
        check(program(Ty.STR, """
                switch (0) {
                case 2:
                    int v7 = 14;
                default:
                }
                return result("a");
                """));
    }

    @Test
    void colonSwitchExpression() {
        assumeTrue(KNOWN_BUGS, "open processor bug 2 in docs/fuzzer.md: switch statements and expressions");
        check(program(Ty.INT, """
                String v30 = (switch (0) {
                case 2:
                    yield "a";
                default:
                    yield "b";
                });
                return result(v30.length());
                """));
    }
}
