package dev.corio.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ten-million-iteration await loops on one task, each kind of await, with the heap flat throughout. */
@Tag("stress")
@Timeout(600)
class AwaitLoopStressTest {
    private static final int N = 10_000_000;

    /** A coroutine that yields once (a suspension inside an awaited frame), then returns {@code value}. */
    static final class YieldThen extends Coroutine<Long> {
        private final long value;
        private boolean yielded;

        YieldThen(long value) {
            this.value = value;
        }

        @Override
        protected Object resume(Object v, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (!yielded) {
                yielded = true;
                Object r = Corio.sleep(0).awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return value;
        }
    }

    private static void run(String kind, EventLoop loop, LongFunction<Awaitable<?>> next, long expectedSum) {
        long[] sum = {0};
        long[] heapAt = new long[2];
        long t0 = System.nanoTime();
        long gcBefore = Heap.gcNanos;
        long n = loop.runUntilComplete(loop.createTask(new Repeat(N, next::apply, (i, v, e) -> {
            if (e != null) {
                throw e;
            }
            sum[0] += v == null ? 1 : ((Number) v).longValue();
            if (i == N / 10) {
                heapAt[0] = Heap.usedAfterGc();
            } else if (i == N - 1) {
                heapAt[1] = Heap.usedAfterGc();
            }
        })));
        long took = System.nanoTime() - t0 - (Heap.gcNanos - gcBefore); // without the measuring GCs
        assertEquals(N, n);
        assertEquals(expectedSum, sum[0], kind);
        long growth = heapAt[1] - heapAt[0];
        Heap.figure("await loop, " + kind, String.format("%,d awaits in %.2f s (%.1f ns each); heap after GC at 1M:"
                + " %s, at 10M: %s", N, took / 1e9, (double) took / N, Heap.mb(heapAt[0]), Heap.mb(heapAt[1])));
        assertTrue(growth < 8 << 20, kind + ": the heap grew by " + Heap.mb(growth) + " over 9M awaits");
    }

    @Test
    void tenMillionAwaitsOfCompletedFutures() {
        EventLoop loop = EventLoop.create();
        @SuppressWarnings("unchecked")
        AsyncFuture<Long>[] done = new AsyncFuture[8];
        for (int k = 0; k < 8; k++) {
            done[k] = loop.createFuture();
            done[k].setResult((long) k);
        }
        run("completed future", loop, i -> done[(int) (i & 7)], (long) N / 8 * 28);
        loop.close();
    }

    @Test
    void tenMillionSuspendingYields() {
        EventLoop loop = EventLoop.create();
        run("sleep(0), a trip through the loop each", loop, i -> Corio.sleep(0), N);
        loop.close();
    }

    @Test
    void tenMillionNonSuspendingCoroutines() {
        EventLoop loop = EventLoop.create();
        run("a new coroutine that returns at once", loop, i -> Corio.result(1L), N);
        loop.close();
    }

    @Test
    void tenMillionCoroutinesThatSuspendOnce() {
        EventLoop loop = EventLoop.create();
        run("a new coroutine that yields once", loop, i -> new YieldThen(1), N);
        loop.close();
    }
}
