package dev.corio.sample.cli;

import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.sample.hn.HnClient;
import dev.corio.sample.server.HnServer;
import java.util.Random;

/**
 * What one run of a program works with: its log, the HN client (against the embedded server unless a base
 * URL was given), the loop kind, a seeded random generator for the articles' {@code random()} calls, and
 * the count of fetches made (for the progress display).
 */
public final class Env implements AutoCloseable {
    public final Log log;
    public final HnServer server;
    public final HnClient client;
    public final Random random;
    private final boolean virtualClock;
    private final Progress progress;
    private int fetched;

    Env(Log log, HnServer server, String baseUrl, HnClient.Http http, boolean virtualClock, double loopLatency,
            long seed, Progress progress) {
        this.log = log;
        this.server = server;
        // the embedded server's answers in request order: the same run every time (a real API is left as it is)
        this.client = server != null ? HnClient.inRequestOrder(baseUrl, loopLatency, http) : new HnClient(baseUrl, http);
        this.virtualClock = virtualClock;
        this.random = new Random(seed);
        this.progress = progress;
    }

    /**
     * A new loop of the chosen kind whose unhandled errors (a failing callback, an exception nobody
     * retrieved) go to this program's log, as asyncio's default handler logs them.
     */
    public EventLoop newLoop() {
        EventLoop loop = virtualClock ? EventLoop.virtual() : EventLoop.create();
        loop.setExceptionHandler((l, ctx) -> report(ctx));
        if (virtualClock) {
            log.useClockOf(loop);
        }
        if (progress != null) {
            progress.attach(loop, this);
        }
        return loop;
    }

    private void report(ExceptionContext ctx) {
        log.error(ctx.message());
        if (ctx.exception() == null && ctx.future() != null) {
            log.print("task: " + ctx.future()); // as asyncio's default handler shows the task
        }
        if (ctx.exception() != null) {
            log.trace(ctx.exception());
        }
    }

    /** Loop time now, in seconds: what the programs measure durations with. */
    public static double time() {
        return EventLoop.running().time();
    }

    /** Counts a fetch for the progress display (loop thread). */
    public void countFetch() {
        fetched++;
    }

    public int fetched() {
        return fetched;
    }

    /** The base URL of a stand-in IP service of the embedded server; needs the embedded server. */
    public String serviceUrl(String name, double delaySeconds) {
        if (server == null) {
            throw new IllegalStateException("the IP-service programs need the embedded server (no --base-url)");
        }
        return server.origin() + "/services/" + name + (delaySeconds > 0 ? "?delay=" + delaySeconds : "");
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.finish();
        }
        client.close();
        if (server != null) {
            server.close();
        }
    }
}
