package dev.corio.bench.access;

import dev.corio.AsyncFuture;
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
 * Issue 16: the cost of the accessors through which a state machine reaches protected members inherited
 * from another package ({@code MethodHandle} for the method, {@code VarHandle} for the field, in
 * {@code static final} fields), against the same body on public members (direct). {@value #N} iterations
 * per invocation, each an await of a completed future plus one method call and one field read;
 * nanoseconds per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(AccessBench.N)
public class AccessBench {
    static final int N = 1000;
    /** done[k] holds k + 1, step(i) is i & 7, bias 3: 36 + 28 + 24 per eight iterations. */
    private static final long SUM = (36L + 28 + 24) * (N / 8);

    private EventLoop loop;
    private AsyncFuture<Integer>[] done;
    private final AccessWork work = new Corio_AccessWork();

    @Setup
    public void setUp() {
        loop = EventLoop.create();
        @SuppressWarnings("unchecked")
        AsyncFuture<Integer>[] futures = new AsyncFuture[8];
        for (int k = 0; k < futures.length; k++) {
            futures[k] = loop.createFuture();
            futures[k].setResult(k + 1);
        }
        done = futures;
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    /** step(i) and bias: protected, of a base in another package, through the machine's handles. */
    @Benchmark
    public long protectedViaHandles() {
        return check(loop.runUntilComplete(work.protectedMembers(done, N)));
    }

    /** The same body on private members of the class itself, through the machine's handles. */
    @Benchmark
    public long privateViaHandles() {
        return check(loop.runUntilComplete(work.privateMembers(done, N)));
    }

    /** The same body on public members, which the machine calls directly. */
    @Benchmark
    public long publicDirect() {
        return check(loop.runUntilComplete(work.publicMembers(done, N)));
    }

    private static long check(long got) {
        if (got != SUM) {
            throw new IllegalStateException("sum " + got + ", expected " + SUM);
        }
        return got;
    }
}
