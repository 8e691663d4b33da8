package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sample.Main;
import dev.corio.sample.server.HnServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line itself: usage, exit codes, the base URL. */
class CliTest {
    private static final List<String> PROGRAMS = List.of("comments", "fire-and-forget", "poll", "errors",
            "return-exceptions", "first-exception", "cancel-cascade", "context-switch", "cooperative", "ordering",
            "fetch", "as-completed", "first-completed", "future-states", "exceptions", "timeouts",
            // the book's programs
            "ch3-wait-for", "ch3-cancel", "ch3-cancel-gather", "ch3-shield", "ch3-chain", "ch3-gather", "ch3-wait",
            "ch3-gather-exceptions", "ch3-condition", "ch4-random-numbers", "ch4-comprehension", "ch4-state-machine",
            "ch4-cleanup", "ch5-async-file", "ch5-sync", "ch5-tcp-client", "ch5-loop-pool", "ch6-interactor", "ch6-queue",
            "ch6-contextvars", "ch6-subprocess-streams", "ch7-lock", "ch7-event", "ch7-condition", "ch7-semaphore", "ch7-bounded-semaphore", "ch7-race",
            "ch2-loops", "ch2-loop-threads", "ch2-callbacks", "ch2-schedule", "ch2-executor", "ch2-stop",
            "ch2-signals", "ch2-subprocess", "ch2-subprocess-wait", "ch8-profile", "ch8-long-coroutine",
            "ch8-busy-loop", "ch9-remote-command", "ch9-http-server", "ch10-exceptions", "ch10-long-task",
            "ch10-slow-callback", "ch10-debug-macros");

    @Test
    void helpListsEveryProgram() {
        App.Run r = App.run("--help").ok();
        for (String p : PROGRAMS) {
            assertTrue(r.has("  " + p + " .*"), () -> p + " missing from\n" + r);
        }
        App.Run sub = App.run("comments", "--help").ok();
        assertTrue(sub.lines().get(0).startsWith("Usage: corio-sample comments"), sub::toString);
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(PROGRAMS.size(), cl.getSubcommands().size());
        for (String p : PROGRAMS) {
            String usage = cl.getSubcommands().get(p).getUsageMessage();
            assertTrue(usage.startsWith("Usage: corio-sample " + p), usage);
            assertTrue(usage.contains("--base-url=URL") && usage.contains("--clock="), usage);
        }
    }

