package dev.corio.processor.fuzz;

import java.util.function.Supplier;

/**
 * The reference semantics of a fuzz program's body: plain synchronous Java. The same body text that the
 * processor transforms compiles here against these methods, where every awaitable is a {@link Done} that
 * already holds its outcome and {@code await} hands that outcome back at once. Names and type parameters
 * mirror {@code Corio} and {@link AsyncSide}.
 */
public final class RefSide {
    private RefSide() {
    }

    /** An outcome known at once: a value or an exception. */
    public static final class Done<T> {
        final T value;
        final RuntimeException error;

        Done(T value, RuntimeException error) {
            this.value = value;
            this.error = error;
        }

        public T get() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    public static <T> T await(Done<T> d) {
        return d.get();
    }

    public static <T> Done<T> result(T value) {
        return new Done<>(value, null);
    }

    public static Done<Void> sleep(double seconds) {
        return new Done<>(null, null);
    }

    public static <T> Done<T> sleep(double seconds, T value) {
        return new Done<>(value, null);
    }

    public static <T> Done<T> done(T value) {
        return new Done<>(value, null);
    }

    public static <T> Done<T> later(double delay, T value) {
        return new Done<>(value, null);
    }

    public static <T> Done<T> failAfter(double delay, String message, T witness) {
        return new Done<>(null, new FuzzBase.FuzzException(message));
    }

    // ---------------------------------------------------------------- generators

    /** What a reference generator method returns: its body has already run when it returns. */
    public static class RefGen {
        static final RefGen INSTANCE = new RefGen();

        RefGen() {
        }
    }

    /** The reference's close signal, thrown at the emit the consumer closes the generator at. */
    static final class RefClose extends Error {
        private static final long serialVersionUID = 1L;

        RefClose() {
            super("close", null, true, false); // suppression on, as GeneratorExit: a failing close() attaches to it
        }
    }

    /** The consumer's state while a reference generator body runs (one program per thread). */
    private static final class Consumer {
        final int closeAt;
        final int throwAt;
        int emitted;
        boolean closing;
        /** Emits after the close signal. */
        int ignored;

        Consumer(int closeAt, int throwAt) {
            this.closeAt = closeAt;
            this.throwAt = throwAt;
        }
    }

    private static final ThreadLocal<Consumer> CONSUMER = new ThreadLocal<>();

    /**
     * {@code emit(v)} as {@link AsyncSide#consume} sees it: records {@code got v}, then either returns what
     * the consumer sends next (the n-th emit gets n) or, at the value it closes after, throws the close signal.
     */
    public static Object emit(Object value) {
        RefGenerators.LazyGen lazy = RefGenerators.LazyGen.current();
        if (lazy != null) {
            return lazy.emit(value); // a generator an async for or a context manager pulls (RefGenerators)
        }
        Consumer c = CONSUMER.get();
        if (c.closing) {
            // An emit after the close signal (the GeneratorExit was replaced, caught, and the body went on): the
            // consumer's aclose fails with "ignored GeneratorExit" and the generator stays at this emit, until
            // Corio.run's shutdown closes it again, which throws the signal here (so this throw); if it emits
            // once more then, the transformed generator stays suspended for good: nothing more is recorded.
            if (++c.ignored > 1) {
                FuzzBase.mute(true);
            }
            throw new RefClose();
        }
        FuzzBase.rec("got " + value);
        int n = ++c.emitted;
        if (n == c.closeAt) {
            c.closing = true;
            throw new RefClose();
        }
        if (n == c.throwAt) {
            throw new FuzzBase.FuzzException("thrown in"); // the consumer's athrow
        }
        return n;
    }

    // ---------------------------------------------------------------- async for and async resources (RefGenerators)

    /**
     * What a lazily run generator method ({@code Program.Method#lazy}) returns: its body, not yet started. The
     * transformed generator's name ({@code T<n>.g3()}, its toString) comes from the calling program class.
     */
    public static RefGen lazy(String method, Supplier<RefGen> body) {
        String cls = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
        return new RefGenerators.LazyGen(cls.replaceFirst("^R", "T") + "." + method + "()", body);
    }

