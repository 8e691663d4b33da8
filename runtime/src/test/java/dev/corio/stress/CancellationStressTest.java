package dev.corio.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A million cancellations of tasks suspended two frames deep: every {@code finally} runs exactly once. */
@Tag("stress")
@Timeout(600)
class CancellationStressTest {

    /** {@code try { return await(inner); } finally { ran[index]++; }} */
    static final class WithFinally extends Coroutine<Object> {
        private final int index;
        private final byte[] ran;
        private Awaitable<?> inner;

        WithFinally(int index, byte[] ran, Awaitable<?> inner) {
            this.index = index;
            this.ran = ran;
            this.inner = inner;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            Awaitable<?> a = inner;
            if (a != null) {
                inner = null;
                Object r;
                try {
                    r = a.awaitFrom(this);
                } catch (Throwable t) {
                    ran[index]++;
                    throw t;
                }
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                ran[index]++;
                return r;
            }
            ran[index]++; // resumed with the outcome of the await: the finally runs, then the outcome goes on
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    @Test
    void aMillionCancellationsRunEveryFinallyOnce() {
        int n = 1_000_000;
        byte[] outer = new byte[n];
        byte[] inner = new byte[n];
        EventLoop loop = EventLoop.create();
        @SuppressWarnings("unchecked")
        Task<Object>[] tasks = new Task[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = loop.createTask(new WithFinally(i, outer, new WithFinally(i, inner, Corio.sleep(3600))));
        }
        loop.runUntilComplete(Corio.sleep(0)); // every task starts and suspends on its hour-long sleep
        long t0 = System.nanoTime();
        for (Task<Object> t : tasks) {
            assertTrue(t.cancel());
        }
        long cancelled = System.nanoTime() - t0;
        loop.runUntilComplete(Corio.sleep(0));
        loop.runUntilComplete(Corio.sleep(0));
        long took = System.nanoTime() - t0;
        for (int i = 0; i < n; i++) {
            if (outer[i] != 1 || inner[i] != 1 || !tasks[i].isCancelled()) {
                throw new AssertionError("task " + i + ": outer finally ran " + outer[i] + " times, inner "
                        + inner[i] + ", " + tasks[i]);
            }
        }
        assertTrue(loop.allTasks().isEmpty());
        CancelledError e = null;
        try {
            tasks[0].result();
        } catch (CancelledError c) {
            e = c;
        }
        assertTrue(e != null);
        Heap.figure("cancellations", String.format("%,d tasks cancelled two frames deep: cancel() calls %.2f s,"
                + " until all done %.2f s (%.0f ns per task); every finally ran once", n, cancelled / 1e9, took / 1e9,
                (double) took / n));
        loop.close();
        assertEquals(n, outer.length);
    }
}
