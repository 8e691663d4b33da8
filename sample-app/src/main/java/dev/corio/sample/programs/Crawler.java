package dev.corio.sample.programs;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.result;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * The first article's recursive comment counter written as {@code @Async} methods: the annotation processor
 * turns each into a state machine in the generated subclass {@code Corio_Crawler}; create crawlers with
 * {@code new Corio_Crawler(env)}. The recursive call {@code postNumberOfComments(...)} dispatches to the
 * generated override, so each reply is counted by its own coroutine.
 */
public class Crawler {
    final Env env;

    public Crawler(Env env) {
        this.env = env;
    }

    /** {@code post_number_of_comments}: fetch the post, then all its replies concurrently, and add up. */
    @Async
    public Coroutine<Integer> postNumberOfComments(Fetcher fetcher, long postId) {
        double started = Env.time();
        Item response = await(fetcher.item(postId));
        env.log.debug(String.format("%s > Fetching of %s took %.3f seconds", CommentCounter.centre(postId),
                env.client.itemUrl(postId), Env.time() - started));
        if (response == null || !response.hasKids()) {
            return result(0); // base case, there are no comments
        }
        int numberOfComments = response.kids().size();
        env.log.debug(CommentCounter.centre(postId) + " > Fetching " + numberOfComments + " child posts");
        List<Coroutine<Integer>> tasks = new ArrayList<>();
        for (long kid : response.kids()) {
            tasks.add(postNumberOfComments(fetcher, kid));
        }
        List<Integer> results = await(gather(tasks));
        for (int r : results) {
            numberOfComments += r;
        }
        env.log.debug(CommentCounter.centre(postId) + " > " + numberOfComments + " comments");
        return result(numberOfComments);
    }

    /** The article's {@code main}: count, then log how long it took and how many fetches. */
    @Async
    public Coroutine<Integer> main(Fetcher fetcher, long postId) {
        double now = Env.time();
        int comments = await(postNumberOfComments(fetcher, postId));
        env.log.info(String.format("> Calculating comments took %.2f seconds and %d fetches", Env.time() - now,
                fetcher.count()));
        return result(comments);
    }
}
