package dev.corio.processor.fuzz;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives a fuzz run: generates programs from consecutive seeds ({@code seed}, {@code seed + 1}, ...; each
 * program is reproducible alone from its own seed), checks them in batches, shrinks the failures and
 * writes reports.
 */
final class Fuzzer {
    record Summary(int programs, Map<Harness.Verdict, Integer> verdicts, List<Harness.Report> failures,
            List<Harness.Report> invalid, int failed, long millis) {
        String line() {
            return programs + " programs in " + millis + " ms: " + verdicts;
        }
    }

    private static final long SHRINK_MILLIS = Long.getLong("corio.fuzz.shrinkMillis", 60_000);

    private final Set<Feature> features;
    private final int batchSize;
    private final boolean shrink;
    private final int maxFailures;
    private final PrintStream log;

    Fuzzer(Set<Feature> features, int batchSize, boolean shrink, int maxFailures, PrintStream log) {
        this.features = features;
        this.batchSize = batchSize;
        this.shrink = shrink;
        this.maxFailures = maxFailures;
        this.log = log;
    }

    Summary run(long seed, int count) {
        long t0 = System.nanoTime();
        Harness h = new Harness();
        Map<Harness.Verdict, Integer> verdicts = new EnumMap<>(Harness.Verdict.class);
        List<Harness.Report> failures = new ArrayList<>();
        List<Harness.Report> invalid = new ArrayList<>();
        int done = 0;
        int failed = 0;
        Set<String> signatures = new java.util.HashSet<>();
        try {
            for (int from = 0; from < count && failed < maxFailures * 20; from += batchSize) {
                List<Program> batch = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + batchSize); i++) {
                    batch.add(Generator.generate(seed + i, features));
                }
                for (Harness.Report r : h.check(batch)) {
                    verdicts.merge(r.verdict(), 1, Integer::sum);
                    if (r.verdict() == Harness.Verdict.INVALID_PROGRAM) {
                        invalid.add(r);
                        log.println("GENERATOR BUG (program does not compile or terminate as plain Java), seed "
                                + r.program().seed + ":\n" + r.detail() + "\n" + r.program().bodies());
                    } else if (r.failed()) {
                        failed++;
                        // One shrunk report per distinct compile failure; mismatches each count on their own.
                        boolean seen = (r.verdict() == Harness.Verdict.PROCESSOR_REJECTED
                                || r.verdict() == Harness.Verdict.PROCESSOR_CRASHED
                                || r.verdict() == Harness.Verdict.GENERATED_CODE_ERROR) && !signatures.add(r.signature());
                        if (seen) {
                            log.println("(seed " + r.program().seed + ": again " + r.signature() + ")");
                        } else if (failures.size() < maxFailures) {
                            Harness.Report small = shrink ? new Shrinker(h::check, 200, SHRINK_MILLIS).shrink(r) : r;
                            failures.add(small);
                            log.println(describe(r, small));
                        }
                    }
                }
                done += batch.size();
                if (count > batchSize) {
                    log.printf("[corio-fuzz] %d/%d programs, %d ms, %s%n", done, count,
                            (System.nanoTime() - t0) / 1_000_000, verdicts);
                }
            }
        } finally {
            h.close();
        }
        return new Summary(done, verdicts, failures, invalid, failed, (System.nanoTime() - t0) / 1_000_000);
    }

    static String describe(Harness.Report original, Harness.Report small) {
        StringBuilder sb = new StringBuilder();
        sb.append("==== ").append(small.verdict()).append(" seed ").append(original.program().seed)
                .append(" (reproduce: -Dcorio.fuzz.seed=").append(original.program().seed)
                .append(" -Dcorio.fuzz.count=1)\n");
        sb.append("---- minimal program (").append(small.program().size()).append(" nodes, from ")
                .append(original.program().size()).append("):\n").append(small.program().bodies());
        if (small.reference() != null) {
            sb.append("---- reference (plain Java):\n").append(small.reference()).append('\n');
        }
        if (small.transformed() != null) {
            sb.append("---- transformed (processor, virtual loop):\n").append(small.transformed()).append('\n');
        }
        if (small.detail() != null) {
            sb.append("---- detail:\n").append(small.detail()).append('\n');
        }
        if (small.generated() != null && Boolean.getBoolean("corio.fuzz.showGenerated")) {
            sb.append("---- generated code:\n").append(small.generated()).append('\n');
        }
        return sb.toString();
    }
}
