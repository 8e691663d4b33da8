package dev.corio.sample.programs;

import static dev.corio.Corio.gather;

import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.Task;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.BoomException;
import dev.corio.sample.hn.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * The articles' {@code post_number_of_comments}: fetch a post, count its replies, recurse into each with
 * {@code gather} (fan out), add up (fan in). One class for the articles' successive versions, chosen by
 * {@link Style}. Written by hand as a state machine (see {@link dev.corio.sample.support.StateMachine});
 * as an {@code @Async} method it reads:
 * <pre>{@code
 * @Async int countComments(Fetcher fetcher, long postId) {
 *     Item response = await(fetcher.item(postId));
 *     if (response == null || !response.hasKids()) return result(0);   // base case
 *     int numberOfComments = response.kids().size();
 *     List<Coroutine<Integer>> tasks = ...countComments(fetcher, kid) for each kid;
 *     List<Integer> results = await(gather(tasks));
 *     numberOfComments += sum(results);
 *     if (numberOfComments > minComments) await(logPost(response));  // or createTask(...): fire and forget
 *     return result(numberOfComments);
 * }
 * }</pre>
 */
public final class CommentCounter extends dev.corio.sample.support.StateMachine<Integer> {

    /** What to do with posts over the threshold (the first article's "fire and forget" section). */
    public enum PostLogging { NONE, AWAIT, FIRE_AND_FORGET }

    /**
     * Which version of the article's coroutine.
     *
     * @param logErrors    log BOOM! when fetching the post or its replies fails, then re-raise (article 2)
     * @param cascade      replies run as tasks of their own and a cancellation is logged and passed on to them
     *                     (article 2, "Handling cancellation")
     * @param postLogging  what to do with posts that have more than {@code minComments} comments
     * @param minComments  the article's {@code MIN_COMMENTS}
     * @param logDelay     {@code log_post} sleeps {@code random() * logDelay} seconds
     * @param registry     where fire-and-forget tasks are kept, or {@code null} (the "task registry" fix)
     */
    public record Style(boolean logErrors, boolean cascade, PostLogging postLogging, int minComments,
            double logDelay, List<Task<?>> registry) {
        public static final Style PLAIN = new Style(false, false, PostLogging.NONE, 0, 0, null);
        public static final Style ERRORS = new Style(true, false, PostLogging.NONE, 0, 0, null);
        public static final Style CASCADE = new Style(false, true, PostLogging.NONE, 0, 0, null);
    }

    private final Env env;
    private final Fetcher fetcher;
    private final long postId;
    private final Style style;
    private int numberOfComments;
    private List<Task<Integer>> tasks;

    public CommentCounter(Env env, Fetcher fetcher, long postId, Style style) {
        this.env = env;
        this.fetcher = fetcher;
        this.postId = postId;
        this.style = style;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object step() throws Throwable {
        switch (pc) {
            case 0: {
                // response = await fetcher.fetch(session, url)
                double started = Env.time();
                if (await(fetcher.item(postId), 1)) {
                    fetchStarted = started;
                    return SUSPENDED;
                }
                fetchStarted = started;
            }
            // fall through
            case 1: {
                Item response;
                try {
                    response = (Item) take();
                } catch (BoomException e) {
                    if (style.logErrors()) {
                        env.log.error("Error retrieving post " + postId + ": " + e.getMessage());
                    } else if (style.cascade()) {
                        env.log.debug("Error retrieving post " + postId + ": " + e.getMessage());
                    }
                    throw e;
                }
                env.log.debug(String.format("%s > Fetching of %s took %.3f seconds", centre(postId),
                        env.client.itemUrl(postId), Env.time() - fetchStarted));
                if (response == null || !response.hasKids()) {
                    return 0; // base case, there are no comments
                }
                numberOfComments = response.kids().size();
                env.log.debug(centre(postId) + " > Fetching " + numberOfComments + " child posts");
                List<Coroutine<Integer>> children = new ArrayList<>();
                for (long kid : response.kids()) {
                    children.add(new CommentCounter(env, fetcher, kid, style));
                }
                if (style.cascade()) {
                    tasks = new ArrayList<>();
                    for (Coroutine<Integer> c : children) {
                        tasks.add(Corio.createTask(c));
                    }
                    if (await(gather(tasks), 2)) {
                        return SUSPENDED;
                    }
                } else if (await(gather(children), 2)) {
                    return SUSPENDED;
                }
            }
            // fall through
            case 2: {
                List<Integer> results;
                try {
                    results = (List<Integer>) take();
                } catch (BoomException e) {
                    if (style.logErrors()) {
                        env.log.error("Error retrieving comments for top stories: " + e.getMessage());
                    } else if (style.cascade()) {
                        env.log.debug("Error retrieving comments for top stories: " + e.getMessage());
                    }
                    throw e;
                } catch (CancelledError e) {
                    if (style.cascade()) {
                        env.log.info("Comments for post " + postId + " cancelled, cancelling " + tasks.size()
                                + " child tasks");
                        for (Task<Integer> t : tasks) {
                            t.cancel();
                        }
                    }
                    throw e;
                }
                for (int r : results) {
                    numberOfComments += r;
                }
                env.log.debug(centre(postId) + " > " + numberOfComments + " comments");
                if (style.postLogging() != PostLogging.NONE && numberOfComments > style.minComments()) {
                    LogPost log = new LogPost(env, style.logDelay());
                    if (style.postLogging() == PostLogging.AWAIT) {
                        if (await(log, 3)) {
                            return SUSPENDED;
                        }
                        take();
                    } else {
                        Task<Void> t = Corio.createTask(log, "log_post(" + postId + ")");
                        if (style.registry() != null) {
                            style.registry().add(t);
                        }
                    }
                }
                return numberOfComments;
            }
            case 3:
                take();
                return numberOfComments;
            default:
                throw new IllegalStateException("resumed after completion");
        }
    }

    private double fetchStarted;

    /** Python's {@code '{:^6}'.format(post_id)}. */
    static String centre(long id) {
        String s = Long.toString(id);
        int pad = 6 - s.length();
        if (pad <= 0) {
            return s;
        }
        return " ".repeat(pad / 2) + s + " ".repeat(pad - pad / 2);
    }

    @Override
    public String toString() {
        return "post_number_of_comments(" + postId + ")";
    }
}
