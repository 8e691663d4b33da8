package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User identifiers that look like the generated ones ({@code $self}, {@code $state}, {@code $value},
 * {@code $error}, {@code $retval}, {@code $t1}, {@code $finally1}, {@code $pending1}, {@code $p},
 * {@code $s}, {@code $t}, {@code SUSPENDED}, the label {@code machine}) as parameters, flattened locals,
 * locals and labels of copied code and lambda parameters: the fixed names are renamed, so a generated name
 * always means the generated thing (a local {@code $value} would otherwise be shadowed by resume's
 * parameter); the made-up ones ({@code $t1}, {@code $finally1}, copies {@code x$1}) come from an allocator
 * that knows every identifier of the body, so they never are the user's.
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

    /** {@code $lines} is the machine's table of source lines (async stack traces): a user's {@code $lines} is renamed. */
    @Test
    void aVariableNamedLikeTheLineTableKeepsItsValue() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public Coroutine<Integer> run() {",
                "    int $lines = await(later(40));",
                "    await(later(0));",
                "    return result($lines + 2);",
                "  }"));
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals(42, Harness.runOn(t, Harness.find(t.getClass(), "run")));
    }

    /**
     * A lambda reading a field-backed variable {@code x} reads a copy taken where it is made; the copy's
     * name ({@code x$1}) must not be a name of the body, here another variable that the same lambda reads.
     */
    @Test
    void aCaptureCopyNeverTakesAUserName() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public Coroutine<String> run() {",
                "    int x = await(later(1));",
                "    int x$1 = 10, x1$2 = 100, $t2 = 1000;",
                "    java.util.function.Supplier<Integer> s = () -> x + x$1 + x1$2 + $t2;",
                "    await(later(0));",
                "    int y = 0;",
                "    try { await(later(0)); } finally { y += 1; }",
                "    int $finally1 = await(later(5)), $pending1 = 6;",
                "    return result(s.get() + \"/\" + x + \"/\" + x$1 + \"/\" + x1$2 + \"/\" + $t2 + \"/\" + y + $finally1 + $pending1);",
                "  }"));
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals("1111/1/10/100/1000/156", Harness.runOn(t, Harness.find(t.getClass(), "run")));
    }
}
