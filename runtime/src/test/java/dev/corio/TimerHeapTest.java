package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The timer heap against a sort: many timers with colliding deadlines, some cancelled (enough to trigger
 * compaction), some scheduled while others fire; they must fire in deadline order, ties in scheduling order.
 */
class TimerHeapTest {
    @Test
    void firesInDeadlineThenSchedulingOrderThroughCancellationsAndCompaction() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            EventLoop loop = EventLoop.virtual();
            List<Integer> fired = new ArrayList<>();
            List<long[]> expected = new ArrayList<>(); // {deadline ms, scheduling number}
            List<TimerHandle> handles = new ArrayList<>();
            int n = 5000;
            for (int k = 0; k < n; k++) {
                int id = k;
                int ms = rnd.nextInt(200); // many equal deadlines
                handles.add(loop.callLater(ms / 1000.0, () -> fired.add(id)));
                expected.add(new long[] {ms, k});
            }
            // Cancel about 40%: more than 64 and, with the pops, more than half of what is left at some point.
            boolean[] cancelled = new boolean[n];
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(10) < 4) {
                    handles.get(k).cancel();
                    cancelled[k] = true;
                }
            }
            // A timer scheduled from a callback lands in the heap while it is being drained.
            List<Integer> late = new ArrayList<>();
            loop.callLater(0.1, () -> loop.callLater(0.05, () -> late.add(1)));
            loop.callLater(1, loop::stop);
            loop.runForever();
            loop.close();

            List<Integer> want = new ArrayList<>();
            expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
            for (long[] e : expected) {
                if (!cancelled[(int) e[1]]) {
                    want.add((int) e[1]);
                }
            }
            assertEquals(want, fired, "seed " + seed);
            assertEquals(List.of(1), late);
        }
    }
}
