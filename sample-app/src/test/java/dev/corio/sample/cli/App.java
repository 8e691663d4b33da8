package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.corio.sample.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the app in-process, as {@code java -jar corio-sample.jar args...} would, and captures its output. */
public final class App {
    private static final Pattern STAMP = Pattern.compile("^\\[\\d\\d:\\d\\d:\\d\\d] ");

    private App() {
    }

    /** The outcome of one run: exit code, stdout lines with the log timestamps stripped, stderr. */
    public record Run(int exitCode, List<String> lines, List<String> rawLines, String err) {
        /** Index of the first line matching {@code regex} (whole line), failing the test when there is none. */
        public int index(String regex) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(regex)) {
                    return i;
                }
            }
            fail("no line matches /" + regex + "/ in:\n" + String.join("\n", rawLines));
            return -1;
        }

        public boolean has(String regex) {
            return lines.stream().anyMatch(l -> l.matches(regex));
        }

        public int count(String regex) {
            return (int) lines.stream().filter(l -> l.matches(regex)).count();
        }

        public List<String> matching(String regex) {
            return lines.stream().filter(l -> l.matches(regex)).toList();
        }

        /** Group 1 of each line matching {@code regex}, as numbers. */
        public List<Double> numbers(String regex) {
            Pattern p = Pattern.compile(regex);
            List<Double> out = new ArrayList<>();
            for (String l : lines) {
                Matcher m = p.matcher(l);
                if (m.matches()) {
                    out.add(Double.parseDouble(m.group(1)));
                }
            }
            return out;
        }

        /** How many lines match {@code regex}, asserting each is followed by the line {@code next}. */
        public int countFollowedBy(String regex, String next) {
            int n = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(regex)) {
                    n++;
                    String after = i + 1 < lines.size() ? lines.get(i + 1) : "<end of output>";
                    assertEquals(next, after, () -> "after line /" + regex + "/ in:\n" + String.join("\n", rawLines));
                }
            }
            return n;
        }

        public Run ok() {
            assertEquals(0, exitCode, () -> "exit code; output:\n" + String.join("\n", rawLines) + "\nstderr:\n" + err);
            return this;
        }

        /** Lines after the first one matching {@code regex}. */
        public List<String> after(String regex) {
            return lines.subList(index(regex) + 1, lines.size());
        }

        @Override
        public String toString() {
            return String.join("\n", rawLines) + (err.isEmpty() ? "" : "\nstderr:\n" + err);
        }
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        List<String> raw = out.toString().lines().toList();
        List<String> stripped = new ArrayList<>();
        for (String l : raw) {
            stripped.add(STAMP.matcher(l).replaceFirst(""));
        }
        return new Run(code, stripped, raw, err.toString());
    }

    /** Asserts every stdout line that is a log line carries the articles' {@code [HH:MM:SS] } stamp. */
    public static void assertStamped(Run r, Predicate<String> isLogLine) {
        for (String l : r.rawLines()) {
            String s = STAMP.matcher(l).replaceFirst("");
            if (isLogLine.test(s)) {
                assertTrue(STAMP.matcher(l).find(), () -> "not stamped: " + l);
            }
        }
    }

    public static String[] args(String... a) {
        return Arrays.copyOf(a, a.length);
    }
}
