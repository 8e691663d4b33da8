package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The book's chapter 8, "Improving Asyncio Applications": profiling a coroutine's memory (and time),
 * spotting a long-running coroutine with where it was created, and a future instead of a busy loop.
 * Python's {@code tracemalloc} has no JVM counterpart that a program can switch on; the nearest is the
 * bytes the loop's thread allocated ({@code com.sun.management.ThreadMXBean}), which counts what the
 * coroutine and everything the loop ran meanwhile allocated. The processor generates {@code Corio_Chapter8}.
 */
public class Chapter8 {
    final Env env;

    public Chapter8(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ profiling

    /** The bytes this thread has allocated so far, or -1 where the JVM does not count them. */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** The book's {@code Profiler}: per coroutine name, the memory (and, here, loop time) of its last call. */
    public static final class Profiler {
        final Map<String, long[]> stats = new LinkedHashMap<>();
        final Map<String, Double> times = new HashMap<>();
    }

    /** {@code @profiler.profile_memory_usage}: wraps a coroutine, measuring around its await. */
    @Async
    public <T> Coroutine<T> profileMemoryUsage(Profiler profiler, String name, Supplier<Coroutine<T>> f) {
        long before = allocatedBytes();
        double start = getRunningLoop().time();
        T res = await(f.get());
        profiler.stats.put(name, new long[] {allocatedBytes() - before});
        profiler.times.put(name, getRunningLoop().time() - start);
        return result(res);
    }

    @Async
    public Coroutine<Integer> profiledMain(int items) {
        List<String> garbage = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            garbage.add("item " + i); // something to measure: the book's main does nothing
        }
        await(sleep(1));
        return result(garbage.size());
    }

    /** {@code with profiler: asyncio.run(main())}, then {@code profiler.print()}. */
    public void printStats(Profiler profiler) {
        profiler.stats.forEach((name, bytes) -> env.log.info(name + ": " + (bytes[0] < 0 ? "allocation not counted"
                : "allocated " + bytes[0] + " bytes") + String.format(" in %.2f s of loop time", profiler.times.get(name))));
    }

    // ------------------------------------------------------------ a long-running coroutine

    static final double THRESHOLD = 0.5;

    /** The coroutine's {@code cr_origin}: where it was created, up to ten frames of this program. */
    public record Origin(List<StackWalker.StackFrame> frames) {
        static Origin here() {
            return new Origin(StackWalker.getInstance().walk(s -> s.skip(1)
                    .filter(f -> f.getClassName().startsWith("dev.corio.sample") && !f.getClassName().contains("Corio_"))
                    .limit(10).toList()));
        }
    }

    /** {@code time_it}: awaits the coroutine and hands it, its origin and its duration to the handler. */
    @Async
    public <T> Coroutine<T> timeIt(String name, Coroutine<T> coro, Origin origin) {
        double start = getRunningLoop().time();
        T res = await(coro);
        logTime(name, origin, getRunningLoop().time() - start);
        return result(res);
    }

    void logTime(String coroutine, Origin origin, double timeDelta) {
        if (timeDelta > THRESHOLD) {
            env.log.info("WARNING: The coroutine " + coroutine + " took more than " + THRESHOLD + " s: " + timeDelta);
            for (StackWalker.StackFrame frame : origin.frames()) {
                env.log.info("WARNING: file:" + frame.getFileName() + " line:" + frame.getLineNumber() + " function:"
                        + frame.getMethodName());
            }
            if (origin.frames().isEmpty()) {
                env.log.info("WARNING: Coroutine has no origin !");
            }
        }
    }

    @Async
    public Coroutine<Void> sleepingMain(double seconds) {
        await(sleep(seconds));
        return result(null);
    }

    /** {@code @log_time async def main(): await asyncio.sleep(1)}: the decorated call records its origin. */
    public Coroutine<Void> longRunningMain(double seconds) {
        return timeIt("main", sleepingMain(seconds), Origin.here());
    }

    // ------------------------------------------------------------ avoiding busy loops

    @Async
    public Coroutine<Void> fetch(String url, AsyncFuture<BigInteger> fut) {
        await(sleep(3 + env.random.nextInt(3))); // random.randint(3, 5): simulating work
        fut.setResult(new BigInteger(1024 * 8, env.random)); // random.getrandbits(1024 * 8)
        return result(null);
    }

    @Async
    public Coroutine<Void> checker(Map<String, BigInteger> responses, String url, AsyncFuture<BigInteger> fut) {
        BigInteger result = await(fut); // no polling: the future wakes us when it is done
        responses.put(url, result);
        print(result.toString());
        return result(null);
    }

    @Async
    public Coroutine<Void> busyLoopMain() {
        AsyncFuture<BigInteger> future = getRunningLoop().createFuture();
        Map<String, BigInteger> responses = new HashMap<>();
        String url = "https://apress.com";
        await(gather(fetch(url, future), checker(responses, url, future)));
        return result(null);
    }
}
