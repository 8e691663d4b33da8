package dev.corio.generators;

import dev.corio.AsyncContextManager;
import dev.corio.Awaitable;
import dev.corio.Coroutine;

/**
 * The markers of generator bodies and async {@code for} loops, and the context-manager adapters of the
 * family; meant for {@code import static dev.corio.generators.Generators.*;}.
 *
 * <p>The markers are suspension points that only the annotation processor gives a meaning to, as
 * {@code Corio.await} is: executed untransformed (the method is not {@code @Async}, or the processor did not
 * run), they throw an {@link IllegalStateException} that says so.
 */
public final class Generators {
    private Generators() {
    }

    /**
     * Python's {@code yield value} in an {@code @Async} method returning {@link AsyncGenerator}: suspends
     * the generator, hands {@code value} to the consumer's {@code anext}/{@code asend}, and evaluates to the
     * value the next {@code asend} sends ({@code null} for {@code anext}); throws what {@code athrow} throws
     * in, or {@link GeneratorExit} from {@code aclose}. ({@code yield} is a restricted identifier in Java.)
     *
     * @param <S> the type of the values sent in with {@code asend}
     */
    public static <S> S emit(Object value) {
        throw untransformed("emit(...)", "an @Async method returning AsyncGenerator<T>");
    }

    /**
     * Ends a generator body: {@code return done();}, Python's bare {@code return} (or falling off the end)
     * in an async generator. Javac needs a return statement; a generator returns no value.
     */
    public static <T> AsyncGenerator<T> done() {
        throw untransformed("done()", "an @Async method returning AsyncGenerator<T>");
    }

    /**
     * Python's {@code async for}: {@code for (T x : awaitEach(source)) { ... }} in an {@code @Async} body
     * awaits {@code source.aiter().anextTransient()} (which is {@code anext()} unless the iterator re-arms its steps) before each iteration and ends on {@link StopAsyncIteration}.
     * Leaving the loop before the end ({@code break}, {@code return}, an exception, a cancellation) awaits
     * the iterator's {@link AsyncIterator#aclose()} at once, as {@code contextlib.aclosing} (and C#'s
     * {@code await foreach}) do; plain Python leaves that to the garbage collector.
     */
    public static <T> Iterable<T> awaitEach(AsyncIterable<T> source) {
        throw untransformed("awaitEach(...)", "an @Async method");
    }

    /**
     * Python's {@code @asynccontextmanager}: a context manager driven by a generator that emits once. The
     * code before the emit is the enter, the emitted value is {@link GeneratorContextManager#value()}, the
     * code after it the exit; an exception from the block is thrown in at the emit, where the generator may
     * catch it (suppressing it) or throw another (replacing it).
     */
    public static <T> GeneratorContextManager<T> asyncContextManager(AsyncGenerator<T> generator) {
        return new GeneratorContextManager<>(generator);
    }

    /**
     * Python's {@code contextlib.aclosing}: a context manager that awaits {@code iterator.aclose()} on exit,
     * however the block ends. Its {@code aenter} gives the iterator.
     */
    public static <I extends AsyncIterator<?>> AsyncContextManager<I> aclosing(I iterator) {
        java.util.Objects.requireNonNull(iterator, "iterator");
        return new AsyncContextManager<>() {
            @Override
            public Awaitable<I> aenter() {
                return frame -> iterator;
            }

            @Override
            public Awaitable<Boolean> aexit(Throwable error) {
                return new Coroutine<Boolean>() {
                    @Override
                    protected Object resume(Object value, Throwable e) throws Throwable {
                        if (!started) {
                            started = true;
                            if (iterator.aclose().awaitFrom(this) == SUSPENDED) {
                                return SUSPENDED;
                            }
                            return false;
                        }
                        if (e != null) {
                            throw e;
                        }
                        return false;
                    }

                    private boolean started;
                };
            }

            @Override
            public String toString() {
                return "aclosing(" + iterator + ")";
            }
        };
    }

    private static IllegalStateException untransformed(String marker, String where) {
        return new IllegalStateException(marker + " ran untransformed: it is a marker that only works inside "
                + where + " compiled with the corio-processor (is the method annotated @Async, and is the"
                + " processor on the annotation processor path?)");
    }
}
