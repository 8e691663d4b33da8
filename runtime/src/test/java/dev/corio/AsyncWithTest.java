package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The async-with protocol of {@link Corio#asyncWith}, with managers whose aenter/aexit suspend. */
class AsyncWithTest {

    /** A manager that sleeps 1s in aenter and aexit, logs, and suppresses or replaces as told. */
    static final class Recorder implements AsyncContextManager<String> {
        final List<String> log;
        final boolean suppress;
        final RuntimeException replaceWith;
        final RuntimeException failEnter;

        Recorder(List<String> log, boolean suppress, RuntimeException replaceWith, RuntimeException failEnter) {
            this.log = log;
            this.suppress = suppress;
            this.replaceWith = replaceWith;
            this.failEnter = failEnter;
        }

        @Override
        public Awaitable<String> aenter() {
            return co(() -> await(Corio.sleep(1), v -> {
                log.add("enter@" + EventLoop.running().time());
                if (failEnter != null) {
                    throw failEnter;
                }
                return done("resource");
            }));
        }

        @Override
        public Awaitable<Boolean> aexit(Throwable error) {
            return co(() -> await(Corio.sleep(1), v -> {
                log.add("exit(" + (error == null ? "null" : error.getMessage()) + ")@" + EventLoop.running().time());
                if (replaceWith != null) {
                    throw replaceWith;
                }
                return done(suppress);
            }));
        }
    }

    private static <T> T run(Coroutine<T> c) {
        EventLoop loop = EventLoop.virtual();
        try {
            return loop.runUntilComplete(c);
        } finally {
            loop.close();
        }
    }

    @Test
    void bodyValueAfterEnterAndExit() {
        List<String> log = new ArrayList<>();
        String r = run(Corio.asyncWith(new Recorder(log, false, null, null),
                res -> co(() -> await(Corio.sleep(1), v -> {
                    log.add("body " + res + "@" + EventLoop.running().time());
                    return done("value");
                }))));
        assertEquals("value", r);
        assertEquals(List.of("enter@1.0", "body resource@2.0", "exit(null)@3.0"), log);
    }

    @Test
    void exceptionPropagatesUnlessSuppressed() {
        List<String> log = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable got = assertThrows(IllegalStateException.class,
                () -> run(Corio.asyncWith(new Recorder(log, false, null, null), res -> {
                    throw boom;
                })));
        assertSame(boom, got);
        assertEquals(List.of("enter@1.0", "exit(boom)@2.0"), log);

        List<String> log2 = new ArrayList<>();
        assertNull(run(Corio.asyncWith(new Recorder(log2, true, null, null),
                res -> TestBase.<String>sleepThenFail(1, boom))));
        assertEquals(List.of("enter@1.0", "exit(boom)@3.0"), log2);
    }

    @Test
    void aexitThrowingReplacesTheError() {
        List<String> log = new ArrayList<>();
        IllegalArgumentException replacement = new IllegalArgumentException("replacement");
        Throwable got = assertThrows(IllegalArgumentException.class,
                () -> run(Corio.asyncWith(new Recorder(log, false, replacement, null),
                        res -> TestBase.<String>sleepThenFail(1, new IllegalStateException("original")))));
        assertSame(replacement, got);
        assertEquals(List.of("enter@1.0", "exit(original)@3.0"), log);
    }

    @Test
    void failedEnterSkipsBodyAndExit() {
        List<String> log = new ArrayList<>();
        IllegalStateException nope = new IllegalStateException("nope");
        boolean[] bodyRan = {false};
        Throwable got = assertThrows(IllegalStateException.class,
                () -> run(Corio.asyncWith(new Recorder(log, false, null, nope), res -> {
                    bodyRan[0] = true;
                    return Corio.result("x");
                })));
        assertSame(nope, got);
        assertEquals(List.of("enter@1.0"), log);
        assertTrue(!bodyRan[0]);
    }

    @Test
    void cancellationOfTheBodyStillRunsExit() {
        List<String> log = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        Task<String> t = loop.createTask(Corio.asyncWith(new Recorder(log, false, null, null),
                res -> Corio.sleep(10, "never")));
        loop.callLater(1.5, () -> t.cancel("stop"));
        assertEquals("stop", assertThrows(CancelledError.class, () -> loop.runUntilComplete(t)).getMessage());
        assertEquals(List.of("enter@1.0", "exit(stop)@2.5"), log);
        loop.close();
    }
}
