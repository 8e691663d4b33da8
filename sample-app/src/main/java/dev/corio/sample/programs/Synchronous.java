package dev.corio.sample.programs;

import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.HnClient.JsonResponse;
import java.io.IOException;

/**
 * The synchronous halves of "AsyncIO for the Working Python Developer"'s comparisons: plain blocking Java,
 * no loop, to set against the coroutines of {@link WorkingDev}.
 */
public final class Synchronous {
    private Synchronous() {
    }

    /** 1c, {@code synchronous()}: nine tasks sleeping 0 to 2 ms, one after the other. */
    public static void ordering(Env env) throws InterruptedException {
        for (int i = 1; i < 10; i++) {
            int ms = env.random.nextInt(3);
            Thread.sleep(ms);
            env.log.print("Task " + i + " done" + (env.log.verbose() ? " (slept " + ms + " ms)" : ""));
        }
    }

    /** 1d, {@code synchronous()}: the requests wait for each other. */
    public static void fetch(Env env, String url, int clients) throws IOException, InterruptedException {
        long start = System.nanoTime();
        for (int pid = 1; pid <= clients; pid++) {
            env.log.print("Fetch sync process " + pid + " started");
            long t = System.nanoTime();
            JsonResponse r = env.client.jsonBlocking(url);
            env.log.print(String.format("Process %d: %s, took: %.2f seconds", pid, r.date(),
                    (System.nanoTime() - t) / 1e9));
        }
        env.log.print(String.format("Process took: %.2f seconds", (System.nanoTime() - start) / 1e9));
    }
}
