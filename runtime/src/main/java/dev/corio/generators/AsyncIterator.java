package dev.corio.generators;

import dev.corio.Awaitable;
import dev.corio.Coroutine;

/**
 * An asynchronous iterator: Python's {@code __anext__}. Awaiting {@link #anext()} gives the next value,
 * or throws {@link StopAsyncIteration} when there is none (and again on every later call).
 *
 * <p>{@link #aclose()} releases the iterator early; an async {@code for} (and {@link Generators#aclosing})
 * awaits it when the loop is left before the end. Iterators that hold nothing return a done awaitable,
 * the default.
 *
 * @param <T> the type of the values
 */
public interface AsyncIterator<T> extends AsyncIterable<T> {

    /**
     * An awaitable for the next value; it throws {@link StopAsyncIteration} at the end. Each call gives an
     * awaitable of its own (Python's {@code __anext__()}): awaiting one a second time is an error, even after
     * a later call.
     */
    Awaitable<T> anext();

    /**
     * {@link #anext()} for a caller that awaits the result at once, once, and keeps no reference to it: an
     * async {@code for} and the operators of {@link AsyncIterables}. An implementation may then hand out the
     * same object each time (an async generator re-arms its finished step, so iterating it allocates no
     * object per value); the default is {@link #anext()}. Code that stores the awaitable must call
     * {@link #anext()}: a kept reference to a re-armed step would be the later call's step.
     */
    default Awaitable<T> anextTransient() {
        return anext();
    }

    /**
     * Awaits the next value from {@code frame}, which is running: {@code anextTransient().awaitFrom(frame)},
     * the default, and what an async {@code for} and the operators call for each value. It returns the value,
     * or {@code SUSPENDED} (the value then comes to {@code frame}'s {@code resume}, as for any await), or
     * throws ({@link StopAsyncIteration} at the end). An async generator overrides it with a fast path: when
     * its body emits without suspending, the value comes back directly, with no step object started and no
     * task bookkeeping ({@link AsyncGenerator#anextFrom}). Like {@code awaitFrom}, it is part of the await
     * protocol, not for user code.
     */
    default Object anextFrom(Coroutine<?> frame) {
        return anextTransient().awaitFrom(frame);
    }

    /** Releases what the iterator holds; the default does nothing. */
    default Awaitable<Void> aclose() {
        return frame -> null;
    }

    /** An iterator is its own iterable. */
    @Override
    default AsyncIterator<T> aiter() {
        return this;
    }
}
