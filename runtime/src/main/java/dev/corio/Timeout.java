package dev.corio;

/**
 * A timeout scope: asyncio's {@code asyncio.timeout} / {@code asyncio.timeout_at} (3.11+). Made by
 * {@link Corio#timeout(double)} or {@link Corio#timeoutAt(double)}; used as an {@link AsyncContextManager}
 * around a block that runs on the current task.
 *
 * <p>At the deadline the scope cancels the task that entered it. When the block exits, if the scope
 * expired, it withdraws its cancellation request ({@link Task#uncancel()}) and, when the block ended with
 * a {@link CancelledError} and no other cancellation is pending on the task, raises a {@link TimeoutError}
 * whose cause is that {@code CancelledError}. A cancellation from anyone else passes through unchanged;
 * so do other exceptions, and a value the block returns after swallowing the cancellation. Scopes nest: only
 * the scope whose deadline fired turns the cancellation into a {@code TimeoutError}.
 *
 * <p>The deadline ({@link #when()}, in {@link EventLoop#time()} seconds; {@code null} for none) can be
 * moved while the scope is active with {@link #reschedule}. A deadline already reached cancels in the next
 * tick, however far in the past ({@code -Infinity} included); an infinite one never comes on the real
 * clock; NaN throws {@link IllegalArgumentException}. Leaving the scope before the deadline cancels its
 * timer. A scope is entered once.
 */
public final class Timeout implements AsyncContextManager<Timeout> {
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private Double when;
    private State state = State.CREATED;
    private Task<?> task;
    private int cancellingAtEnter;
    private Handle timer;

    /** A scope with deadline {@code when} (loop time in seconds), or none if {@code null}; not entered yet. */
    public Timeout(Double when) {
        this.when = checkNotNaN(when);
    }

    private static Double checkNotNaN(Double when) {
        if (when != null && when.isNaN()) {
            throw new IllegalArgumentException("Invalid deadline: NaN (not a number)");
        }
        return when;
    }

    /** The deadline in loop seconds, or {@code null} if there is none. */
    public Double when() {
        return when;
    }

    /**
     * Whether the deadline was reached (the scope cancelled its task), whether or not it has exited: asyncio's
     * {@code Timeout.expired()}, named as every boolean query.
     */
    public boolean isExpired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * The old name of {@link #isExpired()}.
     *
     * @deprecated use {@link #isExpired()}: boolean queries are named {@code isX} (docs/runtime.md, <i>Names</i>).
     */
    @Deprecated
    public boolean expired() {
        return isExpired();
    }

    /** Moves the deadline to loop time {@code when}; see {@link #reschedule(Double)}. */
    public void reschedule(double when) {
        reschedule(Double.valueOf(when));
    }

    /**
     * Moves the deadline to {@code when} (loop seconds), or removes it ({@code null}). Only while the scope is
     * active: {@link IllegalStateException} before it is entered and after it expired or exited.
     */
    public void reschedule(Double when) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + state.label + " Timeout");
        }
        this.when = checkNotNaN(when);
        Handle t = timer;
        if (t != null) {
            t.cancel();
            timer = null;
        }
        if (when != null) {
            EventLoop loop = task.getLoop();
            timer = when <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(when, this::onTimeout);
        }
    }

    /** Enters the scope on the awaiting frame's task: the deadline starts counting. */
    @Override
    public Awaitable<Timeout> aenter() {
        return frame -> {
            enter(frame.task());
            return this;
        };
    }

    /** Leaves the scope; throws {@link TimeoutError} if this scope's deadline cancelled the block. */
    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        return frame -> {
            exit(error);
            return Boolean.FALSE;
        };
    }

    void enter(Task<?> current) {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        if (current == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        state = State.ENTERED;
        task = current;
        cancellingAtEnter = current.cancelling();
        reschedule(when);
    }

    void exit(Throwable error) {
        if (state != State.ENTERED && state != State.EXPIRING) {
            throw new IllegalStateException("Timeout exited while " + state.label + " (it must be entered once, then"
                    + " exited once)");
        }
        Handle t = timer;
        if (t != null) {
            t.cancel();
            timer = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            // Only our own cancellation becomes a TimeoutError: a request made by someone else since we
            // entered keeps the count above what it was, and the CancelledError goes on as it is.
            if (task.uncancel() <= cancellingAtEnter && error instanceof CancelledError) {
                throw new TimeoutError("timeout expired (deadline " + when + " in loop time)", error);
            }
        } else {
            state = State.EXITED;
        }
    }

    private void onTimeout() {
        timer = null;
        if (state != State.ENTERED) {
            return; // exited in the same tick the timer became due
        }
        task.cancel();
        state = State.EXPIRING;
    }

    @Override
    public String toString() {
        return "<Timeout [" + state.label + "]" + (state == State.ENTERED ? " when=" + whenForRepr() : "") + ">";
    }

    /** As asyncio's repr: the deadline rounded to the millisecond, {@code None} when there is none. */
    private String whenForRepr() {
        Double w = when;
        if (w == null) {
            return "None";
        }
        return String.valueOf(Math.abs(w) < 1e15 ? Math.rint(w * 1000) / 1000 : w);
    }
}
