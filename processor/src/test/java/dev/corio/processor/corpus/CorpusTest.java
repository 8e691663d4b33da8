package dev.corio.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The processor on real code nobody wrote for it (docs/corpus.md): the methods of commons-lang3, Guava,
 * Jackson databind and others, converted to {@code @Async} methods and compiled with the processor. Every
 * method ends transformed (its generated code compiles) or with a documented Corio diagnostic.
 *
 * <p>Every build runs a deterministic sample; the whole corpus:
 * {@code mvn -B -ntp -pl processor -am verify -Pcorpus -Dtest=CorpusTest -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dcorio.corpus.libraries=guava,commons-io} and {@code -Dcorio.corpus.units=REGEX} narrow it).
 */
class CorpusTest {
    static final String MODE = System.getProperty("corio.corpus.mode", "sample");
    static final File DIR = new File(System.getProperty("corio.corpus.dir", "target/corpus"));

    /**
     * The sample: units of every library with static and instance methods, generic and primitive
     * returns, about 500 methods (StringUtils runs in {@link StringUtilsDifferentialTest}).
     * BackgroundInitializer has a known failure (Report.known), so the allowance is exercised too.
     */
    static final Set<String> SAMPLE = Set.of(
            "org/apache/commons/lang3/math/NumberUtils.java",
            "org/apache/commons/lang3/time/DateUtils.java",
            "org/apache/commons/lang3/time/StopWatch.java",
            "org/apache/commons/lang3/concurrent/BackgroundInitializer.java",
            "org/apache/commons/text/StringSubstitutor.java",
            "org/apache/commons/collections4/IteratorUtils.java",
            "org/apache/commons/collections4/PredicateUtils.java",
            "com/google/common/collect/Iterables.java",
            "com/google/common/collect/Range.java",
            "com/google/common/math/LongMath.java",
            "org/apache/commons/math3/linear/MatrixUtils.java",
            // session 7's findings: a protected field read in an anonymous FilterInputStream of a body; an
            // inherited generic method whose bound names the base's type variable
            "org/apache/commons/compress/archivers/sevenz/SevenZFile.java",
            "com/google/common/base/Equivalence.java");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sampleTransformedOrDiagnosed() {
        assumeFalse(MODE.equals("full"), "the full corpus runs instead");
        run(SAMPLE::contains, null);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.HOURS)
    void everyMethodTransformedOrDiagnosed() {
        assumeTrue(MODE.equals("full"), "the full corpus runs with -Pcorpus (docs/corpus.md)");
        Pattern units = Pattern.compile(System.getProperty("corio.corpus.units", ".*"));
        run(u -> units.matcher(u).matches(), System.out);
    }

    private static void run(Predicate<String> which, java.io.PrintStream log) {
        String libs = System.getProperty("corio.corpus.libraries", "");
        List<Corpus.UnitResult> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Corpus.Library lib : Corpus.Library.all(DIR)) {
            if (!libs.isEmpty() && !List.of(libs.split(",")).contains(lib.name())) {
                continue;
            }
            all.addAll(Corpus.library(lib, which, log));
        }
        long secs = (System.nanoTime() - t0) / 1_000_000_000;
        String report = Report.render(all, MODE, secs);
        try {
            Files.writeString(new File(DIR, "report-" + MODE + ".md").toPath(), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(report);
        List<String> bad = Report.unexpected(all);
        assertTrue(bad.isEmpty(), "failures the corpus must not have:\n" + String.join("\n", bad));
        long methods = all.stream().mapToLong(u -> u.verdicts.size()).sum();
        assertTrue(methods >= (MODE.equals("full") && libs.isEmpty() ? 20_000 : 1), methods + " methods converted");
    }
}
