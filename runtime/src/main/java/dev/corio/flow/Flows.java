package dev.corio.flow;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.EventLoop;
import dev.corio.generators.AsyncIterable;
import dev.corio.generators.AsyncIterator;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Flow.Publisher} interop, both ways (docs/integration.md, "Flow.Publisher").
 *
 * <pre>{@code
 * Item top = await(Flows.first(publisher));                 // the first item; the rest is cancelled
 * for (Item i : awaitEach(Flows.iterate(publisher))) {      // async for, with backpressure
 *     if (done(i)) break;                                    // cancels the subscription
 * }
 * Flow.Publisher<Item> out = Flows.publisher(() -> feeds.items(api, id), loop); // a generator, per subscriber
 * }</pre>
 *
 * <p>A publisher may signal on any thread: its items reach the coroutine through the loop, thread-safely.
 * A publisher built by {@link #publisher} signals on the loop's thread only. Reactor's {@code Flux} and
 * {@code Mono}, RxJava's {@code Flowable} and Mutiny's {@code Multi} become {@code Flow.Publisher}s through
 * their adapters ({@code JdkFlowAdapter.publisherToFlowPublisher}, {@code FlowAdapters.toFlowPublisher},
 * ...), and back.
 */
public final class Flows {
    /** Items requested ahead by {@link #iterate(Flow.Publisher)}. */
    public static final int DEFAULT_PREFETCH = 16;

    private Flows() {
    }

    /**
     * Awaits the first item of {@code publisher}: subscribes when awaited, requests one item and cancels
     * the subscription once it has come. The publisher's failure is thrown as it is; a publisher that
     * completes empty throws {@link java.util.NoSuchElementException}. Cancelling the await cancels the
     * subscription. Each await subscribes anew.
     */
    public static <T> Awaitable<T> first(Flow.Publisher<? extends T> publisher) {
        return one(publisher, false);
    }

    /**
     * Awaits the only item of {@code publisher}: as {@link #first}, but it waits for the end, and a second
     * item fails it with {@link IllegalArgumentException} (the subscription is cancelled then), as Reactor's
     * {@code single()}.
     */
    public static <T> Awaitable<T> single(Flow.Publisher<? extends T> publisher) {
        return one(publisher, true);
    }

    private static <T> Awaitable<T> one(Flow.Publisher<? extends T> publisher, boolean single) {
        Objects.requireNonNull(publisher, "publisher");
        return frame -> {
            OneItem<T> s = new OneItem<>(single);
            AsyncFuture<T> f = AsyncFuture.fromStage(s.result, frame.task().getLoop());
            s.result.whenComplete((v, e) -> {
                if (e instanceof CancellationException) {
                    s.cancelUpstream();
                }
            });
            try {
                publisher.subscribe(s);
            } catch (RuntimeException | Error e) {
                s.result.completeExceptionally(e); // a publisher that throws instead of signalling (rule 1.9)
            }
            return f.awaitFrom(frame);
        };
    }

    /**
     * {@code publisher} as an async iterator, for {@code for (T x : awaitEach(Flows.iterate(p)))}: it
     * subscribes at the first {@code anext()} and requests {@value #DEFAULT_PREFETCH} items, then as many
     * again each time three quarters of them are consumed. Leaving the loop early (its {@code aclose()})
     * cancels the subscription; the publisher's failure is thrown from the {@code anext()} after the items
     * that came before it. One iterator, one subscription: call it again to iterate again.
     */
    public static <T> AsyncIterator<T> iterate(Flow.Publisher<? extends T> publisher) {
        return new PublisherIterator<>(publisher, DEFAULT_PREFETCH);
    }

    /**
     * {@link #iterate(Flow.Publisher)} with at most {@code prefetch} items requested and not yet consumed
     * ({@code 1}: each item is requested when the previous one is consumed).
     */
    public static <T> AsyncIterator<T> iterate(Flow.Publisher<? extends T> publisher, int prefetch) {
        return new PublisherIterator<>(publisher, prefetch);
    }

    /**
     * {@code source} as a {@link Flow.Publisher} whose subscriptions iterate it on {@code loop}: each
     * subscriber gets its own iteration of {@code source.aiter()}, pulled only as far as it requested, with
     * every signal on the loop's thread. Cancelling awaits {@code aclose()} of the iteration (a generator's
     * {@code finally} blocks run). An {@link AsyncIterator} (a generator) is its own single iteration: a
     * second subscriber gets {@code onError(IllegalStateException)}; for one generator per subscriber, pass
     * a lambda, {@code () -> gen(args)}, which is an {@link AsyncIterable}.
     *
     * <p>Subscribing is thread-safe; the loop must run (or later run) for anything to happen, and a closed
     * loop's publisher signals {@code onError(IllegalStateException)}.
     */
    public static <T> Flow.Publisher<T> publisher(AsyncIterable<? extends T> source, EventLoop loop) {
        Objects.requireNonNull(source, "source");
        if (source instanceof AsyncIterator<? extends T> once) {
            AtomicBoolean taken = new AtomicBoolean();
            return new IterablePublisher<>(loop, () -> {
                if (taken.getAndSet(true)) {
                    throw new IllegalStateException(once + " is an iterator (a generator), iterated by one"
                            + " subscriber only; to give each subscriber its own, pass () -> a new one");
                }
                return once;
            });
        }
        return new IterablePublisher<>(loop, () -> source);
    }

    /** {@link #publisher(AsyncIterable, EventLoop)} on the running loop (call it on the loop's thread). */
    public static <T> Flow.Publisher<T> publisher(AsyncIterable<? extends T> source) {
        return publisher(source, EventLoop.running());
    }
}
