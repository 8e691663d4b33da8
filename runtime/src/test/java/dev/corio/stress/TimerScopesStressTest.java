package dev.corio.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.TimeoutError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A million timeout scopes on one task: nine in ten exit before their deadline, one in ten expires. */
@Tag("stress")
@Timeout(600)
class TimerScopesStressTest {

    @Test
    void aMillionTimeoutScopesWithAFlatHeap() {
        int n = 1_000_000;
        long[] expired = {0};
        long[] completed = {0};
        long[] heapAt = new long[2];
        EventLoop loop = EventLoop.create();
        long t0 = System.nanoTime();
        long gcBefore = Heap.gcNanos;
        long done = loop.runUntilComplete(loop.createTask(new Repeat(n,
                i -> Corio.timeout(i % 10 == 0 ? -1 : 10, t -> Corio.sleep(0)),
                (i, v, e) -> {
                    if (e instanceof TimeoutError) {
                        expired[0]++;
                    } else if (e != null) {
                        throw e;
                    } else {
                        completed[0]++;
                    }
                    if (i == n / 10) {
                        heapAt[0] = Heap.usedAfterGc();
                    } else if (i == n - 1) {
                        heapAt[1] = Heap.usedAfterGc();
                    }
                })));
        long took = System.nanoTime() - t0 - (Heap.gcNanos - gcBefore); // without the measuring GCs
        loop.close();
        assertEquals(n, done);
        assertEquals(n / 10, expired[0]);
        assertEquals(n - n / 10, completed[0]);
        long growth = heapAt[1] - heapAt[0];
        Heap.figure("timer scopes", String.format("%,d timeout scopes (%,d expired) in %.2f s (%.0f ns each);"
                + " heap after GC at 100k: %s, at 1M: %s", n, expired[0], took / 1e9, (double) took / n,
                Heap.mb(heapAt[0]), Heap.mb(heapAt[1])));
        assertTrue(growth < 8 << 20, "the heap grew by " + Heap.mb(growth) + " over 900k scopes");
    }
}
