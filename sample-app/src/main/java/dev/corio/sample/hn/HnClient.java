package dev.corio.sample.hn;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.sample.http.CorioHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A non-blocking client for the Hacker News API at a base URL ({@code https://hacker-news.firebaseio.com/v0}
 * or the embedded server's), over one of two HTTP clients ({@link Http}):
 * <ul>
 * <li>{@link Http#jdk} (the default): the JDK {@link HttpClient}'s {@code sendAsync}, whose I/O runs on the
 * client's threads; each call returns a future on the running loop ({@link AsyncFuture#fromStage}), JSON is
 * parsed off the loop;
 * <li>{@link Http#corio}: {@link CorioHttpClient}, HTTP/1.1 on Corio's own streams, on the loop thread
 * (keep-alive connections pooled per host); {@code http://} only.
 * </ul>
 * Either way a coroutine awaits the answer without blocking the loop. Call the fetch methods from code
 * running on a loop. A fetch takes at most {@link #FETCH_TIMEOUT} (the articles' {@code FETCH_TIMEOUT}).
 *
 * <p>Errors: an error status becomes {@link BoomException} (503) or {@link HnApiException}; a request that
 * gets no answer (unknown host, refused connection, timeout) fails with a {@link NetworkException} that names
 * the URL and the cause.
 *
 * <p>A client made with {@link #inRequestOrder} hands the API's answers ({@link #item}, {@link #topStories})
 * over in the order the requests were sent, and on a virtual clock after a latency of loop time
 * ({@link InOrderAnswers}): runs against the embedded server are then the same every time.
 */
public final class HnClient implements AutoCloseable {
    public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    /** Which HTTP client carries the requests (the sample app's {@code --http}). */
    public enum Http {
        /** The JDK's {@code java.net.http.HttpClient} (threads of its own). */
        jdk,
        /** {@link CorioHttpClient}: HTTP/1.1 on Corio's streams, on the loop thread. */
        corio
    }

    private final String baseUrl;
    private final InOrderAnswers inOrder;
    private final HttpClient http;
    private final ExecutorService executor;
    /** The Corio client, or {@code null} for {@link Http#jdk}. */
    private final CorioHttpClient corio;

    /** A client over the JDK's HTTP client that hands answers over as they arrive. */
    public HnClient(String baseUrl) {
        this(baseUrl, Http.jdk);
    }

    /** A client over {@code http} that hands answers over as they arrive. */
    public HnClient(String baseUrl, Http http) {
        this(baseUrl, null, http);
    }

    /**
     * A client that hands the API's answers over in request order, on a virtual clock {@code loopLatency}
     * seconds of loop time after the request (0: as soon as it is in and its turn).
     */
    public static HnClient inRequestOrder(String baseUrl, double loopLatency) {
        return inRequestOrder(baseUrl, loopLatency, Http.jdk);
    }

    /** {@link #inRequestOrder(String, double)} over {@code http}. */
    public static HnClient inRequestOrder(String baseUrl, double loopLatency, Http http) {
        if (!(loopLatency >= 0) || Double.isInfinite(loopLatency)) {
            throw new IllegalArgumentException("loop latency must be a finite number >= 0, got " + loopLatency);
        }
        return new HnClient(baseUrl, new InOrderAnswers(loopLatency), http);
    }

    private HnClient(String baseUrl, InOrderAnswers inOrder, Http kind) {
        this.inOrder = inOrder;
        this.corio = kind == Http.corio ? CorioHttpClient.create(FETCH_TIMEOUT) : null;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        // daemon threads: a client someone forgot to close must not keep the JVM alive
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hn-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(FETCH_TIMEOUT)
                .executor(executor)
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Which HTTP client this one uses. */
    public Http http() {
        return corio != null ? Http.corio : Http.jdk;
    }

    /** The Corio HTTP client, or {@code null} for {@link Http#jdk} (tests look at its pool). */
    CorioHttpClient corioClient() {
        return corio;
    }

    /** {@code <base>/item/<id>.json}, the article's {@code URL_TEMPLATE}. */
    public String itemUrl(long id) {
        return baseUrl + "/item/" + id + ".json";
    }

    /** {@code <base>/topstories.json}. */
    public String topStoriesUrl() {
        return baseUrl + "/topstories.json";
    }

    /** The item, or {@code null} when the API has none with that id (it answers {@code null}). */
    @SuppressWarnings("unchecked")
    public AsyncFuture<Item> item(long id) {
        return api(fetch(itemUrl(id), r -> r.body() == null ? null
                : Item.fromJson((Map<String, Object>) r.body())));
    }

    /** The ids of the current top stories, best first. */
    public AsyncFuture<List<Long>> topStories() {
        return api(fetch(topStoriesUrl(), r -> {
            List<Long> ids = new ArrayList<>();
            for (Object o : (List<?>) r.body()) {
                ids.add(((Number) o).longValue());
            }
            return ids;
        }));
    }

    /** Any JSON document, with the response's {@code Date} header (the third article's programs read it). */
    public AsyncFuture<JsonResponse> json(String url) {
        return fetch(url, r -> r);
    }

    /**
     * Blocks the calling thread for the document: for the articles' deliberately synchronous versions. Always
     * the JDK client, whichever {@link Http} this client uses: a blocking call has no loop to run on.
     */
    public JsonResponse jsonBlocking(String url) throws InterruptedException {
        try {
            return toJson(http.send(request(url), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new NetworkException(url, e);
        }
    }

    private static <T> AsyncFuture<T> onLoop(CompletableFuture<T> stage) {
        return AsyncFuture.fromStage(stage, EventLoop.running());
    }

    /** An API answer: in request order when this client hands answers over in order. */
    private <T> AsyncFuture<T> api(AsyncFuture<T> answer) {
        return inOrder == null ? answer : inOrder.answer(answer);
    }

    /** The document at {@code url}, parsed and mapped by {@code f} (off the loop for the JDK client). */
    private <T> AsyncFuture<T> fetch(String url, Function<JsonResponse, T> f) {
        return corio != null ? CorioFetch.start(corio, url, f) : onLoop(getJson(url).thenApply(f));
    }

    private CompletableFuture<JsonResponse> getJson(String url) {
        return http.sendAsync(request(url), HttpResponse.BodyHandlers.ofString())
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof IOException io) {
                        throw new NetworkException(url, io);
                    }
                    throw e instanceof CompletionException ce ? ce : new CompletionException(cause);
                })
                .thenApply(HnClient::toJson);
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(FETCH_TIMEOUT).header("Accept", "application/json")
                .GET().build();
    }

    private static JsonResponse toJson(HttpResponse<String> r) {
        return toJson(r.statusCode(), r.uri().toString(), r.body(), r.headers().firstValue("Date").orElse(null));
    }

    /** An answer of either client as a JSON document, or the API error it is. */
    static JsonResponse toJson(int status, String uri, String text, String date) {
        Object body;
        try {
            body = Json.parse(text);
        } catch (IllegalArgumentException e) {
            if (status != 200) {
                throw new HnApiException(status, "HTTP " + status + " from " + uri);
            }
            throw new HnApiException(status, "bad JSON from " + uri + ": " + e.getMessage());
        }
        if (status != 200) {
            String msg = body instanceof Map<?, ?> m && m.get("error") instanceof String s ? s
                    : "HTTP " + status + " from " + uri;
            throw status == 503 ? new BoomException(msg) : new HnApiException(status, msg);
        }
        return new JsonResponse(body, date);
    }

    /** Executor for completions of this client's requests (exposed for tests that need to drain it). */
    Executor executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        if (corio != null) {
            corio.close();
        }
    }

    /** A parsed JSON body and the response's {@code Date} header. */
    public record JsonResponse(Object body, String date) {
    }
}
