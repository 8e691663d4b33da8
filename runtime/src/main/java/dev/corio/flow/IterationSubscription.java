package dev.corio.flow;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.Task;
import dev.corio.generators.AsyncIterable;
import dev.corio.generators.AsyncIterator;
import dev.corio.generators.StopAsyncIteration;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * One subscription to an {@link IterablePublisher}: a task on the loop that iterates the source while the
 * subscriber has demand, and the {@link Flow.Subscription} the subscriber holds.
 *
 * <p>Every signal to the subscriber ({@code onSubscribe} first, then {@code onNext}, {@code onError},
 * {@code onComplete}) is made on the loop's thread, so they never overlap (rule 1.3). {@code request} and
 * {@code cancel} may be called on any thread, also from inside {@code onNext}: they are handed to the loop
 * ({@link EventLoop#callSoonThreadsafe}) and never call the subscriber back in the same call (rule 3.3).
 * Demand adds up to {@code Long.MAX_VALUE} and stays there (rule 3.17); {@code request(n <= 0)} signals
 * {@link IllegalArgumentException} (rule 3.9). Cancelling (or the subscriber throwing from a signal, which is
 * reported to the loop's exception handler, rule 2.13) stops the task where it waits and awaits
 * {@code aclose()} of the source's iterator, so a generator's {@code finally} blocks run. After a source
 * ends, fails or is cancelled, the subscription forgets the subscriber (rule 3.13).
 */
final class IterationSubscription<T> extends Coroutine<Void> implements Flow.Subscription {
    /** Items given without the source suspending, after which the task yields to the loop once. */
    private static final int YIELD_EVERY = 64;
    private static final int START = 0;
    private static final int WAIT = 1;
    private static final int GOT = 2;
    private static final int CLOSE = 3;
    private static final int CLOSED = 4;

    private final EventLoop loop;
    private final Supplier<? extends AsyncIterable<? extends T>> source;
    private Flow.Subscriber<? super T> subscriber;

    // loop thread only
    private Task<Void> task;
    private AsyncIterator<? extends T> it;
    private long demand;
    private AsyncFuture<Void> demandWaiter;
    /** No more signals: cancelled, failed, ended, or request(n <= 0). */
    private boolean stopped;
    private int state = START;
    private int sinceYield;
    /** The task is inside resume: stop() then lets it see {@code stopped} rather than cancelling it. */
    private boolean inResume;

    IterationSubscription(EventLoop loop, Supplier<? extends AsyncIterable<? extends T>> source,
            Flow.Subscriber<? super T> subscriber) {
        this.loop = loop;
        this.source = source;
        this.subscriber = subscriber;
    }

    /** On the loop: onSubscribe, then the task (unless the subscriber cancelled or failed in onSubscribe). */
    void start() {
        try {
            subscriber.onSubscribe(this);
        } catch (Throwable t) {
            subscriberFailed("onSubscribe", t);
            return;
        }
        if (!stopped) {
            task = loop.createTask(this, "Flows.publisher subscription");
        }
    }

    @Override
    public void request(long n) {
        handOver(() -> onRequest(n));
    }

    @Override
    public void cancel() {
        handOver(this::onCancel);
    }

    private void handOver(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (RuntimeException closed) {
            // the loop is closed: the task went with it, there is nothing left to request or cancel
        }
    }

    private void onRequest(long n) {
        if (stopped) {
            return; // rule 3.6
        }
        if (n <= 0) {
            Flow.Subscriber<? super T> s = subscriber;
            stop();
            try {
                s.onError(new IllegalArgumentException("request(" + n + "): the demand must be positive"
                        + " (Reactive Streams rule 3.9)"));
            } catch (Throwable t) {
                report("onError", t);
            }
            return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        AsyncFuture<Void> w = demandWaiter;
        if (w != null && !w.isDone()) {
            demandWaiter = null;
            w.setResult(null);
        }
    }

    private void onCancel() {
        if (!stopped) {
            stop();
        }
    }

    /** No more signals; the task (if any) is cancelled where it waits and closes the source. */
    private void stop() {
        stopped = true;
        subscriber = null;
        if (task != null && !inResume && !task.isDone() && state != CLOSE && state != CLOSED) {
            task.cancel();
        }
    }

    private void subscriberFailed(String signal, Throwable t) {
        stop();
        report(signal, t);
    }

    private void report(String signal, Throwable t) {
        loop.callExceptionHandler(new ExceptionContext("Flow subscriber threw from " + signal
                + " (Reactive Streams rule 2.13): the subscription is cancelled", t, null, task));
    }

    @Override
    protected Object resume(Object value, Throwable error) {
        inResume = true;
        try {
            return step(value, error);
        } finally {
            inResume = false;
        }
    }

    @SuppressWarnings("unchecked")
    private Object step(Object value, Throwable error) {
        for (;;) {
            switch (state) {
                case START -> {
                    if (stopped) {
                        return null;
                    }
                    try {
                        it = source.get().aiter();
                    } catch (Throwable t) {
                        fail(t);
                        return null;
                    }
                    state = WAIT;
                }
                case WAIT -> {
                    demandWaiter = null;
                    if (error != null || stopped) {
                        // CancelledError: cancel() or request(n <= 0) stopped the task at its wait
                        error = null;
                        state = CLOSE;
                        continue;
                    }
                    Object r;
                    if (demand == 0) {
                        sinceYield = 0;
                        demandWaiter = loop.createFuture();
                        r = demandWaiter.awaitFrom(this);
                    } else if (sinceYield >= YIELD_EVERY) {
                        sinceYield = 0;
                        r = Corio.sleep(0).awaitFrom(this); // let request and cancel in
                    } else {
                        state = GOT;
                        try {
                            r = it.anext().awaitFrom(this);
                        } catch (Throwable t) {
                            value = null;
                            error = t;
                            continue;
                        }
                        if (r == SUSPENDED) {
                            sinceYield = 0;
                            return SUSPENDED;
                        }
                        value = r;
                        error = null;
                        continue;
                    }
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                }
                case GOT -> {
                    if (stopped) {
                        state = CLOSE; // cancelled while the source worked: drop what it gave
                        error = null;
                        continue;
                    }
                    if (error instanceof StopAsyncIteration) {
                        complete();
                        return null;
                    }
                    if (error != null) {
                        fail(error);
                        return null;
                    }
                    demand--;
                    sinceYield++;
                    state = WAIT;
                    try {
                        subscriber.onNext((T) value);
                    } catch (Throwable t) {
                        subscriberFailed("onNext", t);
                    }
                    value = null;
                }
                case CLOSE -> {
                    state = CLOSED;
                    AsyncIterator<? extends T> i = it;
                    it = null;
                    if (i == null) {
                        return null;
                    }
                    Object r;
                    try {
                        r = i.aclose().awaitFrom(this);
                    } catch (Throwable t) {
                        closeFailed(t);
                        return null;
                    }
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    return null;
                }
                default -> {
                    if (error != null && !(error instanceof CancelledError)) {
                        closeFailed(error);
                    }
                    return null;
                }
            }
        }
    }

    private void complete() {
        Flow.Subscriber<? super T> s = subscriber;
        stopped = true;
        subscriber = null;
        it = null;
        try {
            s.onComplete();
        } catch (Throwable t) {
            report("onComplete", t);
        }
    }

    private void fail(Throwable e) {
        Flow.Subscriber<? super T> s = subscriber;
        stopped = true;
        subscriber = null;
        it = null;
        try {
            s.onError(e);
        } catch (Throwable t) {
            report("onError", t);
        }
    }

    private void closeFailed(Throwable t) {
        loop.callExceptionHandler(new ExceptionContext("closing the source of a cancelled Flows.publisher"
                + " subscription failed", t, null, task));
    }

    @Override
    public String toString() {
        return "Flows.publisher subscription of " + source;
    }
}
