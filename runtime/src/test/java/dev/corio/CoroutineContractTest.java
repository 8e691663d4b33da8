package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coroutine contract, exercised with hand-written state machines (what the processor generates). */
class CoroutineContractTest {

    /** sleeps {@code seconds}, then returns {@code value}; logs each step. */
    static final class SleepThenReturn extends Coroutine<String> {
        final double seconds;
        final String value;
        final List<String> log;
        int state;

        SleepThenReturn(double seconds, String value, List<String> log) {
            this.seconds = seconds;
            this.value = value;
            this.log = log;
        }

        @Override
        protected Object resume(Object sent, Throwable error) throws Throwable {
            switch (state) {
                case 0:
                    log.add("start " + value);
                    state = 1;
                    Object r = Corio.sleep(seconds).awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    // fall through
                case 1:
                    if (error != null) {
                        log.add("error " + error.getClass().getSimpleName());
                        throw error;
                    }
                    log.add("end " + value + " at " + loop().time());
                    state = 2;
                    return value;
                default:
                    throw new IllegalStateException("resumed after completion");
            }
        }
    }

    /** awaits a child coroutine inline and returns its value + suffix. */
    static final class Outer extends Coroutine<String> {
        final Coroutine<String> child;
        int state;

        Outer(Coroutine<String> child) {
            this.child = child;
        }

        @Override
        protected Object resume(Object sent, Throwable error) throws Throwable {
            if (state == 0) {
                state = 1;
                Object r = child.awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                sent = r;
            } else if (error != null) {
                throw error;
            }
            return sent + "!";
        }
    }

    @Test
    void sleepRunsOnVirtualClockAndReturnsValue() {
        List<String> log = new ArrayList<>();
        String r = Corio.run(new Outer(new SleepThenReturn(3600, "x", log)), EventLoop::virtual);
        assertEquals("x!", r);
        assertEquals(List.of("start x", "end x at 3600.0"), log);
    }

    @Test
    void innerFrameSeesCancellationAtItsAwait() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        Task<String> t = loop.createTask(new Outer(new SleepThenReturn(10, "y", log)));
        loop.callLater(1, () -> t.cancel("stop"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("stop", e.getMessage());
        assertTrue(t.isCancelled());
        assertEquals(List.of("start y", "error CancelledError"), log);
        assertEquals(1.0, loop.time());
        loop.close();
    }

    @Test
    void exceptionKeepsIdentityThroughFrames() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Coroutine<String> failing = new Coroutine<>() {
            @Override
            protected Object resume(Object value, Throwable error) {
                throw boom;
            }
        };
        IllegalArgumentException got = assertThrows(IllegalArgumentException.class,
                () -> Corio.run(new Outer(failing)));
        assertSame(boom, got);
    }

    @Test
    void coroutineRunsOnce() {
        Coroutine<String> c = Corio.result("v");
        EventLoop loop = EventLoop.virtual();
        loop.createTask(c);
        assertThrows(IllegalStateException.class, () -> loop.createTask(c));
        loop.close();
    }

    @Test
    void awaitOutsideTransformedCodeSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Corio.await(Corio.sleep(1)));
        assertTrue(e.getMessage().contains("@Async"), e.getMessage());
    }

    @Test
    void suspendingWithoutAwaitingFailsTheFrameInsteadOfHanging() {
        Coroutine<String> broken = new Coroutine<>() {
            @Override
            protected Object resume(Object value, Throwable error) {
                return SUSPENDED; // a contract violation: nothing will resume it
            }
        };
        EventLoop loop = EventLoop.virtual();
        Throwable[] seenByCaller = new Throwable[1];
        Task<Object> t = loop.createTask(new Script<>()
                .then(v -> Script.awaiting(broken))
                .handle((v, e) -> {
                    seenByCaller[0] = e;
                    throw e;
                }));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
        assertSame(e, seenByCaller[0], "the caller sees the error at its await");
        assertTrue(e.getMessage().contains("returned SUSPENDED without awaiting"), e.getMessage());
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        loop.close();
    }
}
