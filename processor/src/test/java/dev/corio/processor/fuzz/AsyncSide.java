package dev.corio.processor.fuzz;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.generators.AsyncGenerator;
import dev.corio.generators.GeneratorExit;
import dev.corio.generators.StopAsyncIteration;
import dev.corio.generators.AsyncIterable;
import dev.corio.generators.AsyncIterables;
import dev.corio.generators.AsyncIterator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Awaitables for the transformed run (imported statically next to {@code dev.corio.Corio.*}). Each has a
 * twin of the same name in {@link RefSide} that holds the same outcome synchronously.
 */
public final class AsyncSide {
    private AsyncSide() {
    }

    /** A future that is already done: awaiting it must not suspend. */
    public static <T> AsyncFuture<T> done(T value) {
        AsyncFuture<T> f = EventLoop.running().createFuture();
        f.setResult(value);
        return f;
    }

    /** A future a timer completes after {@code delay} seconds of (virtual) time. */
    public static <T> AsyncFuture<T> later(double delay, T value) {
        EventLoop loop = EventLoop.running();
        AsyncFuture<T> f = loop.createFuture();
        loop.callLater(delay, () -> f.setResult(value));
        return f;
    }

    /**
     * A future that fails with {@code FuzzException(message)}: at once when {@code delay <= 0}, else from a
     * timer. {@code witness} only fixes the type {@code T}.
     */
    public static <T> AsyncFuture<T> failAfter(double delay, String message, T witness) {
        EventLoop loop = EventLoop.running();
        AsyncFuture<T> f = loop.createFuture();
        if (delay <= 0) {
            f.setException(new FuzzBase.FuzzException(message));
        } else {
            loop.callLater(delay, () -> f.setException(new FuzzBase.FuzzException(message)));
        }
        return f;
    }

    /**
     * Drives a generator program's {@code g0()}: {@code asend(null)}, then {@code asend(1)}, {@code asend(2)},
     * ..., recording {@code got v} for each value; after {@code closeAt} values (0: never) it awaits
     * {@code aclose()} instead. Gives "ended" (recording {@code stop}) or "closed at n"; what the generator
     * throws propagates. Hand-written, as the fuzz support is compiled without the processor; its twin is
     * {@link RefSide#consume}.
     */
    public static Coroutine<String> consume(int closeAt, Supplier<AsyncGenerator<Object>> make) {
        return consume(closeAt, 0, make);
    }

