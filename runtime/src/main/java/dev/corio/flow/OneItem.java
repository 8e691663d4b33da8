package dev.corio.flow;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The subscriber behind {@link Flows#first} and {@link Flows#single}: it requests one item (two for
 * {@code single}, to see a second one), completes {@link #result} and cancels the subscription once it knows
 * the answer. Signals may come on any thread; they are serialized by the publisher (rule 1.3), and the
 * lock only orders them against {@link #cancelUpstream} from the loop.
 */
final class OneItem<T> implements Flow.Subscriber<T> {
    private final boolean single;
    private final String what;
    final CompletableFuture<T> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private T item;
    private boolean hasItem;
    private boolean done;

    OneItem(boolean single) {
        this.single = single;
        this.what = single ? "single()" : "first()";
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "onSubscribe(null) (rule 2.13)");
        synchronized (this) {
            if (subscription == null && !done) {
                subscription = s;
                s = null;
            }
        }
        if (s != null) {
            s.cancel(); // a second subscription (rule 2.5), or the await was cancelled first
            return;
        }
        subscription.request(single ? 2 : 1);
    }

    @Override
    public void onNext(T t) {
        Objects.requireNonNull(t, "onNext(null) (rule 2.13)");
        Flow.Subscription cancel = null;
        boolean complete = false;
        RuntimeException tooMany = null;
        synchronized (this) {
            if (done) {
                return;
            }
            if (!single) {
                done = true;
                item = t;
                complete = true;
                cancel = subscription;
            } else if (!hasItem) {
                item = t;
                hasItem = true;
            } else {
                done = true;
                cancel = subscription;
                tooMany = new IllegalArgumentException(what + ": the publisher gave more than one item");
            }
        }
        if (cancel != null) {
            cancel.cancel();
        }
        if (complete) {
            result.complete(t);
        } else if (tooMany != null) {
            result.completeExceptionally(tooMany);
        }
    }

    @Override
    public void onError(Throwable e) {
        Objects.requireNonNull(e, "onError(null) (rule 2.13)");
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        result.completeExceptionally(e);
    }

    @Override
    public void onComplete() {
        T found;
        boolean any;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            found = item;
            any = hasItem;
        }
        if (any) {
            result.complete(found);
        } else {
            result.completeExceptionally(new NoSuchElementException(what + ": the publisher completed without an item"));
        }
    }

    /** The await was cancelled: cancel the subscription, now or when it comes. */
    void cancelUpstream() {
        Flow.Subscription s;
        synchronized (this) {
            done = true;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }
}
