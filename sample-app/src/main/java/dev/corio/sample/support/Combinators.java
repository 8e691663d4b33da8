package dev.corio.sample.support;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.TimerHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The asyncio combinators the articles use ({@code gather}, {@code wait}, {@code as_completed}), built on
 * futures and done callbacks for the sample app until the runtime's own land (branch {@code combinators});
 * same behaviour as asyncio 3.12 for what the programs rely on. Call them on the loop.
 */
public final class Combinators {
    private Combinators() {
    }

    /** asyncio's {@code return_when}. */
    public enum ReturnWhen { FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED }

    /** What {@link #waitTasks} gives: the futures done and those still pending, each in the order passed. */
    public record DoneAndPending<T>(Set<AsyncFuture<T>> done, Set<AsyncFuture<T>> pending) {
    }

    /**
     * asyncio's {@code gather}: a future for the values of {@code items} in argument order. Coroutines are
     * wrapped in tasks. Without {@code returnExceptions} the first failure fails the gather at once and the
     * other children go on; with it, each failure takes its child's place in the list. Cancelling the gather
     * cancels the children.
     */
    public static <T> AsyncFuture<List<T>> gather(List<? extends Awaitable<? extends T>> items,
            boolean returnExceptions) {
        EventLoop loop = EventLoop.running();
        List<AsyncFuture<? extends T>> children = new ArrayList<>();
        for (Awaitable<? extends T> a : items) {
            children.add(Corio.ensureFuture(a));
        }
        GatheringFuture<T> outer = new GatheringFuture<>(loop, children);
        if (children.isEmpty()) {
            outer.setResult(new ArrayList<>());
            return outer;
        }
        int[] left = {children.size()};
        for (AsyncFuture<? extends T> child : children) {
            child.addDoneCallback(f -> {
                left[0]--;
                if (outer.isDone()) {
                    if (!f.isCancelled()) {
                        f.exception(); // retrieved: the gather already reported its outcome
                    }
                    return;
                }
                if (!returnExceptions) {
                    if (f.isCancelled()) {
                        outer.setException(new CancelledError());
                        return;
                    }
                    if (f.exception() != null) {
                        outer.setException(f.exception());
                        return;
                    }
                }
                if (left[0] == 0) {
                    if (outer.cancelRequested) {
                        // cancelled through the gather: it ends cancelled once every child has finished
                        outer.setException(new CancelledError());
                        return;
                    }
                    List<T> values = new ArrayList<>();
                    for (AsyncFuture<? extends T> c : children) {
                        values.add(outcome(c, returnExceptions));
                    }
                    outer.setResult(values);
                }
            });
        }
        return outer;
    }

    /**
     * The future {@link #gather} gives. As asyncio's {@code _GatheringFuture}: cancelling it cancels the
     * children instead of itself, and it completes (with the cancellation) only when they have finished, so a
     * task awaiting it resumes after its children have handled their cancellation.
     */
    static final class GatheringFuture<T> extends AsyncFuture<List<T>> {
        private final List<AsyncFuture<? extends T>> children;
        boolean cancelRequested;

        GatheringFuture(EventLoop loop, List<AsyncFuture<? extends T>> children) {
            super(loop);
            this.children = children;
        }

        @Override
        public boolean cancel(String message) {
            if (isDone()) {
                return false;
            }
            boolean any = false;
            for (AsyncFuture<? extends T> c : children) {
                any |= c.cancel(message);
            }
            if (any) {
                cancelRequested = true;
            }
            return any;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T outcome(AsyncFuture<? extends T> c, boolean returnExceptions) {
        if (c.isCancelled()) {
            return (T) new CancelledError();
        }
        Throwable e = c.exception();
        return e != null ? (T) e : c.result();
    }

    /** {@link #gather(List, boolean)} without return-exceptions. */
    public static <T> AsyncFuture<List<T>> gather(List<? extends Awaitable<? extends T>> items) {
        return gather(items, false);
    }

    /**
     * asyncio's {@code wait}: completes when {@code returnWhen} is met or after {@code timeout} seconds
     * ({@code <= 0}: none) with the done and pending futures. Cancels nothing.
     */
    public static <T> AsyncFuture<DoneAndPending<T>> waitTasks(Collection<? extends AsyncFuture<T>> futures,
            ReturnWhen returnWhen, double timeout) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("waitTasks needs at least one future");
        }
        EventLoop loop = EventLoop.running();
        List<AsyncFuture<T>> fs = new ArrayList<>(futures);
        AsyncFuture<DoneAndPending<T>> outer = new AsyncFuture<>(loop);
        Runnable finish = () -> {
            if (outer.isDone()) {
                return;
            }
            Set<AsyncFuture<T>> done = new LinkedHashSet<>();
            Set<AsyncFuture<T>> pending = new LinkedHashSet<>();
            for (AsyncFuture<T> f : fs) {
                (f.isDone() ? done : pending).add(f);
            }
            outer.setResult(new DoneAndPending<>(done, pending));
        };
        int[] left = {0};
        for (AsyncFuture<T> f : fs) {
            if (!f.isDone()) {
                left[0]++;
            }
        }
        if (met(fs, returnWhen, left[0])) {
            finish.run();
            return outer;
        }
        TimerHandle timer = timeout > 0 ? loop.callLater(timeout, finish) : null;
        for (AsyncFuture<T> f : fs) {
            if (f.isDone()) {
                continue;
            }
            f.addDoneCallback(d -> {
                left[0]--;
                // as asyncio: only FIRST_EXCEPTION looks at (and so retrieves) the exception; otherwise a
                // failure nobody reads is still reported as never retrieved
                if (left[0] == 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                        || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !d.isCancelled() && d.exception() != null)) {
                    if (timer != null) {
                        timer.cancel();
                    }
                    finish.run();
                }
            });
        }
        return outer;
    }

    private static <T> boolean met(List<AsyncFuture<T>> fs, ReturnWhen when, int left) {
        if (left == 0) {
            return true;
        }
        for (AsyncFuture<T> f : fs) {
            if (f.isDone() && (when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null))) {
                return true;
            }
        }
        return false;
    }

    /** {@link #waitTasks(Collection, ReturnWhen, double)} with no timeout. */
    public static <T> AsyncFuture<DoneAndPending<T>> waitTasks(Collection<? extends AsyncFuture<T>> futures,
            ReturnWhen returnWhen) {
        return waitTasks(futures, returnWhen, 0);
    }

    /**
     * asyncio's {@code as_completed}: futures to await one after the other, the first giving the outcome of
     * whichever of {@code items} finishes first, and so on. Coroutines are wrapped in tasks.
     */
    public static <T> List<AsyncFuture<T>> asCompleted(List<? extends Awaitable<T>> items) {
        EventLoop loop = EventLoop.running();
        List<AsyncFuture<T>> slots = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            slots.add(new AsyncFuture<>(loop));
        }
        int[] next = {0};
        for (Awaitable<T> a : items) {
            AsyncFuture<T> f = Corio.ensureFuture(a);
            f.addDoneCallback(d -> {
                AsyncFuture<T> slot = slots.get(next[0]++);
                if (d.isCancelled()) {
                    slot.cancel();
                } else if (d.exception() != null) {
                    slot.setException(d.exception());
                } else {
                    slot.setResult(d.result());
                }
            });
        }
        return slots;
    }
}
