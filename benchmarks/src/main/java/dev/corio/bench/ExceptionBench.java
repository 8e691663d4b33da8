package dev.corio.bench;

import dev.corio.EventLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 15: the cost of an exception thrown {@value #DEPTH} levels deep and caught at the top, per throw:
 * through plain calls, through {@code @Async} awaits that never suspend (no async stack trace work: the
 * frames are on the Java stack) and through awaits that suspend at every level (each suspended frame the
 * exception reaches is written into its trace). The suspending variant also pays {@value #DEPTH} + 1
 * {@code sleep(0)} switches per throw; compare it before and after a change, or with itself under
 * {@code -Dcorio.asyncStackTraces=false} ({@code -jvmArgsAppend}), not with the others. {@link #plainCallsTraceRead}
 * is the plain throw with its trace's elements built, the part of an async trace the JVM charges for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ExceptionBench.ROUNDS)
public class ExceptionBench {
    static final int DEPTH = 5;
    static final int ROUNDS = 100;

    private EventLoop loop;
    private final TraceWorkloads workloads = TraceWorkloads.create();

    @Setup
    public void setUp() {
        loop = EventLoop.create();
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    public int plainCalls() {
        int caught = 0;
        for (int i = 0; i < ROUNDS; i++) {
            try {
                TraceWorkloads.plainFailDeep(DEPTH);
            } catch (IllegalStateException e) {
                caught++;
            }
        }
        return check(caught);
    }

    /**
     * The peer for what an async stack trace costs: the same throw through plain calls, and its stack trace
     * read at the catch ({@code getStackTrace()}, as logging or printing it does), which makes the JVM build
     * the trace's elements. An async trace needs them built at the first suspended frame it crosses.
     */
    @Benchmark
    public int plainCallsTraceRead() {
        int caught = 0;
        for (int i = 0; i < ROUNDS; i++) {
            try {
                TraceWorkloads.plainFailDeep(DEPTH);
            } catch (IllegalStateException e) {
                if (e.getStackTrace().length > DEPTH) {
                    caught++;
                }
            }
        }
        return check(caught);
    }

    @Benchmark
    public int asyncNotSuspending() {
        return check(loop.runUntilComplete(workloads.catchDeep(DEPTH, false, ROUNDS)));
    }

    @Benchmark
    public int asyncSuspending() {
        return check(loop.runUntilComplete(workloads.catchDeep(DEPTH, true, ROUNDS)));
    }

    private static int check(int caught) {
        Peers.check(ROUNDS, caught, "exceptions caught");
        return caught;
    }
}
