package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lambdas, method references, anonymous and local classes see the values plain Java would give them. */
class CaptureTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  String name = \"T\";",
                "  String greet(String s) { return name + s; }",
                "  @Async public Coroutine<String> perIteration() {",
                "    List<Supplier<String>> fs = new ArrayList<>();",
                "    for (int i = 0; i < 3; i++) {",
                "      String v = await(later(\"v\" + i));",
                "      int j = i;",
                "      fs.add(() -> v + j);",
                "      await(later(null));",
                "    }",
                "    for (String s : List.of(\"a\", \"b\")) { String t = await(now(s)); fs.add(() -> t.toUpperCase()); }",
                "    StringBuilder sb = new StringBuilder();",
                "    for (Supplier<String> f : fs) sb.append(f.get()).append(' ');",
                "    return result(sb.toString().trim());",
                "  }",
                "  @Async public Coroutine<String> capturesParamsAndThis(String p) {",
                "    String before = await(later(p));",
                "    Function<String, String> g = this::greet;",
                "    Supplier<String> s = () -> greet(before + p);",
                "    Object anon = new Object() { @Override public String toString() { return \"anon:\" + before + name; } };",
                "    String local;",
                "    { class Local { String show() { return \"local:\" + p; } } local = new Local().show(); }",
                "    await(later(null));",
                "    return result(g.apply(\"!\") + \" \" + s.get() + \" \" + anon + \" \" + local);",
                "  }",
                "  @Async public Coroutine<Integer> streams(List<Integer> xs) {",
                "    int factor = await(later(10));",
                "    int sum = xs.stream().mapToInt(x -> x * factor).sum();",
                "    return result(sum + await(later(xs.size())));",
                "  }"));
    }

    @Test
    void lambdasCaptureTheValueOfTheirIteration() throws Throwable {
        assertEquals("v00 v11 v22 A B", Harness.run(l, "T", "perIteration"));
    }

    @Test
    void methodReferencesAnonymousAndLocalClasses() throws Throwable {
        assertEquals("T! Tpp anon:pT local:p", Harness.run(l, "T", "capturesParamsAndThis", "p"));
    }

    @Test
    void lambdaReadsAHoistedLocal() throws Throwable {
        assertEquals(63, Harness.run(l, "T", "streams", java.util.List.of(1, 2, 3)));
    }
}
