package dev.corio.sample.cli;

import dev.corio.sample.hn.HnClient;
import dev.corio.sample.server.HnServer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every program takes: where the API is, how the embedded server misbehaves, the clock. */
public final class Common {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Hacker News API base URL, e.g. https://hacker-news.firebaseio.com/v0"
                    + " (default: start the embedded server on 127.0.0.1 and a free port)")
    String baseUrl;

    @Option(names = "--latency", paramLabel = "SECONDS", defaultValue = "0.05",
            description = "Embedded server: delay of every answer; with --clock virtual, loop time"
                    + " (default: ${DEFAULT-VALUE})")
    double latency;

    @Option(names = "--fail-after", paramLabel = "N", defaultValue = "-1",
            description = "Embedded server: answer 503 BOOM! to every API fetch after the first N (default: never)")
    int failAfter;

    @Option(names = "--error-rate", paramLabel = "SHARE", defaultValue = "0",
            description = "Embedded server: answer 500 'Random generic exception' to this share (0..1) of API"
                    + " fetches, drawn with --seed (default: ${DEFAULT-VALUE})")
    double errorRate;

    @Option(names = "--seed", defaultValue = "8863",
            description = "Seed of every random choice: injected errors, sleeps (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--clock", defaultValue = "real", paramLabel = "real|virtual",
            description = "Loop clock: real, or virtual (sleeps take no time, the API's answers --latency"
                    + " of loop time; the same run every time) (default: ${DEFAULT-VALUE})")
    Clock clock;

    @Option(names = "--http", defaultValue = "jdk", paramLabel = "jdk|corio",
            description = "HTTP client of the API fetches: jdk (java.net.http, threads of its own) or corio"
                    + " (HTTP/1.1 on Corio's streams, on the loop thread; http:// only) (default: ${DEFAULT-VALUE})")
    HnClient.Http http;

    @Option(names = {"-v", "--verbose"}, description = "Detailed output (the articles' --verbose)")
    boolean verbose;

    @Option(names = "--no-progress", negatable = false, description = "No progress display on a terminal")
    boolean noProgress;

    /** Loop clock kinds. */
    public enum Clock { real, virtual }

    /** Checks the options and sets up the run: starts the embedded server unless a base URL was given. */
    public Env env() {
        boolean embedded = baseUrl == null;
        if (!embedded && (matched("--fail-after") || errorRate > 0 || matched("--latency"))) {
            throw new ParameterException(spec.commandLine(),
                    "--latency, --fail-after and --error-rate set up the embedded server; they cannot be used"
                            + " with --base-url");
        }
        Check check = check();
        if (!embedded) {
            check.httpUrl("--base-url", baseUrl);
            if (http == HnClient.Http.corio && !baseUrl.regionMatches(true, 0, "http:", 0, 5)) {
                throw new ParameterException(spec.commandLine(), "--http corio fetches http:// URLs only (no TLS),"
                        + " got --base-url " + baseUrl + "; use --http jdk");
            }
        }
        check.atLeast("--latency", latency, 0);
        check.within("--error-rate", errorRate, 0, 1);
        if (matched("--fail-after")) {
            check.atLeast("--fail-after", failAfter, 0);
        }
        Log log = new Log(spec.commandLine().getOut(), verbose);
        HnServer server = null;
        if (embedded) {
            // on the virtual clock the latency is loop time, added by the client (see HnClient)
            server = HnServer.start().setLatency(clock == Clock.virtual ? 0 : latency).setFailAfter(failAfter)
                    .setErrorRate(errorRate, seed);
            log.debug("Embedded HN server at " + server.baseUrl());
        }
        Progress progress = Progress.forTerminal(!noProgress);
        if (progress != null) {
            log.beforeWrite(progress::clear);
        }
        return new Env(log, server, embedded ? server.baseUrl() : baseUrl, http, clock == Clock.virtual,
                embedded && clock == Clock.virtual ? latency : 0, seed, progress);
    }

    /** Range checks that fail as usage errors of this command. */
    Check check() {
        return new Check(spec);
    }

    boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
