package dev.corio.jmh;

import dev.corio.Awaitable;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An event loop per JMH thread, for {@code @Benchmark} methods that run a coroutine:
 *
 * <pre>{@code
 * @Benchmark
 * public int comments(BenchLoop loop, Service s) {
 *     return loop.run(s.counter.comments(8863));   // an @Async method's coroutine, to completion
 * }
 * }</pre>
 *
 * <p>JMH creates one per benchmark thread ({@link Scope#Thread}) and calls {@link #open()} on that thread
 * before the trial and {@link #close()} after it, so no invocation pays for a loop. {@link #run} runs the
 * coroutine until it completes, on a real clock, and returns its value; then, so that one invocation
 * cannot leak work into the next or fail silently, it fails the invocation (JMH reports the benchmark as
 * failed with the exception) when
 * <ul>
 *   <li>the coroutine threw: that exception, unchanged;</li>
 *   <li>tasks it created are still pending: {@link IllegalStateException} naming them, after cancelling
 *       them and letting them finish, so the next invocation starts on an empty loop;</li>
 *   <li>the loop reported an error (an exception in a callback, a task's exception never retrieved):
 *       {@link IllegalStateException} with the report's message and the exception as its cause.</li>
 * </ul>
 * The checks cost a walk of the loop's task list per invocation, which JMH counts: for sub-microsecond
 * coroutines, run a batch per invocation (a loop inside the coroutine) and divide.
 */
@State(Scope.Thread)
public class BenchLoop {
    private EventLoop loop;
    private final List<ExceptionContext> reports = new ArrayList<>();

    /** Creates the loop on the calling (JMH's benchmark) thread; JMH calls it before the trial. */
    @Setup(Level.Trial)
    public void open() {
        if (loop != null) {
            throw new IllegalStateException("BenchLoop.open(): already open");
        }
        loop = EventLoop.create();
        loop.setExceptionHandler((l, context) -> reports.add(context));
    }

    /** The loop, for what a benchmark prepares on it (servers, clients); on the benchmark's thread only. */
    public EventLoop loop() {
        return checkOpen("loop()");
    }

    /**
     * Runs {@code main} to completion on the loop and returns its value; fails as the class documentation
     * says. {@code main} is typically a fresh coroutine, {@code service.method(args)}, per invocation.
     */
    public <T> T run(Awaitable<T> main) {
        EventLoop l = checkOpen("run()");
        T value;
        try {
            value = l.runUntilComplete(main);
        } catch (RuntimeException | Error e) {
            cleanUp(l, e);
            throw e;
        }
        cleanUp(l, null);
        return value;
    }

    private void cleanUp(EventLoop l, Throwable failed) {
        Set<Task<?>> left = l.allTasks();
        String pending = null;
        if (!left.isEmpty()) {
            pending = left.stream().map(Task::toString).collect(Collectors.joining(", "));
            left.forEach(Task::cancel);
            l.runUntilComplete(Corio.gatherReturnExceptions(new ArrayList<>(left)));
        }
        if (failed != null) {
            reports.clear(); // the coroutine's own failure is the one JMH shows
            return;
        }
        if (pending != null) {
            reports.clear();
            throw new IllegalStateException("the benchmark's coroutine returned with " + left.size()
                    + " task(s) still pending (cancelled now; await them, or use a TaskGroup): " + pending);
        }
        if (!reports.isEmpty()) {
            ExceptionContext first = reports.get(0);
            int n = reports.size();
            reports.clear();
            throw new IllegalStateException("the loop reported " + n + " error(s) during the invocation; the first: "
                    + first.message(), first.exception());
        }
    }

    /** Closes the loop; JMH calls it after the trial. Reports made while closing fail the trial. */
    @TearDown(Level.Trial)
    public void close() {
        EventLoop l = checkOpen("close()");
        loop = null;
        l.close();
        if (!reports.isEmpty()) {
            ExceptionContext first = reports.get(0);
            reports.clear();
            throw new IllegalStateException("closing the benchmark's loop reported: " + first.message(), first.exception());
        }
    }

    private EventLoop checkOpen(String what) {
        if (loop == null) {
            throw new IllegalStateException("BenchLoop." + what + " before open(): take it as a parameter of the"
                    + " @Benchmark method (JMH opens it on the benchmark thread), or call open() yourself");
        }
        return loop;
    }
}
