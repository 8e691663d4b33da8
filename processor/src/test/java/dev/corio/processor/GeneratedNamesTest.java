package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User identifiers that look like the generated ones ({@code $self}, {@code $state}, {@code $value},
 * {@code $error}, {@code $retval}, {@code $t1}, {@code $finally1}, {@code $pending1}, {@code $p},
 * {@code $s}, {@code $t}, {@code SUSPENDED}, the label {@code machine}) as parameters, flattened locals,
 * locals and labels of copied code and lambda parameters: they are renamed, so a generated name always
 * means the generated thing (a local {@code $value} would otherwise be shadowed by resume's parameter).
 */
@Timeout(60)
class GeneratedNamesTest {
    @Test
    void userIdentifiersNamedLikeGeneratedOnesAreRenamed() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  int $state = 100;",
                "  @Async public Coroutine<String> run(int $value, String $self) {",
                "    int $t1 = await(later(1));",
                "    int $error = await(later(2));",
                "    int SUSPENDED = 3;",
                "    String $retval = \"r\";",
                "    int $p = 4, $s = 5, $t = 6;",
                "    for (int $finally1 = 0; $finally1 < 2; $finally1++) { $t1 += await(later($finally1)); }",
                "    machine:",
                "    for (int i = 0; i < 3; i++) {",
                "      int $pending1 = i;",
                "      for (int j = 0; j < 3; j++) { if (j == 1) continue machine; if (i == 2) break machine; $t1 += $pending1; }",
                "    }",
                "    {",
                "      int $value2 = 7;",
                "      Supplier<Integer> sup = () -> { int $state2 = 1; return $state2 + $value2; };",
                "      $t1 += sup.get();",
                "    }",
                "    try { await(later(0)); } finally { $t1 += SUSPENDED; }",
                "    Function<Integer, Integer> f = $t2 -> $t2 + 1;",
                "    return result($value + $self + $t1 + $error + SUSPENDED + $retval + $p + $s + $t + f.apply(1) + this.$state + $state);",
                "  }"));
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals("10S1423r4562100100", Harness.runOn(t, Harness.find(t.getClass(), "run"), 10, "S"));
    }
}
