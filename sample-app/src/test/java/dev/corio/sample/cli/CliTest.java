package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sample.Main;
import dev.corio.sample.server.HnServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line itself: usage, exit codes, the base URL. */
class CliTest {
    private static final List<String> PROGRAMS = List.of("comments", "fire-and-forget", "poll", "errors",
            "return-exceptions", "first-exception", "cancel-cascade", "context-switch", "cooperative", "ordering",
            "fetch", "as-completed", "first-completed", "future-states", "exceptions", "timeouts");

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
    void anUnreachableApiFailsWithExitCode1() {
        int port;
        try (HnServer server = HnServer.start()) {
            port = server.port();
        }
        App.Run r = App.run("comments", "--base-url", "http://127.0.0.1:" + port + "/v0");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: "), r.err());
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
