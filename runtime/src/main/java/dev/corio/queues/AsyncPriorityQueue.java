package dev.corio.queues;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * An {@link AsyncQueue} that gives the smallest item first: asyncio's {@code PriorityQueue}. Items are
 * ordered by their natural order or by the comparator given; among equal items the order is unspecified
 * (as with {@code heapq}: put {@code (priority, sequence, item)}-like records for a stable order).
 *
 * @param <T> the type of the items
 */
public final class AsyncPriorityQueue<T> extends AsyncQueue<T> {

    /** An unbounded queue in natural order (items must be {@link Comparable}). */
    public AsyncPriorityQueue() {
        this(0);
    }

    /** A queue of at most {@code maxsize} items in natural order; unbounded if {@code maxsize <= 0}. */
    public AsyncPriorityQueue(int maxsize) {
        super(maxsize, new PriorityQueue<>());
    }

    /** A queue of at most {@code maxsize} items in {@code order}; unbounded if {@code maxsize <= 0}. */
    public AsyncPriorityQueue(int maxsize, Comparator<? super T> order) {
        super(maxsize, new PriorityQueue<>(order));
    }
}
