package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Coroutine#clearLocals()}: a task's coroutine is told once, when it has finished and the task's
 * outcome is set, so a done task (kept for {@link Task#getCoro()}) need not keep what the frame's locals held;
 * a coroutine awaited directly is never told (its awaiter drops it), nor one that may still run.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClearLocalsTest {

    /** Awaits {@code gate}, then returns {@code held} or throws {@code fail}; records each clearLocals call. */
    static final class Holder extends Coroutine<Object> {
        final List<String> log;
        final AsyncFuture<?> gate;
        final RuntimeException fail;
        Object held = "held";
        private boolean suspended;

        Holder(List<String> log, AsyncFuture<?> gate, RuntimeException fail) {
            this.log = log;
            this.gate = gate;
            this.fail = fail;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (!suspended && gate != null) {
                suspended = true;
                if (gate.awaitFrom(this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            if (fail != null) {
                throw fail;
            }
            return held;
        }

        @Override
        protected void clearLocals() {
            Task<?> t = task();
            log.add("clear done=" + t.isDone() + " coro=" + (t.getCoro() == this));
            held = null;
        }
    }

    @Test
    void aTasksCoroutineIsClearedOnceAfterItsOutcomeIsSet() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        AsyncFuture<Object> gate = new AsyncFuture<>(loop);
        Holder h = new Holder(log, gate, null);
        Task<Object> t = loop.createTask(h);
        loop.callLater(1.0, () -> gate.setResult("go"));
        assertEquals("held", loop.runUntilComplete(t), "the value was read before the frame was cleared");
        assertEquals(List.of("clear done=true coro=true"), log);
        assertSame(h, t.getCoro(), "the task keeps its coroutine");
        assertEquals(null, h.held, "but not what its fields held");
        assertEquals("held", t.result());
        loop.close();
        assertEquals(1, log.size(), "once");
    }

    @Test
    void aFailedACancelledAndANeverStartedTaskAreClearedToo() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> failed = loop.createTask(new Holder(log, null, boom));
        Task<Object> cancelled = loop.createTask(new Holder(log, new AsyncFuture<>(loop), null));
        Task<Object> unstarted = loop.createTask(new Holder(log, null, null));
        unstarted.cancel(); // cancelled before its first step: the body never runs
        loop.runUntilComplete(Corio.sleep(0.5));
        assertEquals(2, log.size(), "the failed and the never-started task: " + log);
        cancelled.cancel();
        loop.runUntilComplete(Corio.sleep(0.5));
        assertEquals(List.of("clear done=true coro=true", "clear done=true coro=true", "clear done=true coro=true"), log);
        assertSame(boom, assertThrows(IllegalStateException.class, failed::result));
        assertTrue(cancelled.isCancelled() && unstarted.isCancelled());
        loop.close();
    }

    /** Awaits a {@link Holder} directly, inline on its own task. */
    static final class AwaitsHolder extends Coroutine<Object> {
        final Holder inner;

        AwaitsHolder(Holder inner) {
            this.inner = inner;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (value != null) {
                return value;
            }
            Object r = inner.awaitFrom(this);
            return r == SUSPENDED ? SUSPENDED : r;
        }
    }

    @Test
    void aCoroutineAwaitedDirectlyIsNotCleared() {
        EventLoop loop = EventLoop.virtual();
        List<String> innerLog = new ArrayList<>();
        AsyncFuture<Object> gate = new AsyncFuture<>(loop);
        Holder inner = new Holder(innerLog, gate, null);
        loop.callLater(1.0, () -> gate.setResult("go"));
        assertEquals("held", loop.runUntilComplete(new AwaitsHolder(inner)));
        assertEquals(List.of(), innerLog, "an awaited frame is its awaiter's to drop");
        assertEquals("held", inner.held);
        loop.close();
    }
}
