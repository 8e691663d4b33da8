package dev.corio.sample.hn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.sample.server.HnServer;
import dev.corio.sample.support.AwaitOnce;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both HTTP clients ({@code --http jdk|corio}) against the embedded server: the same answers, the same errors. */
class HnClientTest {
    private final HnServer server = HnServer.start();
    private final List<HnClient> clients = new ArrayList<>();
    private final EventLoop loop = EventLoop.create();

    private HnClient client(HnClient.Http http) {
        return client(server.baseUrl(), http);
    }

    private HnClient client(String baseUrl, HnClient.Http http) {
        HnClient c = new HnClient(baseUrl, http);
        clients.add(c);
        assertEquals(http, c.http());
        return c;
    }

    @AfterEach
    void stop() {
        loop.close();
        clients.forEach(HnClient::close);
        server.close();
    }

    @ParameterizedTest
    @EnumSource(HnClient.Http.class)
    void fetchesItemsAndTopStoriesOnTheLoop(HnClient.Http http) {
        HnClient client = client(http);
        Item post = loop.runUntilComplete(new AwaitOnce<>(() -> client.item(8863)));
        assertEquals(8863, post.id());
        assertEquals("story", post.type());
        assertEquals(server.fixture().kids(8863), post.kids());
        assertTrue(post.hasKids());
        assertNull(loop.runUntilComplete(new AwaitOnce<>(() -> client.item(1))));
        List<Long> top = loop.runUntilComplete(new AwaitOnce<>(client::topStories));
        assertEquals(server.fixture().topStories(), top);
        HnClient.JsonResponse r = loop.runUntilComplete(
                new AwaitOnce<>(() -> client.json(server.origin() + "/services/ipify")));
        assertNotNull(r.date(), "the server sends a Date header");
    }

