package dev.corio;

import dev.corio.context.Context;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A result that will be available later, bound to one {@link EventLoop}: asyncio's {@code Future}.
 *
 * <p>A future is pending until it is given a result ({@link #setResult}), an exception
 * ({@link #setException}) or is {@link #cancel() cancelled}; it is done from then on and cannot change
 * again. Done callbacks run through the loop (never inline), in the order they were added, one loop
 * tick after completion at the earliest. Awaiting a done future does not suspend.
 *
 * <p>Not thread-safe: use it on its loop's thread (see "Threads" in {@link EventLoop}). Completing,
 * cancelling or adding callbacks from another thread while the loop runs throws
 * {@link IllegalStateException}; from other threads, complete it through {@link EventLoop#callSoonThreadsafe}
 * ({@code loop.callSoonThreadsafe(() -> f.setResult(v))}), wait for it with {@link #toCompletableFuture()},
 * or bridge a {@link CompletionStage} with {@link #fromStage}.
 *
 * <p>An exception set on a future that nobody retrieves ({@link #result()}, {@link #exception()}, or
 * awaiting it) is reported to the loop's exception handler when the future is garbage-collected or
 * when the loop closes, whichever comes first.
 *
 * @param <T> the type of the result
 */
public class AsyncFuture<T> implements Awaitable<T> {
    static final byte PENDING = 0;
    static final byte RESULT = 1;
    static final byte FAILED = 2;
    static final byte CANCELLED = 3;

    final EventLoop loop;
    byte state;
    /**
     * The result (RESULT); the exception (FAILED), or while nobody retrieved it the {@link LeakReport} armed
     * for it, which holds it (see {@link #failure()}); the CancelledError to raise (CANCELLED). While
     * pending, subclasses may keep something of their own here (a task its cancellation message, a sleep
     * its value): one field fewer per future.
     */
    Object outcome;
    /** Null, one callback, or an ArrayList of them; a callback is a Task or a CallbackHandle. */
    private Object callbacks;

    /** A pending future on {@code loop}. */
    public AsyncFuture(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** A pending future on the running loop; throws if no loop is running on this thread. */
    public AsyncFuture() {
        this(EventLoop.running());
    }

    /** The loop this future belongs to. */
    public final EventLoop getLoop() {
        return loop;
    }

    public final boolean isDone() {
        return state != PENDING;
    }

    public final boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * The result. Throws {@link InvalidStateError} while pending, the {@link CancelledError} if cancelled,
     * and the exception itself (same instance, unwrapped, checked or not) if the future failed.
     */
    @SuppressWarnings("unchecked")
    public final T result() {
        switch (state) {
            case RESULT:
                return (T) outcome;
            case FAILED:
                throw dev.corio.internal.Intrinsics.sneakyThrow(markRetrieved());
            case CANCELLED:
                throw cancelledError();
            default:
                throw new InvalidStateError("Result is not set.");
        }
    }

    /**
     * {@link #result()}, and tells javac it may throw the checked exception {@code X}, so that
     * {@code try { f.result(IOException.class); } catch (IOException e) {...}} compiles. The exception is
     * the one the future failed with, unchanged; this overload only changes what javac lets you write.
     */
    public final <X extends Throwable> T result(Class<X> mayThrow) throws X {
        return result();
    }

    /**
     * The exception this future failed with, or {@code null} if it has a result. Throws
     * {@link InvalidStateError} while pending and the {@link CancelledError} if cancelled.
     */
    public final Throwable exception() {
        switch (state) {
            case RESULT:
                return null;
            case FAILED:
                return markRetrieved();
            case CANCELLED:
                throw cancelledError();
            default:
                throw new InvalidStateError("Exception is not set.");
        }
    }

    /** Completes the future with {@code value}; {@link InvalidStateError} if it is already done. */
    public void setResult(T value) {
        loop.checkThread("setResult");
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + stateName() + " (the future is already done)");
        }
        state = RESULT;
        outcome = value;
        scheduleCallbacks();
    }

    /**
     * Completes the future with {@code exception}; {@link InvalidStateError} if it is already done. Setting
     * a {@link CancelledError} is allowed and makes the future failed, not cancelled (as in asyncio, use
     * {@link #cancel()} to cancel).
     */
    public void setException(Throwable exception) {
        Objects.requireNonNull(exception, "exception");
        loop.checkThread("setException");
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + stateName() + " (the future is already done)");
        }
        fail(exception);
    }

    final void fail(Throwable exception) {
        state = FAILED;
        // Armed until someone retrieves the exception; outcome holds the report, which holds the exception.
        outcome = LeakReport.arm(this, loop,
                (this instanceof Task ? "Task" : "Future") + " exception was never retrieved: " + describe(), exception,
                this instanceof Task<?> t ? t.origin() : null);
        scheduleCallbacks();
    }

    /** The exception of a FAILED future, without retrieving it. */
    final Throwable failure() {
        Object o = outcome;
        return o instanceof LeakReport r ? r.exception() : (Throwable) o;
    }

    /** Cancels the future: see {@link #cancel(String)}. */
    public final boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future and schedules its callbacks. Returns {@code false} if it was already done (an
     * exception it failed with is then no longer reported as never retrieved). {@link #result()} then
     * throws a {@link CancelledError} carrying {@code message}.
     */
    public boolean cancel(String message) {
        loop.checkThread("cancel");
        if (state != PENDING) {
            markRetrieved(); // as asyncio: whoever cancels does not care about the exception any more
            return false;
        }
        markCancelled(new CancelledError(message));
        return true;
    }

    final void markCancelled(CancelledError error) {
        state = CANCELLED;
        outcome = error;
        onCancelled();
        scheduleCallbacks();
    }

    /** Hook for subclasses that hold resources while pending (a timer, say). */
    void onCancelled() {
    }

    final CancelledError cancelledError() {
        return (CancelledError) outcome;
    }

    /**
     * Adds a callback that receives this future once it is done. It runs through the loop: in the next
     * tick if the future is already done.
     */
    public final void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
        addDoneCallback(callback, null);
    }

    /**
     * {@link #addDoneCallback(Consumer)} with the callback running in {@code context}; {@code null}: in a copy
     * of the context current now, as without it (asyncio's {@code add_done_callback(fn, context=)}).
     */
    public final void addDoneCallback(Consumer<? super AsyncFuture<T>> callback, Context context) {
        Objects.requireNonNull(callback, "callback");
        loop.checkThread("addDoneCallback");
        addCallback(new CallbackHandle<>(this, callback, loop.captureContext(context)));
    }

    /** Removes every registration of {@code callback}; returns how many were removed. */
    public final int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
        loop.checkThread("removeDoneCallback");
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (!(cbs instanceof ArrayList)) {
            if (cbs instanceof CallbackHandle && ((CallbackHandle<?>) cbs).consumer == callback) {
                callbacks = null;
                return 1;
            }
            return 0;
        }
        @SuppressWarnings("unchecked")
        ArrayList<Object> list = (ArrayList<Object>) cbs;
        int before = list.size();
        list.removeIf(o -> o instanceof CallbackHandle && ((CallbackHandle<?>) o).consumer == callback);
        return before - list.size();
    }

    /** Registers a waiting task or a callback handle, scheduling it at once if done. */
    final void addCallback(Object cb) {
        if (state != PENDING) {
            if (state == FAILED && outcome instanceof LeakReport u) {
                u.observed = true; // someone took an interest after the failure: no early report
            }
            loop.schedule(cb);
            return;
        }
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = cb;
        } else if (cbs instanceof ArrayList) {
            @SuppressWarnings("unchecked")
            ArrayList<Object> list = (ArrayList<Object>) cbs;
            list.add(cb);
        } else {
            ArrayList<Object> list = new ArrayList<>(4);
            list.add(cbs);
            list.add(cb);
            callbacks = list;
        }
    }

    /** Whether a task awaits this future or a done callback is registered. */
    final boolean hasCallbacks() {
        return callbacks != null;
    }

    /** Removes a waiting task (used when a task stops waiting without the future completing). */
    final void removeCallback(Object cb) {
        Object cbs = callbacks;
        if (cbs == cb) {
            callbacks = null;
        } else if (cbs instanceof ArrayList) {
            ((ArrayList<?>) cbs).remove(cb);
        }
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        if (cbs instanceof ArrayList) {
            for (Object cb : (ArrayList<?>) cbs) {
                loop.schedule(cb);
            }
        } else {
            loop.schedule(cbs);
        }
    }

    /** The exception is retrieved (or no longer of interest): disarms its report; returns it (FAILED only). */
    final Throwable markRetrieved() {
        if (state == FAILED && outcome instanceof LeakReport u) {
            Throwable e = u.exception();
            outcome = e;
            u.disarm();
            return e;
        }
        return state == FAILED ? (Throwable) outcome : null;
    }

    @Override
    public Object awaitFrom(Coroutine<?> frame) {
        int s = state;
        if (s != PENDING) {
            if (s != RESULT) {
                throw doneWithError(frame);
            }
            return result();
        }
        frame.task.suspendOn(this);
        return Coroutine.SUSPENDED;
    }

    /**
     * Awaiting this future, which failed or was cancelled already, throws at once: the awaiting frame did
     * not suspend, so its await joins the exception's async stack trace here (the exception was made
     * elsewhere, by whatever failed this future). Kept out of {@link #awaitFrom}, the rare path.
     */
    private RuntimeException doneWithError(Coroutine<?> frame) {
        Throwable e = state == FAILED ? markRetrieved() : cancelledError();
        AsyncStackTrace.awaitedDone(e, frame);
        throw dev.corio.internal.Intrinsics.sneakyThrow(e);
    }

    /**
     * A {@link CompletableFuture} that completes with this future's outcome: its result, its exception
     * (unwrapped) or a cancellation. Safe from any thread: while the loop runs on another thread it
     * subscribes through the loop; on an idle loop it counts as using the loop (see "Threads" in
     * {@link EventLoop}). Cancelling the returned future cancels this one (through the loop,
     * so it may be called from any thread too).
     */
    public final CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                if (r) {
                    loop.runOnLoop(() -> AsyncFuture.this.cancel());
                }
                return r;
            }
        };
        Consumer<AsyncFuture<T>> complete = f -> {
            switch (f.state) {
                case RESULT -> cf.complete(f.result());
                case FAILED -> cf.completeExceptionally(f.exception());
                default -> cf.cancel(false);
            }
        };
        loop.runOnLoop(() -> addDoneCallback(complete));
        return cf;
    }

    /**
     * A future on {@code loop} that completes when {@code stage} does, on whatever thread it completes;
     * the completion is handed over to the loop thread-safely. A {@link CompletionException} is unwrapped
     * to its cause; a {@link java.util.concurrent.CancellationException} cancels the future. Cancelling the
     * returned future cancels the stage if it is a {@link CompletableFuture}.
     *
     * <p>On a virtual clock the loop does not advance time while such a bridge is outstanding, so real
     * I/O and virtual sleeps stay ordered.
     */
    public static <T> AsyncFuture<T> fromStage(CompletionStage<T> stage, EventLoop loop) {
        Objects.requireNonNull(stage, "stage");
        loop.checkThread("fromStage");
        AsyncFuture<T> f = new AsyncFuture<>(loop);
        if (stage instanceof CompletableFuture<T> cf && isDone(cf)) {
            // Already complete (CompletableFuture.completedFuture(x), a cache hit): nothing to hand over
            // between threads, so the future is done at once and awaiting it does not suspend.
            copyOutcome(cf, f);
            return f;
        }
        // Counted until the future is done, whether the stage completed it or it was cancelled: once
        // nothing on the loop waits for the stage, the virtual clock may move on.
        loop.externalStarted();
        f.addDoneCallback(done -> {
            loop.externalFinished();
            if (done.isCancelled() && stage instanceof CompletableFuture<?> cf) {
                try {
                    cf.cancel(false);
                } catch (UnsupportedOperationException e) {
                    // A minimal completion stage cannot be cancelled: leave it to finish on its own.
                }
            }
        });
        stage.whenComplete((v, e) -> loop.callSoonThreadsafeInternal(() -> {
            if (f.isDone()) {
                return;
            }
            if (e == null) {
                f.setResult(v);
            } else {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof java.util.concurrent.CancellationException) {
                    f.cancel();
                } else {
                    f.setException(cause);
                }
            }
        }));
        return f;
    }

    /**
     * Whether {@code cf} is complete; false for a subclass that refuses to say (the JDK's
     * {@code minimalCompletionStage()} throws {@link UnsupportedOperationException}), which then takes the
     * thread-safe path as any stage.
     */
    private static boolean isDone(CompletableFuture<?> cf) {
        try {
            return cf.isDone();
        } catch (UnsupportedOperationException minimalStage) {
            return false;
        }
    }

    /** Gives {@code f} the outcome of the completed {@code done}: its value, its cause, or a cancellation. */
    private static <T> void copyOutcome(CompletableFuture<T> done, AsyncFuture<T> f) {
        T value;
        try {
            value = done.getNow(null);
        } catch (java.util.concurrent.CancellationException e) {
            f.cancel();
            return;
        } catch (CompletionException e) {
            f.setException(e.getCause() != null ? e.getCause() : e);
            return;
        }
        f.setResult(value);
    }

    String stateName() {
        return switch (state) {
            case PENDING -> "pending";
            case RESULT -> "finished";
            case FAILED -> "failed";
            default -> "cancelled";
        };
    }

    String describe() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        String s = describe() + "<" + stateName();
        if (state == RESULT) {
            s += " result=" + outcome;
        } else if (state == FAILED) {
            s += " exception=" + failure();
        }
        return s + ">";
    }

    /** A user done-callback, scheduled as a handle when the future completes. */
    static final class CallbackHandle<T> extends Handle {
        final AsyncFuture<T> future;
        final Consumer<? super AsyncFuture<T>> consumer;

        /** A callback of the runtime's own: it runs in whatever context is current. */
        CallbackHandle(AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> consumer) {
            this(future, consumer, null);
        }

        CallbackHandle(AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> consumer, Object context) {
            super(future.loop, null, context);
            this.future = future;
            this.consumer = consumer;
        }

        @Override
        void fire() {
            if (!cancelled) {
                consumer.accept(future);
            }
        }

        @Override
        public String toString() {
            return "done callback " + consumer + " of " + future.describe();
        }
    }
}
