package dev.corio.generators;

import dev.corio.Awaitable;
import dev.corio.Coroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Operators over async iterables, as Kotlin's {@code Flow} and Python's aiostream offer them: intermediate
 * ones ({@link #map}, {@link #mapAwait}, {@link #filter}, {@link #take}, {@link #takeWhile}, {@link #drop},
 * {@link #enumerate}, {@link #zip}, {@link #chunked}, {@link #merge}) give a new {@link AsyncIterator} that pulls from its
 * source only when it is pulled; terminal ones ({@link #toList}, {@link #reduce}, {@link #first},
 * {@link #count}) give a coroutine to await.
 *
 * <p>Every operator that stops before its source ends ({@code take}, {@code takeWhile}, {@code first},
 * {@code zip} when one side ends, an operator whose function throws) awaits the source's
 * {@link AsyncIterator#aclose()} first, and closing an operator closes its source; so a generator at the
 * start of a pipeline runs its {@code finally} blocks as soon as the pipeline is done with it.
 *
 * <pre>{@code
 * List<Integer> firstSquares = await(toList(take(map(filter(numbers(), n -> n % 2 == 0), n -> n * n), 3)));
 * }</pre>
 */
public final class AsyncIterables {
    private AsyncIterables() {
    }

    // ---------------------------------------------------------------- intermediate

    /** Each value through {@code f}. */
    public static <T, R> AsyncIterator<R> map(AsyncIterable<T> source, Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return new Stage<T, R>(source) {
            /** Only a value or SKIP, no end of its own: fused into the stage above (see Stage#fused). */
            @Override
            boolean fusable() {
                return true;
            }

            @Override
            Object accept(T value) {
                return f.apply(value);
            }
        };
    }

    /** Each value through an asynchronous {@code f}, awaited before the next value is pulled. */
    public static <T, R> AsyncIterator<R> mapAwait(AsyncIterable<T> source, Function<? super T, ? extends Awaitable<? extends R>> f) {
        Objects.requireNonNull(f, "f");
        return new Stage<T, R>(source) {
            @Override
            Object accept(T value) {
                return new Pending(f.apply(value));
            }
        };
    }

    /** The values that pass {@code p}. */
    public static <T> AsyncIterator<T> filter(AsyncIterable<T> source, Predicate<? super T> p) {
        Objects.requireNonNull(p, "p");
        return new Stage<T, T>(source) {
            /** Only a value or SKIP, no end of its own: fused into the stage above (see Stage#fused). */
            @Override
            boolean fusable() {
                return true;
            }

            @Override
            Object accept(T value) {
                return p.test(value) ? value : SKIP;
            }
        };
    }

    /**
     * The values that pass an asynchronous {@code p}, awaited before the next value is pulled (Python's
     * {@code (x async for x in src if await p(x))}, Kotlin's {@code filter} with a suspending predicate). The
     * awaitable must give {@code true} or {@code false}; {@code null} ends the stage with a
     * {@link NullPointerException} (the source closed first).
     */
    public static <T> AsyncIterator<T> filterAwait(AsyncIterable<T> source,
            Function<? super T, ? extends Awaitable<Boolean>> p) {
        Objects.requireNonNull(p, "p");
        return new Stage<T, T>(source) {
            /** The value whose predicate is awaited; cleared once decided, so nothing given is retained. */
            T candidate;

            @Override
            Object accept(T value) {
                candidate = value;
                return new Pending(p.apply(value));
            }

            @Override
            Object awaited(Object passed) {
                T v = candidate;
                candidate = null;
                if (passed == null) {
                    throw new NullPointerException("filterAwait: the predicate's awaitable gave null for " + v
                            + ", not true or false");
                }
                return (Boolean) passed ? v : SKIP;
            }
        };
    }

    /** The first {@code n} values; then the source is closed without being pulled again. */
    public static <T> AsyncIterator<T> take(AsyncIterable<T> source, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        return new Stage<T, T>(source) {
            long taken;

            @Override
            boolean exhausted() {
                return taken >= n;
            }

            @Override
            Object accept(T value) {
                taken++;
                return value;
            }
        };
    }

    /** The values up to the first that fails {@code p}; the source is closed then. */
    public static <T> AsyncIterator<T> takeWhile(AsyncIterable<T> source, Predicate<? super T> p) {
        Objects.requireNonNull(p, "p");
        return new Stage<T, T>(source) {
            @Override
            Object accept(T value) {
                return p.test(value) ? value : STOP;
            }
        };
    }

    /** All values but the first {@code n}. */
    public static <T> AsyncIterator<T> drop(AsyncIterable<T> source, long n) {
        return new Stage<T, T>(source) {
            /** Only a value or SKIP, no end of its own: fused into the stage above (see Stage#fused). */
            @Override
            boolean fusable() {
                return true;
            }

            long dropped;

            @Override
            Object accept(T value) {
                return dropped++ < n ? SKIP : value;
            }
        };
    }

    /** A value and its index (Python's {@code enumerate}, Kotlin's {@code withIndex}). */
    public record Indexed<T>(long index, T value) {
    }

    /** Each value with its index, from 0. */
    public static <T> AsyncIterator<Indexed<T>> enumerate(AsyncIterable<T> source) {
        return new Stage<T, Indexed<T>>(source) {
            /** Only a value or SKIP, no end of its own: fused into the stage above (see Stage#fused). */
            @Override
            boolean fusable() {
                return true;
            }

            long i;

            @Override
            Object accept(T value) {
                return new Indexed<>(i++, value);
            }
        };
    }

    /** Lists of {@code size} values (the last may be shorter). */
    public static <T> AsyncIterator<List<T>> chunked(AsyncIterable<T> source, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size <= 0: " + size);
        }
        return new Stage<T, List<T>>(source) {
            List<T> chunk = new ArrayList<>(size);

            @Override
            Object accept(T value) {
                chunk.add(value);
                if (chunk.size() < size) {
                    return SKIP;
                }
                List<T> full = chunk;
                chunk = new ArrayList<>(size);
                return full;
            }

            @Override
            Object atEnd() {
                if (chunk.isEmpty()) {
                    return STOP;
                }
                List<T> rest = chunk;
                chunk = new ArrayList<>();
                return rest;
            }
        };
    }

    /**
     * Pairs of values of both sources combined by {@code f}, one from each in turn; when either ends, the other
     * is closed.
     */
    public static <A, B, R> AsyncIterator<R> zip(AsyncIterable<A> a, AsyncIterable<B> b,
            BiFunction<? super A, ? super B, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        AsyncIterator<B> right = b.aiter();
        return new Stage<A, R>(a) {
            @Override
            Object accept(A value) {
                return new Pending(new Coroutine<R>() {
                    @Override
                    protected Object resume(Object v, Throwable e) throws Throwable {
                        if (e != null) {
                            throw e;
                        }
                        if (!started) {
                            started = true;
                            Object r = right.anextFrom(this);
                            if (r == SUSPENDED) {
                                return SUSPENDED;
                            }
                            v = r;
                        }
                        @SuppressWarnings("unchecked")
                        B other = (B) v;
                        return f.apply(value, other);
                    }

                    private boolean started;
                });
            }

            @Override
            AsyncIterator<?> also() {
                return right;
            }
        };
    }

    /**
     * The values of all {@code sources} as they come (Kotlin's {@code merge}, aiostream's
     * {@code stream.merge}): each source is pulled by a task of its own, at most one value ahead of the
     * consumer, from the first {@code anext()}. Ends when every source has ended; a source that fails ends it
     * with that exception. When it ends, fails or is closed, the sources still running are cancelled (a
     * generator runs its {@code finally} at its await) and every source is closed before the await returns.
     * For one consumer at a time.
     */
    @SafeVarargs
    public static <T> AsyncIterator<T> merge(AsyncIterable<? extends T>... sources) {
        return merge(List.of(sources));
    }

    /** {@link #merge(AsyncIterable[])} over a list. */
    public static <T> AsyncIterator<T> merge(List<? extends AsyncIterable<? extends T>> sources) {
        return new Merge<T>(sources);
    }

    /**
     * The values of {@code source}, pulled ahead of the consumer by a task of its own, up to {@code capacity}
     * values the consumer has not taken yet (Kotlin's {@code Flow.buffer(capacity)}): a slow consumer and a
     * slow producer then overlap instead of taking turns. The producer starts at the first {@code anext()}.
     * Values come in order; the source's exception comes after every value produced before it. Closing the
     * iterator (an async {@code for} left early) cancels the producer, waits for it, and closes the source
     * unless it ended by itself; values still buffered are dropped. For one consumer at a time.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public static <T> AsyncIterator<T> buffer(AsyncIterable<T> source, int capacity) {
        Objects.requireNonNull(source, "source");
        return new Buffer<>(source, capacity);
    }

    // ---------------------------------------------------------------- terminal

    /** All the values, in order. */
    public static <T> Coroutine<List<T>> toList(AsyncIterable<T> source) {
        List<T> out = new ArrayList<>();
        return new Terminal<T, List<T>>(source) {
            @Override
            boolean accept(T value) {
                out.add(value);
                return true;
            }

            @Override
            List<T> atEnd() {
                return out;
            }
        };
    }

    /** {@code op(...op(op(identity, v1), v2)..., vn)}. */
    public static <T> Coroutine<T> reduce(AsyncIterable<T> source, T identity, BinaryOperator<T> op) {
        Objects.requireNonNull(op, "op");
        return new Terminal<T, T>(source) {
            T acc = identity;

            @Override
            boolean accept(T value) {
                acc = op.apply(acc, value);
                return true;
            }

            @Override
            T atEnd() {
                return acc;
            }
        };
    }

    /** How many values there are. */
    public static <T> Coroutine<Long> count(AsyncIterable<T> source) {
        return new Terminal<T, Long>(source) {
            long n;

            @Override
            boolean accept(T value) {
                n++;
                return true;
            }

            @Override
            Long atEnd() {
                return n;
            }
        };
    }

    /**
     * The next value of {@code iterator}, or {@code orElse} once it has ended: Python's {@code anext(it,
     * default)}. Unlike {@link #first}, it neither closes the iterator nor takes an iterable: each await takes
     * one value, and an exception of the iterator's other than the end is thrown as it is.
     */
    public static <T> Coroutine<T> anext(AsyncIterator<? extends T> iterator, T orElse) {
        Objects.requireNonNull(iterator, "iterator");
        return new Coroutine<T>() {
            private boolean started;

            @Override
            @SuppressWarnings("unchecked")
            protected Object resume(Object value, Throwable error) throws Throwable {
                if (!started) {
                    started = true;
                    try {
                        return iterator.anextFrom(this); // the value, or SUSPENDED
                    } catch (StopAsyncIteration end) {
                        return orElse;
                    }
                }
                if (error instanceof StopAsyncIteration) {
                    return orElse;
                }
                if (error != null) {
                    throw error;
                }
                return value;
            }

            @Override
            public String toString() {
                return "anext(" + iterator + ", " + orElse + ")";
            }
        };
    }

    /** The first value; the source is closed then. Empty: {@link NoSuchElementException}, as Kotlin's {@code first()}. */
    public static <T> Coroutine<T> first(AsyncIterable<T> source) {
        return new Terminal<T, T>(source) {
            T found;

            @Override
            boolean accept(T value) {
                found = value;
                return false;
            }

            @Override
            T atEnd() {
                throw new NoSuchElementException("first(): the source had no value");
            }

            @Override
            T stopped() {
                return found;
            }
        };
    }

    // ---------------------------------------------------------------- machinery

    /** What {@link Stage#accept} returns to pull the next value instead. */
    static final Object SKIP = marker("SKIP");
    /** What {@link Stage#accept} (or {@link Stage#atEnd}) returns to end here, closing the source. */
    static final Object STOP = marker("STOP");

    private static Object marker(String name) {
        return new Object() {
            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** What {@link Stage#accept} returns to await a value before giving it. */
    static final class Pending {
        final Awaitable<?> awaitable;

        Pending(Awaitable<?> awaitable) {
            this.awaitable = Objects.requireNonNull(awaitable, "the mapper returned null");
        }
    }

    /**
     * An intermediate operator: each {@code anext} pulls from the source until {@link #accept} gives a value.
     * Ended (the source ended, {@code STOP}, a failure, or closed), it throws {@link StopAsyncIteration}.
     */
    abstract static class Stage<T, R> implements AsyncIterator<R> {
        private static final Object SUSPENDED = dev.corio.internal.Intrinsics.SUSPENDED;
        private final AsyncIterator<T> source;
        /** No more values: every later anext throws StopAsyncIteration. */
        private boolean ended;
        /** The source ended by itself (or failed): it needs no close. */
        private boolean sourceDone;

        /**
         * The synchronous stages ({@link #fusable}) between {@link #root} and this one, nearest the root first,
         * or empty: this stage pulls the root itself and passes each value through their {@link #accept} in
         * order, so one step runs per value instead of one per stage (a chain of stages calling each other is
         * one recursive call site the JIT cannot inline). Each value meets the same functions in the same order
         * as without fusion; the inner stages' flags are set as their own steps would have set them when the
         * root ends or fails or a function throws. An inner stage that was closed (or ended) meanwhile makes
         * this stage pull through it again.
         */
        private final Stage<?, ?>[] fused;
        /** The iterator below the {@link #fused} chain (the source itself when the chain is empty). */
        private final AsyncIterator<?> root;

        Stage(AsyncIterable<T> source) {
            this.source = source.aiter();
            if (this.source instanceof Stage && ((Stage<?, ?>) this.source).fusable()) {
                Stage<?, ?> s = (Stage<?, ?>) this.source;
                Stage<?, ?>[] below = s.fused;
                Stage<?, ?>[] chain = java.util.Arrays.copyOf(below, below.length + 1);
                chain[below.length] = s;
                fused = chain;
                root = s.root;
            } else {
                fused = NONE;
                root = this.source;
            }
        }

        private static final Stage<?, ?>[] NONE = {};

        /**
         * Whether {@link #accept} gives only a value or {@code SKIP} (or throws), with no {@code STOP},
         * {@link Pending}, {@link #exhausted}, {@link #atEnd} or second source: {@code map}, {@code filter},
         * {@code drop}, {@code enumerate}. Such a stage is fused into the stage that pulls it.
         */
        boolean fusable() {
            return false;
        }

        /** Whether every stage of the fused chain is still open (not ended, not closed). */
        private boolean chainOpen() {
            for (Stage<?, ?> s : fused) {
                if (s.ended) {
                    return false;
                }
            }
            return true;
        }

        /** The root ended or failed, or a function of the chain threw: each inner stage has ended (and closed). */
        private void chainEnded() {
            for (Stage<?, ?> s : fused) {
                s.ended = true;
                s.sourceDone = true;
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object acceptRaw(Stage s, Object value) throws Throwable {
            return s.accept(value);
        }

        /** Whether to end before pulling again ({@code take}). */
        boolean exhausted() {
            return false;
        }

        /** A value to give, {@code SKIP}, {@code STOP}, or a {@link Pending} awaitable whose value to give. */
        abstract Object accept(T value) throws Throwable;

        /** At the end of the source: a last value to give, or {@code STOP}. */
        Object atEnd() {
            return STOP;
        }

        /** What to give for the value a {@link Pending} awaited: that value, or {@code SKIP} ({@code filterAwait}). */
        Object awaited(Object value) throws Throwable {
            return value;
        }

        /** A second source closed with the first ({@code zip}), or null. */
        AsyncIterator<?> also() {
            return null;
        }

        @Override
        public Awaitable<R> anext() {
            return new Next();
        }

        /** The previous transient anext again once it has finished as an awaited frame: no object per value. */
        @Override
        public Awaitable<R> anextTransient() {
            Next n = spare;
            if (n != null && n.reusable()) {
                return n;
            }
            n = new Next();
            spare = n;
            return n;
        }

        private Next spare;

        /** Coroutine's inline-run protocol (package-private there), for {@link #anextFrom}; a constant to the JIT. */
        private static final dev.corio.internal.CoreAccess CORE = dev.corio.internal.CoreAccess.access();

        /**
         * The fast path's step ({@link #anextFrom}): never handed out, so it is run again without a re-arm once
         * it has finished; made at the first call. {@code finished} while no run of it is under way.
         */
        private Next inline;

        /**
         * {@code await(anextTransient())} from {@code consumer}, without the await's bookkeeping: the stage's
         * step runs at once on the consumer's stack as a frame of its task (as the await would have started
         * it), and when it gives a value without suspending (its source is a generator or stage that did not
         * suspend either, and the function is synchronous) the value comes straight back; no step to re-arm, no
         * call of {@code awaitFrom}. If it suspends, the step stays a frame of the task and its outcome goes to
         * {@code consumer} as for any await. A stage in debug mode, too deep a task, or a step still running
         * (a second consumer) takes the ordinary way.
         */
        @Override
        public Object anextFrom(Coroutine<?> consumer) {
            Next n = inline;
            if (n == null) {
                n = new Next();
                n.finished = true;
                inline = n;
            }
            if (!n.finished || !CORE.enterInlineRun(consumer)) {
                return anextTransient().awaitFrom(consumer);
            }
            CORE.attachTo(n, consumer);
            n.finished = false;
            n.state = Next.PULL; // an ended stage throws StopAsyncIteration from there
            Object r;
            try {
                r = n.step(null, null);
            } catch (Throwable t) {
                n.finished = true;
                CORE.detachFrom(n, consumer);
                CORE.leaveInlineRun(consumer);
                throw dev.corio.internal.Intrinsics.sneakyThrow(t);
            }
            CORE.leaveInlineRun(consumer);
            if (r == SUSPENDED) {
                return r; // a frame of the task now: Next.resume marks it finished when it ends
            }
            n.finished = true;
            CORE.detachFrom(n, consumer);
            return r;
        }

        @Override
        public Awaitable<Void> aclose() {
            if (ended && sourceDone && also() == null) {
                return frame -> null;
            }
            ended = true;
            return new Closing<Void>(closing(), null, false);
        }

        /** What is left to close: the source unless it ended by itself, and the second source. */
        private List<AsyncIterator<?>> closing() {
            List<AsyncIterator<?>> l = new ArrayList<>(2);
            if (!sourceDone) {
                l.add(source);
            }
            if (also() != null) {
                l.add(also());
            }
            sourceDone = true;
            return l;
        }

        /** One anext: pull (await the source), got (its outcome), mapped (a Pending's outcome), closing. */
        private final class Next extends Coroutine<R> {
            private static final int PULL = 0;
            private static final int GOT = 1;
            private static final int MAPPED = 2;
            private static final int CLOSING = 3;
            /** Pulled the root of a fused chain: the value goes through the chain's functions, then to GOT. */
            private static final int FUSED = 4;
            private int state = PULL;
            /** Ran to its end (a value, the end, or an exception): the stage may re-arm it. */
            private boolean finished;

            /** Finished as an awaited frame (not a task's own), and re-armed for another transient anext. */
            boolean reusable() {
                if (finished && task().getCoro() != this && dev.corio.internal.CoreAccess.rearmCoroutine(this)) {
                    finished = false;
                    state = PULL; // an ended stage throws StopAsyncIteration from there
                    return true;
                }
                return false;
            }

            @Override
            protected Object resume(Object value, Throwable error) throws Throwable {
                Object r;
                try {
                    r = step(value, error);
                } catch (Throwable t) {
                    finished = true;
                    throw t;
                }
                if (r != SUSPENDED) {
                    finished = true;
                }
                return r;
            }

            @SuppressWarnings("unchecked")
            private Object step(Object value, Throwable error) throws Throwable {
                for (;;) {
                    switch (state) {
                        case PULL: {
                            if (ended) {
                                throw new StopAsyncIteration();
                            }
                            if (exhausted()) {
                                return end(null);
                            }
                            // fused: pull the chain's root and run the inner stages' functions here (FUSED);
                            // else pull the stage below as its own step (GOT)
                            boolean fuse = fused.length != 0 && chainOpen();
                            state = fuse ? FUSED : GOT;
                            Object r;
                            try {
                                r = (fuse ? root : source).anextFrom(this);
                            } catch (Throwable t) {
                                value = null;
                                error = t;
                                break;
                            }
                            if (r == SUSPENDED) {
                                return SUSPENDED;
                            }
                            value = r;
                            error = null;
                            break;
                        }
                        case GOT: {
                            if (error != null) {
                                sourceDone = true; // it ended by itself, or failed: nothing to close there
                                if (!(error instanceof StopAsyncIteration)) {
                                    return end(error);
                                }
                                Object last = atEnd();
                                if (last == STOP) {
                                    return end(null);
                                }
                                state = PULL;
                                ended = true;
                                return last;
                            }
                            Object out;
                            try {
                                out = accept((T) value);
                            } catch (Throwable t) {
                                return end(t);
                            }
                            if (out == SKIP) {
                                state = PULL;
                                break;
                            }
                            if (out == STOP) {
                                return end(null);
                            }
                            if (out instanceof Pending) {
                                state = MAPPED;
                                Object r;
                                try {
                                    r = ((Pending) out).awaitable.awaitFrom(this);
                                } catch (Throwable t) {
                                    value = null;
                                    error = t;
                                    break;
                                }
                                if (r == SUSPENDED) {
                                    return SUSPENDED;
                                }
                                value = r;
                                error = null;
                                break;
                            }
                            state = PULL;
                            return out;
                        }
                        case MAPPED:
                            if (error instanceof StopAsyncIteration && also() != null) {
                                return end(null); // zip: the other side ended
                            }
                            if (error != null) {
                                return end(error);
                            }
                            state = PULL;
                            Object given;
                            try {
                                given = awaited(value);
                            } catch (Throwable t) {
                                return end(t);
                            }
                            if (given == SKIP) {
                                break;
                            }
                            return given;
                        case FUSED: {
                            if (error != null) {
                                // the root ended or failed: each inner stage passed it up and ended (nothing to close)
                                chainEnded();
                                state = GOT;
                                break;
                            }
                            Object v = value;
                            try {
                                for (Stage<?, ?> s : fused) {
                                    v = acceptRaw(s, v);
                                    if (v == SKIP) {
                                        break;
                                    }
                                }
                            } catch (Throwable t) {
                                // the stage whose function threw closed the chain below it down to the root, then
                                // passed its exception up: this stage gets it from its source after that close
                                chainEnded();
                                state = GOT;
                                Object r;
                                try {
                                    List<AsyncIterator<?>> l = new ArrayList<>(1);
                                    l.add(root);
                                    r = new Closing<R>(l, t, true).awaitFrom(this);
                                } catch (Throwable x) {
                                    value = null;
                                    error = x;
                                    break;
                                }
                                if (r == SUSPENDED) {
                                    return SUSPENDED;
                                }
                                throw new AssertionError("an anext's Closing throws");
                            }
                            if (v == SKIP) {
                                state = PULL;
                                break;
                            }
                            value = v;
                            error = null;
                            state = GOT;
                            break;
                        }
                        default: // CLOSING: the outcome of Closing, which throws
                            if (error != null) {
                                throw error;
                            }
                            throw new StopAsyncIteration();
                    }
                }
            }

            /** Ends the stage: awaits the closes, then throws {@code failure}, or StopAsyncIteration. */
            private Object end(Throwable failure) throws Throwable {
                ended = true;
                state = CLOSING;
                return new Closing<R>(closing(), failure, true).awaitFrom(this);
            }
        }
    }

    /**
     * Awaits {@code aclose()} of each iterator in turn. A close failure is attached to {@code failure} as
     * suppressed, or becomes the outcome. For an anext that ends the stage ({@code fromAnext}), the outcome is
     * then {@code failure}, else StopAsyncIteration; for an aclose, completion.
     */
    private static final class Closing<X> extends Coroutine<X> {
        private final List<AsyncIterator<?>> toClose;
        private final Throwable failure;
        private final boolean fromAnext;
        private Throwable closeFailure;
        private int next;

        Closing(List<AsyncIterator<?>> toClose, Throwable failure, boolean fromAnext) {
            this.toClose = toClose;
            this.failure = failure;
            this.fromAnext = fromAnext;
        }

        private void failed(Throwable t) {
            if (failure != null) {
                if (t != failure) {
                    failure.addSuppressed(t);
                }
            } else if (closeFailure == null) {
                closeFailure = t;
            } else if (t != closeFailure) {
                closeFailure.addSuppressed(t);
            }
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                failed(error);
            }
            while (next < toClose.size()) {
                AsyncIterator<?> it = toClose.get(next++);
                Object r;
                try {
                    r = it.aclose().awaitFrom(this);
                } catch (Throwable t) {
                    failed(t);
                    continue;
                }
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (closeFailure != null) {
                throw closeFailure;
            }
            if (fromAnext) {
                throw new StopAsyncIteration();
            }
            return null;
        }
    }

    /**
     * A terminal operator: pulls every value into {@link #accept} until it returns false (then the source is
     * closed and {@link #stopped} is the result) or the source ends ({@link #atEnd}).
     */
    abstract static class Terminal<T, R> extends Coroutine<R> {
        private final AsyncIterator<T> source;
        private int state;
        private Throwable failure;

        Terminal(AsyncIterable<T> source) {
            this.source = source.aiter();
        }

        abstract boolean accept(T value) throws Throwable;

        abstract R atEnd();

        R stopped() {
            throw new AssertionError("only first() stops early");
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Object resume(Object value, Throwable error) throws Throwable {
            for (;;) {
                if (state == 2) { // closed after stopping early or a failure of accept
                    if (failure != null) {
                        if (error != null && error != failure) {
                            failure.addSuppressed(error);
                        }
                        throw failure;
                    }
                    if (error != null) {
                        throw error;
                    }
                    return stopped();
                }
                if (state == 1) {
                    state = 0;
                    if (error instanceof StopAsyncIteration) {
                        return atEnd();
                    }
                    if (error != null) {
                        throw error;
                    }
                    boolean more;
                    try {
                        more = accept((T) value);
                    } catch (Throwable t) {
                        failure = t;
                        more = false;
                    }
                    if (!more) {
                        state = 2;
                        Object r;
                        try {
                            r = source.aclose().awaitFrom(this);
                        } catch (Throwable t) {
                            value = null;
                            error = t;
                            continue;
                        }
                        if (r == SUSPENDED) {
                            return SUSPENDED;
                        }
                        value = null;
                        error = null;
                        continue;
                    }
                }
                state = 1;
                Object r;
                try {
                    r = source.anextFrom(this);
                } catch (Throwable t) {
                    value = null;
                    error = t;
                    continue;
                }
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                value = r;
                error = null;
            }
        }
    }
}
