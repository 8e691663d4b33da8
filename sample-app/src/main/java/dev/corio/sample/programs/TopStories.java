package dev.corio.sample.programs;

import static dev.corio.Corio.gather;
import static dev.corio.Corio.gatherReturnExceptions;
import static dev.corio.Corio.waitTasks;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.BoomException;
import dev.corio.DoneAndPending;
import dev.corio.ReturnWhen;
import dev.corio.sample.support.StateMachine;
import dev.corio.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The articles' {@code get_comments_of_top_stories}: fetch the top stories, count the comments of the
 * first {@code limit} concurrently, report each, and give the job's fetch count. The {@link Mode} picks
 * the article version:
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
public final class TopStories extends StateMachine<Integer> {

    public enum Mode { PLAIN, ERRORS, RETURN_EXCEPTIONS, FIRST_EXCEPTION, FIRST_EXCEPTION_IDS, CASCADE }

    private final Env env;
    private final Fetcher fetcher;
    private final int limit;
    private final int iteration;
    private final Mode mode;
    private List<Long> ids;
    private Map<Task<Integer>, Long> tasks;

    public TopStories(Env env, Fetcher fetcher, int limit, int iteration, Mode mode) {
        this.env = env;
        this.fetcher = fetcher;
        this.limit = limit;
        this.iteration = iteration;
        this.mode = mode;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object step() throws Throwable {
        switch (pc) {
            case 0:
                if (await(fetcher.topStories(), 1)) {
                    return SUSPENDED;
                }
                // fall through
            case 1: {
                try {
                    List<Long> all = (List<Long>) take();
                    ids = all.subList(0, Math.min(limit, all.size()));
                } catch (Exception e) {
                    switch (mode) {
                        case PLAIN:
                            throw e;
                        case ERRORS:
                            env.log.error("Error retrieving top stories: " + e.getMessage());
                            throw e;
                        default:
                            // return instead of re-raising, as it would go unnoticed
                            if (e instanceof BoomException) {
                                env.log.error("Error retrieving top stories: " + e.getMessage());
                            } else {
                                env.log.error("Unexpected exception: " + e.getMessage());
                            }
                            return null;
                    }
                }
                CommentCounter.Style style = switch (mode) {
                    case ERRORS -> CommentCounter.Style.ERRORS;
                    case CASCADE -> CommentCounter.Style.CASCADE;
                    default -> CommentCounter.Style.PLAIN;
                };
                if (mode == Mode.PLAIN || mode == Mode.ERRORS || mode == Mode.RETURN_EXCEPTIONS) {
                    List<Coroutine<Integer>> coros = new ArrayList<>();
                    for (long id : ids) {
                        coros.add(new CommentCounter(env, fetcher, id, style));
                    }
                    if (await(mode == Mode.RETURN_EXCEPTIONS ? gatherReturnExceptions(coros) : gather(coros), 2)) {
                        return SUSPENDED;
                    }
                } else {
                    tasks = new LinkedHashMap<>();
                    for (long id : ids) {
                        tasks.put(Corio.createTask(new CommentCounter(env, fetcher, id, style)), id);
                    }
                    // return on first exception to cancel any pending tasks
                    if (await(waitTasks(tasks.keySet(), ReturnWhen.FIRST_EXCEPTION), 3)) {
                        return SUSPENDED;
                    }
                    pc = 3;
                    return step();
                }
            }
            // fall through
            case 2: {
                List<Object> results;
                try {
                    results = (List<Object>) take();
                } catch (BoomException e) {
                    if (mode == Mode.ERRORS) {
                        env.log.error("Error retrieving comments for top stories: " + e.getMessage());
                    }
                    throw e;
                }
                for (int i = 0; i < ids.size(); i++) {
                    Object result = results.get(i);
                    if (result instanceof BoomException e) {
                        env.log.error("Error retrieving comments for top stories: " + e.getMessage());
                    } else if (result instanceof Throwable e) {
                        env.log.error("Unexpected exception: " + e.getMessage());
                    } else {
                        env.log.info("Post " + ids.get(i) + " has " + result + " comments (" + iteration + ")");
                    }
                }
                return fetcher.count();
            }
            case 3: {
                DoneAndPending<Task<Integer>> dp = (DoneAndPending<Task<Integer>>) take();
                // cancel any pending tasks; the set may be empty, so this is safe
                for (Task<Integer> pending : dp.pending()) {
                    pending.cancel();
                }
                for (Task<Integer> done : dp.done()) {
                    String post = mode == Mode.FIRST_EXCEPTION ? "???" : String.valueOf(tasks.get(done));
                    try {
                        env.log.print("Post " + post + " has " + done.result() + " comments (" + iteration + ")");
                    } catch (BoomException e) {
                        env.log.print("Error retrieving comments for top stories: " + e.getMessage());
                    }
                }
                return fetcher.count();
            }
            default:
                throw new IllegalStateException("resumed after completion");
        }
    }

    @Override
    public String toString() {
        return "get_comments_of_top_stories(" + iteration + ")";
    }

}
