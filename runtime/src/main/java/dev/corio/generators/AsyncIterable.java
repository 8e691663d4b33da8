package dev.corio.generators;

/**
 * Something an async {@code for} can iterate: Python's {@code __aiter__}. Generators are their own
 * iterators; queues, stream lines and publishers can implement it as well.
 *
 * @param <T> the type of the values
 */
public interface AsyncIterable<T> {

    /** A fresh iterator, or this object when it is its own iterator (Python's {@code aiter(x)}). */
    AsyncIterator<T> aiter();
}
