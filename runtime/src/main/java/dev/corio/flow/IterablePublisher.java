package dev.corio.flow;

import dev.corio.EventLoop;
import dev.corio.generators.AsyncIterable;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A Corio async iterable offered as a {@link Flow.Publisher} ({@link Flows#publisher}): each subscriber
 * gets its own {@link IterationSubscription}, a task on {@code loop} iterating a fresh iterable from
 * {@code source}. {@code subscribe} may be called on any thread; the subscription starts on the loop.
 */
final class IterablePublisher<T> implements Flow.Publisher<T> {
    private final EventLoop loop;
    private final Supplier<? extends AsyncIterable<? extends T>> source;

    IterablePublisher(EventLoop loop, Supplier<? extends AsyncIterable<? extends T>> source) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscribe(null) (Reactive Streams rule 1.9)");
        IterationSubscription<T> s = new IterationSubscription<>(loop, source, subscriber);
        try {
            loop.callSoonThreadsafe(s::start);
        } catch (RuntimeException closed) {
            // rule 1.9: onSubscribe first, even to say that nothing will come
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("the publisher's event loop " + loop
                    + " is closed: nothing can be iterated", closed));
        }
    }

    @Override
    public String toString() {
        return "Flows.publisher(" + source + ") on " + loop;
    }
}
