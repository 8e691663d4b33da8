package dev.corio.sample.programs;

import static dev.corio.Corio.await;
import static dev.corio.Corio.createTask;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.gatherReturnExceptions;
import static dev.corio.Corio.waitTasks;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.DoneAndPending;
import dev.corio.EventLoop;
import dev.corio.ReturnWhen;
import dev.corio.Task;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.BoomException;
import dev.corio.sample.hn.Item;
import dev.corio.sample.support.Plural;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The comment-tree coroutines of "Asyncio Coroutine Patterns" (both parts), as {@code @Async} methods: the
 * annotation processor turns each into a state machine in the generated subclass {@code Corio_Crawler};
 * create crawlers with {@code new Corio_Crawler(env)}. The recursive call in
 * {@link #postNumberOfComments} dispatches to the generated override, so each reply is counted by a
 * coroutine of its own.
 */
public class Crawler {
    final Env env;

    public Crawler(Env env) {
        this.env = env;
    }

    /** What to do with posts over the threshold (the first article's "fire and forget" section). */
    public enum PostLogging { NONE, AWAIT, FIRE_AND_FORGET }

    /**
     * Which version of the articles' {@code post_number_of_comments}.
     *
     * @param logErrors   log BOOM! where fetching a post or its replies failed, then re-raise (second article)
     * @param cascade     replies run as tasks of their own; a cancelled post logs it and cancels them
     *                    (second article, "Handling cancellation")
     * @param postLogging what to do with posts that have more than {@code minComments} comments
     * @param minComments the article's {@code MIN_COMMENTS}
     * @param logDelay    {@code log_post} sleeps {@code random() * logDelay} seconds
     * @param registry    where fire-and-forget tasks are kept, or {@code null} (the "task registry" fix)
     */
    public record Style(boolean logErrors, boolean cascade, PostLogging postLogging, int minComments,
            double logDelay, List<Task<?>> registry) {
        public static final Style PLAIN = new Style(false, false, PostLogging.NONE, 0, 0, null);
        public static final Style ERRORS = new Style(true, false, PostLogging.NONE, 0, 0, null);
        public static final Style CASCADE = new Style(false, true, PostLogging.NONE, 0, 0, null);
    }

    /**
     * {@code post_number_of_comments}: fetch the post, count its replies, recurse into each concurrently with
     * {@code gather} (fan out), add up (fan in).
     */
    @Async
    public Coroutine<Integer> postNumberOfComments(Fetcher fetcher, long postId, Style style) {
        double started = Env.time();
        Item response;
        try {
            response = await(fetcher.item(postId));
        } catch (BoomException e) {
            if (style.logErrors()) {
                env.log.error("Error retrieving post " + postId + ": " + e.getMessage());
            } else {
                env.log.debug("Error retrieving post " + postId + ": " + e.getMessage());
            }
            throw e;
        }
        env.log.debug(String.format("%s > Fetching of %s took %.3f seconds", centre(postId),
                env.client.itemUrl(postId), Env.time() - started));
        if (response == null || !response.hasKids()) {
            return result(0); // base case, there are no comments
        }
        int numberOfComments = response.kids().size();
        env.log.debug(centre(postId) + " > Fetching " + Plural.of(numberOfComments, "child post"));
        // create recursive coroutines (or, for the cascade, tasks we keep handles on) for all comments
        List<Coroutine<Integer>> coros = new ArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        for (long kid : response.kids()) {
            Coroutine<Integer> c = postNumberOfComments(fetcher, kid, style);
            if (style.cascade()) {
                tasks.add(createTask(c));
            } else {
                coros.add(c);
            }
        }
        List<Integer> results;
        try {
            results = await(style.cascade() ? gather(tasks) : gather(coros));
        } catch (BoomException e) {
            if (style.logErrors()) {
                env.log.error("Error retrieving comments for top stories: " + e.getMessage());
            } else {
                env.log.debug("Error retrieving comments for top stories: " + e.getMessage());
            }
            throw e;
        } catch (CancelledError e) {
            if (style.cascade()) {
                env.log.info("Comments for post " + postId + " cancelled, cancelling "
                        + Plural.of(tasks.size(), "child task"));
                for (Task<Integer> t : tasks) {
                    t.cancel();
                }
            }
            throw e;
        }
        for (int r : results) {
            numberOfComments += r;
        }
        env.log.debug(centre(postId) + " > " + Plural.of(numberOfComments, "comment"));
        if (style.postLogging() != PostLogging.NONE && numberOfComments > style.minComments()) {
            if (style.postLogging() == PostLogging.AWAIT) {
                await(logPost(style.logDelay()));
            } else {
                Task<Void> t = createTask(logPost(style.logDelay()), "log_post(" + postId + ")");
                if (style.registry() != null) {
                    style.registry().add(t);
                }
            }
        }
        return result(numberOfComments);
    }

    /** {@code log_post}: "simulate logging of a post" by sleeping {@code random() * maxDelay} seconds. */
    @Async
    public Coroutine<Void> logPost(double maxDelay) {
        await(sleep(env.random.nextDouble() * maxDelay));
        env.log.info("Post logged");
        return result(null);
    }

    /** The first article's {@code main}: count a post's comments, then log how long it took and how many fetches. */
    @Async
    public Coroutine<Integer> main(Fetcher fetcher, long postId, Style style) {
        fetcher.requireExisting(postId); // a post that does not exist has no comments to count: an error
        double now = Env.time();
        int comments = await(postNumberOfComments(fetcher, postId, style));
        env.log.info(took(Env.time() - now, fetcher.count()));
        return result(comments);
    }

    /**
     * Which version of the articles' {@code get_comments_of_top_stories}:
     * <ul>
     *   <li>{@code PLAIN}: {@code gather}, errors propagate (first article);</li>
     *   <li>{@code ERRORS}: the same, logging each failure before re-raising (second article, complete listing);</li>
     *   <li>{@code RETURN_EXCEPTIONS}: {@code gather(..., return_exceptions=True)}, each result checked;</li>
     *   <li>{@code FIRST_EXCEPTION}: {@code wait(..., FIRST_EXCEPTION)}, pending cancelled, post ids lost
     *       ({@code Post ???});</li>
     *   <li>{@code FIRST_EXCEPTION_IDS}: the same over tasks mapped to their post ids;</li>
     *   <li>{@code CASCADE}: the same, with counters that log cancellation and cancel their children.</li>
     * </ul>
     */
    public enum Mode { PLAIN, ERRORS, RETURN_EXCEPTIONS, FIRST_EXCEPTION, FIRST_EXCEPTION_IDS, CASCADE }

    /**
     * {@code get_comments_of_top_stories}: fetch the top stories, count the comments of the first {@code limit}
     * concurrently, report each, and give the job's fetch count ({@code null} when the versions that catch a
     * failed top-stories fetch gave up).
     */
    @Async
    public Coroutine<Integer> topStories(Fetcher fetcher, int limit, int iteration, Mode mode) {
        List<Long> ids;
        try {
            List<Long> all = await(fetcher.topStories());
            ids = all.subList(0, Math.min(limit, all.size()));
        } catch (Exception e) {
            if (mode == Mode.PLAIN) {
                throw e;
            }
            if (mode == Mode.ERRORS) {
                env.log.error("Error retrieving top stories: " + why(e));
                throw e;
            }
            // return instead of re-raising, as it would go unnoticed
            if (e instanceof BoomException) {
                env.log.error("Error retrieving top stories: " + why(e));
            } else {
                env.log.error("Unexpected exception: " + why(e));
            }
            return result(null);
        }
        Style style = mode == Mode.ERRORS ? Style.ERRORS : mode == Mode.CASCADE ? Style.CASCADE : Style.PLAIN;
        if (mode == Mode.PLAIN || mode == Mode.ERRORS) {
            List<Coroutine<Integer>> coros = new ArrayList<>();
            for (long id : ids) {
                coros.add(postNumberOfComments(fetcher, id, style));
            }
            List<Integer> results;
            try {
                results = await(gather(coros));
            } catch (BoomException e) {
                if (mode == Mode.ERRORS) {
                    env.log.error("Error retrieving comments for top stories: " + e.getMessage());
                }
                throw e;
            }
            for (int i = 0; i < ids.size(); i++) {
                env.log.info(has(ids.get(i), results.get(i), iteration));
            }
            return result(fetcher.count());
        }
        if (mode == Mode.RETURN_EXCEPTIONS) {
            List<Coroutine<Integer>> coros = new ArrayList<>();
            for (long id : ids) {
                coros.add(postNumberOfComments(fetcher, id, style));
            }
            // no try/except: with return-exceptions the failures come back in the list
            List<Object> results = await(gatherReturnExceptions(coros));
            for (int i = 0; i < ids.size(); i++) {
                Object r = results.get(i);
                if (r instanceof BoomException e) {
                    env.log.error("Error retrieving comments for top stories: " + e.getMessage());
                } else if (r instanceof Throwable e) {
                    env.log.error("Unexpected exception: " + why(e));
                } else {
                    env.log.info(has(ids.get(i), (Integer) r, iteration));
                }
            }
            return result(fetcher.count());
        }
        Map<Task<Integer>, Long> tasks = new LinkedHashMap<>();
        for (long id : ids) {
            tasks.put(createTask(postNumberOfComments(fetcher, id, style)), id);
        }
        // return on first exception to cancel any pending tasks
        DoneAndPending<Task<Integer>> dp = await(waitTasks(tasks.keySet(), ReturnWhen.FIRST_EXCEPTION));
        // cancel any pending tasks; the set may be empty, so this is safe
        for (Task<Integer> pending : dp.pending()) {
            pending.cancel();
            // A task whose failure was already on its way ends with it despite the cancel (asyncio allows
            // this too): retrieve it, so the loop does not report "Task exception was never retrieved".
            long post = tasks.get(pending);
            pending.addDoneCallback(t -> {
                if (!t.isCancelled() && t.exception() != null) {
                    env.log.debug("Post " + post + " was cancelled, but had already failed: "
                            + why(t.exception()));
                }
            });
        }
        for (Task<Integer> done : dp.done()) {
            String post = mode == Mode.FIRST_EXCEPTION ? "???" : String.valueOf(tasks.get(done));
            try {
                env.log.print(has(post, done.result(), iteration));
            } catch (BoomException e) {
                env.log.print("Error retrieving comments for top stories: " + e.getMessage());
            }
        }
        return result(fetcher.count());
    }

    /** The first article's three ways of polling. */
    public enum Variant {
        /** await the job, then sleep: the period drifts by the job's duration. */
        AWAIT,
        /** create a task and sleep: keeps the period, but reports 0 seconds and the wrong fetch count. */
        TASK,
        /** create a task with a done callback and a fetcher per task: correct reports. */
        CALLBACK
    }

    /** The second article's done callbacks (for {@link Variant#CALLBACK}). */
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

    /**
     * {@code poll_top_stories_for_comments}: every {@code period} seconds, count the comments of the top
     * {@code limit} stories. {@code iterations > 0} stops after that many polls and lets the ones still
     * running finish; 0 polls forever, as the articles do.
     */
    @Async
    public Coroutine<Void> poll(Variant variant, ErrorPolicy policy, Mode mode, double period, int limit,
            int iterations, int maxFetches) {
        Fetcher globalFetcher = new Fetcher(env, maxFetches); // the first article's global fetch_counter
        List<Throwable> errors = new ArrayList<>();
        List<Task<Integer>> inFlight = new ArrayList<>();
        int iteration = 1;
        while (iterations == 0 || iteration <= iterations) {
            if (policy == ErrorPolicy.FLAG && !errors.isEmpty()) {
                env.log.print("Error detected, quitting");
                return result(null);
            }
            String calculating = "Calculating comments for top " + Plural.of(limit, "story", "stories") + ". (" + iteration
                    + ")";
            if (variant == Variant.AWAIT) {
                double now = Env.time();
                env.log.info(calculating);
                await(topStories(globalFetcher, limit, iteration, mode));
                env.log.info(took(Env.time() - now, globalFetcher.count()));
            } else if (variant == Variant.TASK) {
                double now = Env.time();
                env.log.info(calculating);
                inFlight.add(createTask(topStories(globalFetcher, limit, iteration, mode)));
                env.log.info(took(Env.time() - now, globalFetcher.count()));
            } else {
                env.log.info(calculating);
                Task<Integer> future = createTask(topStories(new Fetcher(env, maxFetches), limit, iteration, mode));
                inFlight.add(future);
                future.addDoneCallback(new PollCallback(env, policy, errors, Env.time()));
            }
            env.log.info("Waiting for " + Plural.seconds(seconds(period)) + "...");
            iteration++;
            globalFetcher.reset();
            await(sleep(period));
        }
        List<Task<Integer>> left = new ArrayList<>();
        for (Task<Integer> t : inFlight) {
            if (!t.isDone()) {
                left.add(t);
            }
        }
        if (!left.isEmpty()) {
            // return-exceptions: their failures are the callbacks' business, not the poll loop's
            await(gatherReturnExceptions(left));
        }
        return result(null);
    }

    static String took(double seconds, int fetches) {
        return String.format("> Calculating comments took %.2f seconds and %s", seconds, Plural.of(fetches, "fetch"));
    }

    /** What went wrong, for a log line: the message, or the exception itself when it has none (never "null"). */
    static String why(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** {@code Post 13848196 has 32 comments (1)}. */
    static String has(Object post, int comments, int iteration) {
        return "Post " + post + " has " + Plural.of(comments, "comment") + " (" + iteration + ")";
    }

    static String seconds(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /** The done callback of one poll's task; named so the loop's report says what failed. */
    static final class PollCallback implements Consumer<AsyncFuture<Integer>> {
        private final Env env;
        private final ErrorPolicy policy;
        private final List<Throwable> errors;
        private final double started;

        PollCallback(Env env, ErrorPolicy policy, List<Throwable> errors, double started) {
            this.env = env;
            this.policy = policy;
            this.errors = errors;
            this.started = started;
        }

        @Override
        public void accept(AsyncFuture<Integer> fut) {
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
                return; // the job logged its own failure and gave up
            }
            env.log.info(took(loop.time() - started, fetchCount));
        }

        @Override
        public String toString() {
            return "poll_top_stories_for_comments.callback";
        }
    }

    /** Python's {@code '{:^6}'.format(post_id)}. */
    static String centre(long id) {
        String s = Long.toString(id);
        int pad = 6 - s.length();
        if (pad <= 0) {
            return s;
        }
        return " ".repeat(pad / 2) + s + " ".repeat(pad - pad / 2);
    }
}
