package dev.corio.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A differential test on a second library ({@link Differential}): commons-codec's {@code Hex},
 * {@code Base64}, {@code StringUtils} and {@code DigestUtils}, every method converted to a coroutine, run on
 * the loop against the original methods from the library's jar, on strings and byte arrays.
 */
class CodecDifferentialTest {
    private static final Object[] STRINGS = {null, "", "abc", "0aFf", "SGVsbG8=", "not base64!", "\u00df\u00e9\tz"};
    private static final Object[] BYTES = {null, new byte[0], "hello".getBytes(StandardCharsets.US_ASCII),
        new byte[] {0, 1, 127, -128, -1}, "SGVsbG8gV29ybGQ=".getBytes(StandardCharsets.US_ASCII)};
    private static final Map<Class<?>, Object[]> INPUTS = Map.of(String.class, STRINGS, CharSequence.class, STRINGS,
            byte[].class, BYTES, int.class, new Object[] {-1, 0, 3, 76}, boolean.class, new Object[] {true, false},
            char[].class, new Object[] {null, new char[0], "0aff".toCharArray(), "0a1".toCharArray()});

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void convertedCodecClassesGiveWhatTheOriginalsGive() throws Exception {
        List<Differential.Summary> all = new ArrayList<>();
        for (String c : List.of("binary.Hex", "binary.Base64", "binary.StringUtils", "digest.DigestUtils")) {
            String cls = "org.apache.commons.codec." + c;
            all.add(Differential.run("commons-codec", cls.replace('.', '/') + ".java", cls, "org.apache.commons.codec.", INPUTS));
        }
        int compared = all.stream().mapToInt(Differential.Summary::compared).sum();
        List<String> differences = new ArrayList<>();
        all.forEach(s -> differences.addAll(s.differences()));
        assertTrue(compared >= 40, "only " + compared + " methods compared");
        assertTrue(differences.isEmpty(), String.join("\n", differences.subList(0, Math.min(30, differences.size()))));
    }
}
