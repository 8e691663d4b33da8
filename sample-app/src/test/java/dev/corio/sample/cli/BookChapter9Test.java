package dev.corio.sample.cli;

import static dev.corio.sample.cli.BookChapter3Test.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's chapter 9 programs: both sides of each on loopback, on the real clock (they do real I/O). */
class BookChapter9Test {
    private static final String PEER = "/127\\.0\\.0\\.1:\\d+";

    @Test
    void theRemoteFunctionRunsOnTheServerAndItsResultComesBack() {
        App.Run r = App.run("ch9-remote-command", "-v").ok();
        List<String> l = lines(r);
        assertEquals(6, l.size(), r::toString);
        assertTrue(l.get(0).matches(PEER + " connected"), r::toString);
        assertEquals("This worked!", l.get(1)); // printed by the server, where the function runs
        assertTrue(l.get(2).matches("On success: Received payload from " + PEER + " and successfully executed: \\d+ bytes"),
                r::toString);
        assertTrue(l.get(3).matches("Disconnected " + PEER), r::toString);
        assertEquals(List.of("42", "The server closed the connection"), l.subList(4, 6));
    }

    @Test
    void aRemoteExceptionIsSentBack() {
        App.Run r = App.run("ch9-remote-command", "--call", "error").ok();
        List<String> l = lines(r);
        assertEquals(List.of("On error: Exception while handling a subprocess: java.lang.IllegalStateException: Raised"
                + " remotely: This worked!"), l.subList(1, 2), r::toString);
        assertEquals(List.of("The server raised: java.lang.IllegalStateException: Raised remotely: This worked!",
                "The server closed the connection"), l.subList(3, 5));
    }

    @Test
    void aCallThatOutlastsTheTimeoutIsCutOff() {
        long start = System.nanoTime();
        App.Run r = App.run("ch9-remote-command", "--call", "slow", "--timeout", "0.2", "--slow", "3").ok();
        List<String> l = lines(r);
        assertEquals(3, l.size(), r::toString);
        assertTrue(l.get(1).matches("Disconnecting " + PEER), r::toString); // the timeout, not an answer
        assertEquals("The server closed the connection", l.get(2));
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "it did not wait for the 3 s call");
    }

    @Test
    void theHttpServerAnswersEachCaseAsTheBookDescribes() {
        App.Run r = App.run("ch9-http-server", "--timeout", "0.3").ok();
        List<String> l = lines(r);
        assertTrue(l.get(0).matches("Serving on http://127\\.0\\.0\\.1:\\d+/test_me"), r::toString);
        assertEquals(List.of("> GET /test_me", "< HTTP/1.1 200 OK", "< Server: AsyncioHTTPServer/1.0",
                "< Content-Type: application/json", "< Content-Length: 18", "< Connection: close", "< ",
                "< {\"it_works\": true}"), l.subList(1, 9));
        assertEquals(List.of("> GET /nope", "< HTTP/1.1 404 Not Found"), l.subList(9, 11));
        assertTrue(l.contains("<p>\"Sorry ! the page you are looking for can't be found\"</p>"), r::toString);
        int post = l.indexOf("> POST /test_me");
        assertEquals(List.of("< HTTP/1.1 405 Method Not Allowed", "< Server: AsyncioHTTPServer/1.0", "< Allow: GET"),
                l.subList(post + 1, post + 4));
        int nothing = l.indexOf("> (nothing, for 0.3 s)");
        assertEquals("< HTTP/1.1 408 Request Time-out", l.get(nothing + 1), r::toString);
        assertEquals("< {}", l.get(l.size() - 1));
    }
}
