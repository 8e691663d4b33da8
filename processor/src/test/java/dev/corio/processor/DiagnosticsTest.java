package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.corio.processor.diagnostics.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Each misuse is a compile error on the offending element or tree, with its tag and fix, at the exact line
 * and column; and nothing else is reported (no cascade from generated code).
 */
class DiagnosticsTest {
    /** All errors as "line:column: message" (columns from 1, as javac prints them). */
    static List<String> errors(String... sources) {
        Compilation c = Harness.compile(sources);
        List<String> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
            String file = d.getSource() == null ? "?" : d.getSource().getName();
            String where = file.contains("SOURCE_OUTPUT") ? "GENERATED " : "";
            out.add(where + d.getLineNumber() + ":" + d.getColumnNumber() + ": " + d.getMessage(Locale.ROOT));
        }
        return out;
    }

    static void expect(String source, String... expected) {
        assertEquals(List.of(expected), errors(source));
    }

    /**
     * The diagnostics tables of docs/processor.md list exactly the tags of {@link Tag}, errors in the first
     * table and warnings in the second; and no other main source spells a tag (every diagnostic goes
     * through the Reporter with a Tag, so a new one cannot miss the docs).
     */
    @Test
    void everyTagIsInTheDocsTable() throws java.io.IOException {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/processor.md"));
        int warnings = docs.indexOf("Warnings (the build goes on)");
        assertTrue(warnings > 0, "docs/processor.md has no warnings table");
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `\\[(Corio[A-Za-z]+)\\]` \\|").matcher(docs);
        java.util.Set<String> documented = new java.util.TreeSet<>();
        List<String> wrongTable = new ArrayList<>();
        while (row.find()) {
            documented.add(row.group(1));
            Tag t = java.util.Arrays.stream(Tag.values()).filter(x -> x.text().equals(row.group(1))).findFirst().orElse(null);
            if (t != null && (t.kind() == Diagnostic.Kind.WARNING) != (row.start() > warnings)) {
                wrongTable.add(t.text());
            }
        }
        java.util.Set<String> tags = new java.util.TreeSet<>();
        for (Tag t : Tag.values()) {
            tags.add(t.text());
        }
        assertEquals(tags, documented, "the tags of Tag and the rows of the tables in docs/processor.md");
        assertEquals(List.of(), wrongTable, "tags in the wrong table (errors first, then warnings)");
    }

    /** Tags are data: no main source but Tag.java spells one in a string ("[CorioX] ..." or "CorioX"). */
    @Test
    void onlyTagSpellsTags() throws java.io.IOException {
        java.nio.file.Path main = java.nio.file.Path.of("src/main/java");
        java.util.regex.Pattern tag = java.util.regex.Pattern.compile("\"\\[?(Corio[A-Z][A-Za-z]+)");
        List<String> spelled = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(main)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.filter(x -> x.toString().endsWith(".java")
                    && !x.endsWith(java.nio.file.Path.of("diagnostics", "Tag.java")))::iterator) {
                java.util.regex.Matcher m = tag.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    spelled.add(main.relativize(f) + ": " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), spelled, "tags spelled outside dev.corio.processor.diagnostics.Tag");
    }

    @Test
    void awaitInLambda() {
        expect(Harness.cls("  @Async public Coroutine<Integer> m() { Supplier<Integer> s = () -> await(later(1)); return result(s.get()); }"),
                "9:75: [CorioAwaitInLambda] await inside a lambda body cannot suspend the @Async method: that code runs later,"
                + " outside the coroutine. Await in the method body itself, or make the work an @Async method and await it.");
    }

    @Test
    void awaitInAnonymousClass() {
        expect(Harness.cls("  @Async public Coroutine<Integer> m() { Object o = new Object() { int f() { return await(later(1)); } }; return result(1); }"),
                "9:90: [CorioAwaitInClass] await inside an anonymous class cannot suspend the @Async method: that code runs"
                + " later, outside the coroutine. Await in the method body itself, or make the work an @Async method and await it.");
    }

    @Test
    void awaitInSynchronized() {
        expect(Harness.cls("  @Async public Coroutine<Integer> m() { synchronized (this) { await(later(1)); } return result(1); }"),
                "9:42: [CorioAwaitInSynchronized] await inside synchronized: a coroutine cannot hold a monitor while it is"
                + " suspended (another task on the loop thread would re-enter it). Move the await out of the synchronized"
                + " block, or use an asyncio-style lock.");
    }

    @Test
    void awaitInFieldInitializer() {
        expect(Harness.cls("  int f = await(later(1));", "  @Async public Coroutine<Integer> m() { return result(f); }"),
                "9:16: [CorioAwaitOutsideAsync] await(...) only suspends inside an @Async method's body; here it would"
                + " throw at run time. Move it into an @Async method.");
    }

    @Test
    void awaitInAssert() {
        expect(Harness.cls("  @Async public Coroutine<Integer> m() { assert await(later(true)); return result(1); }"),
                "9:42: [CorioUnsupported] await inside assert is not supported: whether it runs depends on -ea. Await"
                + " into a local first, then assert on it.");
    }

    @Test
    void privateFinalAbstractSynchronizedMethods() {
        expect(Harness.cls("  @Async private Coroutine<Integer> m() { return result(1); }"),
                "9:37: [CorioPrivate] @Async method m is private: the generated Corio_T cannot override it. Make it"
                + " package-private, protected or public.");
        expect(Harness.cls("  @Async public final Coroutine<Integer> m() { return result(1); }"),
                "9:42: [CorioFinal] @Async method m is final, so the generated Corio_T cannot override it. Remove final.");
        expect(Harness.src("public abstract class T {", "  @Async public abstract Coroutine<Integer> m();", "}"),
                "9:45: [CorioAbstract] @Async method m has no body to transform. Give it a body, or remove @Async"
                + " (overrides of it can be @Async).");
        expect(Harness.cls("  @Async public synchronized Coroutine<Integer> m() { return result(1); }"),
                "9:49: [CorioSynchronized] @Async method m is synchronized: a coroutine cannot hold a monitor across"
                + " suspension points, and it runs on one loop thread anyway. Remove synchronized.");
    }

    @Test
    void classesThatCannotBeExtended() {
        expect(Harness.src("public final class T {", "  @Async public Coroutine<Integer> m() { return result(1); }", "}"),
                "8:14: [CorioFinal] class t.T is final, so the generated Corio_T cannot extend it to override its @Async"
                + " methods. Remove final.");
        expect(Harness.src("public class T {", "  public class Inner {", "    @Async public Coroutine<Integer> m() { return result(1); }", "  }", "}"),
                "9:10: [CorioInnerClass] inner class t.T.Inner holds @Async methods: the generated Corio_T_Inner is a"
                + " top-level class and cannot extend an inner class. Declare it static.");
        expect(Harness.src("public class T {", "  private static class P {", "    @Async public Coroutine<Integer> m() { return result(1); }", "  }", "}"),
                "9:18: [CorioPrivate] class t.T.P holds @Async methods but is private: the generated Corio_T_P cannot"
                + " reach it. Make it package-private.");
        expect(Harness.src("public class T {", "  private T() {}", "  @Async public Coroutine<Integer> m() { return result(1); }", "}"),
                "8:8: [CorioPrivate] every constructor of t.T is private, so the generated Corio_T cannot extend it."
                + " Make one package-private or protected.");
    }

    @Test
    void asyncMethodsOfLocalAndAnonymousClasses() {
        // annotation processing does not reach them: without this check they would run untransformed
        String fix = " class, which annotation processing cannot reach, so it would run untransformed. Move it to a"
                + " top-level or static nested class.";
        expect(Harness.src("public class T {",
                "  static Object make() {",
                "    class L { @Async public Coroutine<Integer> m() { return result(1); } }",
                "    return new Object() { @Async Coroutine<Integer> n() { return result(2); } };",
                "  }",
                "  @Async Coroutine<Object> run() {",
                "    class K { @dev.corio.annotation.Async Coroutine<Integer> k() { return result(3); } }",
                "    return result(new K());",
                "  }",
                "}"),
                "10:48: [CorioLocalClass] @Async method m is declared in a local" + fix,
                "11:53: [CorioLocalClass] @Async method n is declared in an anonymous" + fix,
                "14:62: [CorioLocalClass] @Async method k is declared in a local" + fix);
    }

    @Test
    void recordsEnumsInterfaces() {
        String fix = " Make the methods static, or move them to a class.";
        expect(Harness.src("public record T(int x) {", "  @Async public Coroutine<Integer> m() { return result(x); }", "}"),
                "8:8: [CorioClassKind] instance @Async methods need a class the generated Corio_T can extend, and t.T is a record." + fix);
        expect(Harness.src("public enum T { A;", "  @Async public Coroutine<Integer> m() { return result(1); }", "}"),
                "8:8: [CorioClassKind] instance @Async methods need a class the generated Corio_T can extend, and t.T is an enum." + fix);
        expect(Harness.src("public interface T {", "  @Async default Coroutine<Integer> m() { return result(1); }", "}"),
                "8:8: [CorioClassKind] instance @Async methods need a class the generated Corio_T can extend, and t.T is an interface." + fix);
    }

    @Test
    void staticAsyncMethodsWorkInRecordsAndInterfaces() throws Throwable {
        ClassLoader l = Harness.load(Harness.src("public interface T {",
                "  @Async static Coroutine<Integer> m(int x) { return result(await(later(x)) + 1); }", "}"));
        assertEquals(2, Harness.run(l, "T", "m", 1));
    }

    @Test
    void privateMembersInTheBody() {
        // private fields, methods and constructors work (PrivateMembersTest); private classes cannot be named
        expect(Harness.cls("  private static class Hidden { static int two() { return 2; } }",
                        "  @Async public Coroutine<Integer> m() { return result(Hidden.two()); }"),
                "10:56: [CorioPrivate] @Async method m uses private class t.T.Hidden, which the generated Corio_T cannot"
                + " name. Make it package-private.");
    }

    @Test
    void privateTypesInTheSignature() {
        expect(Harness.cls("  private static class Item {}", "  @Async public Coroutine<List<Item>> m() { return result(null); }"),
                "10:39: [CorioPrivate] @Async method m returns a coroutine of private type t.T.Item, which the generated"
                + " Corio_T cannot name. Make the type package-private.");
        expect(Harness.cls("  private static class Item {}", "  @Async public Coroutine<String> m(Item[] items) { return result(\"\"); }"),
                "10:35: [CorioPrivate] @Async method m has a parameter of private type t.T.Item, which the generated"
                + " Corio_T cannot name. Make the type package-private.");
    }

    @Test
    void wrongReturnTypeSuperAndNull() {
        expect(Harness.cls("  @Async public Integer m() { return 1; }"),
                "9:25: [CorioReturnType] @Async method m returns java.lang.Integer; it must return dev.corio.Coroutine<T>"
                + " and end with `return result(value);` (or, for an async generator,"
                + " dev.corio.generators.AsyncGenerator<T> and end with `return done();`).");
        expect(Harness.cls("  @Async public Coroutine<String> m() { return result(super.toString()); }"),
                "9:55: [CorioSuper] super cannot be used in an @Async body: the generated state machine is another class,"
                + " which cannot call the overridden method. Call a package-private helper of the class that uses super.");
        expect(Harness.cls("  @Async public Coroutine<String> m() { return null; }"),
                "9:41: [CorioReturn] an @Async method cannot return null: return result(value), or result(null) for no value.");
    }

    @Test
    void localClassCapturingLocalsAcrossStates() {
        expect(Harness.cls("  @Async public Coroutine<String> m(int p) { class L { int v() { return p; } } await(later(1)); return result(\"\" + new L().v()); }"),
                "9:46: [CorioLocalClass] local class L is declared in a block that awaits and uses local variables of the"
                + " method, so it cannot be declared once for all the states of the generated machine. Declare it in a"
                + " block without await, or as a nested class.");
    }

    @Test
    void localClassesWithoutCapturesSpanStates() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  String name = \"T\";",
                "  @Async public Coroutine<String> m() {",
                "    record Pair(String a, int b) {}",
                "    class Greeter { String greet(String s) { return name + \":\" + s; } }",
                "    Pair p = new Pair(await(later(\"x\")), 1);",
                "    String s = p.a() + p.b();",   // p stays in one state; Greeter is used in the next
                "    await(later(null));",
                "    return result(new Greeter().greet(s));",
                "  }"));
        assertEquals("T:x1", Harness.run(l, "T", "m"));
        expect(Harness.cls("  @Async public Coroutine<String> m() {",
                        "    record Pair(String a) {}",
                        "    Pair p = new Pair(await(later(\"x\")));",
                        "    await(later(null));",
                        "    return result(p.a());",
                        "  }"),
                "9:35: [CorioLocalClass] a value of local class Pair is kept across an await, but a field of the state"
                + " machine cannot name a local class. Declare Pair as a nested class.");
    }

    /**
     * A body that does not type-check gets exactly the errors javac gives without the processor (which
     * differ between javac versions: javac 25 adds an inference error for the await of an erroneous
     * argument, javac 17 does not), and among them the one expected.
     */
    @Test
    void typeErrorsInTheBodyAreJavacsOwn() {
        expectJavacsOwn(Harness.cls("  @Async public Coroutine<Integer> m() { int x = \"s\"; await(later(1)); return result(x); }"),
                "9:50: incompatible types: java.lang.String cannot be converted to int");
        expectJavacsOwn(Harness.cls("  @Async public Coroutine<Integer> m() { int x = await(later(undefinedThing)); return result(x); }"),
                "9:62: cannot find symbol\n  symbol:   variable undefinedThing\n  location: class t.T");
        expectJavacsOwn(Harness.cls("  @Async public Coroutine<Integer> m() { Missing x = null; await(later(1)); return result(1); }"),
                "9:42: cannot find symbol\n  symbol:   class Missing\n  location: class t.T");
    }

    private static void expectJavacsOwn(String source, String expected) {
        List<String> withProcessor = errors(source);
        List<String> plain = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : Harness.compilePlain(source).errors()) {
            plain.add(d.getLineNumber() + ":" + d.getColumnNumber() + ": " + d.getMessage(Locale.ROOT));
        }
        // the same errors; the order may differ, since the processor has javac attribute the body earlier
        assertEquals(new java.util.TreeSet<>(plain), new java.util.TreeSet<>(withProcessor));
        assertEquals(plain.size(), withProcessor.size(), () -> withProcessor.toString());
        assertTrue(withProcessor.contains(expected), () -> withProcessor.toString());
    }

    @Test
    void varOfAnUnknownTypeIsAnErrorNotACrash() {
        expect(Harness.cls("  @Async public Coroutine<Integer> m() { var x = new Missing(); await(later(1)); return result(1); }"),
                "9:54: cannot find symbol\n  symbol:   class Missing\n  location: class t.T",
                "9:46: [CorioUnknownType] the type of `var x` is unknown, so the state machine cannot store it. Fix the"
                + " initializer, or declare the variable's type (javac cannot infer a `var` from a type generated in"
                + " the same build).");
    }

    @Test
    void varOfAnAnonymousClass() {
        expect(Harness.cls("  @Async public Coroutine<String> m() { var o = new Object() { int n; }; await(later(1)); return result(\"\" + o.n); }"),
                "9:45: [CorioAnonymousVar] `var o` has the type of an anonymous class, which javac cannot keep across the"
                + " processing rounds after the processor attributed the body. Declare it with a named type (the class"
                + " the anonymous class extends).");
    }

    @Test
    void typesGeneratedInTheSameBuildAreAwaited() throws Throwable {
        // The body names Corio_U, which the processor generates in the same round: the class waits a round.
        ClassLoader l = Harness.load(
                Harness.cls("  @Async public Coroutine<Integer> m() { U u = new Corio_U(); int v = await(u.n()); return result(v + await(later(1))); }"),
                Harness.src("public class U {", "  @Async public Coroutine<Integer> n() { return result(41); }", "}"));
        assertEquals(42, Harness.run(l, "T", "m"));
    }

    @Test
    void forgottenAwaitIsAWarning() {
        Compilation c = Harness.compile(Harness.cls(
                "  @Async Coroutine<Integer> helper() { return result(1); }",
                "  @Async public Coroutine<Integer> m() {",
                "    sleep(5);",
                "    helper();",
                "    this.helper();",
                "    Coroutine<Integer> kept = helper();",        // assigned: the user has it
                "    Task<Integer> t = createTask(helper());",
                "    createTask(helper());",                      // scheduled: runs anyway
                "    ensureFuture(helper());",
                "    await(helper());",
                "    return result(await(kept) + await(t));",
                "  }"));
        List<String> warnings = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.warnings()) {
            warnings.add(d.getLineNumber() + ":" + d.getColumnNumber() + ": " + d.getMessage(Locale.ROOT));
        }
        assertEquals(List.of(
                "11:5: [CorioNotAwaited] the awaitable returned by sleep(5) is never awaited: write await(sleep(5))",
                "12:5: [CorioNotAwaited] the coroutine returned by helper() is never awaited: write await(helper()) or"
                + " createTask(helper())",
                "13:5: [CorioNotAwaited] the coroutine returned by this.helper() is never awaited: write"
                + " await(this.helper()) or createTask(this.helper())"), warnings);
        assertEquals(List.of(), c.errors());
        assertEquals(List.of(), errors(Harness.cls("  @Async public Coroutine<Integer> m() { sleep(1); return result(1); }")));
    }
}
