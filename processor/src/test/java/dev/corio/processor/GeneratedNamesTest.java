package dev.corio.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User identifiers that look like the generated ones ({@code $self}, {@code $state}, {@code $value},
 * {@code $error}, {@code $retval}, {@code $result}, {@code $lines}, {@code $t1}, {@code $finally1},
 * {@code $pending1}, {@code $p}, {@code $s}, {@code $t}, {@code SUSPENDED}, the label {@code machine}) as
 * parameters, flattened locals, locals and labels of copied code and lambda parameters. Every generated name
 * comes from the machine's allocator, which knows every identifier of the body (hoist.MachineNames): the
 * user's names stay exactly as written, and the machine's own parts take a name the body never spells
 * ({@code $state2}, the label {@code machine2}).
 */
@Timeout(60)
class GeneratedNamesTest {
    static final String EVERY_NAME = Harness.cls(
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
                "  }");

    @Test
    void userIdentifiersNamedLikeGeneratedOnesKeepTheirValues() throws Throwable {
        ClassLoader l = Harness.load(EVERY_NAME);
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals("10S1423r4562100100", Harness.runOn(t, Harness.find(t.getClass(), "run"), 10, "S"));
    }

    /**
     * The mechanism, not a rename: in the generated source the user's declarations are spelled as written
     * and the machine's own parts have the allocator's numbered names, since the body spells the plain ones.
     */
    @Test
    void theMachineAllocatesItsOwnNamesAroundTheUsers() {
        Compilation c = Harness.compile(EVERY_NAME);
        assertThat(c).succeeded();
        String g = Harness.generated(c, "Corio_T");
        for (String user : new String[] {"int $t1", "String $retval", "int SUSPENDED", "int $p", "int $s", "int $t",
                "machine:", "continue machine;", "break machine;", "int $pending1", "int $value2", "int $state2 = 1",
                "$t2 -> $t2 + 1"}) {
            assertTrue(g.contains(user), () -> "the user's `" + user + "` is spelled as written:\n" + g);
        }
        for (String own : new String[] {"Object $value3, Throwable $error2", "$state3 = ", "machine2:",
                "continue machine2;", "catch (Throwable $t3)", "private final T $self2", "Coroutine.SUSPENDED"}) {
            assertTrue(g.contains(own), () -> "the machine's own `" + own + "`:\n" + g);
        }
    }

    /** The rest of the fixed names: {@code $result}, {@code $lines} and the receiver {@code $self} as locals. */
    @Test
    void theResultLocalLineTableAndReceiverAroundTheUsersNames() throws Throwable {
        String src = Harness.cls(
                "  int base = 5;",
                "  @Async public Coroutine<java.util.function.IntSupplier> run(boolean flag) {",
                "    int $result = await(later(1)), $lines = 2, $self = 3;",
                "    java.util.function.IntSupplier $p = () -> base + $result;",
                "    await(later(0));",
                "    return result(flag ? () -> $result + $lines + $self + base : $p);",
                "  }");
        Compilation c = Harness.compile(src);
        assertThat(c).succeeded();
        String g = Harness.generated(c, "Corio_T");
        assertTrue(g.contains("IntSupplier $result2 = "), g);
        assertTrue(g.contains("$self2.base"), g);
        ClassLoader l = Harness.load(src);
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals(11, ((java.util.function.IntSupplier) Harness.runOn(t, Harness.find(t.getClass(), "run"), true)).getAsInt());
        assertEquals(6, ((java.util.function.IntSupplier) Harness.runOn(t, Harness.find(t.getClass(), "run"), false)).getAsInt());
    }

    /** {@code $lines} was the machine's table of source lines (now registered code): a user's {@code $lines} keeps its value. */
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
