package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import java.util.function.Function;

/** Small future plumbing for this package: results mapped from one future to another, cancellation passed back. */
final class Futures {
    private Futures() {
    }

    /** Has {@code outer} fail with {@code e} unless it is done (cancelled) already. */
    static void fail(AsyncFuture<?> outer, Throwable e) {
        if (!outer.isDone()) {
            outer.setException(e);
        }
    }

    /** Completes {@code outer} with {@code value} unless it is done (cancelled) already. */
    static <T> void succeed(AsyncFuture<T> outer, T value) {
        if (!outer.isDone()) {
            outer.setResult(value);
        }
    }

    /**
     * A future of {@code fn(inner's result)}: {@code inner}'s exception or cancellation passes through, and
     * cancelling the result cancels {@code inner}.
     */
    static <A, B> AsyncFuture<B> map(EventLoop loop, AsyncFuture<A> inner, Function<? super A, ? extends B> fn) {
        AsyncFuture<B> outer = loop.createFuture();
        inner.addDoneCallback(f -> {
            if (outer.isDone()) {
                return;
            }
            if (f.isCancelled()) {
                outer.cancel();
                return;
            }
            Throwable e = f.exception();
            if (e != null) {
                outer.setException(e);
                return;
            }
            B value;
            try {
                value = fn.apply(f.result());
            } catch (Throwable t) {
                outer.setException(t);
                return;
            }
            outer.setResult(value);
        });
        outer.addDoneCallback(f -> {
            if (f.isCancelled()) {
                inner.cancel();
            }
        });
        return outer;
    }
}
