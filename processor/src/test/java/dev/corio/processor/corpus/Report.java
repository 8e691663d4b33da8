package dev.corio.processor.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The corpus run's report (markdown, for docs/corpus.md) and the failures a build must not have. */
final class Report {
    private Report() {
    }

    /**
     * Failure classes being fixed elsewhere: counted and reported as known, not failed on. Each entry: a
     * name, then what the verdict's outcome and detail contain. Empty since the two classes of issue 9 it
     * held (inner member class creation, javac 17's getScope NPE in ?:) were fixed; add an entry only for a
     * class with an open issue, and remove it when the fix lands.
     */
    static String known(Corpus.Verdict v) {
        return null;
    }

    static List<String> unexpected(List<Corpus.UnitResult> all) {
        List<String> out = new ArrayList<>();
        for (Corpus.UnitResult u : all) {
            for (Corpus.Verdict v : u.verdicts) {
                if (v.outcome().bad() && known(v) == null) {
                    out.add(v.library() + " " + v.method() + ": " + v.outcome() + " " + v.detail());
                }
            }
            if (u.skipped != null && u.skipped.startsWith("harness failure")) {
                out.add(u.library + " " + u.unit + ": " + u.skipped);
            }
        }
        return out;
    }

    static String render(List<Corpus.UnitResult> all, String mode, long seconds) {
        StringBuilder sb = new StringBuilder();
        Map<String, long[]> perLib = new LinkedHashMap<>();
        Map<String, Integer> excluded = new TreeMap<>();
        Map<String, Integer> tags = new TreeMap<>();
        Map<String, List<Corpus.Verdict>> failures = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        long compilations = 0;
        // units, skipped, excluded, converted, then one column per outcome
        int n = Corpus.Outcome.values().length;
        for (Corpus.UnitResult u : all) {
            long[] row = perLib.computeIfAbsent(u.library, k -> new long[4 + n + 1]);
            row[0]++;
            compilations += u.compilations;
            if (u.skipped != null) {
                row[1]++;
                skipped.merge(u.skipped.replaceAll("\\b\\w*\\d\\w*\\b", "N").replaceAll("'[^']*'", "'_'")
                        .replaceAll("\\S+\\.java", "F"), 1, Integer::sum);
                continue;
            }
            row[2] += u.excluded.size();
            u.excluded.values().forEach(r -> excluded.merge(r, 1, Integer::sum));
            row[3] += u.verdicts.size();
            for (Corpus.Verdict v : u.verdicts) {
                row[4 + v.outcome().ordinal()]++;
                if (v.outcome() == Corpus.Outcome.DIAGNOSTIC) {
                    tags.merge(v.tag(), 1, Integer::sum);
                } else if (v.outcome().bad()) {
                    String k = known(v);
                    if (k != null) {
                        row[4 + n]++;
                    }
                    failures.computeIfAbsent(k != null ? "KNOWN: " + k : v.signature(), x -> new ArrayList<>()).add(v);
                }
            }
        }
        sb.append("Mode `").append(mode).append("`, JDK ").append(System.getProperty("java.version")).append(", ")
                .append(seconds).append(" s, ").append(compilations).append(" compilations.\n\n");
        sb.append("| library | units | units skipped | methods not converted | methods converted | transformed | "
                + "Corio diagnostic | generated-code error | [CorioInternal] | javac crash | conversion error | "
                + "untagged error only with the processor | of the failures: known |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        long[] total = new long[4 + n + 1];
        perLib.forEach((lib, row) -> {
            sb.append("| ").append(lib);
            for (int i = 0; i < row.length; i++) {
                sb.append(" | ").append(row[i]);
                total[i] += row[i];
            }
            sb.append(" |\n");
        });
        sb.append("| **all**");
        for (long t : total) {
            sb.append(" | **").append(t).append("**");
        }
        sb.append(" |\n\n");
        sb.append("Corio diagnostics, by tag (on the method, or on its class):\n\n| tag | methods |\n| --- | ---: |\n");
        tags.forEach((t, c) -> sb.append("| `").append(t).append("` | ").append(c).append(" |\n"));
        sb.append("\nMethods not converted, by rule:\n\n| why | methods |\n| --- | ---: |\n");
        excluded.forEach((t, c) -> sb.append("| ").append(t).append(" | ").append(c).append(" |\n"));
        if (!skipped.isEmpty()) {
            sb.append("\nUnits skipped (the original does not compile alone against its jar):\n\n| first error | units |\n"
                    + "| --- | ---: |\n");
            skipped.forEach((t, c) -> sb.append("| ").append(t.replace("|", "\\|")).append(" | ").append(c).append(" |\n"));
        }
        sb.append("\nFailures, by class:\n\n");
        if (failures.isEmpty()) {
            sb.append("none\n");
        }
        failures.forEach((sig, vs) -> {
            sb.append("- ").append(vs.size()).append(" x ").append(sig).append('\n');
            for (int i = 0; i < Math.min(3, vs.size()); i++) {
                Corpus.Verdict v = vs.get(i);
                sb.append("  - ").append(v.library()).append(' ').append(v.method()).append(": ")
                        .append(String.valueOf(v.detail()).replace("\n", "\n    ")).append('\n');
            }
        });
        return sb.toString();
    }
}
