package dev.corio.sample.programs;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.sample.cli.Env;
import dev.corio.sample.support.Plural;
import java.util.function.Consumer;

/**
 * The first article's periodic function that schedules itself with {@code loop.call_later}: a plain method
 * (no coroutine) that starts a task for one poll, adds a done callback, and asks the loop to call it again
 * in {@code period} seconds; the loop runs forever. With {@code iterations > 0} it stops scheduling after
 * that many polls and stops the loop once the last poll is reported and no task is left.
 */
public final class SelfScheduling {
    private final Env env;
    private final EventLoop loop;
    private final double period;
    private final int limit;
    private final int iterations;
    private final int maxFetches;
    private int scheduled;
    private int finished;

    public SelfScheduling(Env env, EventLoop loop, double period, int limit, int iterations, int maxFetches) {
        this.env = env;
        this.loop = loop;
        this.period = period;
        this.limit = limit;
        this.iterations = iterations;
        this.maxFetches = maxFetches;
    }

    /**
     * Stops the loop once no task is left: the last poll's stragglers (replies still failing after their
     * gather already failed) finish first, rather than being dropped with their failures unread.
     */
    private void stopWhenIdle() {
        if (loop.allTasks().isEmpty()) {
            loop.stop();
        } else {
            loop.callLater(0.01, this::stopWhenIdle);
        }
    }

    /** {@code poll_top_stories_for_comments(loop, period, limit, iteration=0)}. */
    public void poll(int iteration) {
        env.log.info("Calculating comments for top " + Plural.of(limit, "story", "stories") + " (" + iteration + ")");
        Task<Integer> future = loop.createTask(
                new Corio_Crawler(env).topStories(new Fetcher(env, maxFetches), limit, iteration, Crawler.Mode.PLAIN));
        double now = loop.time();
        future.addDoneCallback(new Consumer<AsyncFuture<Integer>>() {
            @Override
            public void accept(AsyncFuture<Integer> fut) {
                finished++;
                try {
                    int fetchCount = fut.result();
                    env.log.info(Crawler.took(loop.time() - now, fetchCount));
                } finally {
                    if (iterations > 0 && finished == iterations) {
                        stopWhenIdle();
                    }
                }
            }

            @Override
            public String toString() {
                return "poll_top_stories_for_comments.<locals>.callback";
            }
        });
        env.log.info("Waiting for " + Plural.seconds(Crawler.seconds(period)) + "...");
        scheduled++;
        if (iterations == 0 || scheduled < iterations) {
            int next = iteration + 1;
            loop.callLater(period, () -> poll(next)); // or callAt(loop.time() + period, ...)
        }
    }
}
