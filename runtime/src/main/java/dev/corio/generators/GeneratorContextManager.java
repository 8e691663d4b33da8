package dev.corio.generators;

import dev.corio.AsyncContextManager;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import java.util.Objects;

/**
 * An async context manager driven by a generator that emits once: Python's
 * {@code contextlib.asynccontextmanager}; made by {@link Generators#asyncContextManager}.
 *
 * <ul>
 *   <li>{@code aenter} runs the generator to its emit; the value emitted is {@link #value()}. A generator
 *       that ends without emitting: {@code IllegalStateException("generator didn't emit")}.</li>
 *   <li>{@code aexit(null)} (the block completed) runs it on to its end; one that emits again:
 *       {@code IllegalStateException("generator didn't stop")}.</li>
 *   <li>{@code aexit(e)} throws {@code e} in at the emit ({@code athrow}). The generator ending normally
 *       suppresses {@code e}; throwing {@code e} again lets it propagate (a {@link StopAsyncIteration} from
 *       the block too, though the generator's machinery wraps it in an {@code IllegalStateException} on the
 *       way out); throwing something else replaces it; emitting again: {@code IllegalStateException("generator didn't stop after athrow()")}.</li>
 * </ul>
 * One-shot, as the generator is: enter it once.
 *
 * @param <T> the type of the value the generator emits
 */
public final class GeneratorContextManager<T> implements AsyncContextManager<T> {
    private final AsyncGenerator<T> generator;
    private boolean entered;
    private T value;

    GeneratorContextManager(AsyncGenerator<T> generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** What the generator emitted on enter (Python's {@code async with cm() as value}). */
    public T value() {
        if (!entered) {
            throw new IllegalStateException("the context of " + generator + " was not entered");
        }
        return value;
    }

    @Override
    public Awaitable<T> aenter() {
        if (entered) {
            throw new IllegalStateException("a generator context manager can be entered once: " + generator);
        }
        entered = true;
        return new OneAwait<T>(generator.anext()) {
            @Override
            @SuppressWarnings("unchecked")
            Object then(Object v, Throwable e) throws Throwable {
                if (e instanceof StopAsyncIteration) {
                    throw new IllegalStateException("generator didn't emit: " + generator
                            + " ended before its emit(...)");
                }
                if (e != null) {
                    throw e;
                }
                value = (T) v;
                return v;
            }
        };
    }

    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        if (error == null) {
            return new OneAwait<Boolean>(generator.anext()) {
                @Override
                Object then(Object v, Throwable e) throws Throwable {
                    if (e instanceof StopAsyncIteration) {
                        return false;
                    }
                    if (e != null) {
                        throw e;
                    }
                    throw new IllegalStateException("generator didn't stop: " + generator
                            + " emitted a second value; a context manager's generator emits once");
                }
            };
        }
        return new OneAwait<Boolean>(generator.athrow(error)) {
            @Override
            Object then(Object v, Throwable e) throws Throwable {
                if (e instanceof StopAsyncIteration) {
                    return true; // the generator caught the exception and ended: suppressed
                }
                if (e == error) {
                    return false; // it propagated unchanged: aexit must not raise it again itself
                }
                if (error instanceof StopAsyncIteration && e instanceof IllegalStateException && e.getCause() == error) {
                    // The block's own StopAsyncIteration, let out by the generator, comes back wrapped as
                    // "async generator raised StopAsyncIteration" (or wrapped so by the generator itself: the
                    // two cannot be told apart, as in Python): it propagates as itself, not as the wrapper.
                    return false;
                }
                if (e != null) {
                    throw e; // replaced
                }
                throw new IllegalStateException("generator didn't stop after athrow(): " + generator
                        + " emitted a second value; a context manager's generator emits once");
            }
        };
    }

    @Override
    public String toString() {
        return "asyncContextManager(" + generator + ")";
    }

    /** A coroutine that awaits one thing and hands its outcome to {@link #then}. */
    private abstract static class OneAwait<R> extends Coroutine<R> {
        private final Awaitable<?> what;
        private boolean started;

        OneAwait(Awaitable<?> what) {
            this.what = what;
        }

        abstract Object then(Object value, Throwable error) throws Throwable;

        @Override
        protected final Object resume(Object value, Throwable error) throws Throwable {
            if (!started) {
                started = true;
                Object r;
                try {
                    r = what.awaitFrom(this);
                } catch (Throwable t) {
                    return then(null, t);
                }
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                return then(r, null);
            }
            return then(value, error);
        }
    }
}
