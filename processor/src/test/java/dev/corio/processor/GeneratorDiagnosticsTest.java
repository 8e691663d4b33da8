package dev.corio.processor;

import static dev.corio.processor.DiagnosticsTest.expect;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Misuse of the generator markers: exact text, line and column (members start at line 11; a call's column is
 * javac's position for it, its opening parenthesis).
 */
class GeneratorDiagnosticsTest {

    @Test
    void emitOutsideAGenerator() {
        expect(GeneratorTest.gen("  @Async Coroutine<Integer> m() { emit(1); return result(1); }"),
                "11:39: [CorioEmitOutsideGenerator] emit(...) produces a value of an async generator, and @Async method m"
                + " returns dev.corio.Coroutine<java.lang.Integer>. Return dev.corio.generators.AsyncGenerator<T>"
                + " (ending with `return done();`), or await instead.");
    }

    @Test
    void emitInALambdaOrAClass() {
        expect(GeneratorTest.gen("  @Async AsyncGenerator<Integer> m() { Runnable r = () -> emit(1); r.run(); return done(); }"),
                "11:63: [CorioAwaitInLambda] emit(...) inside a lambda body cannot suspend the @Async method: that code"
                + " runs later, outside the coroutine. Emit in the method body itself, or make the work an @Async method"
                + " and await it.");
        expect(GeneratorTest.gen("  @Async AsyncGenerator<Integer> m() {",
                        "    new Object() { void f() { emit(1); } }.f();",
                        "    return done();",
                        "  }"),
                "12:35: [CorioAwaitInClass] emit(...) inside an anonymous class cannot suspend the @Async method: that"
                + " code runs later, outside the coroutine. Emit in the method body itself, or make the work an @Async"
                + " method and await it.");
    }

    @Test
    void aGeneratorReturnsNoValue() {
        expect(GeneratorTest.gen("  @Async AsyncGenerator<Integer> m() { emit(1); return null; }"),
                "11:49: [CorioGeneratorReturn] an async generator returns no value: end it with `return done();`"
                + " (values are produced with emit(value)).");
        expect(GeneratorTest.gen("  @Async AsyncGenerator<Integer> m(AsyncGenerator<Integer> other) { return other; }"),
                "11:69: [CorioGeneratorReturn] an async generator returns no value: end it with `return done();`"
                + " (values are produced with emit(value)).");
    }

    @Test
    void doneOnlyInAReturn() {
        expect(GeneratorTest.gen("  @Async AsyncGenerator<Integer> m() { AsyncGenerator<Integer> g = done(); return done(); }"),
                "11:72: [CorioGeneratorReturn] done() ends an async generator only as `return done();`.");
    }

    @Test
    void awaitEachOnlyAsTheExpressionOfAFor() {
        expect(GeneratorTest.gen("  @Async Coroutine<Integer> m(AsyncIterable<Integer> s) { Iterable<Integer> i = awaitEach(s); return result(1); }"),
                "11:90: [CorioAsyncFor] awaitEach(...) is the marker of an async for: write"
                + " `for (T x : awaitEach(source)) { ... }`; to take one value, await(source.aiter().anext()).");
    }

    @Test
    void anEmittedValueOfTheWrongType() {
        expect(GeneratorTest.gen("  @Async AsyncGenerator<Integer> m() { emit(\"one\"); return done(); }"),
                "11:45: [CorioEmitType] emit(...) of a java.lang.String in a generator of java.lang.Integer: emit a"
                + " java.lang.Integer, or change the method's AsyncGenerator<java.lang.Integer>.");
    }

    @Test
    void markersOutsideAsyncMethods() {
        expect(GeneratorTest.gen("  @Async Coroutine<Integer> m() { return result(1); }",
                        "  void plain() { emit(1); }"),
                "12:22: [CorioAwaitOutsideAsync] emit(...) only suspends inside an @Async method's body; here it would"
                + " throw at run time. Move it into an @Async method returning AsyncGenerator<T>.");
    }

    @Test
    void anAsyncForOverSomethingNotAsyncIterable() {
        // awaitEach takes an AsyncIterable: javac's own error, on the argument
        java.util.List<String> errors = DiagnosticsTest.errors(GeneratorTest.gen(
                "  @Async Coroutine<Integer> m(List<Integer> s) { for (int x : awaitEach(s)) {} return result(1); }"));
        assertTrue(errors.size() == 1 && errors.get(0).startsWith("11:")
                && errors.get(0).contains("cannot be converted to dev.corio.generators.AsyncIterable<T>"), errors::toString);
    }
}
