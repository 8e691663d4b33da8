package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files that use the classes the processor generates from them. javac must never crash on them: the
 * processor attributes a file only once every {@code Corio_} name it mentions exists, writing
 * {@code Corio_Foo} first (from the declarations) when the file itself needs it.
 */
class RoundsTest {
    @Test
    void varOfTheGeneratedTypeInTheSameClass() throws Throwable {
        // javac 17 crashed here (NullPointerException in Flow: "tree.meth.type" is null)
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public Coroutine<String> greet(String n) { await(sleep(1)); return result(\"hello \" + n); }",
                "  public static String main() { var h = new Corio_T(); return Corio.run(h.greet(\"x\"), EventLoop::virtual); }"));
        assertEquals("hello x", l.loadClass("t.T").getMethod("main").invoke(null));
        assertTrue(l.loadClass("t.Corio_T$Greet").getSuperclass().getName().equals("dev.corio.Coroutine"));
    }

    @Test
    void lambdaOverTheGeneratedTypeInTheSameClass() throws Throwable {
        // javac 17 crashed here (ClassCastException in TransTypes)
        ClassLoader l = Harness.load(Harness.cls(
                "  public List<String> out = new ArrayList<>();",
                "  @Async public Coroutine<String> greet(String n) { await(later(null)); out.add(n); return result(n); }",
                "  public static List<String> main() {",
                "    Corio_T p = new Corio_T();",
                "    Corio.run(p.greet(\"\"), EventLoop::virtual);",
                "    Corio.run(p.greet(\"a\"), EventLoop::virtual);",
                "    return p.out.stream().filter(s -> !s.isEmpty()).toList();",
                "  }"));
        assertEquals(List.of("a"), l.loadClass("t.T").getMethod("main").invoke(null));
    }

    @Test
    void aTestClassWithNestedPrograms() throws Throwable {
        // the shape of a JUnit test: program classes nested in the class that runs them
        ClassLoader l = Harness.load(Harness.src(
                "public class T {",
                "  public static class Counter<E> {",
                "    public final List<E> seen = new ArrayList<>();",
                "    @Async public Coroutine<Integer> add(E e) { await(later(null)); seen.add(e); return result(seen.size()); }",
                "  }",
                "  static class Math {",
                "    @Async static Coroutine<Integer> twice(int x) { return result(await(later(x)) * 2); }",
                "  }",
                "  public static String main() {",
                "    var c = new Corio_T_Counter<String>();",
                "    Function<Integer, Coroutine<Integer>> f = Corio_T_Math::twice;",
                "    int n = Corio.run(c.add(\"a\"), EventLoop::virtual) + Corio.run(f.apply(20), EventLoop::virtual);",
                "    return n + \" \" + c.seen;",
                "  }",
                "}"));
        assertEquals("41 [a]", l.loadClass("t.T").getMethod("main").invoke(null));
    }

    @Test
    void twoFilesUsingEachOthersGeneratedClasses() throws Throwable {
        ClassLoader l = Harness.load(
                Harness.cls("  @Async public Coroutine<Integer> m() { var u = new Corio_U(); return result(await(u.n()) + 1); }"),
                Harness.src("public class U {",
                        "  @Async public Coroutine<Integer> n() { return result(await(later(40)) + 1); }",
                        "  static Object make() { var t = new Corio_T(); return t; }",
                        "}"));
        assertEquals(42, Harness.run(l, "T", "m"));
    }

    @Test
    void generatedClassesOfOtherPackagesByQualifiedName() throws Throwable {
        ClassLoader l = Harness.load(
                Harness.cls("  @Async public Coroutine<Integer> m() { var u = new q.Corio_U(); return result(await(u.n()) + 1); }"),
                String.join("\n", "package q;", "import static dev.corio.Corio.*;", "import dev.corio.*;",
                        "import dev.corio.annotation.Async;", "public class U {",
                        "  @Async public Coroutine<Integer> n() { return result(await(sleep(1, 41))); }",
                        "  static Object make() { var t = new t.Corio_T(); return t; }", "}"));
        assertEquals(42, Harness.run(l, "T", "m"));
    }

    @Test
    void theClassesOwnGeneratedTypeInItsBody() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async static Coroutine<Integer> one() { return result(await(later(1))); }",
                "  @Async public Coroutine<Integer> m() { Corio_T other = new Corio_T(); return result(await(Corio_T.one()) + await(other.two())); }",
                "  @Async public Coroutine<Integer> two() { return result(2); }"));
        assertEquals(3, Harness.run(l, "T", "m"));
    }

    @Test
    void aNameThatIsNeverGeneratedIsAnError() {
        assertEquals(List.of("8:8: [CorioUnknownType] this file uses Corio_Tpyo, which this build does not generate (no"
                        + " class with @Async methods of that name), so the processor cannot attribute t.T safely. Fix"
                        + " the name."),
                DiagnosticsTest.errors(Harness.cls(
                        "  @Async public Coroutine<Integer> m() { return result(1); }",
                        "  static Object make() { var x = new Corio_Tpyo(); return x; }")));
    }

    @Test
    void errorsInABodyAfterTheGeneratedClassWasWritten() {
        // Corio_T is written before the body is checked; nothing is reported from it
        List<String> errors = DiagnosticsTest.errors(Harness.cls(
                "  @Async public Coroutine<Integer> m() { return null; }",
                "  static Object make() { var x = new Corio_T(); return x; }"));
        assertEquals(List.of("9:42: [CorioReturn] an @Async method cannot return null: return result(value),"
                + " or result(null) for no value."), errors);
    }

    @Test
    void protectedMembersFromAnotherPackageInATopLevelMachine() throws Throwable {
        // the machine of a file that uses its own Corio_T is a top-level class, not nested in the subclass
        // Corio_T: it reaches protected members of another package through accessors (PrivateAccess)
        String base = String.join("\n", "package q;", "public class Base {", "  protected int x = 1;",
                "  protected static int twice(int v) { return 2 * v; }", "  protected int inc() { return ++x; }", "}");
        ClassLoader l = Harness.load(base, Harness.src("public class T extends q.Base {",
                "  @Async public Coroutine<Integer> m() { x += 1; return result(await(later(x)) + twice(inc())); }",
                "  static Object make() { return new Corio_T(); }", "}"));
        assertEquals(8, Harness.run(l, "T", "m"));
    }

    @Test
    void typeErrorsInABodyAfterTheGeneratedClassWasWrittenAreJavacsOwn() {
        assertEquals(List.of("9:50: incompatible types: java.lang.String cannot be converted to int"),
                DiagnosticsTest.errors(Harness.cls(
                        "  @Async public Coroutine<Integer> m() { int x = \"s\"; await(later(1)); return result(x); }",
                        "  static Object make() { return new Corio_T(); }")));
    }
}
