package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sample.server.Fixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The programs of "Asyncio Coroutine Patterns: Beyond await" (article 000), against the embedded server. */
class BeyondAwaitTest {
    private static final List<Long> TOP5 = Fixture.bundled().topStories().subList(0, 5);

    @Test
    void commentsCountsPost8863With73Fetches() {
        App.Run r = App.run("comments", "--id", "8863", "--latency", "0.001").ok();
        assertEquals(2, r.lines().size(), r::toString);
        assertTrue(r.lines().get(0).matches("> Calculating comments took \\d+\\.\\d\\d seconds and 73 fetches"), r::toString);
        assertEquals("-- Post 8863 has 72 comments", r.lines().get(1));
        App.assertStamped(r, l -> true);
    }

    /** The README's main job gives the same output over either HTTP client, on either clock. */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "corio"})
    void theMainJobPrintsTheSameOverBothHttpClients(String http) {
        App.Run r = App.run("comments", "--id", "8863", "--http", http, "--latency", "0.001").ok();
        assertTrue(r.lines().get(0).matches("> Calculating comments took \\d+\\.\\d\\d seconds and 73 fetches"), r::toString);
        assertEquals(List.of("-- Post 8863 has 72 comments"), r.lines().subList(1, r.lines().size()), r::toString);
        App.Run v = App.run("comments", "--id", "8863", "--http", http, "--clock", "virtual").ok();
        assertEquals(List.of("> Calculating comments took 0.75 seconds and 73 fetches", "-- Post 8863 has 72 comments"),
                v.lines(), v::toString);
    }

    @Test
    void theCorioHttpClientRefusesHttpsBaseUrls() {
        App.Run r = App.run("comments", "--http", "corio", "--base-url", "https://hacker-news.firebaseio.com/v0");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--http corio fetches http:// URLs only (no TLS), got --base-url"
                + " https://hacker-news.firebaseio.com/v0; use --http jdk"), r::toString);
    }

    @Test
    void commentsTakesAsLongAsTheDeepestChainNotTheSumOfFetches() {
        double latency = 0.03;
        App.Run r = App.run("comments", "--latency", String.valueOf(latency)).ok();
        double took = r.numbers("> Calculating comments took (\\S+) seconds and 73 fetches").get(0);
        int depth = depth(8863);
        // the fetches of one level overlap: at least the chain's length, far less than one after the other
        assertTrue(took >= depth * latency, () -> "took " + took + " for a chain of " + depth);
        assertTrue(took < 0.8 * 73 * latency, () -> "took " + took + ": the fetches did not overlap");
    }

    private static int depth(long id) {
        int d = 0;
        for (long k : Fixture.bundled().kids(id)) {
            d = Math.max(d, depth(k));
        }
        return d + 1;
    }

    @Test
    void commentsByUrlAndPostsWithoutComments() {
        App.Run r = App.run("comments", "--url", "https://news.ycombinator.com/item?id=13849037", "--latency", "0").ok();
        assertTrue(r.lines().get(0).endsWith(" and 17 fetches"), r::toString);
        assertEquals("-- Post 13849037 has 16 comments", r.lines().get(1));
        // a story nobody commented on: one fetch, no comments; one with a single reply: two fetches
        App.Run none = App.run("comments", "--id", "13850011", "--latency", "0").ok();
        assertTrue(none.lines().get(0).matches("> Calculating comments took \\d+\\.\\d\\d seconds and 1 fetch"),
                none::toString);
        assertEquals("-- Post 13850011 has 0 comments", none.lines().get(1));
        App.Run one = App.run("comments", "--id", "13851386", "--latency", "0").ok();
        assertTrue(one.lines().get(0).endsWith(" and 2 fetches"), one::toString);
        assertEquals("-- Post 13851386 has 1 comment", one.lines().get(1));
    }

    @Test
    void oneOfAnythingIsSingular() {
        App.Run r = App.run("poll", "--variant", "await", "--limit", "1", "--period", "1", "--iterations", "1",
                "--clock", "virtual", "--latency", "0").ok();
        assertEquals(List.of("Calculating comments for top 1 story. (1)", "Post 13848196 has 32 comments (1)",
                "> Calculating comments took 0.00 seconds and 34 fetches", "Waiting for 1 second..."), r.lines());
        App.Run later = App.run("poll", "--variant", "call-later", "--limit", "1", "--period", "1", "--iterations",
                "1", "--clock", "virtual", "--latency", "0").ok();
        assertEquals(List.of("Calculating comments for top 1 story (0)", "Waiting for 1 second..."),
                later.lines().subList(0, 2));
        App.Run cascade = App.run("cancel-cascade", "--clock", "virtual", "--iterations", "1").ok();
        assertTrue(cascade.has("Comments for post \\d+ cancelled, cancelling 1 child task"), cascade::toString);
        assertFalse(cascade.has(".* 1 child tasks"), cascade::toString);
    }

    @Test
    void aPostThatDoesNotExistIsAnError() {
        for (String program : new String[] {"comments", "fire-and-forget"}) {
            App.Run r = App.run(program, "--id", "99999999", "--latency", "0");
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().strip().matches("error: item 99999999 does not exist"
                    + " \\(http://127\\.0\\.0\\.1:\\d+/v0/item/99999999\\.json answered null\\)"), r::toString);
            assertFalse(r.has(".*has 0 comments.*"), r::toString);
        }
    }

    @Test
    void verboseShowsEachPostBeforeItsParent() {
        App.Run r = App.run("comments", "--latency", "0", "-v").ok();
        int root = r.index("\\s*8863\\s+> 72 comments");
        int child = r.index("\\s*8864\\s+> \\d+ comments");
        assertTrue(child < root);
        assertTrue(r.has(" 8863  > Fetching 5 child posts"), r::toString);
        assertEquals(73, r.count(".*> Fetching of .*/v0/item/\\d+\\.json took .* seconds"));
    }

    @Test
    void fireAndForgetAwaitedLoggingSlowsTheCrawl() {
        App.Run awaited = App.run("fire-and-forget", "--mode", "await", "--clock", "virtual", "--latency", "0").ok();
        // each "Post logged" comes before the result: the crawl waited for the logging
        assertEquals(3, awaited.count("Post logged"));
        assertTrue(awaited.index("Post logged") < awaited.index("> Calculating comments took .*"));
        assertEquals(List.of("-- Post 8863 has 72 comments"), awaited.after("> Calculating comments took .*"));
        double awaitedTook = awaited.numbers("> Calculating comments took (\\S+) seconds and 73 fetches").get(0);

        App.Run forgotten = App.run("fire-and-forget", "--mode", "forget", "--clock", "virtual", "--latency", "0").ok();
        double forgetTook = forgotten.numbers("> Calculating comments took (\\S+) seconds and 73 fetches").get(0);
        // on the virtual clock only the logging sleeps take time: awaited they all add up, forgotten none do
        assertEquals(0.0, forgetTook);
        assertTrue(awaitedTook > 0.5, () -> "awaited logging took " + awaitedTook);
        // forgotten: the loop closes with the three logging tasks pending, and says so
        assertEquals(0, forgotten.count("Post logged"));
        List<String> tail = forgotten.after("-- Post 8863 has 72 comments");
        assertEquals(6, tail.size(), forgotten::toString);
        for (int i = 0; i < 6; i += 2) {
            assertEquals("Task was destroyed but it is pending!", tail.get(i));
            assertTrue(tail.get(i + 1).matches("task: Task log_post\\(\\d+\\) .*<pending>"), tail.get(i + 1));
        }
    }

    @Test
    void fireAndForgetDrainedOrRegisteredTasksFinishAfterTheResult() {
        for (String mode : List.of("drain", "registry")) {
            App.Run r = App.run("fire-and-forget", "--mode", mode, "--clock", "virtual", "--latency", "0").ok();
            assertEquals(List.of("Post logged", "Post logged", "Post logged"),
                    r.after("-- Post 8863 has 72 comments"), r::toString);
            assertEquals(0.0, r.numbers("> Calculating comments took (\\S+) seconds.*").get(0));
            assertTrue(!r.has("Task was destroyed.*"));
        }
        App.Run lower = App.run("fire-and-forget", "--min-comments", "10", "--clock", "virtual", "--latency", "0").ok();
        assertEquals(10, lower.count("Post logged")); // posts with more than 10 comments in 8863's tree
    }

    private static void assertPoll(App.Run r, int iteration, int from) {
        for (int i = 0; i < 5; i++) {
            long id = TOP5.get(i);
            assertEquals("Post " + id + " has " + Fixture.bundled().countComments(id) + " comments (" + iteration + ")",
                    r.lines().get(from + i));
        }
    }

    @Test
    void pollAwaitThenSleepReportsRightButDrifts() {
        App.Run r = App.run("poll", "--variant", "await", "--period", "0.1", "--iterations", "2", "--latency", "0.02")
                .ok();
        List<String> l = r.lines();
        assertEquals(16, l.size(), r::toString);
        for (int it = 1; it <= 2; it++) {
            int base = (it - 1) * 8;
            assertEquals("Calculating comments for top 5 stories. (" + it + ")", l.get(base));
            assertPoll(r, it, base + 1);
            assertTrue(l.get(base + 6).matches("> Calculating comments took \\S+ seconds and 260 fetches"), l.get(base + 6));
            assertEquals("Waiting for 0.1 seconds...", l.get(base + 7));
        }
        // the next poll starts only after this one's work: the period drifts by at least the deepest chain
        double took = r.numbers("> Calculating comments took (\\S+) seconds.*").get(0);
        assertTrue(took >= 0.02 * 14, () -> "took " + took);
    }

    @Test
    void pollCreateTaskKeepsThePeriodButReportsNonsense() {
        // real clock: the job (>= 14 sequential fetches of 20 ms) outlasts the 0.1 s period
        App.Run r = App.run("poll", "--variant", "task", "--period", "0.1", "--iterations", "2", "--latency", "0.02")
                .ok();
        assertEquals("> Calculating comments took 0.00 seconds and 0 fetches", r.lines().get(1));
        int second = r.index("Calculating comments for top 5 stories. \\(2\\)");
        int firstResults = r.index("Post \\d+ has \\d+ comments \\(1\\)");
        assertTrue(second < firstResults, r::toString); // the period was kept while poll 1 still ran
        assertPoll(r, 1, firstResults);
        assertPoll(r, 2, r.index("Post \\d+ has \\d+ comments \\(2\\)"));

        // virtual clock: time stands still during HTTP, so poll 1 is done when poll 2 reports its fetches
        App.Run v = App.run("poll", "--variant", "task", "--clock", "virtual", "--iterations", "2", "--latency", "0")
                .ok();
        assertEquals(List.of("> Calculating comments took 0.00 seconds and 0 fetches",
                "> Calculating comments took 0.00 seconds and 260 fetches"),
                v.matching("> Calculating comments took .*"));
    }

    @Test
    void pollWithCallbackReportsEachJobsOwnFetches() {
        App.Run r = App.run("poll", "--variant", "callback", "--clock", "virtual", "--iterations", "2", "--latency", "0")
                .ok();
        List<String> l = r.lines();
        assertEquals("Calculating comments for top 5 stories. (1)", l.get(0));
        assertEquals("Waiting for 5 seconds...", l.get(1));
        assertPoll(r, 1, 2);
        assertEquals("> Calculating comments took 0.00 seconds and 260 fetches", l.get(7));
        assertEquals("Calculating comments for top 5 stories. (2)", l.get(8));
        assertEquals(16, l.size(), r::toString);
        // the timestamps are 5 virtual seconds apart
        String first = r.rawLines().get(0).substring(1, 9);
        String second = r.rawLines().get(8).substring(1, 9);
        assertEquals(5, java.time.Duration.between(java.time.LocalTime.parse(first), java.time.LocalTime.parse(second))
                .toSeconds());
    }

    @Test
    void pollSelfSchedulingWithCallLater() {
        App.Run r = App.run("poll", "--variant", "call-later", "--clock", "virtual", "--iterations", "3", "--latency",
                "0").ok();
        assertEquals(List.of("Calculating comments for top 5 stories (0)", "Calculating comments for top 5 stories (1)",
                "Calculating comments for top 5 stories (2)"), r.matching("Calculating comments.*"));
        assertEquals(3, r.count("> Calculating comments took 0.00 seconds and 260 fetches"));
        assertPoll(r, 2, r.index("Post \\d+ has \\d+ comments \\(2\\)"));
    }

    @Test
    void selfSchedulingWithAFetchBudgetKeepsPollingPastTheErrors() {
        // the article's closing experiment: MAXIMUM_FETCHES = 5, the callback's fut.result() raises BOOM!
        App.Run r = App.run("poll", "--variant", "call-later", "--max-fetches", "5", "--clock", "virtual",
                "--iterations", "2", "--latency", "0").ok();
        assertEquals(2, r.countFollowedBy("Exception in callback done callback"
                + " poll_top_stories_for_comments.<locals>.callback of Task .*", "    dev.corio.sample.hn.BoomException: BOOM!"));
        assertTrue(r.index("Calculating comments for top 5 stories \\(1\\)") > r.index("Exception in callback .*"));
    }

    @Test
    void pollRejectsAnUnknownVariant() {
        App.Run r = App.run("poll", "--variant", "sometimes");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--variant must be"), r.err());
    }
}
