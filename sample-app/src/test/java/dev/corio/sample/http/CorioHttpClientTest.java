package dev.corio.sample.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.net.IncompleteReadError;
import dev.corio.sample.http.ScriptedServer.After;
import dev.corio.sample.support.AwaitOnce;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 client against a scripted server on the same virtual-clock loop: body framings, keep-alive
 * and the pool, a connection closed under the client, the timeout on loop time, malformed answers.
 */
class CorioHttpClientTest {
    private static final String OK_HELLO = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private final EventLoop loop = EventLoop.virtual();
    private final CorioHttpClient http = CorioHttpClient.create(Duration.ofSeconds(10), 2);
    private final ScriptedServer server = new Corio_ScriptedServer();

    @AfterEach
    void close() {
        if (server.server != null) {
            run(() -> {
                http.close();
                server.server.close();
                return server.server.waitClosed();
            });
        }
        loop.close();
    }

    private <T> T run(Supplier<? extends Awaitable<T>> body) {
        return loop.runUntilComplete(new AwaitOnce<>(body));
    }

    private ScriptedServer start() {
        return run(server::start);
    }

    private HttpResponse get(String path) {
        return run(() -> http.get(server.url(path)));
    }

    private HttpFetchException failure(String path) {
        return assertThrows(HttpFetchException.class, () -> get(path));
    }

    @Test
    void contentLengthAnswersReuseOneKeepAliveConnection() {
        start().answer(After.KEEP, OK_HELLO).answer(After.KEEP, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n"
                + "X-Thing: a\r\nx-thing: b\r\n\r\n{}").answer(After.KEEP, OK_HELLO);
        HttpResponse first = get("/a?x=1");
        assertEquals(200, first.status());
        assertEquals("hello", first.text());
        HttpResponse second = get("/b");
        assertEquals(404, second.status());
        assertEquals("Not Found", second.reason());
        assertEquals(List.of("a", "b"), second.headers().get("x-thing"), "repeated headers kept, any case");
        assertEquals("a", second.header("X-THING"));
        assertEquals("hello", get("/c").text());
        assertEquals(List.of("1 GET /a?x=1 HTTP/1.1", "1 GET /b HTTP/1.1", "1 GET /c HTTP/1.1"), server.requests);
        assertEquals(1, http.connectionsOpened());
        assertEquals(1, http.idleConnections(server.url("/")));
    }

    @Test
    void chunkedBodiesAreJoinedAcrossWritesWithExtensionsAndTrailers() {
        start().answer(After.KEEP, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                "5;name=x\r\nhello\r\n", "1", "\r\n \r\n", "0\r\nX-Trailer: t\r\n\r\n")
                .answer(After.KEEP, OK_HELLO);
        assertEquals("hello ", get("/chunked").text());
        assertEquals("hello", get("/next").text(), "the chunked answer was read exactly: the next one parses");
        assertEquals(1, http.connectionsOpened());
    }

    @Test
    void connectionCloseAndEofDelimitedBodiesAreNotPooled() {
        start().answer(After.KEEP, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                .answer(After.CLOSE, "HTTP/1.1 200 OK\r\n\r\nuntil ", "the end")
                .answer(After.KEEP, "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\n1.0");
        assertEquals("ok", get("/close").text());
        assertEquals(0, http.idleConnections(server.url("/")));
        assertEquals("until the end", get("/eof").text());
        assertEquals("1.0", get("/http10").text());
        assertEquals(0, http.idleConnections(server.url("/")), "HTTP/1.0 without keep-alive is not kept");
        assertEquals(3, http.connectionsOpened());
    }

    @Test
    void aPooledConnectionTheServerDropsIsReplacedOnce() {
        // the second request arrives on the pooled connection, which the server then drops unanswered
        start().answer(After.KEEP, OK_HELLO).answer(After.HANG_UP_INSTEAD).answer(After.KEEP, OK_HELLO);
        assertEquals("hello", get("/1").text());
        assertEquals("hello", get("/2").text());
        assertEquals(List.of("1 GET /1 HTTP/1.1", "1 GET /2 HTTP/1.1", "2 GET /2 HTTP/1.1"), server.requests);
        assertEquals(2, http.connectionsOpened());
    }

    @Test
    void aFreshConnectionClosedBeforeAnAnswerIsAnErrorNamingTheUrl() {
        start().answer(After.HANG_UP_INSTEAD);
        HttpFetchException e = failure("/gone");
        assertEquals("GET " + server.url("/gone") + ": the server closed the connection without answering",
                e.getMessage());
        assertEquals(server.url("/gone"), e.url());
        assertEquals(1, server.requests.size(), "not sent again: it was not a pooled connection");
    }

    @Test
    void noAnswerWithinTheTimeoutOfLoopTimeFailsAndClosesTheConnection() {
        start().answer(After.NEVER_ANSWER);
        double start = run(() -> dev.corio.Corio.sleep(0, loop.time()));
        HttpFetchException e = failure("/slow");
        assertEquals(10.0, loop.time() - start, 1e-9, "the timeout is loop time (a virtual clock here)");
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
        assertEquals("GET " + server.url("/slow") + ": no answer within 10 seconds", e.getMessage());
        run(() -> dev.corio.Corio.sleep(0.1));
        assertEquals(1, server.closedByClient, "the timed-out request's connection is closed");
        assertEquals(0, http.idleConnections(server.url("/")));
    }

    @Test
    void cancellingARequestClosesItsConnection() {
        start().answer(After.NEVER_ANSWER);
        CancelledError c = assertThrows(CancelledError.class, () -> run(() -> {
            Task<HttpResponse> t = dev.corio.Corio.createTask(http.get(server.url("/x")));
            loop.callLater(1, t::cancel);
            return t;
        }));
        assertTrue(c != null);
        run(() -> dev.corio.Corio.sleep(0.1));
        assertEquals(1, server.closedByClient);
        assertEquals(0, http.idleConnections(server.url("/")));
    }

    @Test
    void malformedAndTruncatedAnswersAreProtocolErrors() {
        start().answer(After.CLOSE, "HTTP/1.1 2OO OK\r\n\r\n")
                .answer(After.CLOSE, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")
                .answer(After.CLOSE, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                .answer(After.CLOSE, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
                .answer(After.CLOSE, "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
        HttpFetchException status = failure("/1");
        assertEquals("GET " + server.url("/1") + ": bad status line: HTTP/1.1 2OO OK", status.getMessage());
        assertInstanceOf(HttpProtocolException.class, status.getCause());
        HttpFetchException truncated = failure("/2");
        IncompleteReadError partial = assertInstanceOf(IncompleteReadError.class, truncated.getCause());
        assertArrayEquals("short".getBytes(StandardCharsets.US_ASCII), partial.partial());
        assertEquals("GET " + server.url("/3") + ": bad chunk size line: zz", failure("/3").getMessage());
        assertEquals("GET " + server.url("/4") + ": bad Content-Length: 1, 2", failure("/4").getMessage());
        assertEquals("GET " + server.url("/5") + ": bad header line: no colon here", failure("/5").getMessage());
        assertEquals(5, http.connectionsOpened());
    }

    @Test
    void onlyPlainHttpUrlsAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(() -> http.get("https://hacker-news.firebaseio.com/v0/item/1.json")));
        assertEquals("CorioHttpClient fetches http://host[:port]/... URLs only, got"
                + " https://hacker-news.firebaseio.com/v0/item/1.json", e.getMessage());
    }
}
