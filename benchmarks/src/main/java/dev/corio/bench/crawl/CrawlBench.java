package dev.corio.bench.crawl;

import dev.corio.bench.Threads;
import dev.corio.jmh.BenchLoop;
import dev.corio.sample.hn.HnClient;
import dev.corio.sample.server.HnServer;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 6, the worked example of docs/benchmarks.md ("Benchmarking your own code"): count the comments of
 * post 8863 (72, in 73 fetches) from the sample app's embedded Hacker News server over loopback HTTP, as
 * {@code @Async} code on a {@link BenchLoop} (one loop per JMH thread, reused by every invocation), with a
 * thread per request (platform, virtual) and with {@code CompletableFuture}s. Score: microseconds per crawl.
 *
 * <p>What differs between the four is how the 73 concurrent fetches are coordinated and joined: all four
 * send through the JDK's {@code HttpClient} ({@link HnClient}'s default {@code Http.jdk} for Corio, awaited
 * through {@code AsyncFuture.fromStage}) to the same in-JVM JDK {@code HttpServer}, which share the cores
 * with the benchmark. It is not a benchmark of Corio's own networking.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CrawlBench {
    static final int EXPECTED = 72;

    @Param("8863")
    public long post;

    private HnServer server;
    private HnClient client;
    private CommentCrawl crawl;
    private ExecutorService httpThreads;
    private HttpClient http;

    @Setup
    public void setUp() {
        server = HnServer.start();
        client = new HnClient(server.baseUrl());
        crawl = new Corio_CommentCrawl(client);
        httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "crawl-http");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads).build();
    }

    @TearDown
    public void tearDown() {
        client.close();
        httpThreads.shutdownNow();
        server.close();
    }

    @Benchmark
    public int corioAsync(BenchLoop loop) {
        return checked(loop.run(crawl.comments(post)));
    }

    @Benchmark
    public int platform() throws Exception {
        return checked(ThreadCrawl.comments(Threads.platform(), http, server.baseUrl(), post));
    }

    @Benchmark
    public int virtualDefault() throws Exception {
        return checked(ThreadCrawl.comments(Threads.virtual(), http, server.baseUrl(), post));
    }

    @Benchmark
    public int cf() {
        return checked(ThreadCrawl.commentsAsync(http, server.baseUrl(), post).join());
    }

    private static int checked(int comments) {
        if (comments != EXPECTED) {
            throw new IllegalStateException("counted " + comments + " comments, expected " + EXPECTED);
        }
        return comments;
    }
}
