package dev.corio.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The conversion rules of docs/corpus.md on a small unit, text in, text out. */
@Timeout(60)
class ConverterTest {
    private static final String UNIT = String.join("\n",
            "package p;",
            "import java.util.*;",
            "public final class U {",
            "  private int base = 1;",
            "  private static long widen() { return 0; }",
            "  static int twice(int x) { return helper(x) + helper(x); }",
            "  private static int helper(int x) { if (x < 0) return -x; return x; }",
            "  List<String> names() { return List.of(\"a\"); }",
            "  List<String> again() { return names(); }",
            "  void log(List<String> out) { if (out.isEmpty()) return; out.add(\"x\"); }",
            "  void loop() { while (true) { } }",
            "  void drop() { helper(1); }",
            "  int lambda() { Runnable r = () -> helper(2); return 1; }",
            "  public String toString() { return \"u\"; }",
            "}");

    private static final String CONVERTED = String.join("\n",
            "package p; import dev.corio.Coroutine;",
            "import java.util.*;",
            "public class U {",
            "  private int base = 1;", // private fields and unconverted methods stay private (accessors)
            "  @dev.corio.annotation.Async static Coroutine<java.lang.Long> widen() { return dev.corio.Corio.result((long) (0)); }",
            "  @dev.corio.annotation.Async static Coroutine<java.lang.Integer> twice(int x) { return dev.corio.Corio.result((int) (helper(x) + helper(x))); }",
            "  private static int helper(int x) { if (x < 0) return -x; return x; }",
            "  @dev.corio.annotation.Async Coroutine<List<String>> names() { return dev.corio.Corio.<java.util.List<java.lang.String>>result(List.of(\"a\")); }",
            "  @dev.corio.annotation.Async Coroutine<List<String>> again() { return names(); }",
            "  @dev.corio.annotation.Async Coroutine<java.lang.Void> log(List<String> out) { if (out.isEmpty()) return dev.corio.Corio.result(null); out.add(\"x\");  return dev.corio.Corio.result(null); }",
            "  @dev.corio.annotation.Async Coroutine<java.lang.Void> loop() { while (true) { } }",
            "  @dev.corio.annotation.Async Coroutine<java.lang.Void> drop() { helper(1);  return dev.corio.Corio.result(null); }",
            "  @dev.corio.annotation.Async Coroutine<java.lang.Integer> lambda() { Runnable r = () -> helper(2); return dev.corio.Corio.result((int) (1)); }",
            "  public String toString() { return \"u\"; }",
            "}");

    @Test
    void rewritesReturnsCallsModifiersAndTheEnd() {
        try (Javac javac = new Javac(List.of())) {
            Converter cv = new Converter("p/U.java", UNIT, javac.analyse("p/U.java", UNIT));
            assertEquals(Map.of("p.U#toString()", "overrides or hides a method"), cv.excluded);
            Set<Converter.Method> c = cv.close(Set.copyOf(cv.methods.values()));
            // helper is called in a lambda: it stays as it is, and so do the calls to it
            assertEquals(List.of("p.U#again()", "p.U#drop()", "p.U#lambda()", "p.U#log(java.util.List<java.lang.String>)",
                    "p.U#loop()", "p.U#names()", "p.U#twice(int)", "p.U#widen()"),
                    c.stream().map(m -> m.id).sorted().collect(Collectors.toList()));
            assertEquals(CONVERTED, cv.render(c, Map.of()).text);
        }
        // without the lambda, helper is converted too: awaited, cast back to int, not cast where dropped
        String unit = UNIT.replace("Runnable r = () -> helper(2); ", "");
        try (Javac javac = new Javac(List.of())) {
            Converter cv = new Converter("p/U.java", unit, javac.analyse("p/U.java", unit));
            String t = cv.render(cv.close(Set.copyOf(cv.methods.values())), Map.of()).text;
            assertEquals(true, t.contains("return dev.corio.Corio.result((int) (((int) dev.corio.Corio.await(helper(x)))"
                    + " + ((int) dev.corio.Corio.await(helper(x)))));"), t);
            assertEquals(true, t.contains("static Coroutine<java.lang.Integer> helper(int x) { if (x < 0) return"
                    + " dev.corio.Corio.result((int) (-x)); return dev.corio.Corio.result((int) (x)); }"), t);
            assertEquals(true, t.contains("drop() { dev.corio.Corio.await(helper(1));  return"), t);
        }
    }
}
