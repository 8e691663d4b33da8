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

class HnClientTest {
    private final HnServer server = HnServer.start();
    private final HnClient client = new HnClient(server.baseUrl());
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void stop() {
        loop.close();
        client.close();
        server.close();
    }

    @Test
    void fetchesItemsAndTopStoriesOnTheLoop() {
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

    @Test
    void loopKeepsRunningWhileARequestIsInFlight() {
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

    @Test
    void injectedFailuresBecomeExceptions() {
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

    @Test
    void onAVirtualClockTheLatencyIsLoopTime() {
        EventLoop virtual = EventLoop.virtual();
        HnClient ordered = HnClient.inRequestOrder(server.baseUrl(), 0.05);
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

    @Test
    void aRefusedConnectionNamesTheUrlAndTheCause() {
        int port = server.port();
        server.close();
        HnClient gone = new HnClient("http://127.0.0.1:" + port + "/v0");
        try {
            NetworkException e = assertThrows(NetworkException.class,
                    () -> loop.runUntilComplete(new AwaitOnce<>(() -> gone.item(1))));
            String url = "http://127.0.0.1:" + port + "/v0/item/1.json";
            assertEquals(url, e.url());
            assertTrue(e.getMessage().matches("cannot fetch " + Pattern.quote(url) + ": (?i)connection refused"),
                    e.getMessage());
            assertTrue(e.getCause() instanceof ConnectException, () -> "cause: " + e.getCause());
        } finally {
            gone.close();
        }
    }

    @Test
    void anUnknownHostNamesTheUrlAndTheHost() {
        // .invalid never resolves (RFC 2606): no network is needed to see the error
        HnClient nowhere = new HnClient("http://corio-sample.invalid/v0");
        try {
            NetworkException e = assertThrows(NetworkException.class,
                    () -> loop.runUntilComplete(new AwaitOnce<>(nowhere::topStories)));
            assertEquals("cannot fetch http://corio-sample.invalid/v0/topstories.json: unknown host"
                    + " corio-sample.invalid", e.getMessage());
        } finally {
            nowhere.close();
        }
    }
}
