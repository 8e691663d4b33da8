package dev.corio.sample.hn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A Hacker News item (story or comment) as the API describes it; only the fields the programs use.
 * {@link #kids()} is empty when the item has no replies (the API then omits the field).
 */
public record Item(long id, String type, String by, String title, List<Long> kids, Integer descendants) {

    /** Builds an item from the API's parsed JSON object. */
    @SuppressWarnings("unchecked")
    public static Item fromJson(Map<String, Object> m) {
        List<Long> kids = new ArrayList<>();
        Object ks = m.get("kids");
        if (ks instanceof List<?> l) {
            for (Object o : l) {
                kids.add(((Number) o).longValue());
            }
        }
        Object d = m.get("descendants");
        return new Item(((Number) m.get("id")).longValue(), (String) m.get("type"), (String) m.get("by"),
                (String) m.get("title"), Collections.unmodifiableList(kids),
                d == null ? null : ((Number) d).intValue());
    }

    /** Whether the item has replies: the article's {@code 'kids' in response}. */
    public boolean hasKids() {
        return !kids.isEmpty();
    }
}
