package dev.corio.generators;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.util.ArrayDeque;

/**
 * {@link AsyncIterables#buffer}: a producer task pulls the source ahead of the consumer, keeping up to
 * {@code capacity} values the consumer has not taken (Kotlin's {@code Flow.buffer(capacity)}). It starts at
 * the first {@code anext()}; it pulls the next value only while fewer than {@code capacity} are buffered.
 * The consumer gets the values in order, then the source's end, or its exception once every value before
 * it was taken (then the end). {@link #aclose()} (an async {@code for} left early) cancels the producer
 * (a generator source runs its {@code finally} at the await it was in), waits for it to end, and closes the
 * source unless it ended by itself.
 *
 * <pre>
 *   producer: room? --no--> wait for room
 *               \--yes--> anext() of the source --value--> buffered, wake the consumer --> room? ...
 *                                                \--end or failure--> kept after the values; it ends
 * </pre>
 * For one consumer at a time; loop thread only.
 */
final class Buffer<T> implements AsyncIterator<T> {
    private final AsyncIterator<T> source;
    private final int capacity;
    private final ArrayDeque<Object> values;
    /** The source's end ({@link StopAsyncIteration}) or failure, handed over after the values. */
    private Throwable terminal;
    /** The source ended by itself or failed: nothing to close there. */
    private boolean sourceDone;
    /** No more values for the consumer: the terminal was handed over, or the iterator was closed. */
    private boolean ended;
    private boolean closing;
    private Task<Void> producer;
    private AsyncFuture<Void> consumerWaiting;
    private AsyncFuture<Void> producerWaiting;

    Buffer(AsyncIterable<T> source, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1, got " + capacity);
        }
        this.source = source.aiter();
        this.capacity = capacity;
        this.values = new ArrayDeque<>(Math.min(capacity, 64));
    }

    @Override
    public Awaitable<T> anext() {
        return new Next();
    }

    @Override
    public Awaitable<Void> aclose() {
        return new Close();
    }

    private static void wake(AsyncFuture<Void> f) {
        if (f != null && !f.isDone()) {
            f.setResult(null);
        }
    }

    /** Pulls the source while there is room. */
    private final class Producer extends Coroutine<Void> {
        private static final int ROOM = 0;
        private static final int WAITED = 1;
        private static final int PULLED = 2;
        private int state = ROOM;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            for (;;) {
                switch (state) {
                    case ROOM:
                        if (values.size() >= capacity) {
                            state = WAITED;
                            producerWaiting = new AsyncFuture<>(task().getLoop());
                            Object r = producerWaiting.awaitFrom(this);
                            if (r == SUSPENDED) {
                                return SUSPENDED;
                            }
                            error = null;
                        } else {
                            state = WAITED;
                        }
                        // fall through
                    case WAITED:
                        if (error != null) {
                            throw error; // cancelled by the close while waiting for room
                        }
                        state = PULLED;
                        try {
                            value = source.anextFrom(this);
                            error = null;
                        } catch (Throwable t) {
                            value = null;
                            error = t;
                        }
                        if (value == SUSPENDED) {
                            return SUSPENDED;
                        }
                        // fall through: the outcome of the pull
                    default:
                        if (error != null) {
                            if (closing && error instanceof CancelledError) {
                                throw error; // cancelled by the close: end cancelled
                            }
                            sourceDone = true;
                            terminal = error;
                            wake(consumerWaiting);
                            return null;
                        }
                        values.addLast(value);
                        wake(consumerWaiting);
                        state = ROOM;
                }
            }
        }

        @Override
        public String toString() {
            return "buffer(" + capacity + ") producer";
        }
    }

    /** One {@code anext()}: a buffered value, else the terminal, else wait for the producer. */
    private final class Next extends Coroutine<T> {
        @Override
        @SuppressWarnings("unchecked")
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error; // cancelled while waiting: the producer goes on, what it buffers is kept
            }
            if (producer == null && !ended) {
                EventLoop loop = task().getLoop();
                producer = loop.createTask(new Producer(), "buffer(" + capacity + ") producer");
            }
            for (;;) {
                if (!values.isEmpty()) {
                    Object v = values.pollFirst();
                    wake(producerWaiting);
                    return v;
                }
                if (ended) {
                    throw new StopAsyncIteration();
                }
                if (terminal != null) {
                    ended = true;
                    Throwable t = terminal;
                    terminal = null;
                    throw t instanceof StopAsyncIteration ? new StopAsyncIteration() : t;
                }
                consumerWaiting = new AsyncFuture<>(task().getLoop());
                Object r = consumerWaiting.awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
        }

        @Override
        public String toString() {
            return "buffer(" + capacity + ").anext()";
        }
    }

    /** Cancels the producer, waits for it to end, then closes the source unless it ended by itself. */
    private final class Close extends Coroutine<Void> {
        private static final int START = 0;
        private static final int PRODUCER_DONE = 1;
        private static final int SOURCE_CLOSED = 2;
        private int state = START;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            switch (state) {
                case START: {
                    if (error != null) {
                        throw error;
                    }
                    closing = true;
                    ended = true;
                    values.clear();
                    terminal = null;
                    state = PRODUCER_DONE;
                    Task<Void> p = producer;
                    if (p != null && !p.isDone()) {
                        p.cancel();
                        AsyncFuture<Void> done = new AsyncFuture<>(task().getLoop());
                        p.addDoneCallback(f -> wake(done));
                        Object r = done.awaitFrom(this);
                        if (r == SUSPENDED) {
                            return SUSPENDED;
                        }
                    }
                    error = null;
                }
                // fall through
                case PRODUCER_DONE: {
                    if (error != null) {
                        throw error; // the closing task itself was cancelled while waiting
                    }
                    state = SOURCE_CLOSED;
                    if (sourceDone) {
                        return null;
                    }
                    sourceDone = true;
                    Object r = source.aclose().awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    return null;
                }
                default:
                    if (error != null) {
                        throw error;
                    }
                    return null;
            }
        }

        @Override
        public String toString() {
            return "buffer(" + capacity + ").aclose()";
        }
    }
}
