package dev.corio;

import dev.corio.context.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coroutine scheduled to run on a loop: asyncio's {@code Task}. Create one with
 * {@link Corio#createTask(Coroutine)} or {@link EventLoop#createTask(Coroutine)}; it starts in the next
 * loop tick, runs until the coroutine suspends, and is resumed by the loop when what it awaits completes.
 * A task is a future of the coroutine's value.
 *
 * <h2>Frames</h2>
 * A task drives a chain of coroutine frames: awaiting a coroutine directly runs it inline on the same task.
 * When the innermost frame awaits a pending future, the task subscribes to that future; when it completes,
 * the task is scheduled and resumes the innermost frame only, passing finished frames' values outward.
 * A chain deeper than {@link #MAX_INLINE_DEPTH} inline starts is driven by the same loop (a trampoline), so
 * its depth is bounded by the heap, not by the Java stack.
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} asks the task to stop. If it waits on a future, that future is cancelled and the
 * {@link CancelledError} is thrown at the await of the innermost frame; otherwise it is thrown at the next
 * resumption. The coroutine may catch it; if it then finishes normally, the task completes normally.
 * {@link #cancelling()} counts pending requests and {@link #uncancel()} withdraws one, which is how
 * timeouts and task groups tell their own cancellations from others'.
 *
 * <h2>Context</h2>
 * A task runs every step in its own {@link Context}: a copy of the context current where it was created, or
 * the one given to {@link EventLoop#createTask(Coroutine, String, Context)}. Until the task sets a context
 * variable the copy is only the creator's immutable mapping (no allocation); see
 * {@link dev.corio.context.ContextCarrier}.
 *
 * @param <T> the type of the coroutine's value
 */
public class Task<T> extends AsyncFuture<T> {
    /** Numbers unnamed tasks, process-wide as asyncio does; a long never wraps into "Task--1". */
    private static final AtomicLong COUNTER = new AtomicLong();

    /**
     * How many coroutine frames may be started inline one inside the other ({@link Coroutine#awaitFrom}
     * calls {@code resume} directly) before the next is handed to {@link #step}'s loop instead. About two
     * Java frames per level: a few hundred levels stay far from any thread's stack size, and a chain this
     * deep pays one trip back to the step loop per this many levels.
     */
    static final int MAX_INLINE_DEPTH = 200;

    /*
     * The layout is kept to 64 bytes with compressed references (a header of 12, AsyncFuture's 13, these 39):
     * a million sleeping tasks are a million of these. Hence the flags in one byte, the short depth, the
     * number of the default name in an int (see the constructor), and what is rare kept elsewhere: the
     * cancellation message in AsyncFuture.outcome while the task is pending (outcome is unused until it is
     * done), the coroutine as the root of the frame chain (innermost stays on it once the task is done), and
     * debug mode's creation point in the loop's side table (TaskRegistry.originOf). A task asleep in
     * sleep(d) is its own timer ({@link #SLEEPING}): the timer queue holds the task, with its scheduling
     * number in seq and its place in the queue in two bits of flags, so a sleep allocates no future.
     */

    /** Flag: the coroutine has been resumed once; a task cancelled before that never runs its body. */
    static final byte STARTED = 1;
    /** Flag: a cancellation is to be thrown at the next resumption; its message is in {@link #outcome}. */
    static final byte MUST_CANCEL = 2;
    /** Flag, set by {@link #yieldOnce()}: the step that suspends has arranged its own wake-up. */
    static final byte YIELDED = 4;
    /** Flag, set by {@link Coroutine#awaitFrom} past {@link #MAX_INLINE_DEPTH}: the step loop starts {@link #innermost}. */
    static final byte START_INNERMOST = 8;
    /**
     * Flag: closing the loop while this task is pending does not report it; for the task a
     * {@code runUntilComplete} made, whose caller was told already (asyncio's {@code _log_destroy_pending}).
     */
    static final byte QUIET_AT_CLOSE = 16;
    /**
     * Flag: the task sleeps as its own timer ({@link #sleepUntil}): the loop's timer queue holds it, and the
     * first step the queue's due timer gives it only schedules its wake-up for the next tick (asyncio's timer
     * handle completing the sleep's future, which wakes the task one tick later). Cleared by that step or by
     * a cancellation while the timer is still queued (which makes the entry inert).
     */
    static final byte SLEEPING = 32;
    /** Two bits of flags: where the task stands in the timer queue ({@link TimerQueue#OUT} and so on). */
    private static final int QUEUE_SHIFT = 6;
    private static final int QUEUE_BITS = 3 << QUEUE_SHIFT;

    /** The frame the next step resumes; once the task is done, its coroutine (the outermost frame). */
    Coroutine<?> innermost;
    /** The future the innermost frame awaits, or null. */
    private AsyncFuture<?> waiter;
    /**
     * The number of the default name {@code Task-N}, process-wide; past {@link Integer#MAX_VALUE} tasks the
     * name is made at creation instead (so the number never wraps and an int is enough).
     */
    private final int id;
    private String name;
    /** What the steps run in: a snapshot of the creator's context, or a {@link Context}; see {@code dev.corio.context.ContextCarrier}. */
    private Object context;
    /** Links in the loop's list of pending tasks. */
    Task<?> prev;
    Task<?> next;
    private int cancelRequests;
    /** Frames started inline, one inside the other, below the frame the step loop resumed. */
    short inlineDepth;
    /** Scheduling order in the timer queue while the task sleeps as its own timer. */
    int seq;
    /**
     * {@link #STARTED}, {@link #MUST_CANCEL}, {@link #YIELDED}, {@link #START_INNERMOST}, {@link #QUIET_AT_CLOSE},
     * {@link #SLEEPING}, and the timer queue's state in the two high bits.
     */
    byte flags;

    Task(EventLoop loop, Coroutine<T> coro, String name, Object context) {
        super(loop);
        Objects.requireNonNull(coro, "coro");
        coro.checkStartable();
        coro.markStarted();
        coro.task = this;
        this.innermost = coro;
        long number = COUNTER.incrementAndGet();
        if (number <= Integer.MAX_VALUE) {
            this.id = (int) number;
            this.name = name;
        } else {
            this.id = 0;
            this.name = name != null ? name : "Task-" + number; // rare: after two billion tasks
        }
        this.context = context;
        if (loop.isDebug()) {
            loop.tasks.recordOrigin(this, new Throwable("task created here"));
        }
        loop.tasks.created(this);
    }

    /** Debug mode: where the task was created (asyncio's {@code _source_traceback}), or null. */
    final Throwable origin() {
        return loop.tasks.originOf(this);
    }

    /** Closing the loop while this task is pending will not report it. */
    final void quietAtClose() {
        flags |= QUIET_AT_CLOSE;
    }

    /** Whether closing the loop while this task is pending reports it. */
    final boolean logDestroyPending() {
        return (flags & QUIET_AT_CLOSE) == 0;
    }

    /** The task's name: the one given, or {@code Task-N}. */
    public final String getName() {
        String n = name;
        if (n == null) {
            n = name = "Task-" + id;
        }
        return n;
    }

    public final void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The coroutine this task runs (its outermost frame). */
    @SuppressWarnings("unchecked")
    public final Coroutine<T> getCoro() {
        Coroutine<?> f = innermost;
        for (Coroutine<?> c; (c = f.caller) != null; ) {
            f = c;
        }
        return (Coroutine<T>) f;
    }

    /**
     * The context this task runs in (asyncio 3.12's {@code get_context()}): the one it was given, or its own
     * copy of its creator's context, which this call turns into an object if the task had not needed one yet.
     * Loop thread only.
     */
    public final Context getContext() {
        loop.checkThread("getContext");
        if (loop.currentTask == this && !isDone()) {
            return loop.contexts.currentContext(); // during its own step: the object the step's sets go to
        }
        Context c = loop.contexts.toContext(context);
        context = c;
        return c;
    }

    /**
     * The frames this task is suspended in, outermost (its coroutine) first, innermost (the one at the
     * await) last, as asyncio's {@code get_stack()}; empty once the task is done. A snapshot: the chain
     * changes at every await.
     */
    public final List<Coroutine<?>> getStack() {
        List<Coroutine<?>> frames = new ArrayList<>();
        if (isDone()) {
            return frames;
        }
        for (Coroutine<?> f = innermost; f != null; f = f.caller) {
            frames.add(f);
        }
        Collections.reverse(frames);
        return frames;
    }

    /**
     * The frames this task is suspended in as stack trace elements, innermost (the one at the await) first,
     * as a Java stack trace reads: each {@code @Async} frame with its class, method, source file and the line
     * of the await it is suspended at; a hand-written frame without a {@link Coroutine#sourceLocation()} by
     * its class. Empty once the task is done. A snapshot, like {@link #getStack()}.
     */
    public final StackTraceElement[] getStackTrace() {
        return AsyncStackTrace.suspendedFrames(this);
    }

    /** Prints this task's suspended frames to {@code System.err}: asyncio's {@code print_stack()}. */
    public final void printStack() {
        printStack(System.err);
    }

    /**
     * Prints the task's description and its suspended frames, innermost first, one {@code at ...} line each
     * (asyncio's {@code print_stack(file=out)}); for a done task, its outcome instead.
     */
    public final void printStack(java.io.PrintStream out) {
        StringBuilder sb = new StringBuilder("Stack for ").append(describe());
        StackTraceElement[] st = getStackTrace();
        if (st.length == 0) {
            sb.append(isDone() ? ": done" : ": not started yet").append('\n');
        } else {
            sb.append(" (most recent await first):\n");
            for (StackTraceElement e : st) {
                sb.append("\tat ").append(e).append('\n');
            }
        }
        out.print(sb);
        out.flush();
    }

    /** What the innermost frame awaits now: a future, or {@code null} (not started, ready to run, or done). */
    final AsyncFuture<?> awaiting() {
        return waiter;
    }

    /** Whether the task sleeps as its own timer (it awaits a sleep that has no future: see {@link #SLEEPING}). */
    final boolean sleepingAsTimer() {
        return (flags & SLEEPING) != 0;
    }

    /** What the task holds as its context (a snapshot or a Context), for tests of the lazy copy. */
    final Object contextTarget() {
        return context;
    }

    /** Whether the task has not run its first step yet. */
    final boolean notStarted() {
        return (flags & STARTED) == 0;
    }

    /**
     * Requests cancellation; returns {@code false} if the task is already done. Each call counts as a
     * request ({@link #cancelling()}).
     */
    @Override
    public boolean cancel(String message) {
        loop.checkThread("cancel");
        if (isDone()) {
            markRetrieved();
            return false;
        }
        // A task awaiting a task awaiting a task...: cancelling one cancels the next (each takes the request and
        // counts it). Walked in a loop rather than by recursion, so the chain's length is not bounded by the
        // Java stack; only the innermost task's waiter is really cancelled, which then wakes them in turn.
        Task<?> t = this;
        AsyncFuture<?> w;
        while ((w = t.waiter) instanceof Task<?> inner && !inner.isDone()) {
            t.cancelRequests++;
            t = inner;
        }
        t.cancelRequests++;
        if (w != null && w.cancel(message)) {
            // The waiter's cancellation wakes the task and throws at its await.
            return true;
        }
        if ((t.flags & SLEEPING) != 0) {
            t.cancelSleep(message);
        } else if (!(t.outcome instanceof CancelledError)) { // else its sleep was cancelled: that error is thrown
            t.flags |= MUST_CANCEL;
            t.outcome = message; // pending: outcome holds the message until the cancellation is thrown
        }
        return true;
    }

    /** The number of pending cancellation requests. */
    public final int cancelling() {
        return cancelRequests;
    }

    /** Withdraws one cancellation request; returns the number left. */
    public final int uncancel() {
        loop.checkThread("uncancel");
        if (cancelRequests > 0) {
            cancelRequests--;
        }
        return cancelRequests;
    }

    /** The innermost frame suspends on {@code f}: wake this task when it completes. */
    final void suspendOn(AsyncFuture<?> f) {
        if (f == this) {
            throw new IllegalStateException("Task cannot await on itself: " + this);
        }
        if (f.loop != loop) {
            throw new IllegalStateException("Task " + this + " got a future attached to a different loop: " + f
                    + "; to await another loop's future, hand it over: await(LoopGroup.handOver(future, loop))"
                    + " (dev.corio.group)");
        }
        waiter = f;
        f.addCallback(this);
        if ((flags & MUST_CANCEL) != 0 && f.cancel((String) outcome)) {
            flags &= ~MUST_CANCEL;
            outcome = null;
        }
    }

    /**
     * Whether the innermost frame may sleep as this task's own timer ({@link #sleepUntil}): not while a
     * cancellation waits to be thrown (the sleep's future takes it, as asyncio's would) nor while an old entry
     * of this task, cancelled, is still in the timer queue (it would come alive again); then the sleep makes
     * its future, as it always did.
     */
    final boolean maySleepAsTimer() {
        return (flags & (MUST_CANCEL | QUEUE_BITS)) == 0;
    }

    /**
     * The innermost frame sleeps until {@code when} with the value null, the task being its own timer: the
     * loop's timer queue holds it (no future, no timer handle). See {@link #SLEEPING}.
     */
    final void sleepUntil(long when) {
        flags |= SLEEPING;
        loop.addTimer(this, when);
    }

    /**
     * Cancelling a sleeping task, as asyncio cancels the sleep's future: the {@link CancelledError} the future
     * would hold goes to {@link #outcome} (with {@link #MUST_CANCEL}: thrown at the sleep, and later requests
     * do not change it, as they find asyncio's future done). While the timer is queued, its entry goes inert
     * and the task is woken in the next tick; once the timer came due (its turn is in the ready queue) that
     * turn wakes the task, as the cancelled future's wake-up would come in the same tick.
     */
    private void cancelSleep(String message) {
        if (outcome instanceof CancelledError) {
            return; // cancelled already while its timer's turn waits in the ready queue
        }
        flags |= MUST_CANCEL;
        outcome = new CancelledError(message);
        if (timerState() != TimerQueue.OUT) {
            flags &= ~SLEEPING;
            loop.timerCancelled(this);
            loop.schedule(this);
        }
    }

    /** Whether the task was woken by the cancellation of its sleep, which it has not thrown yet. */
    final boolean sleepCancelled() {
        return (flags & MUST_CANCEL) != 0 && outcome instanceof CancelledError;
    }

    /** Where the task stands in the timer queue: {@link TimerQueue#OUT}, {@code IN} or {@code IN_COUNTED}. */
    final byte timerState() {
        return (byte) ((flags & QUEUE_BITS) >>> QUEUE_SHIFT);
    }

    final void setTimerState(byte s) {
        flags = (byte) ((flags & ~QUEUE_BITS) | (s << QUEUE_SHIFT));
    }

    /** As a timer-queue entry: a sleeping task can fire; any other is inert. */
    final boolean timerInert() {
        return (flags & SLEEPING) == 0;
    }

    /** The innermost frame yields for one loop tick (a bare {@code sleep(0)}). */
    final void yieldOnce() {
        flags |= YIELDED;
        loop.schedule(this);
    }

    /** One step: called by the loop when the task is scheduled. */
    final void step() {
        if (isDone()) {
            return;
        }
        Object value = null;
        Throwable error = null;
        AsyncFuture<?> w = waiter;
        if (w != null) {
            waiter = null;
            if (w.state == RESULT) {
                value = w.outcome;
            } else {
                error = waiterError(w);
            }
        }
        if ((flags & (STARTED | MUST_CANCEL | YIELDED | SLEEPING)) != STARTED) {
            // one test for the rare starts: the first step, a cancellation to throw, a sleep's timer turn
            Object e = rareStart(error);
            if (e == NOT_RUN) {
                return;
            }
            error = (Throwable) e;
        }
        EventLoop l = loop;
        Task<?> previous = enter(l);
        try {
            Coroutine<?> f = innermost;
            for (;;) {
                Object r;
                Throwable err = null;
                try {
                    r = f.resume(value, error);
                } catch (Throwable t) {
                    r = null;
                    err = t;
                }
                if (err == null && r == Coroutine.SUSPENDED) {
                    if (waiter != null || (flags & (YIELDED | SLEEPING)) != 0) {
                        flags &= ~YIELDED;
                        return;
                    }
                    f = innermost;
                    err = notWaiting(f);
                    if (err == null) {
                        // The trampoline: a frame too deep to start inline; start it here, on a short stack.
                        value = null;
                        error = null;
                        continue;
                    }
                    r = null;
                }
                Coroutine<?> p = f.caller;
                f.caller = null;
                if (p == null) {
                    finish(r, err);
                    return;
                }
                innermost = p;
                value = r;
                error = AsyncStackTrace.passedTo(err, this, f, p); // p was suspended: its await joins the trace
                f = p;
            }
        } finally {
            leave(l, previous);
        }
    }

    /** The start of a step: this task is the current one, and its context the current context. */
    private Task<?> enter(EventLoop l) {
        Task<?> previous = l.currentTask;
        l.currentTask = this;
        l.contexts.enter(context);
        return previous;
    }

    /** The end of a step: keeps the context the step ran in (its first set may have made it an object). */
    private void leave(EventLoop l, Task<?> previous) {
        Object c = context;
        Object after = l.contexts.exit(c);
        if (after != c) {
            context = after; // rare: a store into a task that may be old costs a G1 barrier (see ContextCarrier.enter)
        }
        l.currentTask = previous;
    }

    /*
     * The rare paths of step(), kept out of it so that step stays small enough for the JIT to inline it
     * (below HotSpot's FreqInlineSize of 325 bytecodes) into the loop's tick.
     */

    /** What {@link #rareStart} returns when the step must not resume the coroutine. */
    private static final Object NOT_RUN = new Object();

    /**
     * The start of a step in the rare cases, {@code error} being what the waiter left: the sleep's timer turn
     * (the task only schedules its wake-up: {@link #SLEEPING}), a cancellation to throw, the first step (a task
     * cancelled before it: the contract's first call is (null, null), so the body never runs and the task ends
     * with the error, as a Python coroutine thrown into unstarted). Returns the error to resume with (or
     * null), or {@link #NOT_RUN}.
     */
    private Object rareStart(Throwable error) {
        int f = flags;
        if ((f & SLEEPING) != 0) {
            // The sleep's timer came due: this turn is the timer's, the task wakes in the next tick.
            flags = (byte) (f & ~SLEEPING);
            loop.schedule(this);
            return NOT_RUN;
        }
        flags = (byte) (f & ~YIELDED);
        if ((f & MUST_CANCEL) != 0) {
            error = pendingCancellation(error);
        }
        if ((f & STARTED) == 0) {
            flags |= STARTED;
            if (error != null) {
                finish(null, error);
                return NOT_RUN;
            }
        }
        return error;
    }

    /**
     * The innermost frame {@code f} returned SUSPENDED with no wake-up arranged: null when it is the
     * trampoline's frame ({@link #START_INNERMOST}: the step loop starts it), else the error that fails it
     * (nothing would ever wake the task; its caller sees the error at its await instead of a silent hang).
     */
    private Throwable notWaiting(Coroutine<?> f) {
        if ((flags & START_INNERMOST) != 0) {
            flags &= ~START_INNERMOST;
            return null;
        }
        return suspendedWithoutAwaiting(f);
    }

    /** What awaiting {@code w} throws once it woke this task: its exception or cancellation, else null. */
    private Throwable waiterError(AsyncFuture<?> w) {
        Throwable e;
        switch (w.state) {
            case FAILED:
                w.markRetrieved();
                e = w.failure();
                AsyncStackTrace.reached(e, this, innermost); // thrown at the innermost frame's await
                return e;
            case CANCELLED:
                e = w.cancelledError();
                AsyncStackTrace.reached(e, this, innermost);
                return e;
            default:
                // Woken while the waiter is still pending: only cancellation does that.
                w.removeCallback(this);
                return null;
        }
    }

    /**
     * As asyncio's {@code __step}: a cancellation requested after the waiter completed wins over its outcome;
     * an exception the waiter failed with is kept as suppressed by the {@link CancelledError}.
     */
    private Throwable pendingCancellation(Throwable error) {
        flags &= ~MUST_CANCEL;
        Object o = outcome;
        outcome = null;
        if (o instanceof CancelledError sleep) {
            // the task's own sleep was cancelled (it has no future): its error, as the future's would be
            AsyncStackTrace.reached(sleep, this, innermost);
            return sleep;
        }
        String message = (String) o;
        if (error instanceof CancelledError) {
            return error;
        }
        CancelledError ce = new CancelledError(message);
        if (error != null) {
            ce.addSuppressed(error);
        }
        if (innermost != null) {
            AsyncStackTrace.reached(ce, this, innermost); // thrown at the innermost frame's await
        }
        return ce;
    }

    private static IllegalStateException suspendedWithoutAwaiting(Coroutine<?> f) {
        return new IllegalStateException("coroutine " + f + " returned SUSPENDED without awaiting anything:"
                + " return SUSPENDED only right after x.awaitFrom(this) returned it");
    }

    @SuppressWarnings("unchecked")
    private void finish(Object r, Throwable err) {
        // innermost stays: it is the outermost frame now, the task's coroutine (getCoro)
        if (err == null) {
            if ((flags & MUST_CANCEL) != 0) {
                // Cancelled right before the coroutine returned.
                flags &= ~MUST_CANCEL;
                String message = (String) outcome;
                outcome = null;
                markCancelled(new CancelledError(message));
            } else {
                setResultInternal((T) r);
            }
        } else if (err instanceof CancelledError ce) {
            markCancelled(ce);
        } else {
            AsyncStackTrace.thrownOut(err, innermost); // the throw site at the user's line, if it is the coroutine's
            boolean unobserved = !hasCallbacks(); // nobody awaits this task and it has no done callbacks
            outcome = null; // a cancellation message of a request that came too late
            fail(err);
            if (unobserved && loop.reportUnretrievedEarly) {
                loop.schedule(new Handle(loop, this::reportIfStillUnobserved)); // a grace of one tick
            }
        }
        loop.tasks.done(this);
        innermost.clearLocals(); // the outermost frame now: a done task keeps its coroutine, not its locals' values
    }

    /** The early report of {@link EventLoop#setReportUnretrievedEarly}, one tick after the task failed. */
    private void reportIfStillUnobserved() {
        if (state == FAILED && outcome instanceof LeakReport u && !u.observed) {
            outcome = u.exception();
            u.reportNow(this);
        }
    }

    private void setResultInternal(T r) {
        super.setResult(r);
    }

    /** Tasks complete when their coroutine does; setting their result from outside is not allowed. */
    @Override
    public final void setResult(T value) {
        throw new IllegalStateException("Task does not support setResult(): it completes when its coroutine returns");
    }

    /** Tasks complete when their coroutine does; setting their exception from outside is not allowed. */
    @Override
    public final void setException(Throwable exception) {
        throw new IllegalStateException("Task does not support setException(): it completes when its coroutine throws");
    }

    @Override
    String describe() {
        return "Task " + getName() + " (" + getCoro() + ")"; // generated machines name their method: Crawler.comments()
    }
}
