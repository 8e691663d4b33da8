package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.TestBase.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Debug mode: never-awaited coroutines (with where they were created). The thread checks do not depend on
 * debug mode: see {@link ThreadRulesTest}.
 */
class DebugModeTest {

    private static boolean createdIn(Throwable origin, String method) {
        return Arrays.stream(origin.getStackTrace()).anyMatch(e -> e.getMethodName().contains(method));
    }

    private static void createAndDrop() {
        new Script<Object>().then(v -> 1); // created on the loop's thread, never awaited
    }

    @Test
    void neverAwaitedIsReportedAtCloseWithItsOrigin() {
        EventLoop loop = EventLoop.virtual();
        loop.setDebug(true);
        assertTrue(loop.isDebug());
        Recorder rec = new Recorder();
        loop.setExceptionHandler(rec);
        List<Coroutine<?>> kept = new ArrayList<>();
        loop.callSoon(() -> {
            kept.add(Script.returning("forgotten"));
            kept.add(Script.returning("awaited"));
            kept.add(Script.returning("closed"));
            loop.createTask(kept.get(1));
            kept.get(2).close();
        });
        TestBase.runOnce(loop);
        TestBase.runOnce(loop);
        loop.close();
        assertEquals(1, rec.contexts.size(), rec.messages().toString());
        ExceptionContext c = rec.contexts.get(0);
        assertEquals("coroutine dev.corio.Script was never awaited", c.message());
        assertTrue(createdIn(c.exception(), "neverAwaitedIsReportedAtCloseWithItsOrigin"),
                "the origin's stack shows where it was created");
        assertEquals("coroutine created here", c.exception().getMessage());
    }

    @Test
    void neverAwaitedIsReportedWhenCollected() throws Exception {
        EventLoop loop = EventLoop.virtual();
        loop.setDebug(true);
        Recorder rec = new Recorder();
        loop.setExceptionHandler(rec);
        loop.callSoon(DebugModeTest::createAndDrop);
        TestBase.runOnce(loop);
        TestBase.gcUntil(loop, () -> !rec.contexts.isEmpty());
        assertEquals(List.of("coroutine dev.corio.Script was never awaited"), rec.messages());
        assertTrue(createdIn(rec.contexts.get(0).exception(), "createAndDrop"));
        loop.close();
        assertEquals(1, rec.contexts.size(), "not reported again at close");
    }

    @Test
    void withoutDebugNothingIsTracked() {
        EventLoop loop = EventLoop.virtual();
        Recorder rec = new Recorder();
        loop.setExceptionHandler(rec);
        List<Coroutine<?>> kept = new ArrayList<>();
        loop.callSoon(() -> kept.add(Script.returning("forgotten")));
        TestBase.runOnce(loop);
        loop.close();
        assertEquals(List.of(), rec.messages());
    }

    @Test
    void aNonDebugLoopIsNotBurdenedByADebugOne() {
        EventLoop debugLoop = EventLoop.virtual();
        debugLoop.setDebug(true);
        EventLoop plain = EventLoop.virtual();
        Recorder rec = new Recorder();
        plain.setExceptionHandler(rec);
        List<Coroutine<?>> kept = new ArrayList<>();
        plain.callSoon(() -> kept.add(Script.returning("forgotten")));
        TestBase.runOnce(plain);
        plain.close();
        debugLoop.close();
        assertEquals(List.of(), rec.messages());
    }

    @Test
    void runWithDebugReportsACoroutineNeverAwaited() {
        Recorder rec = new Recorder();
        List<Coroutine<?>> kept = new ArrayList<>();
        Corio.run(new Script<>().then(v -> {
            Corio.getRunningLoop().setExceptionHandler(rec);
            kept.add(Script.returning(1));
            return null;
        }), true);
        assertEquals(List.of("coroutine dev.corio.Script was never awaited"), rec.messages());
    }

    @Test
    void debugCanBeSwitchedOff() {
        EventLoop loop = EventLoop.virtual();
        loop.setDebug(true);
        loop.setDebug(false);
        assertFalse(loop.isDebug());
        Recorder rec = new Recorder();
        loop.setExceptionHandler(rec);
        List<Coroutine<?>> kept = new ArrayList<>();
        loop.callSoon(() -> kept.add(Script.returning("forgotten")));
        TestBase.runOnce(loop);
        loop.close();
        assertEquals(List.of(), rec.messages());
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
    }
}
