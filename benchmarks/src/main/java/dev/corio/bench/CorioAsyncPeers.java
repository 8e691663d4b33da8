package dev.corio.bench;

import dev.corio.Corio;

/** Runs the {@code @Async} versions of the Corio workloads ({@link AsyncWorkloads}), each on a fresh loop. */
public final class CorioAsyncPeers {
    private CorioAsyncPeers() {
    }

    private static final AsyncWorkloads W = AsyncWorkloads.create();

    public static long switchYield(int tasks, int rounds) {
        return Corio.run(W.switchMain(tasks, rounds));
    }

    public static long spawnJoin(int n) {
        return Corio.run(W.spawnMain(n));
    }

    public static int fanOut(Tree tree) {
        return Corio.run(W.count(tree.root));
    }

    public static long producerConsumer(int n, int capacity) {
        return Corio.run(W.pipeMain(new CorioPeers.BenchQueue<>(capacity), n));
    }

    /** The generated workloads, for benchmarks that drive them on their own loop. */
    public static AsyncWorkloads workloads() {
        return W;
    }
}
