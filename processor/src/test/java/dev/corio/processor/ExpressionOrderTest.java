package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Suspension points inside expressions keep Java's left-to-right evaluation order (JLS 15.7): every
 * operand is logged when evaluated, and the log must read as in plain Java.
 */
class ExpressionOrderTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  int f = 1;",
                "  int[] arr = {10, 20, 30};",
                "  String s(String x) { return x; }",
                "  static String cat(Object a, Object b, Object c) { return a + \"|\" + b + \"|\" + c; }",
                "  @Async public Coroutine<String> args() {",
                "    return result(cat(log(\"a\", 1), await(later(log(\"b\", 2))), log(\"c\", 3)));",
                "  }",
                "  @Async public Coroutine<String> receiver() {",
                "    return result(log(\"recv\", this).s(await(now(log(\"arg\", \"x\")))));",
                "  }",
                "  @Async public Coroutine<String> arrayIndex() {",
                "    int[] a = log(\"array\", arr);",
                "    int v = log(\"array2\", arr)[await(later(log(\"index\", 1)))];",
                "    log(\"target\", a)[await(now(log(\"i\", 0)))] = await(later(log(\"rhs\", 5)));",
                "    return result(v + \",\" + arr[0]);",
                "  }",
                "  @Async public Coroutine<String> compound() {",
                "    int x = 1;",
                "    x += await(later(log(\"rhs\", x + 10)));",  // reads old x=1 before the rhs
                "    f = 5;",
                "    f *= await(later(2));",
                "    arr[log(\"i\", 1)] += await(now(log(\"r\", 3)));",
                "    String str = \"a\";",
                "    str += await(later(\"b\")) + await(now(\"c\"));",
                "    return result(x + \",\" + f + \",\" + arr[1] + \",\" + str);",
                "  }",
                "  @Async public Coroutine<String> compoundSeesOldValue() {",
                "    int[] box = {1};",
                "    box[0] += await(setLater(box));",  // the callee changes box[0]; Java adds the old value
                "    return result(\"\" + box[0]);",
                "  }",
                "  @Async Coroutine<Integer> setLater(int[] box) { box[0] = 100; await(later(null)); return result(5); }",
                "  @Async public Coroutine<String> increments() {",
                "    int[] a = {0, 0};",
                "    a[await(later(1))]++;",
                "    ++a[await(now(0))];",
                "    int k = a[await(later(1))]--;",
                "    return result(a[0] + \",\" + a[1] + \",\" + k);",
                "  }",
                "  @Async public Coroutine<String> conditional() {",
                "    String a = log(\"c1\", true) ? await(later(log(\"t\", \"T\"))) : await(later(log(\"f\", \"F\")));",
                "    String b = log(\"c2\", false) ? await(later(log(\"t2\", \"T\"))) : log(\"f2\", \"F\");",
                "    int n = await(later(false)) ? 1 : 2;",
                "    return result(a + b + n);",
                "  }",
                "  @Async public Coroutine<String> shortCircuit() {",
                "    boolean a = log(\"l1\", false) && await(later(log(\"r1\", true)));",
                "    boolean b = log(\"l2\", true) && await(later(log(\"r2\", true)));",
                "    boolean c = log(\"l3\", true) || await(later(log(\"r3\", true)));",
                "    boolean d = await(now(log(\"l4\", false))) || await(later(log(\"r4\", false)));",
                "    return result(a + \",\" + b + \",\" + c + \",\" + d);",
                "  }",
                "  @Async public Coroutine<String> concat() {",
                "    StringBuilder sb = new StringBuilder(\"x\");",
                "    String r = \"<\" + sb + await(mutate(sb)) + sb + \">\";",
                "    return result(r);",
                "  }",
                "  @Async Coroutine<String> mutate(StringBuilder sb) { sb.append(\"!\"); return result(\"-\"); }",
                "  @Async public Coroutine<String> castsAndInstanceof() {",
                "    Object o = await(later(\"str\"));",
                "    String s = (String) await(later((Object) \"cast\"));",
                "    boolean b = await(later((Object) 42)) instanceof Integer;",
                "    long widened = (long) await(later(7));",
                "    return result(o + s + b + widened);",
                "  }",
                "  @Async public Coroutine<String> constructorArgs() {",
                "    List<String> list = new ArrayList<>(List.of(log(\"first\", \"a\"), await(later(log(\"second\", \"b\"))), log(\"third\", \"c\")));",
                "    List<String> sb = new ArrayList<String>(List.of(await(now(\"n\")))) { @Override public String toString() { return \"anon:\" + super.toString(); } };",
                "    return result(list + \",\" + sb);",
                "  }",
                "  @Async public Coroutine<String> nested() {",
                "    int v = await(later(await(later(await(now(3)))) + 1));",
                "    int w = await(later(1)) + await(later(2)) * await(later(3));",
                "    return result(v + \",\" + w);",
                "  }",
                "  @Async public Coroutine<String> methodReference() {",
                "    Supplier<String> s = await(later(\"ref\"))::toUpperCase;",
                "    Function<String, Integer> len = String::length;",
                "    return result(s.get() + len.apply(await(now(\"four\"))));",
                "  }",
                "  @Async public Coroutine<String> statementCall() {",
                "    StringBuilder sb = new StringBuilder();",
                "    sb.append(log(\"a\", \"1\")).append(await(later(log(\"b\", \"2\")))).append(log(\"c\", \"3\"));",
                "    return result(sb.toString());",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m);
    }

    @Test
    void argumentsLeftToRight() throws Throwable {
        assertEquals("1|2|3", run("args"));
        assertEquals(List.of("a", "b", "c"), Harness.log(l));
    }

    @Test
    void receiverBeforeArguments() throws Throwable {
        assertEquals("x", run("receiver"));
        assertEquals(List.of("recv", "arg"), Harness.log(l));
    }

    @Test
    void arrayThenIndexThenValue() throws Throwable {
        assertEquals("20,5", run("arrayIndex"));
        assertEquals(List.of("array", "array2", "index", "target", "i", "rhs"), Harness.log(l));
    }

    @Test
    void compoundAssignmentSavesTheLeftValueFirst() throws Throwable {
        assertEquals("12,10,23,abc", run("compound"));
        assertEquals(List.of("rhs", "i", "r"), Harness.log(l));
        assertEquals("6", run("compoundSeesOldValue")); // 1 + 5, not 100 + 5
    }

    @Test
    void incrementsWithAwaitedIndex() throws Throwable {
        assertEquals("1,0,1", run("increments"));
    }

    @Test
    void conditionalEvaluatesOnlyTheTakenArm() throws Throwable {
        assertEquals("TF2", run("conditional"));
        assertEquals(List.of("c1", "t", "c2", "f2"), Harness.log(l));
    }

    @Test
    void andOrShortCircuit() throws Throwable {
        assertEquals("false,true,true,false", run("shortCircuit"));
        assertEquals(List.of("l1", "l2", "r2", "l3", "l4", "r4"), Harness.log(l));
    }

    @Test
    void stringConcatenationConvertsInOrder() throws Throwable {
        // Java evaluates `"<" + sb` (a String) before the await, and the last sb after it.
        assertEquals("<x-x!>", run("concat"));
    }

    @Test
    void castsAndInstanceof() throws Throwable {
        assertEquals("strcasttrue7", run("castsAndInstanceof"));
    }

    @Test
    void constructorArguments() throws Throwable {
        assertEquals("[a, b, c],anon:[n]", run("constructorArgs"));
        assertEquals(List.of("first", "second", "third"), Harness.log(l));
    }

    @Test
    void nestedAwaits() throws Throwable {
        assertEquals("4,7", run("nested"));
    }

    @Test
    void methodReferenceReceiver() throws Throwable {
        assertEquals("REF4", run("methodReference"));
    }

    @Test
    void chainedCallsAsStatement() throws Throwable {
        assertEquals("123", run("statementCall"));
        assertEquals(List.of("a", "b", "c"), Harness.log(l));
    }
}
