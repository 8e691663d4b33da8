package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Private fields, methods and constructors of the class (and of other classes of its file) used in
 * {@code @Async} bodies: the state machine reaches them through {@code MethodHandle}/{@code VarHandle}
 * accessors (hoist.PrivateAccess), around awaits and in copied code, lambdas and anonymous classes alike.
 */
@Timeout(60)
class PrivateMembersTest {
    @Test
    void constructorInjectedPrivateFinalFields() throws Throwable {
        // the idiomatic service: dependencies in private final fields, helpers private
        ClassLoader l = Harness.load(Harness.src(
                "public class T {",
                "  private final String prefix;",
                "  private int calls;",
                "  private static int created;",
                "  public T() { this(\"p\"); }",
                "  T(String prefix) { this.prefix = prefix; created++; }",
                "  private String decorate(String s) { return prefix + \":\" + s; }",
                "  private static int twice(int x) { return 2 * x; }",
                "  @Async public Coroutine<String> m(String s) {",
                "    calls++;",
                "    String a = await(later(decorate(s)));",
                "    calls += twice(1);",
                "    this.calls = this.calls + 1;",
                "    int before = calls++;",
                "    int after = ++this.calls;",
                "    return result(a + \" \" + decorate(await(later(\"x\"))) + \" \" + calls + \" \" + before + \" \" + after",
                "        + \" \" + twice(created));",
                "  }",
                "}"));
        assertEquals("p:a p:x 6 4 6 2", Harness.run(l, "T", "m", "a"));
    }

