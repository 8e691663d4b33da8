package dev.corio.processor.fuzz;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the generator may use. The default run enables what the processor supports today; a feature the
 * processor gets wrong stays off there (and is written down in docs/fuzzer.md) until it is fixed.
 * {@code -Dcorio.fuzz.features=all} or {@code =default,-TRY,+X} picks another set.
 */
enum Feature {
    // ---- statements and expressions (each also without awaits)
    IF, LOOPS, LABELS, JUMPS, EARLY_RETURN, THROW, SWITCH, SWITCH_STRING, SWITCH_ENUM, SWITCH_EXPR,
    TRY, FINALLY, TRY_RESOURCES, LAMBDA, METHOD_REF, ANON_CLASS, COMPOUND, TERNARY, SHORT_CIRCUIT, VAR, ARRAYS, LISTS, OBJECTS,
    /**
     * The receiver used implicitly, as real code does: unqualified instance calls and fields of the class
     * ({@code inst(..)}, {@code hits}) in arguments, conditions and ternaries, an inner member class created
     * with {@code new Cell(..)}, the compile-time constants {@code ON}/{@code OFF} in conditions, and the
     * program class's own private members ({@code hide(..)}, {@code secret}, {@code secret += ..}).
     */
    MEMBERS,
    /** Labelled blocks ({@code B1: { ...; if (c) break B1; ... }}), not only labelled loops. */
    LABELED_BLOCKS,
    /** Locals and labels named like the generated code's ({@code $t3}, {@code $value}, {@code SUSPENDED}, {@code machine}, a copy {@code v3$1}). */
    ODD_NAMES,
    /**
     * Shapes real code has (issue 9's corpus findings): {@code this.new Cell(..)}, self-bounded generic
     * methods ({@code <T extends Comparable<? super T>>}) and bounded wildcard parameters, a capture bounded
     * by itself held across an await ({@code ((Enum<?>) c).getDeclaringClass()}), varargs, overloads picked by
     * the argument's static type, wildcard-typed lists with lambdas over them, local records and enums,
     * {@code while} bodies that always return or throw and a {@code do} body that always returns at the end
     * of the method, text blocks; with {@link #PATTERNS}, record patterns in {@code instanceof} and in an
     * exhaustive switch over a sealed interface (unnamed {@code _} bindings on javac 22 and later).
     */
    SHAPES,
    /**
     * Pattern switches (Java 21): type patterns with guards, {@code case null}, {@code case null, default};
     * on in {@link #all()} only when the tests run on JDK 21 or later (the programs need javac 21).
     */
    PATTERNS,
    // ---- awaits
    /** Any await at all. */
    AWAIT,
    /** Awaitables that complete later: sleep, futures completed by a timer. */
    AWAIT_SUSPEND,
    /** Awaitables that fail with an exception. */
    AWAIT_FAIL,
    /** Awaiting nested @Async helper coroutines that themselves await. */
    AWAIT_HELPER,
    /** Some helpers are static @Async methods, called unqualified from the body. */
    STATIC_HELPER,
    /** Awaits inside larger expressions (operands, arguments, receivers, ...), not only as a whole. */
    AWAIT_NESTED,
    /** Awaits inside if/else branches and conditions. */
    AWAIT_IN_IF,
    /** Awaits in loop bodies, conditions and iterables. */
    AWAIT_IN_LOOP,
    /** Awaits in switch selectors, cases and switch-expression arms. */
    AWAIT_IN_SWITCH,
    /** Awaits in try blocks and catch blocks. */
    AWAIT_IN_TRY,
    /** Awaits in finally blocks. */
    AWAIT_IN_FINALLY,
    /** Awaits in try-with-resources headers and bodies. */
    AWAIT_IN_RESOURCES,
    /**
     * Async generators (a quarter of the seeds, chosen by the seed alone so the other programs stay as they
     * were): the entry drives a generator {@code g0()} whose body is the same grammar with {@code emit}
     * statements and {@code nz(emit(x))} expressions (never in a {@code finally}), ending with
     * {@code return done();}; the consumer sends values in and may close it early.
     */
    GENERATOR,
    /**
     * Async {@code for} loops ({@code awaitEach}) over generators of the program, in generator bodies (nested
     * generators) and, less often, in coroutine bodies; with {@link #GENERATOR}.
     */
    ASYNC_FOR,
    /**
     * Asynchronous resources in {@code try}: generator-based context managers ({@code asyncContextManager}) and
     * hand-written ones awaiting in aenter/aexit, beside ordinary ones; with {@link #GENERATOR}.
     */
    ASYNC_RESOURCES,
    /**
     * Operators ({@code map}, {@code filter}, {@code take}, {@code takeWhile}, {@code drop} of
     * {@code AsyncIterables}) over the generator an async {@code for} iterates; with {@link #ASYNC_FOR}.
     */
    ASYNC_OPERATORS;

    static Set<Feature> all() {
        Set<Feature> s = EnumSet.allOf(Feature.class);
        if (Runtime.version().feature() < 21) {
            s.remove(PATTERNS);
        }
        return s;
    }

    /** Everything without awaits: checks the harness and the processor's copy-through of plain code. */
    static Set<Feature> noAwaits() {
        Set<Feature> s = all();
        s.removeIf(f -> f.name().startsWith("AWAIT"));
        return s;
    }

    /** The set the default test run uses: see docs/fuzzer.md for why each missing feature is off. */
    static Set<Feature> defaults() {
        // Everything: bugs 2 and 3 (docs/fuzzer.md), which kept SWITCH, SWITCH_EXPR and AWAIT_IN_IF off,
        // are fixed. A feature the processor gets wrong goes off here, with its bug written down there.
        // SHAPES is on since bugs 10 and 11 and the generator's own problems with it are fixed (docs/fuzzer.md).
        return all();
    }

    /** Parses {@code all}, {@code default}, {@code none}, {@code noawait}, then {@code +X} / {@code -X} edits. */
    static Set<Feature> parse(String spec) {
        Set<Feature> s = defaults();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            switch (p.toLowerCase(Locale.ROOT)) {
                case "all" -> s = all();
                case "default" -> s = defaults();
                case "none" -> s = EnumSet.noneOf(Feature.class);
                case "noawait" -> s = noAwaits();
                default -> {
                    if (p.startsWith("-")) {
                        s.remove(valueOf(p.substring(1)));
                    } else {
                        s.add(valueOf(p.startsWith("+") ? p.substring(1) : p));
                    }
                }
            }
        }
        return s;
    }
}
