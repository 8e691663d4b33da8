package dev.corio.sample.server;

import dev.corio.sample.hn.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled Hacker News snapshot the embedded server serves: items as the API returns them (raw JSON
 * text, one per id) and the top-stories list. Deterministic: generated once by
 * {@code sample-app/src/fixture/generate.py}. Post 8863 has 72 comments in its tree.
 */
public final class Fixture {
    private static final String DIR = "/dev/corio/sample/fixture/";
    private static volatile Fixture bundled;

    private final Map<Long, String> itemJson;
    private final Map<Long, List<Long>> kids;
    private final String topStoriesJson;
    private final List<Long> topStories;

    private Fixture(Map<Long, String> itemJson, Map<Long, List<Long>> kids, String topStoriesJson,
            List<Long> topStories) {
        this.itemJson = itemJson;
        this.kids = kids;
        this.topStoriesJson = topStoriesJson;
        this.topStories = topStories;
    }

    /** The fixture bundled in the jar (loaded once). */
    public static Fixture bundled() {
        Fixture f = bundled;
        if (f == null) {
            synchronized (Fixture.class) {
                f = bundled;
                if (f == null) {
                    bundled = f = load();
                }
            }
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Fixture load() {
        Map<Long, String> items = new HashMap<>();
        Map<Long, List<Long>> kids = new HashMap<>();
        for (String line : readLines(DIR + "items.jsonl")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> m = (Map<String, Object>) Json.parse(line);
            long id = (Long) m.get("id");
            items.put(id, line);
            List<Long> k = new ArrayList<>();
            Object ks = m.get("kids");
            if (ks != null) {
                for (Object o : (List<Object>) ks) {
                    k.add((Long) o);
                }
            }
            kids.put(id, k);
        }
        String top = String.join("\n", readLines(DIR + "topstories.json")).trim();
        List<Long> topIds = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(top)) {
            topIds.add((Long) o);
        }
        return new Fixture(items, kids, top, Collections.unmodifiableList(topIds));
    }

    private static List<String> readLines(String resource) {
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture resource missing from the class path: " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The item's JSON as the API serves it, or {@code null} for an id the fixture does not have. */
    public String itemJson(long id) {
        return itemJson.get(id);
    }

    public String topStoriesJson() {
        return topStoriesJson;
    }

    public List<Long> topStories() {
        return topStories;
    }

    /** The direct replies of {@code id} (empty if none or unknown). */
    public List<Long> kids(long id) {
        return kids.getOrDefault(id, List.of());
    }

    /** Number of comments in the tree under {@code id}, counted without the server (for tests and docs). */
    public int countComments(long id) {
        int n = 0;
        for (long k : kids(id)) {
            n += 1 + countComments(k);
        }
        return n;
    }

    public int size() {
        return itemJson.size();
    }
}