    @Test
    void privateConstructorsFieldsOfOtherObjectsAndLambdas() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T {",
                "  private final List<String> seen = new ArrayList<>();",
                "  private long total;",
                "  public T() {}",
                "  private T(long total) { this.total = total; }",
                "  static final class Node { private Node next; private final int v; private Node(int v) { this.v = v; } }",
                "  private <E> List<E> twice(E e) { return List.of(e, e); }",
                "  @Async public Coroutine<String> m() {",
                "    T other = new T(await(later(5L)));",
                "    other.total = other.total + 1;",
                "    other.total--;",
                "    Node n = new Node(1);",
                "    n.next = new Node(await(later(2)));",
                "    Runnable r = () -> seen.add(\"lambda\" + n.next.v);",
                "    r.run();",
                "    Object o = new Object() { public String toString() { return decorate(other.total); } };",
                "    seen.add(o.toString());",
                "    total += await(later(3));",
                "    return result(seen + \" \" + total + \" \" + twice(\"e\") + \" \" + n.v + n.next.v);",
                "  }",
                "  private static String decorate(long x) { return \"<\" + x + \">\"; }",
                "}"));
        assertEquals("[lambda2, <5>] 3 [e, e] 12", Harness.run(l, "T", "m"));
    }

    /** commons-math3 {@code AVLTree<T>.Node}: private members of an inner class of a generic class. */
    @Test
    void privateMembersOfAnInnerClassOfAGenericClass() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T<E extends Comparable<E>> {",
                "  private Node top;",
                "  class Node { private E element; Node(E e) { element = e; } private E get() { return element; } }",
                "  @Async public Coroutine<E> put(E e) {",
                "    top = new Node(await(later(e)));",
                "    top.element = top.get();",
                "    return result(top.element);",
                "  }",
                "  public static String main() { return Corio.run(new Corio_T<String>().put(\"a\"), EventLoop::virtual); }",
                "}"));
        assertEquals("a", l.loadClass("t.T").getMethod("main").invoke(null));
    }

    /**
     * commons-collections4 {@code TransformedQueue.transformedQueue}, commons-compress {@code
     * CompressException.requireNonNull}: protected members of a superclass in another package, used on another
     * object of the class and from a static method. The machine, nested in {@code Corio_T} or not a subclass at
     * all, could not reach them ("has protected access" in Corio_T); now through accessors.
     */
    @Test
    void protectedMembersOfAnotherPackage() throws Throwable {
        String base = String.join("\n", "package q;", "public class Base {", "  protected int n;",
                "  protected java.util.List<String> decorated() { return java.util.List.of(\"d\" + n); }",
                "  protected static <T> T requireNonNull(T t) { return java.util.Objects.requireNonNull(t); }", "}");
        ClassLoader l = Harness.load(base, Harness.src("public class T extends q.Base {",
                "  @Async public static Coroutine<String> make(int n) {",
                "    T t = new T();",
                "    t.n = await(later(n));",
                "    return result(requireNonNull(t.decorated().get(0)));",
                "  }",
                "  @Async public Coroutine<String> other(T o) {",
                "    o.n++;",
                "    return result(o.decorated() + \" \" + decorated() + \" \" + await(later(n)));",
                "  }",
                "}"));
        assertEquals("d4", Harness.run(l, "T", "make", 4));
    }

    /**
     * A protected member's handle is looked up through T, so it takes a T: the accessor casts its receiver to
     * T, which keeps the call's type exact (the JIT then inlines the constant handle; an adapted call costs
     * 1-5 ns more per access in AccessBench). A generic class keeps the uncast call (no raw type in generated
     * code).
     */
    @Test
    void protectedMembersAreReachedWithTheHandlesOwnReceiverType() throws Throwable {
        String base = String.join("\n", "package q;", "public class Base<V> {", "  protected int n = 2;",
                "  protected V v;",
                "  protected int twice(int x) { return 2 * x; }", "}");
        String plain = Harness.src("public class T extends q.Base<String> {",
                "  @Async public Coroutine<String> other(T o) {",
                "    o.n++;",
                "    o.v = \"v\";",
                "    return result(o.v + twice(o.n) + \" \" + await(later(n)));",
                "  }",
                "}");
        String generic = String.join("\n", "package t;", "import static dev.corio.Corio.*;", "import static t.Aw.*;",
                "import dev.corio.*;", "import dev.corio.annotation.Async;",
                "public class G<E> extends q.Base<E> {",
                "  @Async public Coroutine<Integer> other(G<E> o) { o.n++; return result(twice(o.n) + await(later(n))); }",
                "}");
        Compilation c = Harness.compile(base, plain, generic);
        String t = Harness.generated(c, "Corio_T");
        assertTrue(t.contains("return (int) $h$n.get((T) $o);"), t);
        assertTrue(t.contains("$h$v.set((T) $o, $v);"), t);
        assertTrue(t.contains("return (int) $h$twice.invoke((T) $o, $a0);"), t);
        String g = Harness.generated(c, "Corio_G");
        assertTrue(g.contains("return (int) $h$twice.invoke($o, $a0);"), g);
        ClassLoader l = Harness.load(base, plain, generic);
        Object o = l.loadClass("t.Corio_T").getDeclaredConstructor().newInstance();
        assertEquals("v6 3", Harness.runOn(o, Harness.find(l.loadClass("t.Corio_T"), "other"), o));
        Object go = l.loadClass("t.Corio_G").getDeclaredConstructor().newInstance();
        assertEquals(9, Harness.runOn(go, Harness.find(l.loadClass("t.Corio_G"), "other"), go));
    }

    /**
     * commons-compress {@code ZipArchiveOutputStream.CurrentEntry}, commons-codec {@code Lang.LangRule}: private
     * fields of the same name in the class and in a nested class, used in one body, got one accessor ("CurrentEntry
     * cannot be converted to ZipArchiveOutputStream" in Corio_T).
     */
    @Test
    void privateMembersOfTheSameNameInTwoClasses() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T {",
                "  private int n = 1;",
                "  static final class Entry { private int n = 10; private int get() { return n; } }",
                "  private int get() { return n; }",
                "  @Async public Coroutine<Integer> m() {",
                "    Entry e = new Entry();",
                "    e.n += await(later(5));",
                "    n = n + e.n;",
                "    return result(n + e.n + get() + e.get());",
                "  }",
                "}"));
        assertEquals(16 + 15 + 16 + 15, Harness.run(l, "T", "m"));
    }

    /**
     * commons-compress {@code GzipParameters.OS.from}, commons-io {@code RandomAccessFileMode.valueOfMode}: private
     * constants as case labels. Read through an accessor they were no constant expressions ("constant expression
     * required" in Corio_T); a constant is written as its value, as javac inlines it.
     */
    @Test
    void privateConstantsAsCaseLabels() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  private static final int ONE = 1;",
                "  private static final String R = \"r\";",
                "  private final char c = 'c';",
                "  @Async public static Coroutine<String> f(int k, String s) {",
                "    switch (await(later(k))) { case ONE: return result(\"one\" + T.ONE); default: break; }",
                "    switch (s) { case R: return result(R + new T().c); default: return result(\"other\"); }",
                "  }"));
        assertEquals("one1", Harness.run(l, "T", "f", 1, "x"));
        assertEquals("rc", Harness.run(l, "T", "f", 2, "r"));
    }

    @Test
    void exceptionsFromPrivateMethodsKeepTheirIdentity() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T {",
                "  public static final java.io.IOException BOOM = new java.io.IOException(\"boom\");",
                "  private void fail() throws java.io.IOException { throw BOOM; }",
                "  @Async public Coroutine<String> m() {",
                "    await(later(0));",
                "    try { fail(); } catch (java.io.IOException e) { return result(e == BOOM ? \"same\" : \"other\"); }",
                "    return result(\"none\");",
                "  }",
                "  @Async public Coroutine<String> n() throws java.io.IOException {",
                "    await(later(0));",
                "    fail();",
                "    return result(\"none\");",
                "  }",
                "}"));
        assertEquals("same", Harness.run(l, "T", "m"));
        Throwable t = assertThrows(Throwable.class, () -> Harness.run(l, "T", "n"));
        assertSame(l.loadClass("t.T").getField("BOOM").get(null), t);
    }

    @Test
    void whatAccessorsCannotDoStaysAnError() {
        DiagnosticsTest.expect(Harness.cls("  private int hidden() { return 2; }",
                        "  @Async public Coroutine<Integer> m() { Supplier<Integer> s = this::hidden; return result(s.get()); }"),
                "10:64: [CorioPrivate] @Async method m uses private method T.hidden() in a method reference, which the"
                        + " generated Corio_T cannot form (it reaches private members through accessors). Write a lambda"
                        + " that calls it, or make it package-private.");
        DiagnosticsTest.expect(Harness.cls("  private int n;", "  T self() { return this; }",
                        "  @Async public Coroutine<Integer> k(T o) { await(later(1)); self().n += 1; return result(o.n); }"),
                "11:71: [CorioPrivate] @Async method k applies a compound assignment to private field n of another"
                        + " object, which the generated state machine reaches only through an accessor. Write it as"
                        + " `o.n = o.n + ...`, or make the field package-private.");
        DiagnosticsTest.expect(Harness.cls("  private static class Item {}", "  private Item item() { return null; }",
                        "  @Async public Coroutine<Boolean> m() { return result(item() == null); }"),
                "11:56: [CorioPrivate] @Async method m uses private method T.item(), whose type names private class"
                        + " t.T.Item, which the generated Corio_T cannot name (it reaches private members through"
                        + " accessors that repeat their types). Make Item package-private.");
    }
}
