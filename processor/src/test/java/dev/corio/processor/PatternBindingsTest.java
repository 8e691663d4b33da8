package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pattern bindings of {@code instanceof} introduced in a condition whose rest suspends (bug 11 of
 * docs/fuzzer.md): the binding is read after the await, in a later state, on the right of {@code &&}, after
 * a negated test and {@code ||}, in the branch or after the statement the condition decides, in
 * {@code while}/{@code for}/{@code do} conditions and in ternaries. Record patterns: {@link Java21Test}.
 */
class PatternBindingsTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  @Async public Coroutine<String> andThenAwait(Object o) {",
                "    if (o instanceof String s && s.length() > await(later(1))) return result(\"long \" + s);",
                "    return result(\"other\");",
                "  }",
                "  @Async public Coroutine<String> readOnlyBeforeTheAwait(Object o) {",
                "    if (o instanceof String s && s.length() > await(later(1))) return result(\"long\");",
                "    if (!(o instanceof Integer i) || i > await(later(1))) return result(\"not one\");",
                "    boolean b = o instanceof Integer j && j + await(later(0)) == 1;",
                "    return result(\"one \" + b);",
                "  }",
                "  @Async public Coroutine<String> awaitInsideTheRightOperand(Object o) {",
                "    if (o instanceof String s && await(later(s.length())) > 1) { return result(s + await(later(\"!\"))); }",
                "    return result(\"other\");",
                "  }",
                "  @Async public Coroutine<String> negatedOrAwait(Object o) {",
                "    if (!(o instanceof String s) || await(later(s.isEmpty()))) return result(\"no\");",
                "    return result(\"yes \" + s + await(later(s.length())));",
                "  }",
                "  @Async public Coroutine<String> bindingInTheElse(Object o) {",
                "    if (!(o instanceof Integer i) || await(later(i < 0))) { return result(\"neg\"); } else { return result(\"int \" + await(later(i + 1))); }",
                "  }",
                "  @Async public Coroutine<String> whileCondition(Object o) {",
                "    StringBuilder sb = new StringBuilder();",
                "    Object cur = o;",
                "    while (cur instanceof String s && await(later(s.length())) > 0) { sb.append(s); cur = s.length() > 1 ? s.substring(1) : null; }",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> whileNegated(Object o) {",
                "    Object cur = o;",
                "    int n = 0;",
                "    while (!(cur instanceof String s) || await(later(s.isEmpty()))) { cur = n++ == 0 ? \"abc\" : cur; }",
                "    return result(s + n);",
                "  }",
                "  @Async public Coroutine<String> forCondition(Object o) {",
                "    StringBuilder sb = new StringBuilder();",
                "    for (Object cur = o; cur instanceof Integer i && i > await(later(0)); cur = i - 1) sb.append(i);",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> doCondition(Object o) {",
                "    StringBuilder sb = new StringBuilder();",
                "    Object cur = o;",
                "    do { sb.append('.'); } while (cur instanceof Integer i && (cur = i - await(later(1))) != null && i > 1);",
                "    return result(sb.toString());",
                "  }",
                "  @Async public Coroutine<String> ternaries(Object o) {",
                "    String a = o instanceof String s && await(later(true)) ? s + \"1\" : \"x\";",
                "    String b = o instanceof String s ? await(later(s + \"2\")) : \"y\";",
                "    String c = !(o instanceof String s) ? await(later(\"z\")) : s + await(later(\"3\"));",
                "    return result(a + b + c);",
                "  }"));
    }

    @Test
    void bindingReadOnTheRightOfAndAfterAnAwait() throws Throwable {
        assertEquals("long abc", Harness.run(l, "T", "andThenAwait", "abc"));
        assertEquals("other", Harness.run(l, "T", "andThenAwait", "a"));
        assertEquals("other", Harness.run(l, "T", "andThenAwait", 5));
        assertEquals("long", Harness.run(l, "T", "readOnlyBeforeTheAwait", "ab"));
        assertEquals("not one", Harness.run(l, "T", "readOnlyBeforeTheAwait", "a"));
        assertEquals("not one", Harness.run(l, "T", "readOnlyBeforeTheAwait", 2));
        assertEquals("one true", Harness.run(l, "T", "readOnlyBeforeTheAwait", 1));
        assertEquals("ab!", Harness.run(l, "T", "awaitInsideTheRightOperand", "ab"));
        assertEquals("other", Harness.run(l, "T", "awaitInsideTheRightOperand", "a"));
    }

    @Test
    void negatedTestWhoseBindingIsInScopeAfterTheStatement() throws Throwable {
        assertEquals("yes ab2", Harness.run(l, "T", "negatedOrAwait", "ab"));
        assertEquals("no", Harness.run(l, "T", "negatedOrAwait", ""));
        assertEquals("no", Harness.run(l, "T", "negatedOrAwait", 3));
        assertEquals("int 4", Harness.run(l, "T", "bindingInTheElse", 3));
        assertEquals("neg", Harness.run(l, "T", "bindingInTheElse", -3));
    }

    @Test
    void loopConditions() throws Throwable {
        assertEquals("abcbcc", Harness.run(l, "T", "whileCondition", "abc"));
        assertEquals("abc1", Harness.run(l, "T", "whileNegated", 7));
        assertEquals("321", Harness.run(l, "T", "forCondition", 3));
        assertEquals("...", Harness.run(l, "T", "doCondition", 3));
    }

    @Test
    void ternaries() throws Throwable {
        assertEquals("q1q2q3", Harness.run(l, "T", "ternaries", "q"));
        assertEquals("xyz", Harness.run(l, "T", "ternaries", 1));
    }
}
