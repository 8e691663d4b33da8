package dev.corio.flow;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.generators.AsyncIterator;
import dev.corio.generators.StopAsyncIteration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Publisher} as an {@link AsyncIterator}, made by {@link Flows#iterate}: the first
 * {@code anext()} subscribes and requests {@code prefetch} items; every {@code batch} items the consumer
 * has consumed are requested again, so no more than {@code prefetch} items are ever requested and not yet
 * consumed. An item counts as consumed when the body asks for the next one (the next {@code anext()}):
 * with {@code prefetch} 1, each item is requested when the body is done with the one before. {@code aclose()} (an async {@code for} left early awaits it) cancels the subscription.
 *
 * <p>The publisher signals on any thread. Items that come while nobody awaits wait in a buffer (at most
 * {@code prefetch}, as requested); an item that comes while an {@code anext()} waits completes that
 * await through the loop, thread-safely ({@link AsyncFuture#fromStage}, which also keeps a virtual clock
 * from jumping while the loop waits for the publisher). An item the publisher sends over the demand is a
 * protocol violation (rule 1.1): the iteration fails with {@link IllegalStateException} and the
 * subscription is cancelled.
 */
final class PublisherIterator<T> implements AsyncIterator<T> {
    private final Flow.Publisher<? extends T> publisher;
    private final int prefetch;
    /** Consumed items after which that many are requested again (three quarters of prefetch, at least 1). */
    private final int batch;
    private final Inner inner = new Inner();

    // All guarded by `this`: the publisher's thread and the loop's meet here.
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private Flow.Subscription subscription;
    private boolean subscribed;
    /** aclose() was called, or the end or the failure was given to the consumer: anext() stops. */
    private boolean finished;
    private boolean completed;
    private Throwable error;
    /** The anext() that waits for the publisher, or null. */
    private CompletableFuture<T> waiter;
    private int consumed;
    /** The body holds an item given by the last anext(); it counts as consumed at the next anext(). */
    private boolean holding;

    PublisherIterator(Flow.Publisher<? extends T> publisher, int prefetch) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
        this.prefetch = prefetch;
        this.batch = Math.max(1, prefetch - (prefetch >> 2));
    }

    /** The subscriber this iterator subscribes with (for the Reactive Streams TCK's subscriber rules). */
    Flow.Subscriber<T> subscriber() {
        return inner;
    }

    @Override
    public Awaitable<T> anext() {
        return this::next;
    }

    private Object next(Coroutine<?> frame) {
        CompletableFuture<T> w = null;
        boolean subscribe = false;
        T value = null;
        Flow.Subscription more = null;
        synchronized (this) {
            if (holding) {
                holding = false; // the body asks for the next item: it is done with the previous one
                more = consumedOne();
            }
            if (!buffer.isEmpty()) {
                value = buffer.poll();
                holding = true;
            } else if (finished) {
                throw new StopAsyncIteration();
            } else if (error != null) {
                finished = true;
                throw dev.corio.internal.Intrinsics.sneakyThrow(error);
            } else if (completed) {
                finished = true;
                throw new StopAsyncIteration();
            } else if (waiter != null) {
                throw new IllegalStateException("anext() of a publisher's iterator awaited while an earlier"
                        + " anext() still waits; await one at a time");
            } else {
                w = waiter = new CompletableFuture<>();
                subscribe = !subscribed;
                subscribed = true;
            }
        }
        if (more != null) {
            more.request(batch);
        }
        if (value != null) {
            return value;
        }
        // Cancelling the await (its task was cancelled) cancels w: the next anext() may wait again.
        CompletableFuture<T> awaited = w;
        awaited.whenComplete((v, e) -> {
            if (awaited.isCancelled()) {
                synchronized (this) {
                    if (waiter == awaited) {
                        waiter = null;
                    }
                }
            }
        });
        AsyncFuture<T> f = AsyncFuture.fromStage(w, frame.task().getLoop());
        if (subscribe) {
            try {
                publisher.subscribe(inner);
            } catch (RuntimeException | Error e) {
                inner.onError(e); // a publisher that throws instead of signalling (rule 1.9): the await fails with it
            }
        }
        return f.awaitFrom(frame);
    }

    /** Counts one item taken; the subscription to request {@code batch} more from, or null. Holds the lock. */
    private Flow.Subscription consumedOne() {
        if (++consumed < batch || finished || subscription == null) {
            return null;
        }
        consumed = 0;
        return subscription;
    }

    @Override
    public Awaitable<Void> aclose() {
        Flow.Subscription s;
        CompletableFuture<T> w;
        synchronized (this) {
            boolean ended = completed || error != null;
            finished = true;
            buffer.clear();
            s = ended ? null : subscription;
            w = waiter;
            waiter = null;
        }
        if (s != null) {
            s.cancel(); // the publisher had not ended: it may stop producing (rule 3.7 makes a repeat harmless)
        }
        if (w != null) {
            w.cancel(false);
        }
        return frame -> null;
    }

    /** The subscriber, private so that the iterator's own API is only anext and aclose. */
    private final class Inner implements Flow.Subscriber<T> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            Objects.requireNonNull(s, "onSubscribe(null) (rule 2.13)");
            boolean keep;
            synchronized (PublisherIterator.this) {
                keep = subscription == null && !finished;
                if (keep) {
                    subscription = s;
                }
            }
            if (!keep) {
                s.cancel(); // a second subscription (rule 2.5), or closed before the publisher answered
                return;
            }
            s.request(prefetch);
        }

        @Override
        public void onNext(T t) {
            Objects.requireNonNull(t, "onNext(null) (rule 2.13)");
            CompletableFuture<T> w = null;
            Flow.Subscription overflow = null;
            synchronized (PublisherIterator.this) {
                if (finished || completed || error != null) {
                    return; // after a cancel, items may still come (rule 3.12 allows them in flight)
                }
                if (waiter != null) {
                    w = waiter;
                    waiter = null;
                    holding = true;
                } else if (buffer.size() >= prefetch) {
                    error = new IllegalStateException("the publisher signalled more items than were requested"
                            + " (" + prefetch + " outstanding; Reactive Streams rule 1.1)");
                    overflow = subscription;
                    buffer.clear();
                } else {
                    buffer.add(t);
                }
            }
            if (overflow != null) {
                overflow.cancel();
                return;
            }
            if (w != null && !w.complete(t)) {
                // the await was cancelled just now: keep the item for the next anext(), if any
                synchronized (PublisherIterator.this) {
                    holding = false;
                    if (!finished) {
                        buffer.addFirst(t);
                    }
                }
            }
        }

        @Override
        public void onError(Throwable e) {
            Objects.requireNonNull(e, "onError(null) (rule 2.13)");
            CompletableFuture<T> w;
            synchronized (PublisherIterator.this) {
                if (finished || completed || error != null) {
                    return;
                }
                error = e;
                w = buffer.isEmpty() ? waiter : null;
                if (w != null) {
                    waiter = null;
                    finished = true;
                }
            }
            if (w != null) {
                w.completeExceptionally(e);
            }
        }

        @Override
        public void onComplete() {
            CompletableFuture<T> w;
            synchronized (PublisherIterator.this) {
                if (finished || completed || error != null) {
                    return;
                }
                completed = true;
                w = buffer.isEmpty() ? waiter : null;
                if (w != null) {
                    waiter = null;
                    finished = true;
                }
            }
            if (w != null) {
                w.completeExceptionally(new StopAsyncIteration());
            }
        }
    }
}
