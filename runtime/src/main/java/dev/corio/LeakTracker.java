package dev.corio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A loop's armed {@link LeakReport}s (exceptions nobody retrieved yet, coroutines not started yet in debug
 * mode) and the delivery of the reports the garbage collector's cleaner thread makes: through the loop
 * (in its next tick, or at its close if it is idle), and once the loop is closed on the cleaner's thread to
 * the default handler. See "When an unretrieved exception is reported" in docs/runtime.md.
 */
final class LeakTracker {
    private final EventLoop loop;
    /** Armed reports, in the order they were armed (the order {@link #reportAllAtClose} reports them). */
    private final Set<LeakReport> armed = new LinkedHashSet<>();
    /** Orders the cleaner's report submissions with the loop's close, so none is lost. */
    private final Object lock = new Object();
    /** Set under {@link #lock} by {@link #loopClosed}: from then on the cleaner reports on its own thread. */
    private boolean closed;

    LeakTracker(EventLoop loop) {
        this.loop = loop;
    }

    /** {@code r} was armed (on the loop's thread). */
    void track(LeakReport r) {
        armed.add(r);
    }

    /** {@code r} was disarmed, on any thread. */
    void untrack(LeakReport r) {
        if (loop.onOwnerThread() || loop.tryTakeOver()) {
            armed.remove(r);
        } else {
            // a failed future's exception read, or a coroutine closed or started (debug mode), on another
            // thread while the loop runs: the set is the loop's. Run before the reports if the loop closes
            // first, so it is not reported.
            loop.offerThreadsafe(new Bookkeeping(loop, () -> armed.remove(r)));
        }
    }

    /**
     * Reports {@code context} for the tracked {@code report}: directly when called on the loop's thread or
     * the thread closing the loop; from the cleaner's thread, through the loop (next tick, or at close if
     * the loop is idle); once the loop is closed, to the default handler on the calling thread.
     */
    void report(ExceptionContext context, LeakReport report) {
        if (loop.isLoopOrClosingThread(Thread.currentThread())) {
            armed.remove(report);
            loop.callExceptionHandler(context);
            return;
        }
        synchronized (lock) {
            if (!closed) {
                loop.offerThreadsafe(new Report(loop, () -> {
                    armed.remove(report);
                    loop.callExceptionHandler(context);
                }));
                return;
            }
        }
        EventLoop.defaultReport(context);
    }

    /** The loop closes: every report still armed is made now, on the closing thread. */
    void reportAllAtClose() {
        for (LeakReport r : new ArrayList<>(armed)) {
            r.reportAtClose();
        }
    }

    /** The loop is closed: later reports go to the default handler on the thread that makes them. */
    void loopClosed() {
        synchronized (lock) {
            closed = true;
        }
    }

    void clear() {
        armed.clear();
    }

    /** Bookkeeping handed over by another thread; unlike other callbacks, it still runs when the loop closes. */
    static final class Bookkeeping extends Handle {
        Bookkeeping(EventLoop loop, Runnable update) {
            super(loop, update);
        }
    }

    /** A report queued by the cleaner; unlike other callbacks, it still runs when the loop closes. */
    static final class Report extends Handle {
        Report(EventLoop loop, Runnable report) {
            super(loop, report);
        }
    }
}
