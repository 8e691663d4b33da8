package dev.corio;

import java.util.function.Consumer;

/**
 * asyncio's {@code shield}: a future that follows {@code inner}'s outcome but whose cancellation does not
 * reach {@code inner}. If {@code inner} is cancelled, so is the shield.
 */
final class Shield {
    private Shield() {
    }

    static <T> AsyncFuture<T> of(Awaitable<T> awaitable) {
        AsyncFuture<T> inner = Corio.ensureFuture(awaitable);
        if (inner.isDone()) {
            return inner;
        }
        AsyncFuture<T> outer = new AsyncFuture<>(inner.getLoop());
        Consumer<AsyncFuture<T>> innerDone = i -> {
            if (outer.isCancelled()) {
                if (!i.isCancelled()) {
                    i.exception(); // nobody awaits it through the shield any more: count it as retrieved
                }
                return;
            }
            if (i.isCancelled()) {
                outer.cancel();
            } else {
                Throwable e = i.exception();
                if (e != null) {
                    outer.setException(e);
                } else {
                    outer.setResult(i.result());
                }
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.isDone()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
