package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ordinary Java of shapes the fuzzer's grammar does not make, as real code has them (issue 9): each
 * {@code @Async} method runs as a coroutine and as its plain twin ({@link Twins}), and both must agree. The
 * list of what is covered is in docs/processor.md, "Real-world shapes".
 */
@Timeout(120)
class RealWorldShapesTest {
    private static String src(String... lines) {
        return Twins.HEADER + String.join("\n", lines) + "\n";
    }

    /** A method type variable that hides the class's: the machine renames the class's (S -> S$2). */
    @Test
    void methodTypeVariableHidingTheClasss() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class T<S extends Comparable<S>, U extends List<S>> {",
                "  private S field;",
                "  private final U list;",
                "  T(S f, U l) { field = f; list = l; }",
                "  private S get() { return field; }",
                "  class Inner { S v = field; public String toString() { return \"I\" + v; } }",
                "  @Async public <S, X extends Collection<S>> Coroutine<String> m(S x, X xs) throws java.io.IOException {",
                "    var f = get();", // the class's S, kept across awaits: S$2 in the machine
                "    var g = field;",
                "    var in = new Inner();",
                "    var l = list;",
                "    S y = await(later(x));", // the method's S
                "    xs.add(y);",
                "    Comparator<S> c = new Comparator<S>() { public int compare(S a, S b) { return 0; } };",
                "    Function<S, String> fn = s -> s + \"/\" + field;",
                "    int n = await(later(1));",
                "    return result(f + \" \" + g + \" \" + in + \" \" + l + \" \" + y + xs + c.compare(y, y) + fn.apply(y) + list.size() + n);",
                "  }",
                "  @Async public <U> Coroutine<U> id(U u) { var l = list; int n = await(later(1)); return result(l.size() > n ? u : u); }",
                "  @Async public <S extends Number> Coroutine<Double> sum(List<S> xs) {",
                "    double s = 0;",
                "    for (S x : xs) s += await(later(x)).doubleValue();",
                "    return result(s + field.compareTo(field));",
                "  }",
                "}"),
                src("public class Sub<S extends Comparable<S>> extends T<S, List<S>> {",
                "  Sub(S f) { super(f, new ArrayList<>(List.of(f))); }",
                "  @Async public <S> Coroutine<S> own(S s) { int n = await(later(1)); return result(n > 0 ? s : s); }",
                "}"));
        Object[] make = {"a", new ArrayList<>(List.of("a", "b"))};
        assertEquals("a a Ia [a, b] 5[5]05/a21", Twins.same(l, "T", make, "m", 5, new ArrayList<>()));
        assertEquals(2.5, Twins.same(l, "T", make, "id", 2.5));
        assertEquals(3.5, Twins.same(l, "T", make, "sum", List.of(1, 2.5)));
        // Sub inherits m, id and sum (its Corio_Sub runs T's machines on itself) and hides S in own
        assertEquals("z z Iz [z] 4[4]04/z11", Twins.same(l, "T", new Object[] {"z", new ArrayList<>(List.of("z"))}, "m", 4, new ArrayList<>()));
        java.lang.reflect.Constructor<?> subCtor = l.loadClass("t.Corio_Sub").getDeclaredConstructor(Comparable.class);
        subCtor.setAccessible(true);
        Object sub = subCtor.newInstance("z");
        assertEquals("z z Iz [z] 4[4]04/z11", Harness.runOn(sub, Harness.find(sub.getClass(), "m"), 4, new ArrayList<>()));
        assertEquals(7, Harness.runOn(sub, Harness.find(sub.getClass(), "own"), 7));
    }

    /** User names that the generated code also uses: fields, locals, labels and methods spelled like its own. */
    @Test
    void namesLikeTheGeneratedOnes() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class N {",
                "  int $state = 7; String $self = \"me\"; int $value = 1; Object $error = \"e\"; int machine = 3;",
                "  String Corio_N = \"field\"; int $lines = 2; int $h$field = 4;",
                "  static int resume(int x) { return x + 1; }",
                "  static final class Box { int result() { return 5; } int await() { return 6; } int toString(int x) { return x; } }",
                "  @Async public Coroutine<String> m(int $t1, int $thrown) {",
                "    int $state = this.$state + await(later(1));", // a local hiding a field named like the machine's
                "    String resume = \"r\" + resume($t1);",
                "    int machine = await(later(this.machine));",
                "    machine: for (int i = 0; ; i++) { if (i == await(later(2))) break machine; }",
                "    Box $self = new Box();",
                "    int result = $self.result() + $self.await() + await(later($self.toString(1)));",
                "    String $loop = \"L\", $error = \"E\", $value = \"V\", $e = \"x\";",
                "    return result($state + resume + machine + this.$self + $value + this.$value + $error + this.$error + Corio_N",
                "        + $lines + $h$field + result + $loop + $thrown + $e);",
                "  }",
                "  @Async public Coroutine<Integer> resume() { return result(await(later($state))); }",
                "  @Async public Coroutine<Integer> sourceLocation(int lineMap) { return result(await(later(lineMap))); }",
                "}"));
        assertEquals("8r43meV1EeCorio_N".replace("Corio_N", "field") + "2412L9x", Twins.same(l, "N", "m", 3, 9));
        assertEquals(7, Twins.same(l, "N", "resume"));
        assertEquals(4, Twins.same(l, "N", "sourceLocation", 4));
    }

    /** {@code $} and letters beyond ASCII in the names of classes, methods, fields and locals. */
    @Test
    void dollarsAndUnicodeInNames() throws Throwable {
        // each in a file of its own: Corio_Café extends Café, and javac warns (-Xlint:auxiliaryclass, which no
        // @SuppressWarnings reaches in a class header) when Café is declared in another class's file
        ClassLoader l = Twins.load(src(
                "public class Uni {",
                "  static String ø(String s) { return s + \"ø\"; }",
                "}"), src(
                "public class Café {",
                "  int größe = 3;",
                "  @Async public Coroutine<String> prüfe(int n$) {",
                "    String 名前 = await(later(\"名\"));",
                "    int π$ = größe + await(later(n$));",
                "    return result(名前 + π$ + Uni.ø(\"x\"));",
                "  }",
                "}"), src(
                "public class Dol$lar {",
                "  @Async public static Coroutine<String> a$b(String $) { String _x$ = await(later($)); return result(_x$ + \"$\"); }",
                "}"));
        assertEquals("名5xø", Twins.same(l, "Café", "prüfe", 2));
        assertEquals("q$", Twins.same(l, "Dol$lar", "a$b", "q"));
    }

    /** Inner classes of generic classes, generic themselves ({@code G<T>.Inner<U>}), kept across awaits. */
    @Test
    void genericInnerClassesOfGenericClasses() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class G<T> {",
                "  T seed;",
                "  G(T seed) { this.seed = seed; }",
                "  class Inner<U> { final T t; final U u; Inner(T t, U u) { this.t = t; this.u = u; }",
                "    public String toString() { return t + \"/\" + u; } }",
                "  class Plain { public String toString() { return \"p\" + seed; } }",
                "  static class Nested<V> { class Deep { V v; } }",
                "  @Async public <U> Coroutine<String> m(U u) {",
                "    G<T>.Inner<U> in = new Inner<>(seed, u);",
                "    Inner<String> s = this.new Inner<String>(seed, \"s\");",
                "    Plain p = new Plain();",
                "    Nested<Integer>.Deep d = new Nested<Integer>().new Deep();",
                "    d.v = await(later(4));",
                "    String a = await(later(in.toString()));",
                "    List<G<T>.Inner<? extends U>> all = new ArrayList<>();",
                "    all.add(in);",
                "    int n = await(later(all.size()));",
                "    return result(a + s + p + d.v + in.u + n + all);",
                "  }",
                "}"));
        assertEquals("q/1q/spq411[q/1]", Twins.same(l, "G", new Object[] {"q"}, "m", 1));
    }

    /** Anonymous classes and lambdas that capture locals, made in loops with awaits, called after more awaits. */
    @Test
    void capturesAcrossAwaits() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class C {",
                "  String field = \"f\";",
                "  @Async public Coroutine<String> m(int rounds) {",
                "    List<Supplier<String>> fs = new ArrayList<>();",
                "    for (int i = 0; i < rounds; i++) {",
                "      int j = await(later(i));",
                "      String tag = \"t\" + j;",
                "      fs.add(() -> tag + j + field);",
                "      fs.add(new Supplier<String>() { int calls; public String get() { return tag + (++calls) + field + rounds; } });",
                "    }",
                "    int k = await(later(10));",
                "    Function<Integer, Integer> add = x -> x + k;",
                "    Runnable r = () -> fs.add(() -> \"late\" + k);",
                "    r.run();",
                "    StringBuilder sb = new StringBuilder();",
                "    for (Supplier<String> f : fs) sb.append(f.get()).append(await(later(\",\")));",
                "    BiFunction<String, Integer, String> rep = String::repeat;",
                "    return result(sb + \"\" + add.apply(1) + rep.apply(\"ab\", await(later(2))));",
                "  }",
                "}"));
        assertEquals("t00f,t01f2,t11f,t11f2,late10,11abab", Twins.same(l, "C", "m", 2));
    }

    /** Records: compact and delegating constructors, a static @Async method in the record, nested records. */
    @Test
    void records() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public record R(int a, String b) {",
                "  public R { if (a < 0) throw new IllegalArgumentException(\"negative \" + a); b = b.trim(); }",
                "  public R(int a) { this(a, \" x \"); }",
                "  record Pair<A, B>(A first, B second) { static <A> Pair<A, A> twice(A a) { return new Pair<>(a, a); } }",
                "  static final int made = 2;",
                "  @Async public static Coroutine<String> make(int a) {",
                "    R r = new R(await(later(a)), \" y \");",
                "    R q = new R(a + 1);",
                "    Pair<R, Integer> p = new Pair<>(q, await(later(made)));",
                "    var t = Pair.twice(r);",
                "    String bad;",
                "    try { new R(await(later(-a))); bad = \"none\"; } catch (IllegalArgumentException e) { bad = e.getMessage(); }",
                "    return result(r + \"\" + q + p + t.first().equals(t.second()) + r.b().length() + bad);",
                "  }",
                "}"));
        Twins.same(l, "R", "make", 3);
        assertEquals("R[a=3, b=y]R[a=4, b=x]Pair[first=R[a=4, b=x], second=2]true1negative -3", Twins.same(l, "R", "make", 3));
    }

    /** Enums with constant bodies, constructors and abstract methods; a static @Async method in the enum. */
    @Test
    void enumsWithConstantBodies() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public enum Op {",
                "  ADD { int apply(int a, int b) { return a + b; } },",
                "  MUL(\"x\") { int apply(int a, int b) { return a * b; } @Override public String toString() { return \"times\"; } };",
                "  final String sym;",
                "  Op() { this(\"+\"); }",
                "  Op(String s) { sym = s; }",
                "  abstract int apply(int a, int b);",
                "  @Async public static Coroutine<String> all(int a) {",
                "    StringBuilder sb = new StringBuilder();",
                "    EnumMap<Op, Integer> m = new EnumMap<>(Op.class);",
                "    for (Op o : values()) {",
                "      int r = o.apply(await(later(a)), 3);",
                "      switch (o) { case ADD: sb.append(\"add\"); break; default: sb.append(o.sym).append(o); }",
                "      m.put(o, r);",
                "      Op same = await(later(o));",
                "      sb.append(same == o).append(r);",
                "    }",
                "    return result(sb.toString() + valueOf(\"MUL\").ordinal() + m);",
                "  }",
                "}"));
        assertEquals("addtrue5xtimestrue61{ADD=5, times=6}", Twins.same(l, "Op", "all", 2));
    }

    /** Interfaces: a static @Async method with an anonymous implementation kept across awaits, default methods. */
    @Test
    void interfacesWithStaticAndDefaultMethods() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public interface I {",
                "  int K = 4;",
                "  default int twice(int x) { return 2 * x; }",
                "  static int base() { return 10; }",
                "  private static int hidden() { return 1; }",
                "  @Async static Coroutine<String> m(int n) {",
                "    I i = new I() { @Override public int twice(int x) { return 3 * x + hidden(); } };",
                "    I d = new I() {};",
                "    int a = i.twice(await(later(K)));",
                "    int b = d.twice(await(later(n)));",
                "    return result(a + base() + \"\" + b + i.twice(1));",
                "  }",
                "}"));
        assertEquals("2344", Twins.same(l, "I", "m", 2));
    }

    /** Sealed hierarchies with pattern switches, nested record patterns, guards on fields, {@code case null} (Java 21). */
    @Test
    void sealedHierarchiesWithPatternSwitches() throws Throwable {
        int jdk = Runtime.version().feature();
        assumeTrue(jdk >= 21, "needs javac 21 or later to compile Java 21 sources; this is JDK " + jdk
                + ": run the processor tests with JAVA_HOME set to a JDK 21+ (see Java21Test)");
        ClassLoader l = Twins.load(src(
                "public class P {",
                "  sealed interface Expr permits Num, Add, Neg, Box {}",
                "  record Num(int v) implements Expr {}",
                "  record Add(Expr l, Expr r) implements Expr {}",
                "  record Neg(Expr e) implements Expr {}",
                "  record Box<X>(X content) implements Expr {}",
                "  int limit = 5;",
                "  @Async public Coroutine<String> eval(int depth) {",
                "    List<Expr> es = new ArrayList<>(List.of(new Add(new Num(2), new Neg(new Num(3))), new Num(9), new Box<>(\"b\")));",
                "    es.add(null);",
                "    StringBuilder sb = new StringBuilder();",
                "    for (Expr e : es) {",
                "      String s = switch (e) {",
                "        case null -> \"null\";",
                "        case Num(int v) when v > limit -> \"big\" + await(later(v));",
                "        case Num n -> \"n\" + n.v();",
                "        case Add(Num(var a), Neg(Num(int b))) -> { int x = await(later(a - b)); yield \"sub\" + x; }",
                "        case Add a -> \"add\";",
                "        case Neg(var inner) -> \"neg\" + inner;",
                "        case Box<?>(String str) -> \"box:\" + await(later(str));",
                "        case Box<?> b -> \"box\";",
                "      };",
                "      sb.append(s).append(';');",
                "      if (e instanceof Add(Num(int a), var r) && a > 1) sb.append(await(later(a))).append(r instanceof Neg);",
                "    }",
                "    Object o = await(later(depth));",
                "    switch (o) {",
                "      case Integer i when i > 3 -> sb.append(\"deep\");",
                "      case Integer i -> sb.append(\"shallow\").append(await(later(i)));",
                "      default -> sb.append(\"?\");",
                "    }",
                "    return result(sb.toString());",
                "  }",
                "}"));
        assertEquals("sub-1;2truebig9;box:b;null;shallow2", Twins.same(l, "P", "eval", 2));
        assertEquals("sub-1;2truebig9;box:b;null;deep", Twins.same(l, "P", "eval", 7));
    }

    /** Text blocks (braces, quotes, escapes and line continuations in them), {@code var}, labelled blocks and loops. */
    @Test
    void textBlocksVarAndLabels() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class X {",
                "  @Async public Coroutine<String> m(String name) {",
                "    var tb = \"\"\"",
                "        Hello, {name} \\",
                "          \"quoted\" } { \\t",
                "        end\"\"\";",
                "    var r = await(later(tb.replace(\"{name}\", name)));",
                "    var list = new ArrayList<Map.Entry<String, Integer>>();",
                "    outer:",
                "    for (var i = 0; i < 4; i++) {",
                "      inner:",
                "      for (var j = 0; j < 4; j++) {",
                "        if (j == i) continue outer;",
                "        if (await(later(i + j)) > 4) break outer;",
                "        if (j == 2) break inner;",
                "        list.add(Map.entry(\"k\" + i, j));",
                "      }",
                "    }",
                "    block: {",
                "      if (await(later(list.size())) > 2) break block;",
                "      list.clear();",
                "    }",
                "    int n = 0;",
                "    loop: do { n++; if (n > await(later(2))) break loop; } while (true);",
                "    return result(r + list + n + \"\"\"",
                "        !\"\"\");",
                "  }",
                "}"));
        assertEquals("Hello, q   \"quoted\" } { \t\nend[k1=0, k2=0, k2=1, k3=0, k3=1]3!", Twins.same(l, "X", "m", "q"));
    }

    /** TYPE_USE annotations on parameters, locals, type arguments and arrays kept across awaits. */
    @Test
    void typeUseAnnotations() throws Throwable {
        String nullable = "package t;\nimport java.lang.annotation.*;\n"
                + "@Target({ElementType.TYPE_USE}) @Retention(RetentionPolicy.RUNTIME) public @interface Nullable {}\n";
        String nonNull = "package t;\nimport java.lang.annotation.*;\n"
                + "@Target({ElementType.TYPE_USE, ElementType.TYPE_PARAMETER}) public @interface NonNull {}\n";
        ClassLoader l = Twins.load(nullable, nonNull, src(
                "public class A<@NonNull T> {",
                "  @Nullable String f;",
                "  @Async public Coroutine<@Nullable String> m(@Nullable String s, List<@NonNull T> xs) {",
                "    @Nullable String a = await(later(s));",
                "    List<@NonNull T> copy = new ArrayList<>(xs);",
                "    Map<@NonNull String, @Nullable Object> m = new TreeMap<>();",
                "    String @Nullable [] arr = {a};",
                "    @NonNull T first = copy.get(0);",
                "    m.put(\"k\", await(later(copy.size())));",
                "    java.util.function.@NonNull Function<@Nullable String, String> fn = (@Nullable var x) -> x + f;",
                "    return result(a + m + arr.length + first + fn.apply(await(later((@NonNull String) \"z\"))));",
                "  }",
                "  @Async public static <@NonNull E extends @Nullable Comparable<E>> Coroutine<E> max(E a, E b) {",
                "    E x = await(later(a));",
                "    return result(x.compareTo(b) > 0 ? x : b);",
                "  }",
                "}"));
        assertEquals("s{k=2}11znull", Twins.same(l, "A", "m", "s", List.of(1, 2)));
        assertEquals("b", Twins.same(l, "A", "max", "a", "b"));
    }

    /** C-style array declarators ({@code int[] a[]}, {@code int c[] = ..., d}), also in {@code for} headers and parameters. */
    @Test
    void arrayDeclarators() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class D {",
                "  @Async public Coroutine<String> m(int xs[], String... rest) {",
                "    int[] a[] = {{1, 2}, {3}}, b = {4};",
                "    int c[] = {await(later(5))}, d = 6;",
                "    for (int i = 0, e[] = {7}; i < 2; i++) { c[0] += e[0] + await(later(i)); }",
                "    String[] s[] = new String[1][];",
                "    s[0] = rest;",
                "    a[1] = new int[] {await(later(xs[0]))};",
                "    return result(Arrays.deepToString(a) + Arrays.toString(b) + Arrays.toString(c) + d + Arrays.deepToString(s));",
                "  }",
                "}"));
        assertEquals("[[1, 2], [8]][4][20]6[[p, q]]", Twins.same(l, "D", "m", new int[] {8}, new String[] {"p", "q"}));
    }

    /** Intersection bounds, a conditional whose type is an intersection, and wildcard captures kept across awaits. */
    @Test
    void intersectionsAndCaptures() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class B {",
                "  static <X> void reverse(List<X> l) { Collections.reverse(l); }",
                "  @Async public static <T extends Number & Comparable<T>> Coroutine<String> max(List<T> xs, boolean flag) {",
                "    T best = null;",
                "    for (T x : xs) { T v = await(later(x)); if (best == null || v.compareTo(best) > 0) best = v; }",
                "    var both = flag ? Integer.valueOf(1) : \"s\";", // Serializable & Comparable<...> & Constable ...
                "    var again = await(later(both));",
                "    return result(best + \":\" + best.intValue() + both + again);",
                "  }",
                "  @Async public static Coroutine<String> capture(List<?> xs, Map<String, ? extends Number> m, List<? super Integer> sink) {",
                "    var first = xs.get(0);",
                "    var e = m.entrySet().iterator().next();",
                "    var copy = new ArrayList<>(xs);",
                "    Number n = await(later(e.getValue()));",
                "    reverse(copy);",
                "    sink.add(await(later(n.intValue())));",
                "    Class<? extends Number> k = n.getClass();",
                "    var kk = await(later(k));",
                "    return result(first + \"\" + n + copy + e.getKey() + sink + kk.getSimpleName());",
                "  }",
                "}"));
        assertEquals("9:911", Twins.same(l, "B", "max", List.of(3, 9, 4), true));
        assertEquals("9:9ss", Twins.same(l, "B", "max", List.of(3, 9, 4), false));
        assertEquals("a7[b, a]k[0, 7]Integer", Twins.same(l, "B", "capture", List.of("a", "b"), Map.of("k", 7),
                new ArrayList<Object>(List.of(0))));
    }

    /** A generic thrown type ({@code throws E}), thrown through an await and caught outside. */
    @Test
    void genericThrows() throws Throwable {
        ClassLoader l = Twins.load(src(
                "public class E {",
                "  interface Thrower<X extends Exception> { String get(int i) throws X; }",
                "  static <X extends Throwable> RuntimeException sneaky(Throwable t) throws X { throw (X) t; }",
                "  @Async public static <X extends Exception> Coroutine<String> call(Thrower<X> t, int i) throws X {",
                "    String a = await(later(\"x\"));",
                "    return result(a + t.get(await(later(i))));",
                "  }",
                "  @Async public static Coroutine<String> run(int i) {",
                "    Thrower<java.io.IOException> t = k -> { if (k > 1) throw new java.io.IOException(\"io\" + k); return \"ok\" + k; };",
                "    try {",
                "      String a = await(later(\"x\"));",
                "      return result(a + t.get(await(later(i))));",
                "    } catch (java.io.IOException e) {",
                "      return result(\"caught \" + e.getMessage());",
                "    }",
                "  }",
                "  @Async public static Coroutine<String> rethrow(int i) {",
                "    int k = await(later(i));",
                "    if (k > 1) throw E.<RuntimeException>sneaky(new java.io.IOException(\"sneaky\" + k));",
                "    return result(\"fine\");",
                "  }",
                "}"));
        assertEquals("xok1", Twins.same(l, "E", "run", 1));
        assertEquals("caught io2", Twins.same(l, "E", "run", 2));
        assertEquals("fine", Twins.same(l, "E", "rethrow", 1));
        Twins.same(l, "E", "rethrow", 2); // both throw java.io.IOException: sneaky2
        Class<?> thrower = l.loadClass("t.E$Thrower");
        Object fails = java.lang.reflect.Proxy.newProxyInstance(l, new Class<?>[] {thrower}, (p, m, a) -> {
            throw new java.io.IOException("proxy" + a[0]);
        });
        Twins.same(l, "E", "call", fails, 3);
    }

    /** DI annotations (jakarta.inject) on constructors, fields and the parameters of @Async methods. */
    @Test
    void injectionAnnotations() throws Throwable {
        ClassLoader l = Twins.load(src(
                "import jakarta.inject.*;",
                "@Singleton",
                "public class Svc {",
                "  @Inject @Named(\"greeting\") String greeting;",
                "  private final Provider<Integer> count;",
                "  @Inject public Svc(@Named(\"count\") Provider<Integer> count) { this.count = count; }",
                "  public Svc() { this(() -> 2); }",
                "  @Async public Coroutine<String> hello(@Named(\"who\") String who, @Nullable2 String x) {",
                "    int n = await(later(count.get()));",
                "    return result(greeting + \" \" + who.repeat(n) + x);",
                "  }",
                "  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME) @interface Nullable2 {}",
                "}"));
        assertEquals("null abab-", Twins.same(l, "Svc", "hello", "ab", "-"));
        Class<?> gen = l.loadClass("t.Corio_Svc");
        java.lang.reflect.Constructor<?> inject = gen.getConstructor(jakarta.inject.Provider.class);
        assertTrue(inject.isAnnotationPresent(jakarta.inject.Inject.class), "the @Inject constructor is carried");
        assertEquals("count", ((jakarta.inject.Named) inject.getParameterAnnotations()[0][0]).value());
    }
}
