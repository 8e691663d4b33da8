package dev.corio.sample.programs;

import static dev.corio.Corio.sleep;
import static dev.corio.Corio.gatherReturnExceptions;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.BoomException;
import dev.corio.sample.support.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The articles' {@code poll_top_stories_for_comments}: every {@code period} seconds, count the comments of
 * the top {@code limit} stories. {@link Variant} is the first article's three loops; {@link ErrorPolicy} the
 * second article's successive done callbacks. {@code iterations > 0} stops after that many polls (and lets
 * the last ones finish); 0 polls forever, as the articles do.
 * <pre>{@code
 * @Async Void poll(...) {                      // Variant.TASK with a callback
 *     int iteration = 1;
 *     while (true) {
 *         log.info("Calculating comments for top " + limit + " stories. (" + iteration + ")");
 *         Task<Integer> future = createTask(topStories(limit, iteration));
 *         double now = loop.time();
 *         future.addDoneCallback(fut -> log.info("> Calculating comments took ..." + fut.result() + " fetches"));
 *         log.info("Waiting for " + period + " seconds...");
 *         iteration++;
 *         await(sleep(period));
 *     }
 * }
 * }</pre>
 */
public final class Poller extends StateMachine<Void> {

    /** The first article's three ways of polling. */
    public enum Variant {
        /** await the job, then sleep: the period drifts by the job's duration. */
        AWAIT,
        /** create a task and sleep: keeps the period, but reports 0 seconds and the wrong fetch count. */
        TASK,
        /** create a task with a done callback and a fetcher per task: correct reports. */
        CALLBACK
    }

    /** The second article's done callbacks. */
    public enum ErrorPolicy {
        /** {@code fut.result()} unguarded: the loop logs "Exception in callback", polling goes on. */
        NONE,
        /** {@code except BoomException: log.exception("Something went BOOM")}; other errors still escape. */
        BOOM,
        /** BOOM! is handled (logged where it happened), anything else logged as "Unexpected error". */
        ALL,
        /** as ALL, then {@code loop.stop()}: the loop stops before the main coroutine finished. */
        STOP,
        /** errors go to a list the poll loop checks: "Error detected, quitting", a clean exit. */
        FLAG
    }

    private final Env env;
    private final Variant variant;
    private final ErrorPolicy policy;
    private final TopStories.Mode mode;
    private final double period;
    private final int limit;
    private final int iterations;
    private final int maxFetches;
    private final Fetcher globalFetcher;
    private final List<Throwable> errors = new ArrayList<>();
    private final List<Task<Integer>> inFlight = new ArrayList<>();
    private int iteration = 1;
    private double now;

    public Poller(Env env, Variant variant, ErrorPolicy policy, TopStories.Mode mode, double period, int limit,
            int iterations, int maxFetches) {
        this.env = env;
        this.variant = variant;
        this.policy = policy;
        this.mode = mode;
        this.period = period;
        this.limit = limit;
        this.iterations = iterations;
        this.maxFetches = maxFetches;
        this.globalFetcher = new Fetcher(env, maxFetches);
    }

    @Override
    protected Object step() throws Throwable {
        for (;;) {
            switch (pc) {
                case 0: {
                    if (iterations > 0 && iteration > iterations) {
                        pc = 3;
                        continue;
                    }
                    if (policy == ErrorPolicy.FLAG && !errors.isEmpty()) {
                        env.log.print("Error detected, quitting");
                        return null;
                    }
                    String calculating = "Calculating comments for top " + limit + " stories. (" + iteration + ")";
                    if (variant == Variant.AWAIT) {
                        now = Env.time();
                        env.log.info(calculating);
                        if (await(new TopStories(env, globalFetcher, limit, iteration, mode), 1)) {
                            return SUSPENDED;
                        }
                        continue;
                    }
                    env.log.info(calculating);
                    if (variant == Variant.TASK) {
                        now = Env.time();
                        inFlight.add(Corio.createTask(new TopStories(env, globalFetcher, limit, iteration, mode)));
                        env.log.info(String.format("> Calculating comments took %.2f seconds and %d fetches",
                                Env.time() - now, globalFetcher.count()));
                    } else {
                        Task<Integer> future = Corio.createTask(
                                new TopStories(env, new Fetcher(env, maxFetches), limit, iteration, mode));
                        inFlight.add(future);
                        future.addDoneCallback(new Callback(Env.time()));
                    }
                    env.log.info("Waiting for " + fmt(period) + " seconds...");
                    iteration++;
                    globalFetcher.reset();
                    if (await(sleep(period), 2)) {
                        return SUSPENDED;
                    }
                    continue;
                }
                case 1:
                    take();
                    env.log.info(String.format("> Calculating comments took %.2f seconds and %d fetches",
                            Env.time() - now, globalFetcher.count()));
                    env.log.info("Waiting for " + fmt(period) + " seconds...");
                    iteration++;
                    globalFetcher.reset();
                    if (await(sleep(period), 2)) {
                        return SUSPENDED;
                    }
                    continue;
                case 2:
                    take();
                    pc = 0;
                    continue;
                case 3: {
                    List<Task<Integer>> left = new ArrayList<>();
                    for (Task<Integer> t : inFlight) {
                        if (!t.isDone()) {
                            left.add(t);
                        }
                    }
                    if (left.isEmpty()) {
                        return null;
                    }
                    // returnExceptions: the failures are the callbacks' business, not the poll loop's
                    if (await(gatherReturnExceptions(left), 4)) {
                        return SUSPENDED;
                    }
                    continue;
                }
                case 4:
                    take();
                    pc = 3;
                    continue;
                default:
                    throw new IllegalStateException("resumed after completion");
            }
        }
    }

    static String fmt(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }

    /** The done callback of one poll's task; named so the loop's report says what failed. */
    private final class Callback implements Consumer<AsyncFuture<Integer>> {
        private final double started;

        Callback(double started) {
            this.started = started;
        }

        @Override
        public void accept(AsyncFuture<Integer> fut) {
            inFlight.remove(fut);
            EventLoop loop = fut.getLoop();
            Integer fetchCount;
            switch (policy) {
                case NONE:
                    fetchCount = fut.result();
                    break;
                case BOOM:
                    try {
                        fetchCount = fut.result();
                    } catch (BoomException e) {
                        env.log.exception("Something went BOOM", e);
                        return;
                    }
                    break;
                default:
                    try {
                        fetchCount = fut.result();
                    } catch (BoomException e) {
                        if (policy == ErrorPolicy.STOP) {
                            loop.stop();
                        } else if (policy == ErrorPolicy.FLAG) {
                            env.log.debug("Adding " + e.getMessage() + " to errors");
                            errors.add(e);
                        }
                        return; // a handled exception
                    } catch (Exception e) {
                        env.log.exception("Unexpected error", e);
                        if (policy == ErrorPolicy.STOP) {
                            loop.stop();
                        } else if (policy == ErrorPolicy.FLAG) {
                            errors.add(e);
                        }
                        return;
                    }
            }
            if (fetchCount == null) {
                return; // the job logged its own failure and returned
            }
            env.log.info(String.format("> Calculating comments took %.2f seconds and %d fetches",
                    loop.time() - started, fetchCount));
        }

        @Override
        public String toString() {
            return "poll_top_stories_for_comments.callback";
        }
    }
}