    /** {@code awaitEach(g)} over a lazily run generator: an {@code Iterator} of the same values, closed by the loop's finally. */
    public static RefGenerators.LazyGen awaitEach(RefGen g) {
        return (RefGenerators.LazyGen) g;
    }

    /** {@code awaitEach(op)} over an operator (RefGenerators.Stage): closed by the loop's finally, which closes its source. */
    public static RefGenerators.RefIter awaitEach(RefGenerators.RefIter op) {
        return op;
    }

    // The twins of AsyncSide's operators (AsyncIterables), over a lazy generator or another operator.

    public static RefGenerators.RefIter map(Object src, java.util.function.Function<Object, Object> f) {
        return RefGenerators.map(src, f);
    }

    public static RefGenerators.RefIter filter(Object src, java.util.function.Predicate<Object> p) {
        return RefGenerators.filter(src, p);
    }

    public static RefGenerators.RefIter takeWhile(Object src, java.util.function.Predicate<Object> p) {
        return RefGenerators.takeWhile(src, p);
    }

    public static RefGenerators.RefIter take(Object src, long n) {
        return RefGenerators.take(src, n);
    }

    public static RefGenerators.RefIter drop(Object src, long n) {
        return RefGenerators.drop(src, n);
    }

    public static RefGenerators.RefIter mapAwait(Object src, java.util.function.Function<Object, Done<?>> f) {
        return RefGenerators.mapAwait(src, f);
    }

    public static RefGenerators.RefIter chunked(Object src, int size) {
        return RefGenerators.chunked(src, size);
    }

    public static RefGenerators.RefIter zip(Object a, Object b, java.util.function.BiFunction<Object, Object, Object> f) {
        return RefGenerators.zip(a, b, f);
    }

    /** {@code asyncContextManager(g)}; the reference's {@code async with} enters it itself. */
    public static RefGenerators.GenCm asyncContextManager(RefGen g) {
        return new RefGenerators.GenCm((RefGenerators.LazyGen) g);
    }

    /** The twin of {@link AsyncSide#ares}. */
    public static RefGenerators.HandCm ares(String tag, int mode) {
        return new RefGenerators.HandCm(tag, mode);
    }

    public static RefGen done() {
        return RefGen.INSTANCE;
    }

    /** The twin of {@link AsyncSide#consume}: runs the body at once; its emits play the consumer's part. */
    public static Done<String> consume(int closeAt, Supplier<RefGen> make) {
        return consume(closeAt, 0, make);
    }

    /** The twin of {@link AsyncSide#consume(int, int, Supplier)}: emit number {@code throwAt} throws. */
    public static Done<String> consume(int closeAt, int throwAt, Supplier<RefGen> make) {
        // the transformed generator's name, as its toString gives it in the "ignored" message: T<n>.g0()
        String machine = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(f -> f.map(StackWalker.StackFrame::getDeclaringClass).filter(k -> k != RefSide.class)
                        .findFirst().orElseThrow()) // the program's class, past the 2-argument overload
                .getSimpleName().replaceFirst("^R", "T") + ".g0()";
        Consumer saved = CONSUMER.get();
        Consumer c = new Consumer(closeAt, throwAt);
        CONSUMER.set(c);
        try {
            make.get();
        } catch (RefClose e) {
            if (c.ignored == 0) {
                return result("closed at " + closeAt);
            }
        } catch (RuntimeException e) {
            if (c.ignored == 0) {
                throw e;
            }
            // what the shutdown's close ended with goes to the loop's exception handler, not to the consumer
        } finally {
            CONSUMER.set(saved);
            FuzzBase.mute(false);
        }
        if (c.ignored > 0) {
            throw new IllegalStateException("async generator ignored GeneratorExit: " + machine
                    + " emitted a value after aclose(); let GeneratorExit propagate, or return");
        }
        if (c.closing) {
            return result("closed at " + closeAt); // the body ended normally after the signal (a return in finally)
        }
        FuzzBase.rec("stop");
        return result("ended");
    }
}
