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

    @Test
    void theBoundedSemaphoreLetsTenInAndRefusesAnExtraRelease() {
        App.Run r = virtual("ch7-bounded-semaphore");
        List<String> l = lines(r);
        for (int i = 0; i < 100; i++) {
            assertEquals(i + " working..", l.get(i));
        }
        assertEquals(List.of("at most 10 at once",
                "release() once too often: BoundedSemaphore released too many times (its bound is 10)",
                "value 10, still the bound"), l.subList(100, l.size()));
        assertEquals(10.0, loopTime(r));
    }

    @Test
    void twoCoroutinesRacingOnADictLoseAnUpdate() {
        App.Run r = virtual("ch7-race");
        assertEquals(List.of("{value=1.0}", "assert d[\"value\"] != 2: ok"), lines(r));
        assertEquals(2.0, loopTime(r)); // both sleep at once: the longer one, 2 s, writes last
    }

    @Test
    void twoExecutorThreadsRacingOnADictLoseAnUpdate() {
        App.Run r = App.run("ch7-race", "--threads", "--delays", "0.2,0.6").ok();
        List<String> l = r.lines().stream().filter(x -> x.startsWith("Thread ") || x.startsWith("assert")).toList();
        assertEquals(9, l.size(), r::toString);
        // both threads read 0 before either writes: the interleaving the book shows
        int lastRead = Math.max(l.indexOf("Thread 1 read value 0"), l.indexOf("Thread 2 read value 0"));
        int firstWrite = l.indexOf("Thread 1 wrote 1");
        assertTrue(l.indexOf("Thread 1 read value 0") >= 0 && l.indexOf("Thread 2 read value 0") >= 0, r::toString);
        assertTrue(lastRead < firstWrite, r::toString);
        assertEquals(List.of("Thread 1 slept for 0.2 seconds", "Thread 1 wrote 1", "Thread 2 slept for 0.6 seconds",
                "Thread 2 wrote 1", "assert d[\"value\"] != 2: ok (value 1)"), l.subList(4, 9));
    }

    @Test
    void theWatcherOfTheStockThatFellUnderTheThresholdRaises() {
        App.Run r = virtual("ch7-condition");
        List<String> l = lines(r);
        int quotes = r.count("New stock market value for (DAX|SPR|AMAZON): -?\\d+");
        assertTrue(quotes > 6, r::toString); // SPR needs at least 61 / 10 drops to fall from 10 under -50
        // the quotes run without a context switch until one falls under the threshold: only then do the
        // watchers start, and the one whose predicate holds raises
        assertTrue(l.get(quotes - 1).matches("New stock market value for SPR: -(5[1-9]|60)"), r::toString);
        assertEquals(List.of("Waiting for DAX to be under -50$", "Waiting for SPR to be under -50$",
                "Waiting for AMAZON to be under -50$", "Restoring the stock market.."), l.subList(quotes, l.size()));
        assertEquals(0.0, loopTime(r)); // the exception came before the quotes' 0.1 s sleep ended
    }
}