    @Test
    void usageErrorsExitWith2() {
        App.Run none = App.run();
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("Missing subcommand"), none.err());
        App.Run unknown = App.run("comments", "--idd", "3");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown options: '--idd'"), unknown.err());
        App.Run notANumber = App.run("comments", "--id", "eight");
        assertEquals(2, notANumber.exitCode());
        App.Run badUrl = App.run("comments", "--url", "https://news.ycombinator.com/news");
        assertEquals(2, badUrl.exitCode());
        assertTrue(badUrl.err().contains("no numeric id=..."), badUrl.err());
        App.Run badEnum = App.run("exceptions", "--mode", "sometimes");
        assertEquals(2, badEnum.exitCode());
        App.Run serverFlagWithUrl = App.run("comments", "--base-url", "http://127.0.0.1:9/v0", "--fail-after", "3");
        assertEquals(2, serverFlagWithUrl.exitCode());
        assertTrue(serverFlagWithUrl.err().contains("cannot be used with --base-url"), serverFlagWithUrl.err());
        assertEquals(2, App.run("comments", "--error-rate", "2").exitCode());
    }

    @Test
    void aGivenBaseUrlIsUsedInsteadOfTheEmbeddedServer() {
        try (HnServer server = HnServer.start()) {
            App.Run r = App.run("comments", "--base-url", server.baseUrl()).ok();
            assertEquals("-- Post 8863 has 72 comments", r.lines().get(1));
            assertEquals(73, server.fetches());
        }
    }

    @Test
    void theBookProgramsOptionsThatMakeNoSenseAreUsageErrors() {
        for (String[] args : List.of(new String[] {"ch7-race", "--threads", "--delays", "1"},
                new String[] {"ch7-race", "--threads", "--delays", "1,-1"},
                new String[] {"ch9-remote-command", "--call", "nope"},
                new String[] {"ch9-remote-command", "--timeout", "-1"},
                new String[] {"ch9-http-server", "--port", "-1"},
                new String[] {"ch2-signals", "--send", "HUP"},
                new String[] {"ch2-loop-threads", "--threads", "0"},
                new String[] {"ch2-callbacks", "--run-for", "-1"},
                new String[] {"ch10-slow-callback", "--sleep", "-1"},
                new String[] {"ch8-profile", "--items", "-1"})) {
            App.Run r = App.run(args);
            assertEquals(2, r.exitCode(), () -> String.join(" ", args) + ":\n" + r);
        }
    }

    @Test
    void nonsenseValuesAreUsageErrors() {
        String[][] cases = {
            {"--iterations", "poll", "--iterations", "-1"},
            {"--limit", "poll", "--limit", "-1"},
            {"--limit", "poll", "--limit", "0"},
            {"--period", "poll", "--period", "-1"},
            {"--period", "poll", "--period", "NaN"},
            {"--period", "errors", "--period", "Infinity"},
            {"--iterations", "errors", "--iterations", "-3"},
            {"--limit", "first-exception", "--limit", "-1"},
            {"--max-fetches", "poll", "--max-fetches", "-2"},
            {"--max-fetches", "cancel-cascade", "--max-fetches", "-1"},
            {"--clients", "fetch", "--clients", "-2"},
            {"--clients", "fetch", "--clients", "0"},
            {"--clients", "as-completed", "--clients", "0"},
            {"--url", "fetch", "--url", "not-a-url"},
            {"--base-url", "comments", "--base-url", "not-a-url"},
            {"--base-url", "comments", "--base-url", "ftp://example.com/v0"},
            {"--base-url", "poll", "--base-url", "http:///v0"},
            {"--id", "comments", "--id", "-5"},
            {"--id", "comments", "--id", "0"},
            {"--url", "comments", "--url", "https://news.ycombinator.com/item?id=-3"},
            {"--id", "fire-and-forget", "--id", "-1"},
            {"--min-comments", "fire-and-forget", "--min-comments", "-1"},
            {"--log-delay", "fire-and-forget", "--log-delay", "-0.5"},
            {"--timeout", "timeouts", "-t", "-1"},
            {"--latency", "comments", "--latency", "NaN"},
            {"--error-rate", "comments", "--error-rate", "NaN"},
            {"--fail-after", "comments", "--fail-after", "-3"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            App.Run r = App.run(args);
            assertEquals(2, r.exitCode(), () -> String.join(" ", args) + ":\n" + r);
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(first.contains(c[0]), () -> String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("Usage: corio-sample " + c[1]), () -> String.join(" ", args) + ": " + r.err());
        }
        // the documented "none" values are still fine: --iterations 0 polls forever, --period 0 at once
        App.Run zero = App.run("errors", "--handling", "flag", "--iterations", "0", "--period", "0", "--clock", "virtual",
                "--latency", "0").ok();
        assertTrue(zero.has("Error detected, quitting"), zero::toString);
    }

    @Test
    void everyProgramPrintsTheVersion() {
        assertEquals(List.of(Main.VERSION), App.run("-V").ok().lines());
        for (String p : PROGRAMS) {
            App.Run r = App.run(p, "-V").ok();
            assertEquals(List.of("corio-sample 0.1.0"), r.lines(), p);
            App.Run longForm = App.run(p, "--version").ok();
            assertEquals(List.of("corio-sample 0.1.0"), longForm.lines(), p);
        }
    }

    @Test
    void aRefusedConnectionNamesTheUrlAndTheCauseInOneLine() {
        String base = "http://127.0.0.1:" + closedPort() + "/v0";
        App.Run r = App.run("comments", "--base-url", base);
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().strip().matches("error: cannot fetch " + Pattern.quote(base + "/item/8863.json")
                + ": (?i)connection refused"), r::toString);

        // -v adds the whole stack trace, down to the HTTP client's own exception
        App.Run verbose = App.run("comments", "--base-url", base, "-v");
        assertEquals(1, verbose.exitCode());
        List<String> err = verbose.err().lines().toList();
        assertEquals(r.err().strip().replace(base, ""), err.get(0).replace(base, ""));
        assertTrue(err.get(1).startsWith("dev.corio.sample.hn.NetworkException: cannot fetch "), verbose::toString);
        assertTrue(err.stream().anyMatch(l -> l.startsWith("Caused by: java.net.ConnectException")), verbose::toString);
        assertTrue(err.stream().anyMatch(l -> l.trim().startsWith("at ")), verbose::toString);
    }

    @Test
    void anUnknownHostNamesTheUrlAndTheHost() {
        App.Run r = App.run("comments", "--base-url", "http://corio-sample.invalid/v0");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("error: cannot fetch http://corio-sample.invalid/v0/item/8863.json: unknown host"
                + " corio-sample.invalid", r.err().strip());
    }

    @Test
    void thePollingProgramsSayWhatFailedInsteadOfNull() {
        String base = "http://127.0.0.1:" + closedPort() + "/v0";
        String top = Pattern.quote("cannot fetch " + base + "/topstories.json: ") + "(?i)connection refused";
        String[] common = {"--base-url", base, "--iterations", "1", "--period", "0", "--clock", "virtual"};

        App.Run all = App.run(concat(new String[] {"errors", "--handling", "all"}, common)).ok();
        assertTrue(all.has("Error retrieving top stories: " + top), all::toString);
        assertEquals(1, all.countFollowedBy("Unexpected error", "    dev.corio.sample.hn.NetworkException: "
                + all.matching("Error retrieving top stories: .*").get(0).substring("Error retrieving top stories: ".length())));

        App.Run first = App.run(concat(new String[] {"first-exception"}, common)).ok();
        assertTrue(first.has("Unexpected exception: " + top), first::toString);

        App.Run poll = App.run(concat(new String[] {"poll"}, common)).ok();
        assertTrue(poll.has("    dev.corio.sample.hn.NetworkException: " + top), poll::toString);

        for (App.Run r : List.of(all, first, poll)) {
            assertFalse(r.has(".*: null"), r::toString);
            assertFalse(r.has(".*java\\.net\\.ConnectException.*"), r::toString);
        }
    }

    private static int closedPort() {
        try (HnServer server = HnServer.start()) {
            return server.port();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void serverSideInjectedFailuresReachThePrograms() {
        // the server refuses everything after 10 fetches: the count fails with BOOM!
        App.Run r = App.run("comments", "--latency", "0", "--fail-after", "10");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("error: BOOM!", r.err().strip());
        App.Run generic = App.run("comments", "--latency", "0", "--error-rate", "1");
        assertEquals(1, generic.exitCode());
        assertEquals("error: Random generic exception", generic.err().strip());
    }
}
