package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sample.server.Fixture;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The programs of "Asyncio Coroutine Patterns: Errors and Cancellation" (article 001). */
class ErrorsAndCancellationTest {
    private static final Fixture FIXTURE = Fixture.bundled();

    private static App.Run errors(String handling, String... more) {
        String[] base = {"errors", "--handling", handling, "--clock", "virtual", "--latency", "0"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return App.run(all);
    }

    @Test
    void unguardedResultInACallbackIsLoggedByTheLoopAndPollingGoesOn() {
        App.Run r = errors("none", "--iterations", "2").ok();
        assertEquals(List.of("Calculating comments for top 5 stories. (1)", "Waiting for 5 seconds..."),
                r.lines().subList(0, 2));
        assertTrue(r.lines().get(2).matches("Exception in callback done callback poll_top_stories_for_comments.callback"
                + " of Task Task-\\d+ \\(Crawler\\.topStories\\(\\)\\)"), r::toString);
        assertEquals("    dev.corio.sample.hn.BoomException: BOOM!", r.lines().get(3));
        assertEquals(2, r.countFollowedBy("Exception in callback .*", "    dev.corio.sample.hn.BoomException: BOOM!"));
        assertTrue(r.has("Calculating comments for top 5 stories. \\(2\\)"));
        assertFalse(r.has("Post \\d+ has .*"));
    }

    @Test
    void catchingOnlyBoomLetsGenericErrorsEscape() {
        App.Run boom = errors("boom", "--iterations", "2").ok();
        assertEquals(2, boom.countFollowedBy("Something went BOOM", "    dev.corio.sample.hn.BoomException: BOOM!"));
        assertEquals(0, boom.count("Exception in callback .*"));

        // every fetch fails with a generic error: the BOOM handler does not catch it
        App.Run generic = errors("boom", "--iterations", "2", "--error-rate", "1").ok();
        assertEquals(0, generic.count("Something went BOOM"));
        assertEquals(2, generic.countFollowedBy("Exception in callback .*",
                "    dev.corio.sample.hn.HnApiException: Random generic exception"));
    }

    @Test
    void handlingEverythingLogsWhereItFailed() {
        App.Run r = errors("all", "--iterations", "2").ok();
        assertEquals(0, r.count("Exception in callback .*"));
        // the budget is 5 fetches: the top stories and four posts; every later fetch says BOOM!
        List<String> failedPosts = r.matching("Error retrieving post \\d+: BOOM!");
        assertFalse(failedPosts.isEmpty());
        assertTrue(r.count("Error retrieving comments for top stories: BOOM!") >= 1);
        assertFalse(r.has("> Calculating comments took .*"), r::toString);

        App.Run generic = errors("all", "--iterations", "2", "--error-rate", "1").ok();
        assertEquals(2, generic.count("Error retrieving top stories: Random generic exception"));
        assertEquals(2, generic.countFollowedBy("Unexpected error",
                "    dev.corio.sample.hn.HnApiException: Random generic exception"));
    }

    @Test
    void stoppingTheLoopFromACallbackFailsTheRun() {
        App.Run r = errors("stop", "--iterations", "2");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("error: Event loop stopped before Future completed.", r.err().strip());
        assertFalse(r.has("Calculating comments for top 5 stories. \\(2\\)"), r::toString);
    }

    @Test
    void anErrorFlagEndsThePollCleanlyAtTheNextIteration() {
        App.Run r = errors("flag", "--iterations", "0", "-v").ok();
        int flagged = r.index("Adding BOOM! to errors");
        int quit = r.index("Error detected, quitting");
        assertTrue(flagged < quit);
        assertEquals("Error detected, quitting", r.lines().get(r.lines().size() - 1));
        assertFalse(r.has("Calculating comments for top 5 stories. \\(2\\)"), r::toString);
    }

    @Test
    void returnExceptionsReportsTheStoriesThatMadeIt() {
        App.Run r = App.run("return-exceptions", "--clock", "virtual", "--iterations", "1", "--latency", "0",
                "--max-fetches", "150").ok();
        List<String> results = r.matching("(Post \\d+ has \\d+ comments \\(1\\)|Error retrieving comments for top"
                + " stories: BOOM!)");
        assertEquals(5, results.size(), r::toString);
        assertTrue(results.contains("Error retrieving comments for top stories: BOOM!")); // 150 < 260 fetches
        assertCountsRight(r);
        int fetches = r.numbers("> Calculating comments took \\S+ seconds and (\\d+) fetches").get(0).intValue();
        assertTrue(fetches > 150 && fetches <= 260, r::toString);

        App.Run enough = App.run("return-exceptions", "--clock", "virtual", "--iterations", "1", "--latency", "0",
                "--max-fetches", "260").ok();
        assertEquals(5, enough.count("Post \\d+ has \\d+ comments \\(1\\)"));
        assertTrue(enough.has("> Calculating comments took 0.00 seconds and 260 fetches"), enough::toString);
    }

    private static void assertCountsRight(App.Run r) {
        Pattern p = Pattern.compile("Post (\\d+) has (\\d+) comments \\(\\d+\\)");
        for (String l : r.lines()) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                assertEquals(FIXTURE.countComments(Long.parseLong(m.group(1))), Integer.parseInt(m.group(2)), l);
            }
        }
    }

    @Test
    void firstExceptionCancelsTheRestAndLosesThePostIds() {
        App.Run r = App.run("first-exception", "--clock", "virtual", "--iterations", "1", "--latency", "0").ok();
        assertTrue(r.count("Error retrieving comments for top stories: BOOM!") >= 1, r::toString);
        for (String l : r.matching("Post .* comments.*")) {
            assertTrue(l.matches("Post \\?\\?\\? has \\d+ comments \\(1\\)"), l);
        }
        // stopped right after the budget ran out: far fewer than the 260 fetches of a whole poll
        int fetches = r.numbers("> Calculating comments took \\S+ seconds and (\\d+) fetches").get(0).intValue();
        assertTrue(fetches > 150 && fetches < 260, r::toString);
        // after the report nothing more from the job; only, possibly, the loop's word on a task whose BOOM! was
        // already on its way when it was cancelled (as asyncio would say when collecting it)
        for (String l : r.after("> Calculating comments took .*")) {
            // the task is described by its generated machine (Crawler.postNumberOfComments()) or its class
            assertTrue(l.matches("Task exception was never retrieved: Task"
                    + " .*(PostNumberOfComments|Crawler\\.postNumberOfComments\\(\\))\\)")
                    || l.equals("    dev.corio.sample.hn.BoomException: BOOM!"), r::toString);
        }

        App.Run ids = App.run("first-exception", "--ids", "--clock", "virtual", "--iterations", "1", "--latency", "0")
                .ok();
        assertFalse(ids.has("Post \\?\\?\\?.*"));
        assertCountsRight(ids);
    }

    @Test
    void cancellationCascadesDownTheCommentTree() {
        App.Run r = App.run("cancel-cascade", "--clock", "virtual", "--iterations", "1", "--latency", "0").ok();
        Pattern p = Pattern.compile("Comments for post (\\d+) cancelled, cancelling (\\d+) child tasks");
        int cancelled = 0;
        for (String l : r.lines()) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                cancelled++;
                // each cancelled post cancels exactly its direct replies
                assertEquals(FIXTURE.kids(Long.parseLong(m.group(1))).size(), Integer.parseInt(m.group(2)), l);
            }
        }
        assertTrue(cancelled >= 1, r::toString);
        assertTrue(r.count("Error retrieving comments for top stories: BOOM!") >= 1);
        assertCountsRight(r);
        // the job stopped early, well before the 260 fetches of a whole poll
        int fetches = r.numbers("> Calculating comments took \\S+ seconds and (\\d+) fetches").get(0).intValue();
        assertTrue(fetches > 150 && fetches < 260, r::toString);
    }
}
