package dev.corio.sample.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sample.hn.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HnServerTest {
    private final HnServer server = HnServer.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.origin() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void fixtureHasTheArticlesCounts() {
        Fixture f = server.fixture();
        assertEquals(72, f.countComments(8863));
        List<Long> top = f.topStories();
        assertEquals(List.of(13848196L, 13849430L, 13849037L, 13845337L, 13847465L), top.subList(0, 5));
        int sum = 0;
        for (long id : top.subList(0, 5)) {
            sum += f.countComments(id);
        }
        assertEquals(254, sum); // + 5 stories + the top-stories list = the article's 260 fetches
    }

    @Test
    void servesItemsLikeTheHnApi() throws Exception {
        assertTrue(server.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+/v0"), server.baseUrl());
        HttpResponse<String> r = get("/v0/item/8863.json");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) Json.parse(r.body());
        assertEquals(8863L, item.get("id"));
        assertEquals("story", item.get("type"));
        assertEquals(72L, item.get("descendants"));
        assertEquals(server.fixture().kids(8863), item.get("kids"));

        HttpResponse<String> unknown = get("/v0/item/1.json");
        assertEquals(200, unknown.statusCode());
        assertEquals("null", unknown.body());

        HttpResponse<String> top = get("/v0/topstories.json");
        assertEquals(server.fixture().topStories(), Json.parse(top.body()));
        assertEquals(404, get("/v0/nothing.json").statusCode());
        assertEquals(3, server.fetches()); // the 404 is not an API fetch
    }

    @Test
    void failsEveryFetchAfterTheBudget() throws Exception {
        server.setFailAfter(2);
        assertEquals(200, get("/v0/item/8863.json").statusCode());
        assertEquals(200, get("/v0/topstories.json").statusCode());
        HttpResponse<String> boom = get("/v0/item/8863.json");
        assertEquals(503, boom.statusCode());
        assertEquals("{\"error\":\"BOOM!\"}", boom.body());
        assertEquals(503, get("/v0/item/8864.json").statusCode());
        assertEquals(2, server.failures());
        server.resetFetches();
        assertEquals(200, get("/v0/item/8863.json").statusCode());
    }

    @Test
    void randomErrorsFollowTheSeed() throws Exception {
        server.setErrorRate(0.5, 42);
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            first.append(get("/v0/item/8863.json").statusCode() == 200 ? '.' : 'x');
        }
        server.setErrorRate(0.5, 42);
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = get("/v0/item/8863.json");
            if (r.statusCode() != 200) {
                assertEquals(500, r.statusCode());
                assertEquals("{\"error\":\"Random generic exception\"}", r.body());
            }
            second.append(r.statusCode() == 200 ? '.' : 'x');
        }
        assertEquals(first.toString(), second.toString());
        assertTrue(first.indexOf("x") >= 0 && first.indexOf(".") >= 0, first.toString());

        server.setErrorRate(1, 1);
        assertEquals(500, get("/v0/topstories.json").statusCode());
        server.setErrorRate(0, 1);
        assertEquals(200, get("/v0/topstories.json").statusCode());
    }

    @Test
    void latencyDelaysEachAnswer() throws Exception {
        // Compared with the same request answered without delay (warm connection), by a margin that a slow
        // machine alone does not produce: the test cannot pass unless the delay was applied.
        get("/v0/item/8863.json");
        long t0 = System.nanoTime();
        get("/v0/item/8863.json");
        long baseline = System.nanoTime() - t0;
        server.setLatency(0.5);
        t0 = System.nanoTime();
        get("/v0/item/8863.json");
        long withLatency = System.nanoTime() - t0;
        assertTrue(withLatency >= 500_000_000L && withLatency - baseline >= 400_000_000L,
                "answered after " + withLatency + " ns, " + baseline + " ns without latency");
        server.setLatency(0);
        t0 = System.nanoTime();
        get("/v0/item/8863.json?delay=0.5");
        long withDelay = System.nanoTime() - t0;
        assertTrue(withDelay >= 500_000_000L && withDelay - baseline >= 400_000_000L,
                "answered after " + withDelay + " ns, " + baseline + " ns without delay");
    }

    @Test
    void standInIpServices() throws Exception {
        assertEquals(Map.of("ip", HnServer.FAKE_IP), Json.parse(get("/services/ipify").body()));
        assertEquals(HnServer.FAKE_IP, ((Map<?, ?>) Json.parse(get("/services/ip-api").body())).get("query"));
        assertEquals(404, get("/services/nope").statusCode());
    }
}