    /**
     * As {@link #consume(int, Supplier)}, but after value number {@code throwAt} (0: never; it is below
     * {@code closeAt} when both are set) it awaits {@code athrow(new FuzzException("thrown in"))} instead of
     * the next {@code asend}: the generator may catch it and emit (that value is recorded as any other), end,
     * or let it out (it propagates from here). The reference's emit number {@code throwAt} throws it instead.
     */
    public static Coroutine<String> consume(int closeAt, int throwAt, Supplier<AsyncGenerator<Object>> make) {
        return new Coroutine<>() {
            private AsyncGenerator<Object> g;
            private int k = 1;
            private Object send;
            private boolean throwNext;
            private int state;

            @Override
            protected Object resume(Object value, Throwable error) throws Throwable {
                for (;;) {
                    switch (state) {
                        case 0:
                            g = make.get();
                            state = 1;
                            break;
                        case 1: { // ask for the next value
                            state = 2;
                            Object r;
                            try {
                                Coroutine<Object> step = throwNext
                                        ? g.athrow(new FuzzBase.FuzzException("thrown in")) : g.asend(send);
                                throwNext = false;
                                r = step.awaitFrom(this);
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
                        case 2: // its outcome
                            if (error instanceof StopAsyncIteration) {
                                FuzzBase.rec("stop");
                                return "ended";
                            }
                            if (error != null) {
                                throw error;
                            }
                            FuzzBase.rec("got " + value);
                            if (k == closeAt) {
                                state = 3;
                                Object r;
                                try {
                                    r = g.aclose().awaitFrom(this);
                                } catch (Throwable t) {
                                    throw t;
                                }
                                if (r == SUSPENDED) {
                                    return SUSPENDED;
                                }
                                error = null;
                                break;
                            }
                            if (k == throwAt) {
                                throwNext = true;
                                k++;
                            } else {
                                send = k++;
                            }
                            state = 1;
                            break;
                        default: // closed
                            if (error != null) {
                                throw error;
                            }
                            return "closed at " + closeAt;
                    }
                }
            }
        };
    }

    // ---------------------------------------------------------------- operators (Generator#operators)

    /*
     * The runtime's own operators (dev.corio.generators.AsyncIterables), under the names the program text uses
     * on both sides; their twins in RefSide run RefGenerators.Stage over the reference's lazy generators.
     */

    public static <T, R> AsyncIterator<R> map(AsyncIterable<T> src, Function<? super T, ? extends R> f) {
        return AsyncIterables.map(src, f);
    }

    public static <T> AsyncIterator<T> filter(AsyncIterable<T> src, Predicate<? super T> p) {
        return AsyncIterables.filter(src, p);
    }

    public static <T> AsyncIterator<T> takeWhile(AsyncIterable<T> src, Predicate<? super T> p) {
        return AsyncIterables.takeWhile(src, p);
    }

    public static <T> AsyncIterator<T> take(AsyncIterable<T> src, long n) {
        return AsyncIterables.take(src, n);
    }

    public static <T> AsyncIterator<T> drop(AsyncIterable<T> src, long n) {
        return AsyncIterables.drop(src, n);
    }

    public static <T, R> AsyncIterator<R> mapAwait(AsyncIterable<T> src,
            Function<? super T, ? extends dev.corio.Awaitable<? extends R>> f) {
        return AsyncIterables.mapAwait(src, f);
    }

    public static <T> AsyncIterator<java.util.List<T>> chunked(AsyncIterable<T> src, int size) {
        return AsyncIterables.chunked(src, size);
    }

    public static <A, B, R> AsyncIterator<R> zip(AsyncIterable<A> a, AsyncIterable<B> b,
            java.util.function.BiFunction<? super A, ? super B, ? extends R> f) {
        return AsyncIterables.zip(a, b, f);
    }

    // ---------------------------------------------------------------- asynchronous resources

    /** {@link #ares} modes: exits normally; suppresses a FuzzException; its exit throws; its enter throws. */
    public static final int ARES_PLAIN = 0;
    public static final int ARES_SUPPRESS = 1;
    public static final int ARES_FAIL_EXIT = 2;
    public static final int ARES_FAIL_ENTER = 3;

    /**
     * A hand-written asynchronous resource whose {@code aenter} and {@code aexit} each wait half a second of
     * virtual time (a timer), then record {@code aenter tag} / {@code aexit tag <what the block threw>}; by
     * {@code mode}: enter fails, exit suppresses a FuzzException, or exit throws an OtherException (replacing
     * what the block threw). Its twin is {@link RefGenerators.HandCm}.
     */
    public static AsyncContextManager<Integer> ares(String tag, int mode) {
        return new AsyncContextManager<>() {
            @Override
            public Awaitable<Integer> aenter() {
                EventLoop loop = EventLoop.running();
                AsyncFuture<Integer> f = loop.createFuture();
                loop.callLater(0.5, () -> {
                    FuzzBase.rec("aenter " + tag);
                    if (mode == ARES_FAIL_ENTER) {
                        f.setException(new FuzzBase.FuzzException("aenter " + tag));
                    } else {
                        f.setResult(mode);
                    }
                });
                return f;
            }

            @Override
            public Awaitable<Boolean> aexit(Throwable error) {
                EventLoop loop = EventLoop.running();
                AsyncFuture<Boolean> f = loop.createFuture();
                loop.callLater(0.5, () -> {
                    FuzzBase.rec("aexit " + tag + " " + shown(error));
                    if (mode == ARES_FAIL_EXIT) {
                        f.setException(new FuzzBase.OtherException("aexit " + tag));
                    } else {
                        f.setResult(mode == ARES_SUPPRESS && error instanceof FuzzBase.FuzzException);
                    }
                });
                return f;
            }
        };
    }

    /** How an exit records what the block threw: the close signal is "close" on both sides (GeneratorExit / RefClose). */
    static String shown(Throwable t) {
        if (t == null) {
            return "-";
        }
        if (t instanceof GeneratorExit || t instanceof RefSide.RefClose) {
            return "close";
        }
        if (t instanceof NullPointerException) {
            return "NullPointerException";
        }
        return t.getClass().getSimpleName() + ":" + t.getMessage();
    }
}
