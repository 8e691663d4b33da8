package dev.corio;

import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Core fix: a task cancelled before its first step ends cancelled without running its body (the coroutine
 * contract's first call is {@code (null, null)}; a hand-written or generated state 0 would otherwise run
 * the body and ignore the error). asyncio: throwing into an unstarted coroutine raises at once.
 */
class CancelBeforeStartTest {

    @Test
    void bodyNeverRuns() {
        EventLoop loop = EventLoop.virtual();
        int[] ran = {0};
        Task<String> t = loop.createTask(co(() -> {
            ran[0]++;
            return done("ran");
        }));
        assertTrue(t.cancel("early"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("early", e.getMessage());
        assertEquals(0, ran[0]);
        assertTrue(t.isCancelled());
        loop.close();
    }
}
