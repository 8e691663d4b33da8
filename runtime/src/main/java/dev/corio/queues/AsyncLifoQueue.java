package dev.corio.queues;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * An {@link AsyncQueue} that gives the most recently put item first: asyncio's {@code LifoQueue}.
 *
 * @param <T> the type of the items
 */
public final class AsyncLifoQueue<T> extends AsyncQueue<T> {

    /** An unbounded LIFO queue. */
    public AsyncLifoQueue() {
        this(0);
    }

    /** A LIFO queue of at most {@code maxsize} items; unbounded if {@code maxsize <= 0}. */
    public AsyncLifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
