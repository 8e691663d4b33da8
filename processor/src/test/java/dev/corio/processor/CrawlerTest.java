package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corio.Corio;
import dev.corio.EventLoop;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The design note's example end to end: recursive comment counting with gather, on an API whose items
 * arrive after a (virtual) delay, so the whole tree is fetched concurrently.
 */
class CrawlerTest {
    @Test
    void countsCommentsConcurrently() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public abstract class Crawler {",
                "  public interface Api { Awaitable<Item> item(long id); }",
                "  public record Item(long id, List<Long> kids) {}",
                "  final Api api;",
                "  protected Crawler(Api api) { this.api = api; }",
                "  @Async",
                "  public Coroutine<Integer> comments(long id) {",
                "    Item item = await(api.item(id));",
                "    List<Integer> counts = await(gather(item.kids().stream().map(this::comments).toList()));",
                "    int total = item.kids().size();",
                "    for (int c : counts) total += c;",
                "    return result(total);",
                "  }",
                "}"));
        Class<?> itemClass = l.loadClass("t.Crawler$Item");
        Class<?> apiClass = l.loadClass("t.Crawler$Api");
        Constructor<?> newItem = itemClass.getConstructor(long.class, List.class);
        // a tree: 1 -> 2, 3; 2 -> 4, 5, 6; 3 -> 7; 7 -> 8
        Map<Long, List<Long>> kids = Map.of(1L, List.of(2L, 3L), 2L, List.of(4L, 5L, 6L), 3L, List.of(7L), 7L, List.of(8L));
        Object api = java.lang.reflect.Proxy.newProxyInstance(l, new Class<?>[] {apiClass}, (proxy, method, args) -> {
            long id = (Long) args[0];
            return Corio.sleep(1, newItem.newInstance(id, kids.getOrDefault(id, List.of())));
        });
        Object crawler = l.loadClass("t.Corio_Crawler").getDeclaredConstructor(apiClass).newInstance(api);
        EventLoop loop = EventLoop.virtual();
        Object coro = l.loadClass("t.Corio_Crawler").getMethod("comments", long.class).invoke(crawler, 1L);
        assertEquals(7, loop.runUntilComplete((dev.corio.Coroutine<?>) coro));
        assertEquals(4.0, loop.time()); // one second per level of the tree, not per item
        loop.close();
    }
}
