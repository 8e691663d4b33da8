package dev.corio.sample.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An embedded Hacker News-compatible API server (the JDK's {@code com.sun.net.httpserver}) on 127.0.0.1 and
 * a free port, serving a {@link Fixture} like {@code https://hacker-news.firebaseio.com/v0}:
 * {@code /v0/item/<id>.json} (the item, or {@code null} for an unknown id) and {@code /v0/topstories.json}.
 *
 * <p>For the articles' experiments it can be made slow and unreliable, settable at any time from any
 * thread: a per-request latency ({@link #setLatency}), failing every API fetch after the first N
 * ({@link #setFailAfter}: HTTP 503 {@code {"error":"BOOM!"}}), and failing a seeded random share of fetches
 * ({@link #setErrorRate}: HTTP 500 {@code {"error":"Random generic exception"}}). Any request may also add
 * {@code ?delay=<seconds>} to be answered that much later.
 *
 * <p>It also serves two stand-ins for the IP-address services of "AsyncIO for the Working Python
 * Developer": {@code /services/ipify} ({@code {"ip": ...}}) and {@code /services/ip-api}
 * ({@code {"query": ...}}).
 */
public final class HnServer implements AutoCloseable {
    /** The address every stand-in IP service reports. */
    public static final String FAKE_IP = "203.0.113.7";

    private static final Pattern ITEM = Pattern.compile("/v0/item/(-?\\d+)\\.json");
    private static final Pattern DELAY = Pattern.compile("(?:^|&)delay=([0-9.]+)");

    static {
        // Without TCP_NODELAY, the server's separate header and body writes meet the client's delayed ACK
        // and every answer waits ~40 ms; the JDK server reads this property once, when it first starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Fixture fixture;
    private final HttpServer http;
    private final ExecutorService workers;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile double latency;
    private volatile int failAfter = -1;
    private volatile double errorRate;
    private Random errorRandom = new Random(0);

    private HnServer(Fixture fixture) throws IOException {
        this.fixture = fixture;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        // latency is a sleep on the handling thread, so concurrent requests need a thread each
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hn-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.createContext("/", this::handle);
    }

    /** Starts a server for the bundled fixture. */
    public static HnServer start() {
        return start(Fixture.bundled());
    }

    public static HnServer start(Fixture fixture) {
        try {
            HnServer s = new HnServer(fixture);
            s.http.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded HN server on 127.0.0.1: " + e, e);
        }
    }

    /** {@code http://127.0.0.1:<port>/v0}, the API base URL of this server. */
    public String baseUrl() {
        return origin() + "/v0";
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public Fixture fixture() {
        return fixture;
    }

    /** Delays every answer by {@code seconds}. */
    public HnServer setLatency(double seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("latency must be >= 0, got " + seconds);
        }
        this.latency = seconds;
        return this;
    }

    /** API fetches after the first {@code n} fail with 503 BOOM!; a negative {@code n} turns this off. */
    public HnServer setFailAfter(int n) {
        this.failAfter = n;
        return this;
    }

    /** A share {@code rate} (0..1) of API fetches, drawn from a generator seeded with {@code seed}, fail with 500. */
    public synchronized HnServer setErrorRate(double rate, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("error rate must be in [0, 1], got " + rate);
        }
        this.errorRate = rate;
        this.errorRandom = new Random(seed);
        return this;
    }

    /** API fetches answered so far (items and top stories, failed ones included). */
    public int fetches() {
        return fetches.get();
    }

    /** API fetches answered with an injected failure. */
    public int failures() {
        return failures.get();
    }

    /** Forgets the fetch count, so a fail-after budget starts again. */
    public void resetFetches() {
        fetches.set(0);
        failures.set(0);
    }

    private synchronized boolean drawError() {
        return errorRate > 0 && errorRandom.nextDouble() < errorRate;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            double delay = latency + queryDelay(uri.getRawQuery());
            if (!"GET".equals(ex.getRequestMethod())) {
                sleep(delay);
                send(ex, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            if (path.startsWith("/services/")) {
                sleep(delay);
                serveService(ex, path.substring("/services/".length()));
                return;
            }
            Matcher m = ITEM.matcher(path);
            boolean top = path.equals("/v0/topstories.json");
            if (!top && !m.matches()) {
                sleep(delay);
                send(ex, 404, "{\"error\":\"Permission denied\"}");
                return;
            }
            int n = fetches.incrementAndGet();
            int limit = failAfter;
            boolean boom = limit >= 0 && n > limit;
            boolean generic = !boom && drawError();
            sleep(delay);
            if (boom) {
                failures.incrementAndGet();
                send(ex, 503, "{\"error\":\"BOOM!\"}");
            } else if (generic) {
                failures.incrementAndGet();
                send(ex, 500, "{\"error\":\"Random generic exception\"}");
            } else if (top) {
                send(ex, 200, fixture.topStoriesJson());
            } else {
                String item = fixture.itemJson(Long.parseLong(m.group(1)));
                send(ex, 200, item == null ? "null" : item);
            }
        }
    }

    private void serveService(HttpExchange ex, String name) throws IOException {
        switch (name) {
            case "ipify" -> send(ex, 200, "{\"ip\":\"" + FAKE_IP + "\"}");
            case "ip-api" -> send(ex, 200, "{\"status\":\"success\",\"query\":\"" + FAKE_IP + "\"}");
            default -> send(ex, 404, "{\"error\":\"no such service\"}");
        }
    }

    private static double queryDelay(String query) {
        if (query == null) {
            return 0;
        }
        Matcher d = DELAY.matcher(query);
        return d.find() ? Double.parseDouble(d.group(1)) : 0;
    }

    private static void sleep(double seconds) {
        if (seconds <= 0) {
            return;
        }
        try {
            Thread.sleep((long) (seconds * 1000), (int) ((seconds * 1e9) % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops at once; requests in flight are dropped. */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }
}
