package dev.corio.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shrinker, checked without the processor: a stand-in oracle calls a program "failing" when its plain
 * run closes a resource and throws a FuzzException; the shrinker must keep that property, keep the program
 * valid Java, and cut it down to a handful of nodes.
 */
class ShrinkerTest {
    private static boolean failing(Harness.Outcome o) {
        return o != null && o.exception() != null && o.exception().contains("FuzzException")
                && o.trace().stream().anyMatch(e -> e.startsWith("close "));
    }

    private static List<Harness.Report> oracle(Harness h, List<Program> ps) {
        List<Harness.Report> out = new ArrayList<>();
        for (Harness.Report r : h.referenceOutcomes(ps)) {
            boolean f = r.verdict() == Harness.Verdict.SAME && failing(r.reference());
            out.add(new Harness.Report(r.program(), f ? Harness.Verdict.MISMATCH : r.verdict(), r.reference(), null,
                    null, null));
        }
        return out;
    }

    @Test
    void shrinksToASmallProgramThatStillFails() {
        Harness h = new Harness();
        try {
            List<Program> ps = new ArrayList<>();
            for (long s = 0; s < 50; s++) {
                ps.add(Generator.generate(500 + s, Feature.all()));
            }
            Harness.Report first = null;
            for (Harness.Report r : oracle(h, ps)) {
                if (r.verdict() == Harness.Verdict.MISMATCH && (first == null || r.program().size() < first.program().size())) {
                    first = r;
                }
            }
            assertNotNull(first, "no program among the seeds closes a resource and then throws");
            Harness.Report small = new Shrinker(batch -> oracle(h, batch), 200, 90_000).shrink(first);
            assertEquals(Harness.Verdict.MISMATCH, small.verdict());
            assertTrue(failing(small.reference()));
            String text = small.program().bodies();
            System.out.println("[shrinker] seed " + first.program().seed + ": " + first.program().size() + " -> "
                    + small.program().size() + " nodes\n" + text + small.reference());
            // the smallest failing program of these seeds calls the closing helper from an enhanced for's header:
            // the for is replaced by the header's await as a statement (the bound was 30 while no step did that).
            // 21 on JDK 17 (seed 510, 279 nodes): three methods with one statement each but the helper's try, and
            // the helpers' arguments, which no step drops (10 on JDK 25, whose PATTERNS change the programs)
            assertTrue(small.program().size() <= 21 && small.program().size() * 2 < first.program().size(),
                    "from " + first.program().size() + " nodes only down to " + small.program().size() + ":\n" + text);
            assertTrue(text.contains("res("), text);
            // Still plain, valid Java that behaves the same when run again.
            assertTrue(h.checkReferenceOnly(List.of(small.program())).isEmpty());
        } finally {
            h.close();
        }
    }
}
