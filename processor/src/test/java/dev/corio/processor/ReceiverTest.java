package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receiver: the state machine is another class, with the object in {@code $self}, so every use of
 * {@code this}, written or implicit, must reach it: members, inner class creation (the enclosing instance),
 * constructor references, qualified {@code this}, and {@code this} as a value. {@code super} cannot be
 * reached from another class and is an error in every form.
 */
@Timeout(60)
class ReceiverTest {
    @Test
    void innerClassCreationTakesTheReceiverAsItsEnclosingInstance() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  String tag = \"T\";",
                "  final class Res { final String s; Res(String s) { this.s = s + tag; } }",
                "  class Open { String s; Open(String s) { this.s = s; } String get() { return s + tag; } }",
                "  class Gen<X> { final X x; Gen(X x) { this.x = x; } }",
                "  @Async public Coroutine<String> run() {",
                "    Res r = new Res(await(later(\"a\")));", // the example
                "    Res q = this.new Res(await(later(\"b\")));",
                "    T.Res z = T.this.new Res(\"c\");",
                "    Gen<String> g = new Gen<>(await(later(\"d\")));",
                "    Gen<Integer> h = new T.Gen<Integer>(1);",
                "    Open anon = new Open(\"e\") { @Override String get() { return \"anon\" + s + tag; } };",
                "    Supplier<Res> later = () -> new Res(\"f\");",
                "    await(later(0));",
                "    return result(r.s + q.s + z.s + g.x + h.x + anon.get() + later.get().s);",
                "  }"));
        assertEquals("aTbTcTd1anoneTfT", Harness.run(l, "T", "run"));
    }

    @Test
    void innerClassesOfAGenericClassKeepTheirTypeArguments() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T<E> {",
                "  public T() {}",
                "  class Node { final E v; Node next; Node(E v) { this.v = v; } }",
                "  class Pair<F> { final E e; final F f; Pair(E e, F f) { this.e = e; this.f = f; } }",
                "  @Async public Coroutine<String> run(E x) {",
                "    Node head = new Node(x);",
                "    head.next = new Node(await(later(x)));",
                "    List<Node> all = new ArrayList<>(List.of(head));",
                "    Object o = head;",
                "    Node back = (Node) o;",
                "    E y = back.next.v;",                            // Outer.Node would be raw: y an Object
                "    Pair<String> p = new Pair<>(y, \"f\");",
                "    T<E>.Node explicit = this.new Node(y);",
                "    await(later(0));",
                "    E z = all.get(0).v;",
                "    return result(\"\" + y + z + p.e + p.f + explicit.v + (o instanceof T.Node));",
                "  }",
                "}"));
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals("xxxfxtrue", Harness.runOn(t, Harness.find(t.getClass(), "run"), "x"));
    }

    @Test
    void constructorReferencesToInnerClassesBecomeLambdasOnTheReceiver() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T<E> {",
                "  public T() {}",
                "  String tag = \"T\";",
                "  class Node { final E v; Node(E v) { this.v = v; } }",
                "  class Pair<F> { final E e; final F f; Pair(E e, F f) { this.e = e; this.f = f; } }",
                "  class Plain { final String s; Plain() { s = tag; } }",
                "  @Async public Coroutine<String> run(E x) {",
                "    Function<E, Node> mk = Node::new;",
                "    BiFunction<E, String, Pair<String>> mk2 = Pair::new;",
                "    Supplier<Plain> mk3 = Plain::new;",
                "    E y = await(later(x));",
                "    String arg = \"-\";", // the lambda's parameter names do not clash with the method's locals
                "    return result(\"\" + mk.apply(y).v + mk2.apply(y, \"g\").f + mk3.get().s + arg);",
                "  }",
                "}"));
        Object t = l.loadClass("t.Corio_T").getConstructor().newInstance();
        assertEquals("xgT-", Harness.runOn(t, Harness.find(t.getClass(), "run"), "x"));
    }

    @Test
    void implicitThisInAnonymousClassesLambdasAndLocalClasses() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class T extends Base {",
                "  String tag = \"T\";",
                "  int count;",
                "  class Res { final String s; Res(String s) { this.s = s + tag; } }",
                "  @Async public Coroutine<String> run() {",
                "    Runnable r1 = new Runnable() { public void run() { count++; tag = tag + \"!\"; } };",
                "    r1.run();",
                "    await(later(1));",
                "    Runnable r2 = () -> { count++; };",
                "    r2.run();",
                "    Supplier<String> ts = this::toString;",
                "    class Loc { String f() { return tag + new Res(\"L\").s + new Inh().v + T.this.count; } }",
                "    String loc = new Loc().f();",
                "    Object own = new Object() { int count = 7; @Override public String toString() { return \"own\" + count; } };",
                "    String tg = await(later(tag));",
                "    return result(loc + tg + count + ts.get() + own);",
                "  }",
                "  @Override public String toString() { return \"TT\"; }",
                "}",
                "class Base { class Inh { String v = \"inh\"; } }"));
        assertEquals("T!LT!inh2T!2TTown7", Harness.run(l, "T", "run"));
    }

    @Test
    void thisAsAValueKeepsTheTypeOfTheClass() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  String tag = \"T\";",
                "  @Async public Coroutine<String> run() {",
                "    var all = new ArrayList<>(List.of(this));", // a List<T>, not a list of the generated class
                "    all.add(new T());",
                "    Object same = this;",
                "    var self = this;",
                "    self = new T();",
                "    await(later(1));",
                "    String tag = \"shadow\";",                   // a local that shadows a field
                "    return result(all.size() + tag + this.tag + self.tag + (same == this) + (self != this));",
                "  }"));
        assertEquals("2shadowTTtruetrue", Harness.run(l, "T", "run"));
    }

    @Test
    void staticMethodsOfEnumsRecordsAndInterfacesNestedInAClass() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  public enum Color { RED, GREEN;",
                "    static final String VALS = \"v\";",
                "    @Async static Coroutine<String> name(Color c) { await(later(1)); return result(c.name() + VALS); } }",
                "  public record Pt(int x, int y) {",
                "    static final int ZERO = 0;",
                "    @Async static Coroutine<Integer> sum(Pt p) { return result(await(later(p.x())) + p.y() + ZERO); } }",
                "  public interface Api { String K = \"k\";",
                "    @Async static Coroutine<String> hi() { return result(await(later(\"hi\")) + K); } }",
                "  public static class Nest { final String n = \"N\"; }",
                "  @Async public static Coroutine<String> run() {",
                "    Nest nest = new Nest();",
                "    return result(await(Color.name(Color.RED)) + await(Pt.sum(new Pt(1, 2))) + await(Api.hi()) + nest.n);",
                "  }"));
        assertEquals("REDv3hikN", Harness.run(l, "T", "run"));
    }

    @Test
    void innerClassesFromTopLevelStateMachinesAndWithAnExplicitOuterInStaticMethods() throws Throwable {
        // the file names its own Corio_T, so the state machines are top-level classes (docs/processor.md)
        ClassLoader l = Harness.load(Harness.cls(
                "  String tag = \"T\";",
                "  class Res { final String s; Res(String s) { this.s = s + tag; } }",
                "  static T make() { return new Corio_T(); }",
                "  @Async public Coroutine<String> run() {",
                "    Res r = new Res(await(later(\"a\")));",
                "    Supplier<Res> mk = () -> new Res(\"b\");",
                "    Function<String, Res> f = Res::new;",
                "    return result(r.s + mk.get().s + f.apply(\"c\").s + (this instanceof Corio_T) + await(st(this)));",
                "  }",
                "  @Async public static Coroutine<String> st(T t) {",
                "    Res r = t.new Res(await(later(\"s\")));",
                "    return result(r.s);",
                "  }"));
        assertEquals("aTbTcTtruesT", Harness.run(l, "T", "run"));
    }

    @Test
    void superIsAnErrorInEveryForm() {
        String e = " [CorioSuper] super cannot be used in an @Async body: the generated state machine is another"
                + " class, which cannot call the overridden method. Call a package-private helper of the class that uses super.";
        assertEquals(List.of("10:73:" + e, "11:73:" + e, "12:68:" + e, "13:62:" + e, "14:55:" + e),
                DiagnosticsTest.errors(Harness.src(
                "public class T extends Base implements I {",
                "  @Override String m() { return \"T\"; }",
                "  @Async public Coroutine<String> a() { await(later(1)); return result(I.super.hi()); }",
                "  @Async public Coroutine<String> b() { await(later(1)); return result(T.super.m()); }",
                "  @Async public Coroutine<String> c() { Supplier<String> s = () -> super.m(); return result(s.get()); }",
                "  @Async public Coroutine<String> d() { Supplier<String> s = super::m; return result(s.get()); }",
                "  @Async public Coroutine<String> e() { return result(super.f); }",
                "  @Async public Coroutine<String> fine() {", // an anonymous class's own super is its superclass's
                "    Object o = new Object() { @Override public String toString() { return \"o\" + super.hashCode(); } };",
                "    return result(o.toString());",
                "  }",
                "}",
                "interface I { default String hi() { return \"I\"; } }",
                "class Base { String m() { return \"B\"; } String f = \"bf\"; }")));
    }
}
