package dev.corio.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the processor: random @Async bodies run transformed on a virtual loop and as
 * plain Java must leave the same trace, result and exception. See docs/fuzzer.md.
 *
 * <p>Every build runs a few hundred programs from fixed seeds. Long mode, by hand:
 * {@code mvn -B -ntp -pl processor -am verify -Dtest=DifferentialFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcorio.fuzz.count=20000 -Dcorio.fuzz.seed=12345}.
 */
class DifferentialFuzzTest {
    private static final long SEED = Long.getLong("corio.fuzz.seed", 20261122L);
    private static final int COUNT = Integer.getInteger("corio.fuzz.count", 250);
    private static final int BATCH = Integer.getInteger("corio.fuzz.batch", 50);
    private static final Set<Feature> FEATURES = Feature.parse(System.getProperty("corio.fuzz.features", "default"));

    @Test
    void generatorMakesValidTerminatingPrograms() {
        // Every feature on (the defaults), so the generator's own rules (reachability, scoping, termination)
        // are checked whatever the processor supports.
        Harness h = new Harness();
        List<Harness.Report> bad = new ArrayList<>();
        try {
            List<Program> ps = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ps.add(Generator.generate(7_000L + i, Feature.defaults()));
            }
            bad.addAll(h.checkReferenceOnly(ps));
        } finally {
            h.close();
        }
        StringBuilder sb = new StringBuilder();
        for (Harness.Report r : bad) {
            sb.append("seed ").append(r.program().seed).append(": ").append(r.detail()).append('\n')
                    .append(r.program().bodies()).append('\n');
        }
        assertTrue(bad.isEmpty(), sb.toString());
    }

    @Test
    void sameSeedSameProgram() {
        for (long s = 1; s <= 20; s++) {
            assertEquals(Generator.generate(s, Feature.all()).bodies(), Generator.generate(s, Feature.all()).bodies());
        }
    }

    /** Whether the processor is registered on the class path (it is, once the processor module has one). */
    static boolean processorRegistered() {
        try {
            var urls = DifferentialFuzzTest.class.getClassLoader()
                    .getResources("META-INF/services/javax.annotation.processing.Processor");
            while (urls.hasMoreElements()) {
                try (var in = urls.nextElement().openStream()) {
                    if (new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("dev.corio.processor")) {
                        return true;
                    }
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void transformedMatchesReference() {
        assumeTrue(processorRegistered(), "no dev.corio.processor annotation processor registered yet");
        Fuzzer.Summary s = new Fuzzer(FEATURES, BATCH, true, 5, System.out).run(SEED, COUNT);
        System.out.println("[corio-fuzz] seed " + SEED + ", features " + FEATURES + ": " + s.line());
        StringBuilder sb = new StringBuilder();
        for (Harness.Report r : s.failures()) {
            sb.append(Fuzzer.describe(r, r)).append('\n');
        }
        assertTrue(s.invalid().isEmpty(), s.invalid().size() + " generated programs are not valid Java (generator bug)");
        assertTrue(s.failed() == 0, s.failed() + " programs fail; the distinct failures, shrunk:\n" + sb);
    }
}
