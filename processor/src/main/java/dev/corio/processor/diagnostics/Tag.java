package dev.corio.processor.diagnostics;

import javax.tools.Diagnostic;

/**
 * The stable tags of the processor's diagnostics: every message it reports starts with one in brackets
 * ({@code [CorioPrivate] ...}), so builds and tests can match it. Each is a row of the tables in
 * docs/processor.md ("Diagnostics"), which {@code DiagnosticsTest} checks against this enum.
 */
public enum Tag {
    AWAIT_IN_LAMBDA("CorioAwaitInLambda", "await, emit or an async for inside a lambda body"),
    AWAIT_IN_CLASS("CorioAwaitInClass", "await inside an anonymous or local class"),
    AWAIT_IN_SYNCHRONIZED("CorioAwaitInSynchronized", "await inside synchronized"),
    AWAIT_OUTSIDE_ASYNC("CorioAwaitOutsideAsync", "await, emit or awaitEach outside an @Async method"),
    UNSUPPORTED("CorioUnsupported", "a construct the lowering has no rule for, or a type it cannot name"),
    LOCAL_CLASS("CorioLocalClass", "a local class the machine cannot declare for all its states, or @Async in one"),
    PRIVATE("CorioPrivate", "a private (or unreachable protected) member or class the machine cannot reach"),
    FINAL("CorioFinal", "a final @Async method, or a final class with instance @Async methods"),
    ABSTRACT("CorioAbstract", "@Async on a method without a body"),
    SYNCHRONIZED("CorioSynchronized", "a synchronized @Async method"),
    INNER_CLASS("CorioInnerClass", "@Async in an inner (non-static) class"),
    CLASS_KIND("CorioClassKind", "instance @Async methods in a record, enum or interface"),
    RETURN_TYPE("CorioReturnType", "an @Async method returning neither Coroutine<T> nor AsyncGenerator<T>"),
    RETURN("CorioReturn", "return null; in an @Async method"),
    EMIT_OUTSIDE_GENERATOR("CorioEmitOutsideGenerator", "emit(v) in an @Async method that is not a generator"),
    EMIT_TYPE("CorioEmitType", "emit(v) of a value the generator's element type does not take"),
    GENERATOR_RETURN("CorioGeneratorReturn", "a generator's return other than return done();"),
    ASYNC_FOR("CorioAsyncFor", "awaitEach(source) anywhere but as an enhanced for's expression"),
    SUPER("CorioSuper", "super used in an @Async body"),
    UNKNOWN_TYPE("CorioUnknownType", "a var of unknown type, or a Corio_ name no class generates"),
    INHERITED("CorioInherited", "an inherited @Async method the generated class cannot run"),
    ANONYMOUS_VAR("CorioAnonymousVar", "var of an anonymous class type"),
    JAVAC("CorioJavac", "javac's own code failed while the processor had it attribute a method"),
    IO("CorioIO", "the generated file cannot be written"),
    LAMBDA_PARAMETER("CorioLambdaParameter", "an implicit lambda parameter typed with a captured wildcard"),
    INTERNAL("CorioInternal", "the processor itself failed"),
    NEEDS_JAVAC("CorioNeedsJavac", "the compiler is not javac (Eclipse's ECJ, also under VS Code)"),
    NOT_AWAITED("CorioNotAwaited", Diagnostic.Kind.WARNING, "a coroutine or awaitable made and never awaited"),
    HUGE_RESUME("CorioHugeResume", Diagnostic.Kind.WARNING,
            "a state machine's resume past HotSpot's 8,000-byte limit, above which the JIT never compiles it");

    private final String text;
    private final Diagnostic.Kind kind;
    private final String when;

    Tag(String text, String when) {
        this(text, Diagnostic.Kind.ERROR, when);
    }

    Tag(String text, Diagnostic.Kind kind, String when) {
        this.text = text;
        this.kind = kind;
        this.when = when;
    }

    /** The tag as messages show it, without the brackets: {@code CorioPrivate}. */
    public String text() {
        return text;
    }

    /** Error, or warning (the build goes on). */
    public Diagnostic.Kind kind() {
        return kind;
    }

    /** In short, when it is reported (docs/processor.md has the full rule and the fix). */
    public String when() {
        return when;
    }

    /** {@code [CorioPrivate] message}. */
    public String format(String message) {
        return "[" + text + "] " + message;
    }
}
