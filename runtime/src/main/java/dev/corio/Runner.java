package dev.corio;

import dev.corio.context.Context;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * asyncio's {@code Runner} ({@code runners.py}): one event loop that runs several top-level coroutines in
 * turn, then shuts down as {@link Corio#run(Coroutine)} does. {@code Corio.run(main)} is
 * {@code try (var r = new Runner()) { return r.run(main); }}.
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *     runner.run(connect());          // the same loop for both: what connect() left running goes on
 *     runner.run(serve());
 * }                                   // cancels what is left, finalizes async generators, closes the loop
 * }</pre>
 *
 * <p>The loop is made on the first {@link #run} or {@link #getLoop()}, by the factory given (by default
 * {@link EventLoop#create()}). A runner belongs to the thread that uses it, as its loop does; it is not
 * thread-safe. {@link #run} cannot be called from a running loop (inside a coroutine, {@code await} the
 * coroutine instead).
 */
public final class Runner implements AutoCloseable {
    private final Supplier<EventLoop> loopFactory;
    private final boolean debug;
    private EventLoop loop;
    /** The context every run without one of its own runs in (asyncio's Runner keeps one too). */
    private Context context;
    private boolean closed;

    /** A runner on a new {@link EventLoop#create()} loop, debug mode off. */
    public Runner() {
        this(EventLoop::create, false);
    }

    /** A runner on a loop made by {@code loopFactory}, such as {@code EventLoop::virtual} for a virtual clock. */
    public Runner(Supplier<EventLoop> loopFactory) {
        this(loopFactory, false);
    }

    /** A runner on a loop made by {@code loopFactory}, with debug mode on or off (asyncio's {@code debug=}). */
    public Runner(Supplier<EventLoop> loopFactory, boolean debug) {
        this.loopFactory = Objects.requireNonNull(loopFactory, "loopFactory");
        this.debug = debug;
    }

    /**
     * Runs {@code coro} as a task on this runner's loop until it completes, and returns its value or throws
     * its exception unchanged. Every run without a context of its own runs in the runner's context (a copy
     * of the caller's context, made with the loop), so what one run sets in a {@code ContextVar} the next
     * one sees, as in asyncio. Tasks it leaves pending stay on the loop, for the next {@code run} or for
     * {@link #close()} to cancel. If the runner is closed or a loop runs on this thread, {@code coro} is
     * closed (so it is not reported as never awaited) and {@link IllegalStateException} thrown. While it
     * runs, Ctrl-C cancels it as in {@link Corio#run(Coroutine)}.
     */
    public <T> T run(Coroutine<T> coro) {
        return run(coro, (Context) null);
    }

    /**
     * {@link #run(Coroutine)} in {@code context} ({@code null}: the runner's own), asyncio's
     * {@code Runner.run(coro, context=...)}.
     */
    public <T> T run(Coroutine<T> coro, Context context) {
        Objects.requireNonNull(coro, "coro");
        String refusal = closed ? "Runner.run() called on a closed Runner"
                : EventLoop.runningOrNull() != null ? "Runner.run() cannot be called from a running event loop"
                : null;
        if (refusal != null) {
            coro.close();
            throw new IllegalStateException(refusal);
        }
        EventLoop l = getLoop();
        Task<T> task = l.createTask(coro, null, context != null ? context : this.context);
        // asyncio 3.11's Runner.run: the first Ctrl-C cancels the task, the second exits (docs/subprocess.md)
        Runnable uninstallSigint = RunInterrupts.install(l, task);
        try {
            return l.runUntilComplete(task);
        } finally {
            uninstallSigint.run();
        }
    }

    /**
     * {@link #run(Coroutine)} that tells javac {@code coro} may fail with the checked exception {@code X},
     * so that a caller can write {@code catch (X e)} around it. Exceptions come out unchanged whatever
     * {@code X} is; this overload only changes what javac lets you write.
     */
    public <T, X extends Throwable> T run(Coroutine<T> coro, Class<X> mayThrow) throws X {
        Objects.requireNonNull(mayThrow, "mayThrow");
        return run(coro);
    }

    /** This runner's loop, made now if no {@link #run} made it yet; throws once the runner is closed. */
    public EventLoop getLoop() {
        if (closed) {
            throw new IllegalStateException("Runner.getLoop() called on a closed Runner");
        }
        if (loop == null) {
            EventLoop l = Objects.requireNonNull(loopFactory.get(), "the loop factory returned null");
            if (debug) {
                l.setDebug(true);
            }
            loop = l;
            context = Context.copyContext();
        }
        return loop;
    }

    /**
     * Shuts the loop down, as asyncio's {@code Runner.close()}: cancels the tasks still pending and waits
     * for them (reporting those that fail instead of ending cancelled to the loop's exception handler),
     * finalizes the async generators still open, shuts the default executor down, and closes the loop,
     * even when a step fails (the first failure is thrown, with later ones suppressed). Does nothing if no
     * loop was made yet or the runner is already closed.
     */
    @Override
    public void close() {
        EventLoop l = loop;
        if (l == null || closed) {
            return;
        }
        closed = true;
        loop = null;
        context = null;
        Throwable first = null;
        try {
            cancelAllTasks(l);
            l.runUntilComplete(l.shutdownAsyncgens()); // no generator's finally is skipped
            l.shutdownDefaultExecutor(300);
        } catch (Throwable t) {
            first = t;
            throw t;
        } finally {
            try {
                l.close();
            } catch (Throwable t) {
                if (first == null) {
                    throw t;
                }
                first.addSuppressed(t); // never hide the shutdown's own failure behind the close's
            }
        }
    }

    /** asyncio's {@code runners._cancel_all_tasks}. */
    private static void cancelAllTasks(EventLoop loop) {
        Set<Task<?>> pending = loop.allTasks();
        if (pending.isEmpty()) {
            return;
        }
        for (Task<?> t : pending) {
            t.cancel();
        }
        AsyncFuture<Void> all = new AsyncFuture<>(loop);
        int[] left = {pending.size()};
        for (Task<?> t : pending) {
            t.addDoneCallback(f -> {
                if (--left[0] == 0) {
                    all.setResult(null);
                }
            });
        }
        loop.runUntilComplete(all);
        for (Task<?> t : pending) {
            if (!t.isCancelled() && t.exception() != null) {
                loop.callExceptionHandler(new ExceptionContext("unhandled exception during Corio.run() shutdown",
                        t.exception(), null, t, t.origin()));
            }
        }
    }

    @Override
    public String toString() {
        return "Runner[" + (closed ? "closed" : loop == null ? "no loop yet" : loop) + "]";
    }
}
