package dev.corio;

import java.lang.ref.Cleaner;

/**
 * A report the runtime owes if something is dropped unobserved: an exception nobody retrieved (made when a
 * future fails) or, in debug mode, a coroutine never started (made when it is created). It is armed until
 * the owner disarms it (the exception was retrieved, the coroutine started), and then reported once, by
 * whichever comes first:
 * <ul>
 *   <li>the garbage collector: the owner became unreachable and the {@link Cleaner} ran this report (on the
 *       cleaner's thread; the loop delivers it in its next tick, or at close if it is idle);</li>
 *   <li>the loop's {@link EventLoop#close()}, for every report still armed;</li>
 *   <li>an early report the owner asks for ({@link #reportNow}), e.g. for a task that failed unobserved
 *       ({@link EventLoop#setReportUnretrievedEarly}).</li>
 * </ul>
 * The report must not reference its owner (that would keep it reachable), so it carries a message made
 * when it was armed.
 */
final class LeakReport implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The loop to report through; null for a coroutine created while no loop ran (default handler). */
    private final EventLoop loop;
    private final String message;
    /** The exception nobody retrieved, or where a never-awaited coroutine was created. */
    private final Throwable exception;
    /** Debug mode: where the failed task was created, or null. */
    private final Throwable origin;
    private volatile boolean armed = true;
    private final Cleaner.Cleanable cleanable;
    /**
     * Someone showed interest in the failed owner after it failed (a done callback added to it), so an
     * early report would be premature: only the collector or the loop's close reports it. Loop thread only.
     */
    boolean observed;

    private LeakReport(Object owner, EventLoop loop, String message, Throwable exception, Throwable origin) {
        this.loop = loop;
        this.message = message;
        this.exception = exception;
        this.origin = origin;
        this.cleanable = CLEANER.register(owner, this);
        if (loop != null) {
            loop.leaks.track(this);
        }
    }

    /** Arms a report for {@code owner}, made through {@code loop} (or the default handler if null). */
    static LeakReport arm(Object owner, EventLoop loop, String message, Throwable exception) {
        return new LeakReport(owner, loop, message, exception, null);
    }

    /** {@link #arm(Object, EventLoop, String, Throwable)} naming where the owner (a task) was created. */
    static LeakReport arm(Object owner, EventLoop loop, String message, Throwable exception, Throwable origin) {
        return new LeakReport(owner, loop, message, exception, origin);
    }

    /** The owner was observed as it should be: no report. */
    void disarm() {
        armed = false;
        if (loop != null) {
            loop.leaks.untrack(this);
        }
        cleanable.clean();
    }

    /** The exception nobody retrieved (or where a never-awaited coroutine was created). */
    Throwable exception() {
        return exception;
    }

    /** Called by the cleaner once the owner is unreachable, or through {@link #reportNow}. */
    @Override
    public void run() {
        report(null);
    }

    /** Reports now, if still armed, naming {@code owner} (still reachable) in the context. */
    void reportNow(AsyncFuture<?> owner) {
        if (!armed) {
            return;
        }
        report(owner);
        cleanable.clean(); // runs run(), which finds the report done
    }

    /** At the loop's close: report now if still armed. */
    void reportAtClose() {
        cleanable.clean();
    }

    private void report(AsyncFuture<?> owner) {
        if (!armed) {
            return;
        }
        armed = false;
        ExceptionContext context = new ExceptionContext(message, exception, null, owner, origin);
        if (loop != null) {
            loop.leaks.report(context, this);
        } else {
            EventLoop.defaultReport(context);
        }
    }
}
