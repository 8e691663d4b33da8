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
 * Workload 4, recursive fan-out: count the nodes of a {@link Tree} shaped like a comment thread, one task per
 * node (each node starts a task per reply, then awaits them in order), with no latency. Score: milliseconds
 * per whole tree (single shot); the report divides by the node count. Platform threads count a tree of
 * {@code platformNodes} (10,000) nodes instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FanOutBench {
    @Param("1000000")
    public int nodes;

    @Param("10000")
    public int platformNodes;

    private Tree tree;
    private Tree smallTree;
    private ExecutorService cfExecutor;

    @Setup
    public void setUp() {
        tree = Tree.of(nodes);
        smallTree = Tree.of(platformNodes);
        cfExecutor = CfPeers.oneThread();
    }

    @TearDown
    public void tearDown() {
        cfExecutor.shutdownNow();
    }

    @Benchmark
    public int corio() {
        return checked(tree, CorioPeers.fanOut(tree));
    }

    /** Issue 14's opt-in: the same coroutines on a loop with eager task start (EventLoop.setEagerTaskStart). */
    @Benchmark
    public int corioEager() {
        return checked(tree, CorioPeers.fanOutEager(tree));
    }

    @Benchmark
    public int corioAsync() {
        return checked(tree, CorioAsyncPeers.fanOut(tree));
    }

    @Benchmark
    public int platform() throws InterruptedException {
        return checked(smallTree, ThreadPeers.fanOut(Threads.platform(), smallTree));
    }

    @Benchmark
    @Fork(jvmArgsAppend = Peers.ONE_CARRIER)
    public int virtual1() throws InterruptedException {
        return checked(tree, ThreadPeers.fanOut(Threads.virtual(), tree));
    }

    @Benchmark
    public int virtualDefault() throws InterruptedException {
        return checked(tree, ThreadPeers.fanOut(Threads.virtual(), tree));
    }

    @Benchmark
    public int kotlinLoop() {
        return checked(tree, KotlinPeers.fanOut("loop", tree));
    }

    @Benchmark
    public int kotlinSingle() {
        return checked(tree, KotlinPeers.fanOut("single", tree));
    }

    @Benchmark
    public int kotlinDefault() {
        return checked(tree, KotlinPeers.fanOut("default", tree));
    }

    @Benchmark
    public int cf() {
        return checked(tree, CfPeers.fanOut(cfExecutor, tree));
    }

    private static int checked(Tree t, int count) {
        Peers.check(t.size, count, "nodes counted");
        return count;
    }
}
