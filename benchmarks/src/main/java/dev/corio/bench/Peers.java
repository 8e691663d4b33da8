package dev.corio.bench;

/**
 * Shared settings of the JMH benchmarks. Benchmark method names name the peer, so the report can group them:
 * {@code corio}, {@code platform}, {@code virtual1} (one carrier), {@code virtualDefault},
 * {@code kotlinLoop}, {@code kotlinSingle}, {@code kotlinDefault}, {@code cf}.
 */
final class Peers {
    private Peers() {
    }

    /** Yields per switch-benchmark invocation, whatever the number of tasks (so the figure is per yield). */
    static final int SWITCHES = 100_000;

    /** The fork argument that gives virtual threads one carrier. */
    static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

    static void check(long expected, long got, String what) {
        if (expected != got) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + got);
        }
    }
}
