package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The retained heap of a sleeping task (task, which is its own timer, + frame + queue slot) stays well under the
 * 300-byte budget of issue 2. Measured over many tasks so that noise does not matter.
 */
class MemoryFootprintTest {

    /** A frame with one int of state, like a generated one for {@code await(sleep(1000))}. */
    static final class Sleeper extends Coroutine<Void> {
        int state;

        @Override
        protected Object resume(Object v, Throwable e) throws Throwable {
            if (e != null) {
                throw e;
            }
            if (state == 0) {
                state = 1;
                Object r = Corio.sleep(1000).awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return null;
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void aSleepingTaskRetainsLessThan300Bytes() throws Exception {
        int n = 100_000;
        EventLoop loop = EventLoop.virtual();
        Task<?>[] tasks = new Task<?>[n];
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            tasks[i] = loop.createTask(new Sleeper());
        }
        TestBase.runOnce(loop);
        long after = usedAfterGc();
        assertEquals(n, loop.timerCount());
        double perTask = (after - before) / (double) n;
        assertTrue(perTask < 300, "retained " + perTask + " bytes per sleeping task");
        assertTrue(perTask > 100, "the measurement saw the tasks (" + perTask + " bytes)");
        for (Task<?> t : tasks) {
            t.cancel();
        }
        TestBase.runOnce(loop); // the cancelled tasks finish: closing reports no pending task
        loop.close();
    }
}
