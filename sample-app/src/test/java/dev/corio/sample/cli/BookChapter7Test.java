package dev.corio.sample.cli;

import static dev.corio.sample.cli.BookChapter3Test.lines;
import static dev.corio.sample.cli.BookChapter3Test.loopTime;
import static dev.corio.sample.cli.BookChapter3Test.virtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's chapter 7 programs (locks, events, semaphores), on the virtual clock. */
class BookChapter7Test {

    @Test
    void theLockKeepsBothUpdates() {
        App.Run r = virtual("ch7-lock");
        assertEquals(List.of("non_atomic_sum = 1", "atomic_sum = 2", "assert DATABASE.get(ATOMIC_SUM_KEY) == 2: ok",
                "assert DATABASE.get(NON_ATOMIC_SUM_KEY) != 2: ok"), lines(r));
        assertEquals(8.0, loopTime(r)); // 3 s unlocked (concurrently), then 3 + 2 s one after the other
    }

    @Test
    void theEventStopsTheBusyLoopAndStartsTheCleanup() {
        App.Run r = virtual("ch7-event");
        List<String> l = lines(r);
        assertEquals(12, l.size(), r::toString);
        List<String> mess = new ArrayList<>();
        for (String line : l.subList(0, 10)) {
            assertTrue(line.matches("Adding the mess: (10|[1-9])\\.\\.\\."), line);
            mess.add(line.replaceAll("\\D", ""));
        }
        assertTrue(l.subList(10, 12).contains("Shutdown event was set.."), r::toString);
        assertTrue(l.subList(10, 12).contains("Cleaning up the mess: [" + String.join(", ", mess) + "]..."),
                r::toString);
        assertEquals(10.0, loopTime(r));
    }

    @Test
    void theSemaphoreLetsTenInAtATime() {
        App.Run r = virtual("ch7-semaphore");
        List<String> l = lines(r);
        for (int i = 0; i < 100; i++) {
            assertEquals(i + " working..", l.get(i)); // in the order they queued
        }
        assertEquals("at most 10 at once", l.get(100));
        assertEquals(10.0, loopTime(r)); // 100 one-second jobs, ten at a time
    }
}
