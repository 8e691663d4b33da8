package dev.corio.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 5, producer and consumer: one producer puts {@code items} integers through a bounded queue of
 * {@code capacity}, one consumer takes and sums them. Corio: {@code corioQueue} goes through the runtime's
 * {@link dev.corio.queues.AsyncQueue} (issue 11); {@code corio} and {@code corioAsync} through
 * {@link CorioPeers.BenchQueue}, the minimal queue written in this module before the runtime had one (kept
 * for comparison with earlier runs); threads use {@code ArrayBlockingQueue}; Kotlin a
 * {@code Channel(capacity)}. No CompletableFuture peer: the JDK has no bounded queue of futures. Score:
 * milliseconds per batch (single shot); the report divides by the item count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class QueueBench {
    @Param("1000000")
    public int items;

    @Param("128")
    public int capacity;

    @Benchmark
    public long corio() {
        return checked(CorioPeers.producerConsumer(items, capacity));
    }

    @Benchmark
    public long corioQueue() {
        return checked(SyncPeers.producerConsumer(items, capacity));
    }

    @Benchmark
    public long corioAsync() {
        return checked(CorioAsyncPeers.producerConsumer(items, capacity));
    }

    @Benchmark
    public long platform() throws InterruptedException {
        return checked(ThreadPeers.producerConsumer(Threads.platform(), items, capacity));
    }

    @Benchmark
    @Fork(jvmArgsAppend = Peers.ONE_CARRIER)
    public long virtual1() throws InterruptedException {
        return checked(ThreadPeers.producerConsumer(Threads.virtual(), items, capacity));
    }

    @Benchmark
    public long virtualDefault() throws InterruptedException {
        return checked(ThreadPeers.producerConsumer(Threads.virtual(), items, capacity));
    }

    @Benchmark
    public long kotlinLoop() {
        return checked(KotlinPeers.producerConsumer("loop", items, capacity));
    }

    @Benchmark
    public long kotlinSingle() {
        return checked(KotlinPeers.producerConsumer("single", items, capacity));
    }

    @Benchmark
    public long kotlinDefault() {
        return checked(KotlinPeers.producerConsumer("default", items, capacity));
    }

    private long checked(long sum) {
        Peers.check((long) items * (items - 1) / 2, sum, "sum of items");
        return sum;
    }
}
