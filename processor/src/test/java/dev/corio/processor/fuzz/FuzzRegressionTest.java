package dev.corio.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The minimal programs the fuzzer found, kept as regression tests: each runs transformed and as plain
 * Java through the same harness and must behave the same. A case for a bug still open in the processor
 * is skipped unless {@code -Dcorio.fuzz.knownBugs=true} (docs/fuzzer.md lists it); once fixed it runs always.
 */
class FuzzRegressionTest {
    /** For cases of bugs still open: they run only with {@code -Dcorio.fuzz.knownBugs=true}: bug 10. */
    static final boolean KNOWN_BUGS = Boolean.getBoolean("corio.fuzz.knownBugs");

    /** A program whose entry body is {@code body} (statements, then a return), returning {@code ret}. */
    static Program program(Ty ret, String body) {
        Node stmts = Node.of(Node.Kind.FIXED, null, body.strip().replace('$', Node.DOLLAR)); // $ is a placeholder
        return new Program(0, List.of(new Program.Method("run0", ret, List.of(), Node.block(List.of(stmts)), false)));
    }

    /** A generator program: the entry drives {@code g0()} with {@code consume(closeAt, this::g0)}. */
    static Program generatorProgram(int closeAt, String g0) {
        Node run = Node.of(Node.Kind.FIXED, null, "return result(await(consume(" + closeAt + ", this::g0)));");
        Node gen = Node.of(Node.Kind.FIXED, null, g0.strip().replace('$', Node.DOLLAR));
        return new Program(0, List.of(new Program.Method("run0", Ty.STR, List.of(), Node.block(List.of(run)), false),
                new Program.Method("g0", Ty.INT, List.of(), Node.block(List.of(gen)), false, true)));
    }

    @Test
    void anEmitAfterAReplacedCloseSignalIsIgnoredGeneratorExit() {
        // Not a processor bug: seed 12003223 (2026-12-02) showed the reference's model of a generator
        // incomplete. The close signal thrown at emit(false) is replaced in the finally by the awaited failure,
        // which the outer catch takes, and the body emits again: Python's "async generator ignored
        // GeneratorExit", which the runtime gives; the reference emit now models it.
        check(generatorProgram(2, """
                emit(0);
                try {
                    try (Res r16 = res("r16", false)) {
                        emit(false);
                    } finally {
                        await(failAfter(1, "m38", 0));
                    }
                } catch (Exception e43) {
                    rec("caught " + e43.getMessage());
                    emit(0);
                    rec("not reached");
                }
                return done();
                """));
    }

    @Test
    void membersInheritedByClassesOfTheBodyAndByTheGeneratedSubclass() {
        // The corpus findings of session 7 in the shapes the generator writes (Generator.inheritedShape):
        // commons-compress SevenZFile (an anonymous FilterInputStream's `in`, and the protected members of a class
        // of another package used by an anonymous subclass, beside the program's own `hits` and private `secret`),
        // and Guava Equivalence.Equals (Corio_T0_Wraps overrides the inherited <S extends E> wrap(..) as a member
        // of Wraps extends Wrap<Integer>).
        check(program(Ty.INT, """
                int v1 = await(later(1, 5));
                int v2 = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(new byte[] {(byte) (int) (await(done(7)))})) {
                    @Override
                    public int read() {
                        try {
                            return in.read() + v1;
                        } catch (java.io.IOException io1) {
                            throw new java.io.UncheckedIOException(io1);
                        }
                    }
                }.read();
                int v3 = new Gauge("a1", await(sleep(1, v2))) {
                    @Override
                    public int read() {
                        return bump(v1) + level + (level += 2) + this.level++ + super.bump(1) + scale(this.level)
                                + ((java.util.function.IntSupplier) () -> level + hits + secret).getAsInt() + hits + secret;
                    }
                }.read();
                return result(v3 + await(wraps().twice("a2", v2)));
                """));
    }

