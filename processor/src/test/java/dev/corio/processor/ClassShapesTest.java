package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.corio.Coroutine;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** Static and generic methods, generic and nested classes, constructors, and what the generated code looks like. */
class ClassShapesTest {
    @Test
    void staticMethodsAndRedirection() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public static Coroutine<Integer> twice(int x) { return result(2 * await(later(x))); }",
                "  @Async public static Coroutine<Integer> quad(int x) { return result(await(twice(await(T.twice(x))))); }"));
        assertEquals(12, Harness.run(l, "T", "quad", 3));
    }

    @Test
    void genericMethodsAndClasses() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class G<E extends Comparable<E>> {",
                "  final List<E> items = new ArrayList<>();",
                "  public G() {}",
                "  protected G(List<E> xs) { items.addAll(xs); }",
                "  @Async public Coroutine<E> max() {",
                "    E best = null;",
                "    for (E e : items) { E v = await(later(e)); if (best == null || v.compareTo(best) > 0) best = v; }",
                "    return result(best);",
                "  }",
                "  @Async public <R> Coroutine<List<R>> map(Function<? super E, ? extends R> f) {",
                "    List<R> out = new ArrayList<>();",
                "    for (E e : items) out.add(f.apply(await(now(e))));",
                "    return result(out);",
                "  }",
                "  @Async static <T extends Number> Coroutine<Double> sum(List<? extends T> xs) {",
                "    double s = 0;",
                "    for (T x : xs) s += await(later(x)).doubleValue();",
                "    return result(s);",
                "  }",
                "}"));
        Class<?> gen = l.loadClass("t.Corio_G");
        java.lang.reflect.Constructor<?> ctor = gen.getDeclaredConstructor(java.util.List.class);
        ctor.setAccessible(true); // mirrors G's protected constructor
        Object g = ctor.newInstance(java.util.List.of(3, 9, 4));
        assertEquals(9, Harness.runOn(g, gen.getMethod("max")));
        java.util.function.Function<Integer, String> f = i -> "#" + i;
        assertEquals(java.util.List.of("#3", "#9", "#4"), Harness.runOn(g, gen.getMethod("map", java.util.function.Function.class), f));
        Method sum = Harness.find(gen, "sum");
        assertEquals(6.5, Harness.runOn(null, sum, java.util.List.of(1, 2.5, 3L)));
    }

    @Test
    void staticNestedClass() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public class Outer {",
                "  static int seed() { return 40; }",
                "  public static class Inner {",
                "    final int base;",
                "    public Inner(int base) { this.base = base; }",
                "    @Async public Coroutine<Integer> plus(int x) { return result(seed() + base + await(later(x))); }",
                "  }",
                "}"));
        Class<?> gen = l.loadClass("t.Corio_Outer_Inner");
        Object o = gen.getConstructor(int.class).newInstance(1);
        assertEquals(43, Harness.runOn(o, gen.getMethod("plus", int.class), 2));
        assertTrue(l.loadClass("t.Outer$Inner").isAssignableFrom(gen));
    }

    @Test
    void instanceRecursionThroughMethodReference() throws Throwable {
        ClassLoader l = Harness.load(Harness.src(
                "public abstract class Tree {",
                "  @Async public Coroutine<Integer> count(int depth) {",
                "    if (depth == 0) return result(1);",
                "    List<Coroutine<Integer>> kids = List.of(depth - 1, depth - 1).stream().map(this::count).toList();",
                "    int total = 1;",
                "    for (Coroutine<Integer> k : kids) total += await(k);",
                "    return result(total);",
                "  }",
                "}"));
        Class<?> gen = l.loadClass("t.Corio_Tree");
        Object o = gen.getConstructor().newInstance();
        assertEquals(31, Harness.runOn(o, gen.getMethod("count", int.class), 4));
    }

    @Test
    void generatedCodeIsReadable() {
        Compilation c = Harness.compile(Harness.cls(
                "  @Async public Coroutine<Integer> add(int x) {",
                "    int a = await(later(x));",
                "    return result(a + 1);",
                "  }"));
        String code = Harness.generated(c, "Corio_T");
        assertTrue(code.contains("public class Corio_T extends T"), code);
        assertTrue(code.contains("return new Add(this, x);"), code);
        assertTrue(code.contains("static final class Add extends Coroutine<Integer>"), code);
        assertTrue(code.contains("// T.java:10: int a = await(later(x));"), code);
        assertTrue(code.contains("if (($value = Aw.later(x).awaitFrom(this)) == SUSPENDED)"), code);
    }

    @Test
    void overriddenMethodReturnsAStateMachine() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public Coroutine<String> hello() { return result(\"hi\"); }"));
        Object o = l.loadClass("t.Corio_T").getConstructor().newInstance();
        Object viaBase = l.loadClass("t.T").getMethod("hello").invoke(o);
        assertTrue(viaBase instanceof Coroutine<?>);
        assertTrue(viaBase.getClass().getName().startsWith("t.Corio_T$"), viaBase.getClass().getName());
    }
}
