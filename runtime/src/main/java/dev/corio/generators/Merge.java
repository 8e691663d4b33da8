package dev.corio.generators;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AsyncIterables#merge}: the values of several async iterables as they come. At the first
 * {@code anext()} each source gets a pump task of its own that pulls one value and waits until the merged
 * iterator has given it (so each source runs at most one value ahead). The merged iteration ends when every
 * source has ended; a source that fails ends it with that exception; either way, and on
 * {@link #aclose()}, the pumps still running are cancelled (a generator source runs its {@code finally} at
 * the await it was in) and every source is closed before the merged await returns or throws.
 *
 * <pre>
 *   pump:  anext() of its source --value--> queued, wait until given --> anext() ...
 *                                 \--end or failure--> queued, the pump ends
 * </pre>
 */
final class Merge<T> implements AsyncIterator<T> {
    private static final int VALUE = 0;
    private static final int END = 1;
    private static final int FAILED = 2;

    private record Entry(Merge<?>.Pump pump, int kind, Object payload) {
    }

    private final List<AsyncIterator<?>> sources = new ArrayList<>();
    private final ArrayDeque<Entry> ready = new ArrayDeque<>();
    private List<Pump> pumps;
    private int active;
    private AsyncFuture<Void> waiter;
    /** No more values: the sources ended, one failed, or the iterator was closed. */
    private boolean ended;
    private boolean closing;

    Merge(List<? extends AsyncIterable<? extends T>> sources) {
        for (AsyncIterable<? extends T> s : sources) {
            this.sources.add(s.aiter());
        }
    }

    @Override
    public Awaitable<T> anext() {
        return new Next();
    }

    @Override
    public Awaitable<Void> aclose() {
        return new Close();
    }

    private void start(EventLoop loop) {
        pumps = new ArrayList<>(sources.size());
        active = sources.size();
        for (int i = 0; i < sources.size(); i++) {
            Pump p = new Pump(sources.get(i), i);
            pumps.add(p);
            p.task = loop.createTask(p, "merge() source " + i);
        }
    }

    private void deliver(Pump p, int kind, Object payload) {
        ready.addLast(new Entry(p, kind, payload));
        AsyncFuture<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.isDone()) {
                w.setResult(null);
            }
        }
    }

    /** Pulls its source, one value at a time, for the merged iterator. */
    private final class Pump extends Coroutine<Void> {
        final AsyncIterator<?> source;
        final int index;
        Task<Void> task;
        AsyncFuture<Void> given;
        /** 0: about to pull; 1: awaiting the source's anext(); 2: waiting until the value was given. */
        private int state;

        Pump(AsyncIterator<?> source, int index) {
            this.source = source;
            this.index = index;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            for (;;) {
                switch (state) {
                    case 0:
                        state = 1;
                        try {
                            value = source.anextFrom(this);
                        } catch (Throwable t) {
                            value = null;
                            error = t;
                        }
                        if (value == SUSPENDED) {
                            return SUSPENDED;
                        }
                        // fall through: the outcome of the pull
                    case 1:
                        if (error != null) {
                            if (closing && error instanceof CancelledError) {
                                throw error; // cancelled by the close: end cancelled
                            }
                            deliver(this, error instanceof StopAsyncIteration ? END : FAILED, error);
                            return null;
                        }
                        state = 2;
                        given = new AsyncFuture<>(task().getLoop());
                        deliver(this, VALUE, value);
                        Object r = given.awaitFrom(this);
                        if (r == SUSPENDED) {
                            return SUSPENDED;
                        }
                        error = null;
                        // fall through
                    default:
                        if (error != null) {
                            throw error;
                        }
                        state = 0;
                }
            }
        }

        @Override
        public String toString() {
            return "merge() pump of source " + index;
        }
    }

    /** One merged {@code anext()}. */
    private final class Next extends Coroutine<T> {
        private Throwable failure;

        @Override
        @SuppressWarnings("unchecked")
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (failure != null) {
                // back from closing everything after a source failed
                if (error != null && error != failure) {
                    failure.addSuppressed(error);
                }
                throw failure;
            }
            if (error != null) {
                throw error; // cancelled while waiting for a value
            }
            if (pumps == null && !ended) {
                start(task().getLoop());
            }
            for (;;) {
                if (ended) {
                    throw new StopAsyncIteration();
                }
                Entry e = ready.pollFirst();
                if (e != null) {
                    if (e.kind == VALUE) {
                        e.pump.given.setResult(null);
                        return e.payload;
                    }
                    active--;
                    if (e.kind == FAILED) {
                        failure = (Throwable) e.payload;
                        Object r;
                        try {
                            r = new Close().awaitFrom(this);
                        } catch (Throwable t) {
                            failure.addSuppressed(t);
                            throw failure;
                        }
                        if (r == SUSPENDED) {
                            return SUSPENDED;
                        }
                        throw failure;
                    }
                    continue;
                }
                if (active == 0) {
                    ended = true;
                    throw new StopAsyncIteration();
                }
                waiter = new AsyncFuture<>(task().getLoop());
                Object r = waiter.awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
        }

        @Override
        public String toString() {
            return "merge().anext()";
        }
    }

    /** Cancels the pumps still running, waits for them to end, then closes every source in order. */
    private final class Close extends Coroutine<Void> {
        private int pump;
        private int source;
        private boolean closingSource;
        private Throwable first;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (!closing) {
                closing = true;
                ended = true;
                ready.clear();
                if (pumps != null) {
                    for (Pump p : pumps) {
                        p.task.cancel();
                    }
                }
            }
            if (error != null) {
                if (first == null) {
                    first = error;
                } else if (first != error) {
                    first.addSuppressed(error);
                }
            }
            if (closingSource) {
                closingSource = false;
                source++;
            }
            while (pumps != null && pump < pumps.size()) {
                Task<Void> t = pumps.get(pump).task;
                if (!t.isDone()) {
                    AsyncFuture<Void> doneWaiting = new AsyncFuture<>(task().getLoop());
                    t.addDoneCallback(f -> {
                        if (!doneWaiting.isDone()) {
                            doneWaiting.setResult(null);
                        }
                    });
                    Object r = doneWaiting.awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                }
                pump++;
            }
            while (source < sources.size()) {
                closingSource = true;
                Object r;
                try {
                    r = sources.get(source).aclose().awaitFrom(this);
                } catch (Throwable t) {
                    r = null;
                    if (first == null) {
                        first = t;
                    } else {
                        first.addSuppressed(t);
                    }
                }
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                closingSource = false;
                source++;
            }
            if (first != null) {
                throw first;
            }
            return null;
        }

        @Override
        public String toString() {
            return "merge().aclose()";
        }
    }
}
