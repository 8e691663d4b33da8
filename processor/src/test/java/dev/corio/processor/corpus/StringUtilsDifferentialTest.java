package dev.corio.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A differential test on real code ({@link Differential}): commons-lang3's {@code StringUtils}, every method
 * converted to a coroutine, run on the loop against the original methods from the library's jar.
 */
class StringUtilsDifferentialTest {
    private static final Object[] STRINGS = {null, "", " ", "abc", "  Hello World  ", "aBc", "a,b,,c", "xyzabcxyz",
        "\u00df\u00e9\tz"};

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void convertedStringUtilsGivesWhatTheOriginalGives() throws Exception {
        Differential.Summary s = Differential.run("commons-lang3", "org/apache/commons/lang3/StringUtils.java",
                "org.apache.commons.lang3.StringUtils", "org.apache.commons.lang3.",
                Map.of(String.class, STRINGS, CharSequence.class, STRINGS, int.class, new Object[] {-1, 0, 2, 5},
                        char.class, new Object[] {'a', ' ', ','}, boolean.class, new Object[] {true, false}));
        assertTrue(s.compared() >= 100, "only " + s.compared() + " methods compared");
        assertTrue(s.differences().isEmpty(), String.join("\n", s.differences().subList(0, Math.min(30, s.differences().size()))));
    }
}
