package dev.corio.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 2, spawn and join: start {@code n} tasks that each return 1 at once, then join them all in order
 * and sum. Score: milliseconds for the whole batch (single shot); the report divides by the count. Platform
 * threads do {@code platformN} (10,000) instead: the kernel stops them near 32,768.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SpawnBench {
    @Param("1000000")
    public int n;

    @Param("10000")
    public int platformN;

    private ExecutorService cfExecutor;

    @Setup
    public void setUp() {
        cfExecutor = CfPeers.oneThread();
    }

    @TearDown
    public void tearDown() {
        cfExecutor.shutdownNow();
    }

    @Benchmark
    public long corio() {
        return checked(n, CorioPeers.spawnJoin(n));
    }

    /** Issue 14's opt-in: the same coroutines on a loop with eager task start (EventLoop.setEagerTaskStart). */
    @Benchmark
    public long corioEager() {
        return checked(n, CorioPeers.spawnJoinEager(n));
    }

    @Benchmark
    public long corioAsync() {
        return checked(n, CorioAsyncPeers.spawnJoin(n));
    }

    @Benchmark
    public long platform() throws InterruptedException {
        return checked(platformN, ThreadPeers.spawnJoin(Threads.platform(), platformN));
    }

    @Benchmark
    @Fork(jvmArgsAppend = Peers.ONE_CARRIER)
    public long virtual1() throws InterruptedException {
        return checked(n, ThreadPeers.spawnJoin(Threads.virtual(), n));
    }

    @Benchmark
    public long virtualDefault() throws InterruptedException {
        return checked(n, ThreadPeers.spawnJoin(Threads.virtual(), n));
    }

    @Benchmark
    public long kotlinLoop() {
        return checked(n, KotlinPeers.spawnJoin("loop", n));
    }

    @Benchmark
    public long kotlinSingle() {
        return checked(n, KotlinPeers.spawnJoin("single", n));
    }

    @Benchmark
    public long kotlinDefault() {
        return checked(n, KotlinPeers.spawnJoin("default", n));
    }

    @Benchmark
    public long cf() {
        return checked(n, CfPeers.spawnJoin(cfExecutor, n));
    }

    private static long checked(int expected, long sum) {
        Peers.check(expected, sum, "sum of task results");
        return sum;
    }
}
