package dev.corio.bench;

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

/**
 * Issue 11, lock hand-off under contention: {@code tasks} tasks each take one lock {@value #HOLDS_PER_RUN}
 * / {@code tasks} times and yield once while holding it ({@code async with lock: await sleep(0)}), so the
 * others queue on the lock and each release hands it over. Corio's {@code dev.corio.sync.Lock} (FIFO, as
 * asyncio's) against {@code ReentrantLock} (unfair, the default, and fair) with virtual threads
 * ({@code lock(); Thread.yield(); unlock()}) and Kotlin's {@code Mutex} ({@code withLock { yield() }}). Score:
 * nanoseconds per critical section, the tasks' start and join included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(LockBench.HOLDS_PER_RUN)
public class LockBench {
    static final int HOLDS_PER_RUN = 100_000;

    @Param("100")
    public int tasks;

    private int rounds;

    @Setup
    public void setUp() {
        if (HOLDS_PER_RUN % tasks != 0) {
            throw new IllegalArgumentException("tasks must divide " + HOLDS_PER_RUN + ": " + tasks);
        }
        rounds = HOLDS_PER_RUN / tasks;
    }

    @Benchmark
    public long corio() {
        return checked(SyncPeers.lockHandoff(tasks, rounds));
    }

    @Benchmark
    @Fork(jvmArgsAppend = Peers.ONE_CARRIER)
    public long virtual1() throws InterruptedException {
        return checked(SyncPeers.lockHandoff(Threads.virtual(), false, tasks, rounds));
    }

    @Benchmark
    @Fork(jvmArgsAppend = Peers.ONE_CARRIER)
    public long virtual1Fair() throws InterruptedException {
        return checked(SyncPeers.lockHandoff(Threads.virtual(), true, tasks, rounds));
    }

    @Benchmark
    public long virtualDefault() throws InterruptedException {
        return checked(SyncPeers.lockHandoff(Threads.virtual(), false, tasks, rounds));
    }

    @Benchmark
    public long kotlinLoop() {
        return checked(KotlinPeers.lockHandoff("loop", tasks, rounds));
    }

    @Benchmark
    public long kotlinDefault() {
        return checked(KotlinPeers.lockHandoff("default", tasks, rounds));
    }

    private long checked(long holds) {
        Peers.check((long) tasks * rounds, holds, "critical sections");
        return holds;
    }
}
