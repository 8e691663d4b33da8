package dev.corio.sample.programs;

import dev.corio.sample.cli.Env;
import dev.corio.sample.support.StateMachine;

/**
 * The first article's {@code main}: count a post's comments and log how long it took and how many fetches.
 * <pre>{@code
 * @Async Integer main(long postId) {
 *     double now = loop.time();
 *     int comments = await(countComments(fetcher, postId));
 *     log.info(format("> Calculating comments took %.2f seconds and %d fetches", loop.time() - now, fetcher.count()));
 *     return result(comments);
 * }
 * }</pre>
 */
public final class CommentsMain extends StateMachine<Integer> {
    private final Env env;
    private final Fetcher fetcher;
    private final long postId;
    private final CommentCounter.Style style;
    private double now;

    public CommentsMain(Env env, Fetcher fetcher, long postId, CommentCounter.Style style) {
        this.env = env;
        this.fetcher = fetcher;
        this.postId = postId;
        this.style = style;
    }

    @Override
    protected Object step() throws Throwable {
        switch (pc) {
            case 0:
                now = Env.time();
                if (await(new CommentCounter(env, fetcher, postId, style), 1)) {
                    return SUSPENDED;
                }
                // fall through
            case 1: {
                int comments = (Integer) take();
                env.log.info(String.format("> Calculating comments took %.2f seconds and %d fetches",
                        Env.time() - now, fetcher.count()));
                return comments;
            }
            default:
                throw new IllegalStateException("resumed after completion");
        }
    }
}
