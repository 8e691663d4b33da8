package dev.corio;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The future {@link Corio#gather} returns: asyncio's {@code _GatheringFuture}. It completes with the
 * children's results in argument order. Without return-exceptions, the first child that fails (or is
 * cancelled) fails it at once with that exception (or a {@link CancelledError}) while the other children
 * go on running; with return-exceptions, failures take their place in the list as {@link Throwable}s.
 * Cancelling it cancels every child that is not done, and it then fails with a {@link CancelledError}
 * once all children are done, whatever return-exceptions says.
 */
final class Gather<T> extends AsyncFuture<List<T>> {
    private final List<AsyncFuture<?>> children;
    private final boolean returnExceptions;
    private final int distinct;
    private int finished;
    private boolean cancelRequested;
    private String cancelMessage;

    private Gather(EventLoop loop, List<AsyncFuture<?>> children, int distinct, boolean returnExceptions) {
        super(loop);
        this.children = children;
        this.distinct = distinct;
        this.returnExceptions = returnExceptions;
    }

    static <T> AsyncFuture<List<T>> of(List<? extends Awaitable<?>> awaitables, boolean returnExceptions) {
        Objects.requireNonNull(awaitables, "awaitables");
        if (awaitables.isEmpty()) {
            AsyncFuture<List<T>> done = new AsyncFuture<>(EventLoop.running());
            done.setResult(new ArrayList<>());
            return done;
        }
        Map<Awaitable<?>, AsyncFuture<?>> seen = new IdentityHashMap<>();
        List<AsyncFuture<?>> children = new ArrayList<>(awaitables.size());
        List<AsyncFuture<?>> unique = new ArrayList<>();
        EventLoop loop = null;
        for (Awaitable<?> a : awaitables) {
            Objects.requireNonNull(a, "gather() got a null awaitable");
            AsyncFuture<?> f = seen.get(a);
            if (f == null) {
                f = Corio.ensureFuture(a);
                if (loop == null) {
                    loop = f.getLoop();
                } else if (f.getLoop() != loop) {
                    throw new IllegalArgumentException("gather(): " + f + " belongs to a different loop than the other"
                            + " awaitables");
                }
                seen.put(a, f);
                unique.add(f);
            }
            children.add(f);
        }
        Gather<T> outer = new Gather<>(loop, children, unique.size(), returnExceptions);
        Consumer<AsyncFuture<?>> cb = outer::childDone;
        List<AsyncFuture<?>> alreadyDone = new ArrayList<>();
        for (AsyncFuture<?> f : unique) {
            if (f.isDone()) {
                alreadyDone.add(f);
            } else {
                f.addDoneCallback(cb);
            }
        }
        // Children done already are counted now, as asyncio does; if all are, the gather is done at once.
        for (AsyncFuture<?> f : alreadyDone) {
            outer.childDone(f);
        }
        return outer;
    }

    private void childDone(AsyncFuture<?> child) {
        finished++;
        if (isDone()) {
            if (!child.isCancelled()) {
                // The gather already failed: as in asyncio the sibling's error counts as retrieved (it is not
                // reported as never retrieved), and so that it is not lost it is attached as suppressed to the
                // exception the gather failed with.
                Throwable e = child.exception();
                if (e != null && state == FAILED && !Suppressed.attach(failure(), e)) {
                    loop.callExceptionHandler(new ExceptionContext("gather(): a child failed after the gather had"
                            + " failed with " + failure() + ", which cannot carry it as suppressed", e, null, child));
                }
            }
            return;
        }
        if (!returnExceptions) {
            if (child.isCancelled()) {
                setException(child.cancelledError());
                return;
            }
            Throwable e = child.exception();
            if (e != null) {
                setException(e);
                return;
            }
        }
        if (finished < distinct) {
            return;
        }
        if (cancelRequested) {
            // Cancelled from outside: propagate the cancellation even with return-exceptions.
            setException(new CancelledError(cancelMessage));
            return;
        }
        List<Object> results = new ArrayList<>(children.size());
        for (AsyncFuture<?> f : children) {
            if (f.isCancelled()) {
                results.add(f.cancelledError());
            } else {
                Throwable e = f.exception();
                results.add(e != null ? e : f.result());
            }
        }
        @SuppressWarnings("unchecked")
        List<T> typed = (List<T>) results;
        setResult(typed);
    }

    /**
     * Cancels the children that are not done; returns whether any took the request. The gather itself
     * completes (with a {@link CancelledError}) once they are all done.
     */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        boolean any = false;
        for (AsyncFuture<?> child : children) {
            if (child.cancel(message)) {
                any = true;
            }
        }
        if (any) {
            cancelRequested = true;
            cancelMessage = message;
        }
        return any;
    }

    @Override
    String describe() {
        return "gather(" + children.size() + ")";
    }
}