    @Test
    void theGeneratorWritesTheInheritedMemberShapes() {
        // so a long run meets them: each in at least one of the first 200 programs with the default features
        int filter = 0;
        int gauge = 0;
        int wraps = 0;
        for (long s = 1; s <= 200; s++) {
            String t = Generator.generate(s, Feature.defaults()).transformed("T1");
            filter += t.contains("in.read()") ? 1 : 0;
            gauge += t.contains("new Gauge(") ? 1 : 0;
            wraps += t.contains("wraps().twice(") && t.contains("class Wraps extends Wrap<Integer>") ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertTrue(filter > 0 && gauge > 0 && wraps > 0,
                "programs with an anonymous FilterInputStream: " + filter + ", Gauge: " + gauge + ", Wraps: " + wraps);
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
    void guardedReturnWithAwaitedConditionInsideTryFinally() {
        // Bug 3 in docs/fuzzer.md, fixed in the processor (e02f656).
        // The processor lowers the if (its condition awaits) and emits the jump through finally as several
        // statements after an unbraced if, so only the first is guarded: javac then rejects the generated
        // code ("unreachable statement"), and where the rest is reachable the jump would run unguarded.
        check(program(Ty.INT, """
                try {
                    if (await(sleep(0, false))) return result(1);
                    rec("after if");
                } finally {
                    rec("fin");
                }
                return result(2);
                """), program(Ty.INT, """
                int f = 2;
                while (f-- > 0) {
                    try {
                        if (await(later(1, f == 1))) continue;
                        rec("body " + f);
                    } finally {
                        rec("fin " + f);
                    }
                }
                return result(f);
                """));
    }

    @Test
    void exceptionFromFinallyDuringAPendingReturnReachesTheOuterCatch() {
        // Bug 5 in docs/fuzzer.md, fixed in the processor (detour states for jumps out of copied finally blocks).
        // Seed 3000419, shrunk (172 nodes down to 29). Plain Java: the inner finally's ClassCastException
        // replaces the pending return and the outer catch takes it, so the method returns "a".
        check(program(Ty.STR, """
                try {
                    try {
                        ints(0, 4).add(((Integer) (Object) "c"));
                    } catch (ClassCastException e5) {
                        if (true) return result("a");
                    } catch (IndexOutOfBoundsException e8) {
                    } finally {
                        var v10 = ((String) (Object) 0);
                    }
                    var v13 = to("a14", String.valueOf((int) await(result(4))));
                } catch (IllegalStateException | ClassCastException e15) {
                } finally {
                }
                return result("a");
                """), program(Ty.STR, """
                try {
                    try {
                        throw new FuzzException("x");
                    } catch (FuzzException e) {
                        if (true) return result("from catch");
                    } finally {
                        if (true) throw new OtherException("from finally");
                    }
                    await(sleep(1));
                } catch (OtherException e) {
                    rec("caught " + e.getMessage());
                }
                return result("end");
                """));
    }

    @Test
    void switchExpressionWithBlockArm() {
        // Bug 2 in docs/fuzzer.md, fixed in the processor (e02f656).
        check(program(Ty.INT, """
                return result((switch ("a") {
                    case "c" -> {
                        yield 15;
                    }
                    default -> 0;
                }));
                """));
    }

    @Test
    void doBodyThatAlwaysReturnsAtTheMethodsEnd() {
        // Bug 10 in docs/fuzzer.md, fixed in the processor (Reach, ReachabilityTest): the generated code had an
        // unreachable statement after the copied do.
        check(program(Ty.STR, """
                int f17 = 2;
                do {
                    return result("a");
                } while (f17-- > 0 && false);
                """));
    }

    @Test
    void recordPatternBindingReadOnTheRightOfAndBeforeItsAwait() {
        // Bug 11 in docs/fuzzer.md, fixed in the processor (Frame.cutScope, PatternBindingsTest, Java21Test):
        // the left operand of the && went into a temporary, where Java's scope of s8 ended.
        assumeTrue(Runtime.version().feature() >= 21, "record patterns need javac 21");
        check(program(Ty.STR, """
                String k = "n";
                if ((shape("a9", 4) instanceof Sq(int s8) && s8 > await(result(1)))) k = "y";
                if (!(shape("b1", 3) instanceof Ci(int r)) || r < await(sleep(1, 0))) k += "c";
                return result(k);
                """));
    }

    @Test
    void typePatternBindingReadOnTheRightOfOrBeforeItsAwait() {
        // Bug 11 with a type pattern, on javac 17 too.
        check(program(Ty.STR, """
                String k = "n";
                Object o = shape("a9", 4);
                if (!(o instanceof Sq q) || q.side() > await(result(1))) k = "y";
                return result(k);
                """));
    }

    @Test
    void varLocal() {
        // Bug 1 in docs/fuzzer.md, fixed in the processor.
        check(program(Ty.STR, """
                var v2 = "a";
                return result(v2);
                """));
    }

    @Test
    void colonSwitchStatementDeclaringALocal() {
        // Bug 2 in docs/fuzzer.md, fixed in the processor (e02f656).
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
        // Bug 2 in docs/fuzzer.md, fixed in the processor (e02f656).
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

    @Test
    void innerMemberClassCreatedWithTheImplicitReceiver() {
        // Bug 7 in docs/fuzzer.md, fixed in the processor (ReceiverTest): `new Cell(..)` of an inner class
        // became `new FuzzBase.Cell(..)` in the static state machine class, which has no enclosing instance.
        check(program(Ty.STR, """
                int v1 = await(later(1, new Cell("a1", inst("a2", 3)).get()));
                return result(("x" + new Cell("a4", (-2)).get()) + v1);
                """));
    }

    @Test
    void unqualifiedInstanceCallInAConditionalInsideAnIndex() {
        // Bug 8 in docs/fuzzer.md, fixed in the processor (AttributionTest): Trees.getScope made javac 17 throw
        // a NullPointerException from Attr.isBooleanOrNumeric, reported as [CorioInternal].
        check(program(Ty.INT, """
                (new int[] {0, 0, 0, 0})[(inst("a3", (instFlag("a4", true) ? inst("a5", 6) : hits))) & 3] = 0;
                return result(await(later(1, hits)));
                """));
    }

    @Test
    void localsAndLabelsNamedLikeGeneratedOnes() {
        // Bug 9 in docs/fuzzer.md, fixed in the processor (GeneratedNamesTest): a local `$t6` clashed with the
        // spilled temporary of the same name ("variable $t6 is already defined").
        check(program(Ty.STR, """
                int $t1 = ti("a1", 1) + await(later(1, 2));
                String $value = "v";
                int SUSPENDED = await(done(3));
                machine:
                for (int i = 0; i < 2; i++) {
                    if (i == 1) continue machine;
                    $t1 += await(later(1, i + 10));
                }
                return result($value + $t1 + SUSPENDED + (ON ? "on" : "off"));
                """));
    }
}
