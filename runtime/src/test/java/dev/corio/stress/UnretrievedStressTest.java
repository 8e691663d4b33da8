package dev.corio.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exceptions nobody retrieved, on a loop that runs for a long time: fire-and-forget tasks fail throughout
 * the run. With early reports on, each is reported in the tick after it failed (so at the same virtual
 * time), whether or not the task is still referenced; with them off, each is reported exactly once,
 * by the garbage collector or at the latest at close.
 */
@Tag("stress")
@Timeout(600)
class UnretrievedStressTest {
    static final int TASKS = 200_000;

    /** Sleeps {@code at} seconds, then fails with a message naming its index and the time it failed at. */
    static final class Failing extends Coroutine<Void> {
        private final int index;
        private final double at;
        private int state;

        Failing(int index, double at) {
            this.index = index;
            this.at = at;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (state == 0) {
                state = 1;
                if (Corio.sleep(at).awaitFrom(this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            if (error != null) {
                throw error;
            }
            throw new IllegalStateException(index + "@" + EventLoop.running().time());
        }
    }

    /** Spawns the tasks over about 200 virtual seconds: the loop runs all along, a task fails every millisecond. */
    private static void spawnAll(EventLoop loop, List<Object> keep) {
        for (int i = 0; i < TASKS; i++) {
            Object t = loop.createTask(new Failing(i, i * 0.001));
            if (keep != null) {
                keep.add(t);
            }
        }
    }

    @Test
    void earlyReportsComeOneTickAfterEachFailureWhetherHeldOrNot() {
        for (boolean hold : new boolean[] {false, true}) {
            EventLoop loop = EventLoop.virtual();
            loop.setReportUnretrievedEarly(true);
            BitSet seen = new BitSet(TASKS);
            int[] late = {0};
            int[] count = {0};
            loop.setExceptionHandler((l, c) -> {
                count[0]++;
                String m = c.exception().getMessage();
                int index = Integer.parseInt(m.substring(0, m.indexOf('@')));
                double failedAt = Double.parseDouble(m.substring(m.indexOf('@') + 1));
                assertTrue(!seen.get(index), "reported twice: " + index);
                seen.set(index);
                if (l.time() != failedAt) {
                    late[0]++;
                }
            });
            List<Object> keep = hold ? new ArrayList<>() : null;
            spawnAll(loop, keep);
            loop.runUntilComplete(Corio.sleep(TASKS * 0.001 + 1));
            assertEquals(TASKS, count[0], "every failure reported while the loop ran (hold " + hold + ")");
            assertEquals(0, late[0], "reports later than the tick after the failure");
            loop.close();
            assertEquals(TASKS, count[0], "none reported again at close");
        }
    }

    @Test
    void withoutEarlyReportsEachIsReportedOnceByTheCollectorOrAtClose() throws InterruptedException {
        EventLoop loop = EventLoop.virtual();
        BitSet seen = new BitSet(TASKS);
        List<String> twice = new ArrayList<>();
        int[] whileRunning = {0};
        boolean[] closing = {false};
        loop.setExceptionHandler((l, c) -> {
            String m = c.exception().getMessage();
            int index = Integer.parseInt(m.substring(0, m.indexOf('@')));
            synchronized (seen) {
                if (seen.get(index)) {
                    twice.add(m);
                }
                seen.set(index);
                if (!closing[0]) {
                    whileRunning[0]++;
                }
            }
        });
        spawnAll(loop, null);
        // Run in slices with collections in between, as a long-running server would see them.
        for (int slice = 1; slice <= 10; slice++) {
            loop.runUntilComplete(Corio.sleep(TASKS * 0.0001));
            System.gc();
        }
        loop.runUntilComplete(Corio.sleep(1));
        closing[0] = true;
        loop.close();
        assertEquals(List.of(), twice);
        assertEquals(TASKS, seen.cardinality());
        assertTrue(whileRunning[0] > 0, "the collector reported some while the loop ran");
    }

    @Test
    void anEarlyReportNamesTheTask() {
        EventLoop loop = EventLoop.virtual();
        loop.setReportUnretrievedEarly(true);
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> reports.add(c));
        Object t = loop.createTask(new Failing(0, 1));
        loop.runUntilComplete(Corio.sleep(2));
        assertEquals(1, reports.size());
        assertSame(t, reports.get(0).future());
        loop.close();
    }
}
