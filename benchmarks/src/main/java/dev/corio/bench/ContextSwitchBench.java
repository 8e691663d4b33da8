package dev.corio.bench;

import dev.corio.context.ContextVar;
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

/**
 * Issue 11, what a switch costs once a program uses context variables: {@code SwitchBench.corio}'s workload
 * ({@code tasks} tasks yielding until {@value Peers#SWITCHES} yields) run after the benchmark thread set a
 * variable, so every task holds a non-empty context and every step switches the thread's current context
 * (the path {@code SwitchBench} never takes). Compare with {@code SwitchBench.corio} in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Peers.SWITCHES)
public class ContextSwitchBench {
    @Param("100")
    public int tasks;

    private int rounds;

    @Setup
    public void setUp() {
        rounds = Peers.SWITCHES / tasks;
        new ContextVar<String>("request_id").set("r-17");
    }

    @Benchmark
    public long corio() {
        long n = CorioPeers.switchYield(tasks, rounds);
        Peers.check((long) tasks * rounds, n, "yields");
        return n;
    }
}
