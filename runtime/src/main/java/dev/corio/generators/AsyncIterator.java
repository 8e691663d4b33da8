package dev.corio.generators;

import dev.corio.Awaitable;

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

    /** An awaitable for the next value; it throws {@link StopAsyncIteration} at the end. */
    Awaitable<T> anext();

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
