package dev.corio.bench;

import dev.corio.group.LoopGroup;
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
 * Issue 14, scale-out inside one JVM: fan-out over the million-node {@link Tree} and spawn-and-join of a
 * million tasks on a {@link LoopGroup} of {@code loops} loops (1 or 2; the split is {@link CorioGroupPeers}),
 * against Kotlin's {@code Dispatchers.Default} and virtual threads with two carriers. Milliseconds per
 * batch (single shot); the report divides by the count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GroupBench {
    static final String TWO_CARRIERS = "-Djdk.virtualThreadScheduler.parallelism=2";

    @Param("1000000")
    public int n;

    @Param({"1", "2"})
    public int loops;

    private Tree tree;
    private Tree.Node[][] parts;
    private LoopGroup group;

    @Setup
    public void setUp() {
        tree = Tree.of(n);
        parts = CorioGroupPeers.split(tree, loops);
        group = LoopGroup.create(loops);
    }

    @TearDown
    public void tearDown() {
        group.close();
    }

    @Benchmark
    public int fanOutCorioGroup() {
        return checkedNodes(CorioGroupPeers.fanOut(group, parts));
    }

    @Benchmark
    public long spawnCorioGroup() {
        return checkedSum(CorioGroupPeers.spawnJoin(group, n));
    }

    @Benchmark
    public int fanOutKotlinDefault() {
        return checkedNodes(KotlinPeers.fanOut("default", tree));
    }

    @Benchmark
    public long spawnKotlinDefault() {
        return checkedSum(KotlinPeers.spawnJoin("default", n));
    }

    @Benchmark
    @Fork(jvmArgsAppend = TWO_CARRIERS)
    public int virtual2FanOut() throws InterruptedException {
        return checkedNodes(ThreadPeers.fanOut(Threads.virtual(), tree));
    }

    @Benchmark
    @Fork(jvmArgsAppend = TWO_CARRIERS)
    public long virtual2Spawn() throws InterruptedException {
        return checkedSum(ThreadPeers.spawnJoin(Threads.virtual(), n));
    }

    private int checkedNodes(int count) {
        Peers.check(tree.size, count, "nodes counted");
        return count;
    }

    private long checkedSum(long sum) {
        Peers.check(n, sum, "sum of task results");
        return sum;
    }
}
