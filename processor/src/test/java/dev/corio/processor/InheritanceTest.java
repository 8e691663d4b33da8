package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code Corio_Sub} runs the {@code @Async} methods {@code Sub} inherits as coroutines too. */
class InheritanceTest {
    static final String BASE = Harness.src("public class Base {",
            "  int hits;",
            "  @Async public Coroutine<Integer> one() { await(sleep(0)); hits++; return result(1); }",
            "  @Async public Coroutine<String> name() { return result(\"base\"); }",
            "}");

    @Test
    void inheritedAsyncMethodsRunTransformed() throws Throwable {
        ClassLoader l = Harness.load(BASE, Harness.src("public class Sub extends Base {",
                "  @Async public Coroutine<Integer> two() { return result(await(one()) + await(one()) + hits); }",
                "}"));
        assertEquals(4, Harness.run(l, "Sub", "two")); // 1 + 1 + 2 hits
        assertEquals(1, Harness.run(l, "Sub", "one")); // called directly on Corio_Sub
    }

    @Test
    void overridesOnTheWayDownWin() throws Throwable {
        ClassLoader l = Harness.load(BASE,
                Harness.src("public class Mid extends Base {",
                        "  @Async @Override public Coroutine<String> name() { return result(\"mid \" + await(later(1))); }",
                        "}"),
                Harness.src("public class Sub extends Mid {",
                        "  @Async public Coroutine<String> both() { return result(await(name()) + \" \" + await(one())); }",
                        "}"));
        assertEquals("mid 1 1", Harness.run(l, "Sub", "both"));
    }

    @Test
    void inAFileThatUsesTheGeneratedClasses() throws Throwable {
        ClassLoader l = Harness.load(Harness.src("public class T {",
                "  static class Base { @Async public Coroutine<Integer> one() { return result(await(later(1))); } }",
                "  static class Sub extends Base { @Async public Coroutine<Integer> two() { return result(await(one()) + 1); } }",
                "  public static int main() { var s = new Corio_T_Sub(); return Corio.run(s.two(), EventLoop::virtual); }",
                "}"));
        assertEquals(2, l.loadClass("t.T").getMethod("main").invoke(null));
    }

    @Test
    void aSubclassWithOnlyStaticAsyncMethodsStillExtends() throws Throwable {
        ClassLoader l = Harness.load(BASE, Harness.src("public class Sub extends Base {",
                "  @Async static Coroutine<Integer> s() { return result(await(new Corio_Sub().one()) + 1); }",
                "}"));
        assertEquals(1, Harness.run(l, "Sub", "one"));
        assertEquals(2, Harness.run(l, "Sub", "s"));
    }

    @Test
    void aGenericBaseRunsOnItsOwnMachine() throws Throwable {
        // Box<V>'s get() cannot be transformed again for Sub (its V is String there): Corio_Sub runs it on
        // Corio_Box's state machine instead (SeparateCompilationTest: the same from class files)
        ClassLoader l = Harness.load(
                Harness.src("public class Sub extends Box<String> {",
                        "  @Async public Coroutine<String> m() { v = \"x\"; return result(await(get()) + \"!\"); }",
                        "}"),
                Harness.src("public class Box<V> {",
                        "  V v;",
                        "  @Async public Coroutine<V> get() { return result(v); }",
                        "}"));
        assertEquals("x!", Harness.run(l, "Sub", "m"));
    }
}
