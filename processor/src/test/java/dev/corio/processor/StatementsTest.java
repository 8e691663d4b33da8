package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every statement form around suspension points, on awaitables that complete now and later. */
class StatementsTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  enum Color { RED, GREEN, BLUE }",
                "  @Async public Coroutine<String> blocksAndLocals() {",
                "    String out = \"\";",
                "    { int a = await(now(1)); out += a; { var b = await(later(\"b\")); out += b; } }",
                "    final int c; c = await(later(3)); out += c;",
                "    var list = new ArrayList<String>(); list.add(await(later(\"x\"))); out += list;",
                "    int[] arr = {await(now(4)), 5}; out += arr[0] + arr[1];",
                "    return result(out);",
                "  }",
                "  @Async public Coroutine<String> ifElse() {",
                "    StringBuilder sb = new StringBuilder();",
                "    for (int i = 0; i < 4; i++) {",
                "      if (await(later(i % 2 == 0))) { sb.append(\"e\").append(await(now(i))); } else if (i == 1) sb.append(\"one\"); else { sb.append(await(later(\"o\"))); }",
                "      if (i == 3) sb.append(\"!\");",
                "    }",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> loops() {",
                "    StringBuilder sb = new StringBuilder();",
                "    int i = 0;",
                "    while (i < 3) { sb.append(await(later(i))); i++; }",
                "    do { sb.append(await(now(\"d\" + i))); i--; } while (await(later(i > 1)));",
                "    for (int j = await(now(0)), k = 10; j < await(later(3)); j += await(now(1)), k--) { sb.append(j).append(k); }",
                "    for (;;) { if (await(later(true))) break; }",
                "    while (true) { i++; if (i > 5) break; await(later(null)); }",
                "    sb.append(i);",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> forEach() {",
                "    StringBuilder sb = new StringBuilder();",
                "    for (int x : new int[] {1, 2, 3}) { sb.append(await(later(x * 10))); }",
                "    for (String s : List.of(\"a\", \"b\")) { sb.append(s).append(await(now(s.length()))); }",
                "    for (var e : Map.of(\"k\", 1).entrySet()) sb.append(e.getKey() + await(later(e.getValue())));",
                "    for (int v : await(later(List.of(7, 8)))) sb.append(v);",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> labelled() {",
                "    StringBuilder sb = new StringBuilder();",
                "    outer:",
                "    for (int i = 0; i < 4; i++) {",
                "      inner:",
                "      for (int j = 0; j < 4; j++) {",
                "        await(later(null));",
                "        if (j == 2) continue outer;",
                "        if (i == 2) break outer;",
                "        if (j > i) continue inner;",
                "        sb.append(i).append(j).append(' ');",
                "        for (int k = 0; k < 9; k++) { if (k == 1) continue outer; }",  // copied loop jumping out
                "      }",
                "    }",
                "    block: { sb.append(\"in\"); if (await(later(true))) break block; sb.append(\"never\"); }",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> switches(int n, String s, Color c) {",
                "    StringBuilder sb = new StringBuilder();",
                "    switch (await(later(n))) {",
                "      case 1: sb.append(\"one\");",
                "      case 2: sb.append(await(now(\"two\"))); break;",
                "      case 3, 4: { sb.append(\"34\"); break; }",
                "      default: sb.append(\"many\");",
                "    }",
                "    switch (s) {",
                "      case \"a\" -> sb.append(await(later(\"A\")));",
                "      case \"b\" -> { sb.append(\"B\"); await(later(null)); }",
                "      default -> sb.append(\"?\");",
                "    }",
                "    switch (c) { case RED: sb.append(await(later(\"r\"))); break; case GREEN: sb.append(\"g\"); }",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> switchExpressions(int n, Color c) {",
                "    int a = switch (n) { case 1 -> await(later(10)); case 2 -> { int t = await(now(20)); yield t + 1; } default -> 0; };",
                "    String b = switch (c) { case RED -> \"r\"; case GREEN -> await(later(\"g\")); case BLUE -> { if (n > 1) yield \"B\"; yield await(later(\"b\")); } };",
                "    String d = switch (await(later(\"k\"))) { case \"k\": yield \"K\"; default: yield \"?\"; };",
                "    return result(a + b + d);",
                "  }",
                "  @Async public Coroutine<String> patterns(Object o) {",
                "    if (o instanceof String s) { await(later(null)); return result(\"str \" + s.length()); }",
                "    if (!(o instanceof Integer i)) return result(\"other\");",
                "    await(later(null));",
                "    if (await(now(o)) instanceof Integer j && j > 1) return result(\"int \" + (i + j));",
                "    return result(\"small \" + i);",
                "  }",
                "  @Async public Coroutine<String> copiedSwitches(int n) {",   // switches without awaits, copied through
                "    String a = await(later(\"<\"));",
                "    switch (n) { case 2: int v = 14; a += v; default: a += \"d\"; }",
                "    String b = (switch (n) { case 1 -> { yield \"one\"; } default -> \"other\"; });",
                "    String c = switch (n) { case 2: yield \"two\"; default: yield \"?\"; };",
                "    return result(a + b + c + await(later(\">\")));",
                "  }",
                "  @Async public Coroutine<Integer> fib(int n) {",
                "    if (n < 2) return result(n);",
                "    return result(await(fib(n - 1)) + await(fib(n - 2)));",
                "  }",
                "  @Async public Coroutine<Integer> delegate(int n) {",
                "    await(later(null));",
                "    return fib(n);",  // returning a coroutine awaits it
                "  }"));
    }

    private static Object run(String m, Object... args) throws Throwable {
        return Harness.run(l, "T", m, args);
    }

    private static Object color(String name) throws Exception {
        Class<?> c = l.loadClass("t.T$Color");
        for (Object o : c.getEnumConstants()) {
            if (o.toString().equals(name)) {
                return o;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void blocksAndLocals() throws Throwable {
        assertEquals("1b3[x]9", run("blocksAndLocals"));
    }

    @Test
    void ifElseChains() throws Throwable {
        assertEquals("e0onee2o!", run("ifElse"));
    }

    @Test
    void whileDoFor() throws Throwable {
        assertEquals("012d3d201019286", run("loops"));
    }

    @Test
    void enhancedForOverArraysAndIterables() throws Throwable {
        assertEquals("102030a1b1k178", run("forEach"));
    }

    @Test
    void labelledBreakAndContinue() throws Throwable {
        assertEquals("00 10 in", run("labelled"));
    }

    @Test
    void switchStatements() throws Throwable {
        assertEquals("onetwoAr", run("switches", 1, "a", color("RED")));
        assertEquals("34B", run("switches", 3, "b", color("BLUE")));
        assertEquals("many?g", run("switches", 9, "z", color("GREEN")));
    }

    @Test
    void switchExpressions() throws Throwable {
        assertEquals("10rK", run("switchExpressions", 1, color("RED")));
        assertEquals("21gK", run("switchExpressions", 2, color("GREEN")));
        assertEquals("0bK", run("switchExpressions", 0, color("BLUE")));
        assertEquals("21BK", run("switchExpressions", 2, color("BLUE")));
    }

    @Test
    void switchesCopiedThrough() throws Throwable {
        assertEquals("<14dothertwo>", run("copiedSwitches", 2));
        assertEquals("<done?>", run("copiedSwitches", 1));
    }

    @Test
    void patternBindingsAcrossAwaits() throws Throwable {
        assertEquals("str 3", run("patterns", "abc"));
        assertEquals("int 10", run("patterns", 5));
        assertEquals("small 1", run("patterns", 1));
        assertEquals("other", run("patterns", 2.0));
    }

    @Test
    void recursionAndDelegation() throws Throwable {
        assertEquals(55, run("fib", 10));
        assertEquals(13, run("delegate", 7));
    }
}
