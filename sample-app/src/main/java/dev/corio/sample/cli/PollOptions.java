package dev.corio.sample.cli;

import picocli.CommandLine.Option;

/** The periodic programs' options (the articles' {@code --period} and {@code --limit}, plus a stop). */
public final class PollOptions {
    @Option(names = "--period", defaultValue = "5", paramLabel = "SECONDS",
            description = "Number of seconds between polls (default: ${DEFAULT-VALUE})")
    public double period;

    @Option(names = "--limit", defaultValue = "5",
            description = "Number of top stories to calculate comments for (default: ${DEFAULT-VALUE})")
    public int limit;

    @Option(names = "--iterations", defaultValue = "3",
            description = "Stop after this many polls, once they are done; 0 polls forever like the articles"
                    + " (default: ${DEFAULT-VALUE})")
    public int iterations;

    /** Usage errors for values that make no sense. */
    void check(Check check) {
        check.atLeast("--period", period, 0);
        check.atLeast("--limit", limit, 1);
        check.atLeast("--iterations", iterations, 0);
    }
}
