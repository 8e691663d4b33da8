package dev.corio.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Issue 2: the loop on its own (Corio only). */
@State(Scope.Benchmark)
public class LoopBench {
    static final int CALLBACKS = 10_000;

    @Param("1000000")
    public int timers;

    private double[] delays;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        delays = new double[timers];
        for (int i = 0; i < timers; i++) {
            delays[i] = rnd.nextDouble() * 10;
        }
    }

    /**
     * call-soon throughput: {@value #CALLBACKS} callbacks scheduled with callSoon, then one tick runs them;
     * nanoseconds per callback (scheduling, the handle, running it; a fresh loop per batch).
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(CALLBACKS)
    public long callSoon() {
        long ran = CorioPeers.callSoon(CALLBACKS);
        Peers.check(CALLBACKS, ran, "callbacks run");
        return ran;
    }

    /**
     * A million timers: callLater with uniformly random delays in [0, 10) s on a virtual-clock loop, then
     * run until all fired (binary heap: push, then pop in deadline order). Milliseconds per batch.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long timers() {
        long fired = CorioPeers.timers(delays);
        Peers.check(timers, fired, "timers fired");
        return fired;
    }
}
