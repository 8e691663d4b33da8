package dev.corio.sample.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response of {@link CorioHttpClient}: status, headers (names in lower case, as HTTP/1.1 header names
 * are case-insensitive; repeated headers in order) and the whole body, de-chunked.
 */
public record HttpResponse(String url, int status, String reason, Map<String, List<String>> headers, byte[] body) {
    public HttpResponse {
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(copy); // in the order the server sent them
    }

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text (the HN API's JSON is UTF-8). */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