    @ParameterizedTest
    @EnumSource(HnClient.Http.class)
    void loopKeepsRunningWhileARequestIsInFlight(HnClient.Http http) {
        HnClient client = client(http);
        server.setLatency(0.1);
        int[] ticks = {0};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            ticks[0]++;
            loop.callLater(0.005, tick[0]);
        };
        loop.callSoon(tick[0]);
        loop.runUntilComplete(new AwaitOnce<>(() -> client.item(8863)));
        assertTrue(ticks[0] >= 3, "the loop ran only " + ticks[0] + " callbacks during a 100 ms fetch");
    }

    @ParameterizedTest
    @EnumSource(HnClient.Http.class)
    void injectedFailuresBecomeExceptions(HnClient.Http http) {
        HnClient client = client(http);
        server.setFailAfter(0);
        BoomException boom = assertThrows(BoomException.class,
                () -> loop.runUntilComplete(new AwaitOnce<>(() -> client.item(8863))));
        assertEquals("BOOM!", boom.getMessage());
        server.setFailAfter(-1).setErrorRate(1, 7);
        HnApiException generic = assertThrows(HnApiException.class,
                () -> loop.runUntilComplete(new AwaitOnce<>(client::topStories)));
        assertEquals("Random generic exception", generic.getMessage());
        assertEquals(500, generic.status());
    }

    @Test
    void answersAreHandedOverInRequestOrder() {
        InOrderAnswers inOrder = new InOrderAnswers(0);
        List<String> got = new ArrayList<>();
        loop.runUntilComplete(new AwaitOnce<>(() -> {
            List<AsyncFuture<String>> http = new ArrayList<>();
            List<AsyncFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                AsyncFuture<String> h = loop.createFuture();
                http.add(h);
                AsyncFuture<String> a = inOrder.answer(h);
                a.addDoneCallback(f -> got.add(f.isCancelled() ? "cancelled" : f.result()));
                answers.add(a);
            }
            // replies arrive last first; the second request is given up before its reply came
            http.get(3).setResult("3");
            http.get(2).setResult("2");
            answers.get(1).cancel();
            loop.callLater(0.01, () -> http.get(0).setResult("0"));
            return Corio.gatherReturnExceptions(answers);
        }));
        assertEquals(List.of("cancelled", "0", "2", "3"), got);
    }

    @ParameterizedTest
    @EnumSource(HnClient.Http.class)
    void onAVirtualClockTheLatencyIsLoopTime(HnClient.Http http) {
        EventLoop virtual = EventLoop.virtual();
        HnClient ordered = HnClient.inRequestOrder(server.baseUrl(), 0.05, http);
        try {
            List<String> got = new ArrayList<>();
            double[] took = new double[1];
            virtual.runUntilComplete(new AwaitOnce<>(() -> {
                double start = virtual.time();
                List<AsyncFuture<Item>> answers = new ArrayList<>();
                for (long id : server.fixture().kids(8863)) {
                    AsyncFuture<Item> a = ordered.item(id);
                    a.addDoneCallback(f -> got.add(f.result().id() + "@" + Math.round((virtual.time() - start) * 1000)));
                    answers.add(a);
                }
                AsyncFuture<List<Object>> all = Corio.gatherReturnExceptions(answers);
                all.addDoneCallback(f -> took[0] = virtual.time() - start);
                return all;
            }));
            // each answer 50 ms of loop time after its request, in the order asked, however the threads ran
            List<String> expected = new ArrayList<>();
            for (long id : server.fixture().kids(8863)) {
                expected.add(id + "@50");
            }
            assertEquals(expected, got);
            assertEquals(0.05, took[0], 1e-9);
        } finally {
            virtual.close();
            ordered.close();
        }
    }

    @ParameterizedTest
    @EnumSource(HnClient.Http.class)
    void aRefusedConnectionNamesTheUrlAndTheCause(HnClient.Http http) {
        int port = server.port();
        server.close();
        HnClient gone = client("http://127.0.0.1:" + port + "/v0", http);
        NetworkException e = assertThrows(NetworkException.class,
                () -> loop.runUntilComplete(new AwaitOnce<>(() -> gone.item(1))));
        String url = "http://127.0.0.1:" + port + "/v0/item/1.json";
        assertEquals(url, e.url());
        // the JDK says "connection refused"; Corio's ConnectException names the address, as asyncio's does
        String cause = http == HnClient.Http.jdk ? "(?i)connection refused"
                : "Connect call failed 127\\.0\\.0\\.1:" + port + ": Connection refused";
        assertTrue(e.getMessage().matches("cannot fetch " + Pattern.quote(url) + ": " + cause), e.getMessage());
        assertTrue(e.getCause() instanceof ConnectException, () -> "cause: " + e.getCause());
    }

    @ParameterizedTest
    @EnumSource(HnClient.Http.class)
    void anUnknownHostNamesTheUrlAndTheHost(HnClient.Http http) {
        // .invalid never resolves (RFC 2606): no network is needed to see the error
        HnClient nowhere = client("http://corio-sample.invalid/v0", http);
        NetworkException e = assertThrows(NetworkException.class,
                () -> loop.runUntilComplete(new AwaitOnce<>(nowhere::topStories)));
        assertEquals("cannot fetch http://corio-sample.invalid/v0/topstories.json: unknown host"
                + " corio-sample.invalid", e.getMessage());
    }

    @Test
    void theCorioClientReusesItsConnectionsAcrossACrawl() {
        HnClient client = client(HnClient.Http.corio);
        List<Long> kids = server.fixture().kids(8863);
        for (int round = 0; round < 3; round++) {
            loop.runUntilComplete(new AwaitOnce<>(() -> {
                List<AsyncFuture<Item>> all = new ArrayList<>();
                for (long id : kids) {
                    all.add(client.item(id));
                }
                return Corio.gather(all);
            }));
        }
        int opened = client.corioClient().connectionsOpened();
        // the first round opens one connection per concurrent request; later rounds take them from the pool
        assertTrue(kids.size() <= dev.corio.sample.http.CorioHttpClient.DEFAULT_MAX_IDLE_PER_HOST);
        assertEquals(kids.size(), opened, () -> kids.size() + " requests at once, 3 rounds: " + opened + " connections");
        assertEquals(kids.size(), client.corioClient().idleConnections(server.baseUrl()));
    }
}
