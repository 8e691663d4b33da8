package dev.corio.bench.crawl;

import dev.corio.sample.hn.Item;
import dev.corio.sample.hn.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

/**
 * The same crawler without Corio: a thread per request (blocking {@code HttpClient.send}; platform or virtual
 * threads, by the factory), and {@code CompletableFuture}s ({@code sendAsync}, {@code thenCompose},
 * {@code allOf}). Same server, same JSON parsing, same answers.
 */
final class ThreadCrawl {
    private ThreadCrawl() {
    }

    @SuppressWarnings("unchecked")
    static Item parse(String body) {
        Object json = Json.parse(body);
        return json == null ? null : Item.fromJson((Map<String, Object>) json);
    }

    static HttpRequest get(String baseUrl, long id) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/item/" + id + ".json")).GET().build();
    }

    /** One thread per item: it fetches, starts a thread per reply, joins them, adds up. */
    static int comments(ThreadFactory threads, HttpClient http, String baseUrl, long id) throws Exception {
        Item item = parse(http.send(get(baseUrl, id), HttpResponse.BodyHandlers.ofString()).body());
        if (item == null || !item.hasKids()) {
            return 0;
        }
        int[] counts = new int[item.kids().size()];
        Throwable[] failed = new Throwable[1];
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int slot = i;
            long kid = item.kids().get(i);
            Thread t = threads.newThread(() -> {
                try {
                    counts[slot] = comments(threads, http, baseUrl, kid);
                } catch (Exception | Error e) {
                    synchronized (failed) {
                        failed[0] = e;
                    }
                }
            });
            t.start();
            started.add(t);
        }
        int n = counts.length;
        for (int i = 0; i < counts.length; i++) {
            started.get(i).join();
            n += counts[i];
        }
        synchronized (failed) {
            if (failed[0] != null) {
                throw new IOException("a reply's fetch failed", failed[0]);
            }
        }
        return n;
    }

    /** The same with CompletableFutures on the HttpClient's executor. */
    static CompletableFuture<Integer> commentsAsync(HttpClient http, String baseUrl, long id) {
        return http.sendAsync(get(baseUrl, id), HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            Item item = parse(r.body());
            if (item == null || !item.hasKids()) {
                return CompletableFuture.completedFuture(0);
            }
            List<CompletableFuture<Integer>> replies = new ArrayList<>();
            for (long kid : item.kids()) {
                replies.add(commentsAsync(http, baseUrl, kid));
            }
            return CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                int n = replies.size();
                for (CompletableFuture<Integer> c : replies) {
                    n += c.join();
                }
                return n;
            });
        });
    }
}
