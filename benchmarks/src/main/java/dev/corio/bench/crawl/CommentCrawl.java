package dev.corio.bench.crawl;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.result;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.sample.hn.HnClient;
import dev.corio.sample.hn.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample app's comment crawler as @Async code (sample-app's {@code Crawler.postNumberOfComments}, plain
 * style): fetch the item through the sample's {@link HnClient}, count its replies, recurse into each at once
 * with {@code gather}, add up. Run through {@code Corio_CommentCrawl}.
 */
public class CommentCrawl {
    final HnClient client;

    public CommentCrawl(HnClient client) {
        this.client = client;
    }

    @Async
    public Coroutine<Integer> comments(long id) {
        Item item = await(client.item(id));
        if (item == null || !item.hasKids()) {
            return result(0);
        }
        List<Coroutine<Integer>> replies = new ArrayList<>();
        for (long kid : item.kids()) {
            replies.add(comments(kid));
        }
        int n = item.kids().size();
        for (int c : await(gather(replies))) {
            n += c;
        }
        return result(n);
    }
}
