package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Constructs of Java 21 and later: pattern switches (type and record patterns, guards, {@code case null},
 * {@code case null, default}, sealed hierarchies without default), record patterns in {@code instanceof},
 * text blocks, and unnamed variables (Java 22). The sources need a javac of that version, so these tests
 * run when the tests run on JDK 21 or later (CI runs JDK 17; run them with
 * {@code JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -o -pl processor -am test}) and are skipped,
 * with that message, otherwise.
 */
@Timeout(60)
class Java21Test {
    private static final int JDK = Runtime.version().feature();

    @BeforeEach
    void needsJava21() {
        assumeTrue(JDK >= 21, "needs javac 21 or later to compile Java 21 sources; this is JDK " + JDK
                + ": run the processor tests with JAVA_HOME set to a JDK 21+ (see the class comment)");
    }

    static final String SHAPES = String.join("\n",
            "  sealed interface Shape permits Circle, Square, Rect {}",
            "  record Circle(double r) implements Shape {}",
            "  record Square(int side) implements Shape {}",
            "  record Rect(int w, int h) implements Shape {}",
            "  int min = 2;");

    @Test
    void patternSwitchesWithAwaitsInTheirCases() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(SHAPES,
                "  @Async public Coroutine<String> run() {",
                "    List<Shape> shapes = List.of(new Circle(1), new Square(3), new Rect(2, 5), new Square(1));",
                "    StringBuilder sb = new StringBuilder();",
                "    for (Shape s : shapes) {",
                "      switch (s) {", // sealed, exhaustive without default
                "        case Circle c -> sb.append(\"c\").append(await(later(c.r())));",
                "        case Square q when q.side() > min -> { int k = await(later(q.side())); sb.append(\"Q\").append(k + q.side()); }",
                "        case Square q -> sb.append(\"q\").append(q.side());",
                "        case Rect(int w, int h) -> sb.append(\"r\").append(await(later(w * h))).append(w);",
                "      }",
                "      String d = switch (s) {",
                "        case Circle c -> \"C\" + await(later(c.r()));",
                "        case Square(var side) when side > min -> { String t = await(later(\"S\")); yield t + side; }",
                "        case Square q -> \"s\";",
                "        case Rect r -> \"R\";",
                "      };",
                "      sb.append(d);",
                "      Object o = s;",
                "      if (o instanceof Rect(int w, int h) && w > 0) {", // record pattern, bindings used after an await
                "        await(later(0));",
                "        sb.append(\"!\").append(w + h);",
                "      }",
                "    }",
                "    return result(sb.toString());",
                "  }"));
        assertEquals("c1.0C1.0Q6S3r102R!7q1s", Harness.run(l, "T", "run"));
    }

    @Test
    void recordPatternBindingsInConditionsWhoseRestAwaits() throws Throwable {
        // Bug 11 in docs/fuzzer.md: `shape(..) instanceof Sq(int s) && s > await(..)`, "cannot find symbol" in
        // Corio_T. `mk(k, a, b)` is an unqualified instance call, as in the fuzzer's program: 0 a Square(a),
        // 1 a Rect(a, b), 2 a Box of a Square(a), 3 a Box of a Rect(a, b), else a String.
        ClassLoader l = Harness.load(Harness.cls(SHAPES,
                "  record Box(Shape inner) {}",
                "  Object mk(int k, int a, int b) {",
                "    return switch (k) { case 0 -> new Square(a); case 1 -> new Rect(a, b); case 2 -> new Box(new Square(a));",
                "      case 3 -> new Box(new Rect(a, b)); default -> \"s\"; };",
                "  }",
                "  @Async public Coroutine<String> and(int k, int a) {",
                "    if (mk(k, a, 0) instanceof Square(int s) && s > await(later(1))) return result(\"big \" + s);",
                "    return result(\"other\");",
                "  }",
                "  @Async public Coroutine<String> readBeforeTheAwaitOnly(int k, int a) {",
                "    if (mk(k, a, 0) instanceof Square(int s) && s > await(later(1))) return result(\"big\");",
                "    return result(\"other\");",
                "  }",
                "  @Async public Coroutine<String> negated(int k, int a, int b) {",
                "    if (!(mk(k, a, b) instanceof Rect(int w, int h)) || await(later(w > h))) return result(\"no\");",
                "    return result(\"tall \" + w + await(later(h)));",
                "  }",
                "  @Async public Coroutine<String> nested(int k, int a, int b) {",
                "    String r = mk(k, a, b) instanceof Box(Square(var s)) && await(later(s)) > 0 ? \"sq\" + s : \"-\";",
                "    String t = mk(k, a, b) instanceof Box(Rect(int w, int h)) ? \"r\" + await(later(w)) + h : \"-\";",
                "    return result(r + t);",
                "  }",
                "  @Async public Coroutine<String> loop(int n) {",
                "    StringBuilder sb = new StringBuilder();",
                "    Object cur = mk(0, n, 0);",
                "    while (cur instanceof Square(int s) && s > await(later(0))) { sb.append(s); cur = mk(0, s - 1, 0); }",
                "    for (Object c = mk(1, n, 0); c instanceof Rect(int w, int h) && await(later(w > h)); c = mk(1, w, h + 1)) sb.append(h);",
                "    return result(sb.toString());",
                "  }"));
        assertEquals("big 3", Harness.run(l, "T", "and", 0, 3));
        assertEquals("other", Harness.run(l, "T", "and", 0, 1));
        assertEquals("other", Harness.run(l, "T", "and", 4, 3));
        assertEquals("big", Harness.run(l, "T", "readBeforeTheAwaitOnly", 0, 3));
        assertEquals("other", Harness.run(l, "T", "readBeforeTheAwaitOnly", 0, 1));
        assertEquals("tall 15", Harness.run(l, "T", "negated", 1, 1, 5));
        assertEquals("no", Harness.run(l, "T", "negated", 1, 5, 1));
        assertEquals("no", Harness.run(l, "T", "negated", 0, 1, 5));
        assertEquals("sq2-", Harness.run(l, "T", "nested", 2, 2, 0));
        assertEquals("-r15", Harness.run(l, "T", "nested", 3, 1, 5));
        assertEquals("321012", Harness.run(l, "T", "loop", 3));
    }

    @Test
    void anExhaustiveSwitchStatementWhoseCasesAllReturnEndsItsState() throws Throwable {
        // ReachabilityTest's case for Java 21: an enhanced switch without default cannot complete normally when
        // no case can (JLS 14.22); the hand-made prediction before it said it could, and code followed it.
        ClassLoader l = Harness.load(Harness.cls(SHAPES,
                "  @Async public Coroutine<String> run(int k) {",
                "    Shape sh = k == 0 ? new Circle(1) : k == 1 ? new Square(2) : new Rect(1, 2);",
                "    if (await(later(k >= 0))) {",
                "      switch (sh) {",
                "        case Circle c -> { return result(\"c\"); }",
                "        case Square q -> { return result(\"q\" + q.side()); }",
                "        case Rect r -> throw new IllegalStateException(\"r\");",
                "      }",
                "    }",
                "    return result(\"after\");",
                "  }"));
        assertEquals("c", Harness.run(l, "T", "run", 0));
        assertEquals("q2", Harness.run(l, "T", "run", 1));
        assertEquals("after", Harness.run(l, "T", "run", -1));
    }

    @Test
    void exhaustiveSwitchesOverSealedTypesGetNoDefaultOfTheProcessor() {
        Compilation c = Harness.compile(Harness.cls(SHAPES,
                "  @Async public Coroutine<String> run(Shape s) {",
                "    String d = switch (s) { case Circle c -> \"C\" + await(later(c.r())); case Square q -> \"s\"; case Rect r -> \"R\"; };",
                "    return result(d);",
                "  }"));
        String code = Harness.generated(c, "Corio_T");
        // the dispatch keeps the user's labels, so javac checks exhaustiveness and throws MatchException itself
        assertTrue(code.contains("case T.Circle c"), code);
        assertFalse(code.contains("IncompatibleClassChangeError"), code);
    }

    @Test
    void nullCasesAndGuards() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  int min = 2;",
                "  @Async public Coroutine<String> nulls(Object o) {",
                "    String r = switch (o) {",
                "      case null -> \"null\" + await(later(1));",
                "      case String s when s.length() > min -> \"long\" + s;",
                "      case String s -> { await(later(0)); yield \"str\" + s; }",
                "      case Integer i -> \"int\" + i;",
                "      default -> \"other\";",
                "    };",
                "    switch (o) {",
                "      case String s -> r = r + \"/s\";",
                "      case null, default -> r = r + await(later(\"/nd\"));",
                "    }",
                "    return result(r);",
                "  }"));
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        java.lang.reflect.Method m = Harness.find(t.getClass(), "nulls");
        assertEquals("null1/nd", Harness.runOn(t, m, (Object) null));
        assertEquals("longabc/s", Harness.runOn(t, m, "abc"));
        assertEquals("stra/s", Harness.runOn(t, m, "a"));
        assertEquals("int5/nd", Harness.runOn(t, m, 5));
        assertEquals("other/nd", Harness.runOn(t, m, 2.0));
    }

    @Test
    void copiedPatternSwitchesReadFieldsThroughTheReceiverAndTextBlocksKeepTheirText() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  int min = 2;",
                "  enum Color { RED, GREEN }",
                "  @Async public Coroutine<String> copied(Object o) {",
                "    await(later(0));",
                "    String tb = \"\"\"",
                "        Hello,",
                "          world",
                "    \"\"\";",
                "    String r = switch (o) { case String s when s.length() > min -> \"long\"; case String s -> \"short\"; default -> \"x\"; };",
                "    Color c = Color.GREEN;",
                "    switch (c) { case RED -> r += \"R\"; case GREEN -> r += \"G\"; }",
                "    return result(r + tb);",
                "  }"));
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals("longG    Hello,\n      world\n", Harness.runOn(t, Harness.find(t.getClass(), "copied"), "abc"));
        assertEquals("shortG    Hello,\n      world\n", Harness.runOn(t, Harness.find(t.getClass(), "copied"), "ab"));
    }

    @Test
    void awaitInACaseGuardIsAnError() {
        assertEquals(List.of("10:42: [CorioUnsupported] await inside a case guard (`when`) is not supported: the guard"
                + " decides which case runs, inside the switch that dispatches. Await into a local before the switch, or"
                + " test inside the case"),
                DiagnosticsTest.errors(Harness.cls(
                "  @Async public Coroutine<String> m(Object o) {",
                "    switch (o) { case String s when await(later(true)) -> { return result(s); } default -> { } }",
                "    return result(\"-\");",
                "  }")));
    }

    @Test
    void unnamedVariables() throws Throwable {
        assumeTrue(JDK >= 22, "unnamed variables need javac 22 or later; this is JDK " + JDK);
        ClassLoader l = Harness.load(Harness.cls(
                "  record Pt(int x, int y) {}",
                "  @Async public Coroutine<String> run() {",
                "    int _ = await(later(5));",
                "    int n = 0;",
                "    for (var _ : List.of(1, 2, 3)) { n += await(later(1)); }",
                "    try { Object o = null; o.hashCode(); } catch (NullPointerException _) { n += 10; }",
                "    try { await(failLater(new IllegalStateException(\"x\"))); } catch (IllegalStateException _) { n += 100; }",
                "    Object p = new Pt(3, 4);",
                "    if (p instanceof Pt(int x, _)) { await(later(0)); n += x * 1000; }",
                "    String s = switch (p) { case Pt(_, int y) when y > 0 -> \"y\" + await(later(y)); default -> \"-\"; };",
                "    BiFunction<Integer, Integer, Integer> f = (a, _) -> a;",
                "    return result(n + s + f.apply(7, 8));",
                "  }"));
        assertEquals("3113y47", Harness.run(l, "T", "run"));
    }
}
