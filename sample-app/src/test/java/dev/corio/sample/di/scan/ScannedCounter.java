package dev.corio.sample.di.scan;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.result;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.sample.hn.HnClient;
import dev.corio.sample.hn.Item;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code CommentCounter} for component scanning: abstract, so that only {@code Corio_ScannedCounter} is a bean. */
@Component
public abstract class ScannedCounter {
    final HnClient client;

    protected ScannedCounter(HnClient client) {
        this.client = client;
    }

    @Async
    public Coroutine<Integer> comments(long id) {
        Item item = await(client.item(id));
        if (item == null || !item.hasKids()) {
            return result(0);
        }
        List<Integer> counts = await(gather(item.kids().stream().map(this::comments).toList()));
        int total = item.kids().size();
        for (int c : counts) {
            total += c;
        }
        return result(total);
    }
}
