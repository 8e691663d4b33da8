package dev.corio.sample.hn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesTheApisShapes() {
        Object v = Json.parse(" {\"id\": 8863, \"kids\": [1, 2], \"score\": -1.5e2, \"dead\": false,"
                + " \"text\": \"a \\\"b\\\" \\u00e9\\n\", \"parent\": null} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(8863L, m.get("id"));
        assertEquals(List.of(1L, 2L), m.get("kids"));
        assertEquals(-150.0, m.get("score"));
        assertEquals(Boolean.FALSE, m.get("dead"));
        assertEquals("a \"b\" \u00e9\n", m.get("text"));
        assertTrue(m.containsKey("parent"));
        assertNull(m.get("parent"));
        assertEquals(Arrays.asList(List.of(), Map.of(), true), Json.parse("[[],{},true]"));
        assertNull(Json.parse("null"));
    }

    @Test
    void rejectsMalformedInputWithTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    }
}
