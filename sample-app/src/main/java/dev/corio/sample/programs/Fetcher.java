package dev.corio.sample.programs;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.BoomException;
import dev.corio.sample.hn.Item;
import dev.corio.sample.hn.NoSuchItemException;
import java.util.List;

/**
 * The articles' {@code URLFetcher}: counts the fetches of one job, and, like their
 * {@code MAXIMUM_FETCHES}, can refuse every fetch past a budget with {@link BoomException} (a client-side
 * failure, per job; the embedded server's {@code --fail-after} is the server-wide one). Loop thread only.
 */
public final class Fetcher {
    private final Env env;
    private final int maxFetches;
    private int count;
    private long required = -1;

    /** @param maxFetches the budget, or a negative number for none */
    public Fetcher(Env env, int maxFetches) {
        this.env = env;
        this.maxFetches = maxFetches;
    }

    public Fetcher(Env env) {
        this(env, -1);
    }

    public AsyncFuture<Item> item(long id) {
        if (overBudget()) {
            return boom();
        }
        AsyncFuture<Item> answer = env.client.item(id);
        return id == required ? existing(id, answer) : answer;
    }

    /**
     * Makes a fetch of {@code id} fail with {@link NoSuchItemException} where the API answers {@code null}:
     * for the post a program was asked about (a reply the API does not have just counts as no comments).
     */
    public void requireExisting(long id) {
        required = id;
    }

    private AsyncFuture<Item> existing(long id, AsyncFuture<Item> answer) {
        AsyncFuture<Item> checked = EventLoop.running().createFuture();
        answer.addDoneCallback(a -> {
            if (checked.isDone()) {
                return;
            }
            if (a.isCancelled()) {
                checked.cancel();
            } else if (a.exception() != null) {
                checked.setException(a.exception());
            } else if (a.result() == null) {
                checked.setException(new NoSuchItemException(id, env.client.itemUrl(id)));
            } else {
                checked.setResult(a.result());
            }
        });
        checked.addDoneCallback(c -> {
            if (c.isCancelled()) {
                answer.cancel();
            }
        });
        return checked;
    }

    public AsyncFuture<List<Long>> topStories() {
        if (overBudget()) {
            return boom();
        }
        return env.client.topStories();
    }

    /** {@code self.fetch_counter += 1; if self.fetch_counter > MAXIMUM_FETCHES: raise BoomException}. */
    private boolean overBudget() {
        count++;
        env.countFetch();
        return maxFetches >= 0 && count > maxFetches;
    }

    private static <T> AsyncFuture<T> boom() {
        AsyncFuture<T> f = EventLoop.running().createFuture();
        f.setException(new BoomException("BOOM!"));
        return f;
    }

    public int count() {
        return count;
    }

    /** The first article's {@code fetch_counter = 0} between polls. */
    public void reset() {
        count = 0;
    }
}
