package dev.corio.testing;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.Task;
import dev.corio.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs one test's coroutine to completion on a fresh event loop with the virtual clock, Kotlin's
 * {@code runTest} and pytest-asyncio's loop-per-test for Corio:
 *
 * <pre>{@code
 * @Test
 * void refreshesAfterAnHour() {
 *     assertEquals(2, TestLoop.run(() -> new Corio_Cache(source).getTwice("k", 3600)));
 * }
 * }</pre>
 *
 * <p>What it does, in order:
 * <ol>
 *   <li>creates an {@link EventLoop#virtual()} loop in debug mode, whose exception handler keeps every
 *       report (instead of logging it);</li>
 *   <li>calls {@code body} on that loop, as its first callback (so {@code Corio.getRunningLoop()} and
 *       {@code createTask} work in it), and runs the coroutine it gives as a task until it completes or,
 *       with a timeout, until that much <em>loop</em> time passed (the virtual clock jumps over sleeps, so
 *       a one-hour timeout costs no wall time; a livelock that never lets the loop idle is left to the test
 *       framework's wall-clock timeout);</li>
 *   <li>cancels the tasks still pending and runs them until they finish;</li>
 *   <li>closes the loop, which reports the exceptions nobody retrieved and the coroutines never awaited;</li>
 *   <li>returns the coroutine's value, or throws an {@link AssertionError} that lists every problem: the
 *       coroutine's own exception (the cause; a {@link TimeoutError} when the timeout passed), the tasks
 *       left pending, and each report (with its exception as a suppressed one).</li>
 * </ol>
 *
 * <p>The thread that calls it runs the loop; it must not be running another loop. Each call has a loop of its
 * own, so tests may run in parallel on different threads.
 */
public final class TestLoop {
    private TestLoop() {
    }

    /** Runs {@code body}'s coroutine with no limit in loop time; see the class comment. */
    public static <T> T run(Supplier<? extends Coroutine<T>> body) {
        return run(null, null, body);
    }

    /**
     * Runs {@code body}'s coroutine, failing it with {@link TimeoutError} after {@code timeoutSeconds} of loop
     * time, as {@code Corio.waitFor(coroutine, timeoutSeconds)} would (the same saturation: zero or less
     * times out unless the body is done at once, an infinite timeout never does; NaN throws
     * {@link IllegalArgumentException}).
     */
    public static <T> T run(double timeoutSeconds, Supplier<? extends Coroutine<T>> body) {
        if (Double.isNaN(timeoutSeconds)) {
            throw new IllegalArgumentException("Invalid timeout: NaN");
        }
        return run(c -> Corio.waitFor(c, timeoutSeconds), timeoutSeconds + " s", body);
    }

    /**
     * Runs {@code body}'s coroutine, failing it with {@link TimeoutError} after {@code timeout} of loop time
     * ({@code null}: no limit), as {@code Corio.waitFor(coroutine, timeout)} would.
     */
    public static <T> T run(Duration timeout, Supplier<? extends Coroutine<T>> body) {
        return timeout == null ? run(null, null, body) : run(c -> Corio.waitFor(c, timeout),
                (timeout.getSeconds() + timeout.getNano() / 1e9) + " s", body);
    }

    private static <T> T run(UnaryOperator<Coroutine<T>> limit, String limitText, Supplier<? extends Coroutine<T>> body) {
        Objects.requireNonNull(body, "body");
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        loop.setExceptionHandler((l, context) -> reports.add(context));
        loop.setDebug(true);
        AsyncFuture<T> outcome = new AsyncFuture<>(loop);
        loop.callSoon(() -> start(loop, body, limit, outcome));
        T value = null;
        Throwable failure = null;
        List<String> pending = new ArrayList<>();
        try {
            try {
                value = loop.runUntilComplete(outcome);
            } catch (Throwable e) { // the test body's own exception, checked or not, reported as the cause
                failure = e;
            }
            List<Task<?>> left = new ArrayList<>();
            for (Task<?> t : loop.allTasks()) {
                if (!t.isDone()) {
                    left.add(t);
                    pending.add(t.getName() + " (" + t + ")");
                    t.cancel("the test ended with this task pending");
                }
            }
            if (!left.isEmpty()) {
                // one that fails instead of finishing cancelled is reported by close(): never retrieved
                loop.runUntilComplete(Corio.waitTasks(left));
            }
        } finally {
            loop.close();
        }
        if (failure == null && pending.isEmpty() && reports.isEmpty()) {
            return value;
        }
        throw failure(limitText, failure, pending, reports);
    }

    private static <T> void start(EventLoop loop, Supplier<? extends Coroutine<T>> body,
            UnaryOperator<Coroutine<T>> limit, AsyncFuture<T> outcome) {
        Coroutine<T> coroutine;
        try {
            coroutine = Objects.requireNonNull(body.get(), "the test body gave null instead of a coroutine");
        } catch (RuntimeException | Error e) {
            outcome.setException(e);
            return;
        }
        Task<T> main = loop.createTask(limit == null ? coroutine : limit.apply(coroutine), "test body");
        main.addDoneCallback(f -> {
            if (f.isCancelled()) {
                outcome.cancel("the test body's task was cancelled");
            } else if (f.exception() != null) {
                outcome.setException(f.exception());
            } else {
                outcome.setResult(f.result());
            }
        });
    }

    private static AssertionError failure(String limitText, Throwable failure, List<String> pending,
            List<ExceptionContext> reports) {
        StringBuilder m = new StringBuilder();
        if (failure instanceof TimeoutError && limitText != null) {
            m.append("the test body did not complete within ").append(limitText).append(" of loop time");
        } else if (failure instanceof CancelledError) {
            m.append("the test body was cancelled: ").append(failure.getMessage());
        } else if (failure != null) {
            m.append("the test body failed: ").append(failure);
        }
        if (!pending.isEmpty()) {
            sep(m).append(pending.size()).append(pending.size() == 1 ? " task was" : " tasks were")
                    .append(" still pending when the test body ended (cancelled now): ").append(pending);
        }
        for (ExceptionContext r : reports) {
            sep(m).append(r.message());
            if (r.exception() != null) {
                m.append(": ").append(r.exception());
            }
        }
        AssertionError e = new AssertionError(m.toString(), failure);
        for (ExceptionContext r : reports) {
            if (r.exception() != null && r.exception() != failure) {
                e.addSuppressed(r.exception());
            }
        }
        return e;
    }

    private static StringBuilder sep(StringBuilder m) {
        return m.length() == 0 ? m : m.append("; ");
    }
}
