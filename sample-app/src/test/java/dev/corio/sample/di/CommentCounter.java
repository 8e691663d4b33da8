package dev.corio.sample.di;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.result;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.sample.hn.HnClient;
import dev.corio.sample.hn.Item;
import jakarta.inject.Inject;
import java.util.List;

/**
 * A service as DI containers see them: its dependency (the Hacker News client) comes through an
 * {@code @Inject} constructor, and its one coroutine counts a post's comments over that client. Containers
 * must hand out {@code Corio_CommentCounter}, whose {@code comments} runs as a coroutine; this class's own
 * {@code comments} is the untransformed source and throws (docs/integration.md).
 */
public class CommentCounter {
    private final HnClient client; // private: the generated class reaches it through a VarHandle (docs/processor.md)

    @Inject
    public CommentCounter(HnClient client) {
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
