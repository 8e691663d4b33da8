package dev.corio.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 1, switch cost: {@code tasks} tasks take turns by yielding ({@code sleep(0)}, {@code yield()},
 * {@link Thread#yield()}, one more async stage) until {@value Peers#SWITCHES} yields were made in all;
 * the score is nanoseconds per yield, the start and join of the tasks included (amortised over the yields).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Peers.SWITCHES)
public class SwitchBench {
    @Param("100")
    public int tasks;

    private int rounds;
    private ExecutorService cfExecutor;

    @Setup
    public void setUp() {
        if (Peers.SWITCHES % tasks != 0) {
            throw new IllegalArgumentException("tasks must divide " + Peers.SWITCHES + ": " + tasks);
        }
        rounds = Peers.SWITCHES / tasks;
        cfExecutor = CfPeers.oneThread();
    }

    @TearDown
    public void tearDown() {
        cfExecutor.shutdownNow();
    }

    @Benchmark
    public long corio() {
        return checked(CorioPeers.switchYield(tasks, rounds));
    }

    @Benchmark
    public long corioAsync() {
        return checked(CorioAsyncPeers.switchYield(tasks, rounds));
    }

    @Benchmark
    public long platform() throws InterruptedException {
        return checked(ThreadPeers.switchYield(Threads.platform(), tasks, rounds));
    }

    @Benchmark
    @Fork(jvmArgsAppend = Peers.ONE_CARRIER)
    public long virtual1() throws InterruptedException {
        return checked(ThreadPeers.switchYield(Threads.virtual(), tasks, rounds));
    }

    @Benchmark
    public long virtualDefault() throws InterruptedException {
        return checked(ThreadPeers.switchYield(Threads.virtual(), tasks, rounds));
    }

    @Benchmark
    public long kotlinLoop() {
        return checked(KotlinPeers.switchYield("loop", tasks, rounds));
    }

    @Benchmark
    public long kotlinSingle() {
        return checked(KotlinPeers.switchYield("single", tasks, rounds));
    }

    @Benchmark
    public long kotlinDefault() {
        return checked(KotlinPeers.switchYield("default", tasks, rounds));
    }

    @Benchmark
    public long cf() {
        return checked(CfPeers.switchYield(cfExecutor, tasks, rounds));
    }

    private long checked(long yields) {
        Peers.check((long) tasks * rounds, yields, "yields");
        return yields;
    }
}
