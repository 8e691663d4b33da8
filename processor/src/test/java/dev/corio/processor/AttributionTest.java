package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bodies whose attribution once crashed javac inside the compiler API the processor calls. javac 17's
 * {@code Trees.getScope} attributes a copy of the method in which the class tree has no type, so an
 * unqualified instance call in a position that asks "is this boolean or numeric?" (an operand of {@code ?:}
 * in an argument) threw a NullPointerException from {@code Attr.isBooleanOrNumeric}. The processor now has
 * javac attribute the class itself (as its own attribution phase does), and these shapes compile and run.
 */
@Timeout(60)
class AttributionTest {
    @Test
    void unqualifiedInstanceCallsInConditionalOperandsAndArguments() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  boolean flag = true;",
                "  int n = 4;",
                "  String name() { return \"n\"; }",
                "  int num() { return n; }",
                "  static <X> X id(X x) { return x; }",
                "  <X> List<X> two(X a, X b) { return List.of(a, b); }",
                "  @Async public Coroutine<String> run() {",
                "    String a = flag ? name() : \"q\";",
                "    int b = flag ? num() : 0;",
                "    long c = !flag ? 1L : num();",                        // numeric promotion of a poly call
                "    Integer d = flag ? Integer.valueOf(num()) : null;",   // boxed and null arms
                "    await(later(1));",
                "    String e = id(flag ? name() : \"q\");",
                "    List<String> f = two(flag ? name() : \"q\", flag ? \"r\" : name());",
                "    Supplier<String> g = () -> flag ? name() : \"q\";",
                "    int h = switch (num()) { case 4 -> flag ? num() : 1; default -> 0; };",
                "    Function<Integer, Integer> k = x -> flag ? x + num() : x;",
                "    boolean m = flag ? flag && num() > 0 : name().isEmpty();",
                "    return result(flag ? name() + a + b + c + d + e + f + g.get() + h + k.apply(1) + m : \"q\");",
                "  }"));
        assertEquals("nn444n[n, r]n45true", Harness.run(l, "T", "run"));
    }
}
