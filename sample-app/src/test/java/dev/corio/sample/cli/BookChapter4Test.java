package dev.corio.sample.cli;

import static dev.corio.sample.cli.BookChapter3Test.lines;
import static dev.corio.sample.cli.BookChapter3Test.loopTime;
import static dev.corio.sample.cli.BookChapter3Test.virtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's chapter 4 programs (async generators), on the virtual clock. */
class BookChapter4Test {

    @Test
    void randomNumbersOneASecondUntilLeft() {
        App.Run r = virtual("ch4-random-numbers", "--count", "5", "--seed", "1");
        List<String> l = lines(r);
        assertEquals("Starting to print out random numbers...", l.get(0));
        assertEquals(6, l.size(), r::toString);
        for (String n : l.subList(1, 6)) {
            int i = Integer.parseInt(n);
            assertTrue(i >= 0 && i <= 100, n);
        }
        assertEquals(4.0, loopTime(r)); // a 1 s sleep between numbers; the loop is left before the fifth sleep
        assertEquals(l, lines(virtual("ch4-random-numbers", "--count", "5", "--seed", "1"))); // seeded
    }

    @Test
    void comprehensionGathersTheRequestsAndReportsTheFailedOne() {
        App.Run r = virtual("ch4-comprehension");
        List<String> l = lines(r);
        assertEquals(3, l.size(), r::toString);
        assertTrue(l.get(0).matches("\\('http://127\\.0\\.0\\.1:\\d+/v0/topstories\\.json', \\[13848196,.*"), l.get(0));
        assertTrue(l.get(1).matches("\\('http://127\\.0\\.0\\.1:\\d+/v0/item/8863\\.json', \\{.*"), l.get(1));
        assertTrue(l.get(2).matches("No successful request could be made to http://127\\.0\\.0\\.1:\\d+/\\."
                + " Reason: java\\.net\\.ConnectException.*"), l.get(2));
    }

    @Test
    void stateMachineFollowsTheTransitionTable() {
        assertEquals(List.of("Transitioning from IDLE to STARTED", "Transitioning from STARTED to PAUSED",
                "Transitioning from PAUSED to STARTED", "Transitioning from STARTED to IDLE",
                "Transitioning from IDLE to IDLE"), lines(virtual("ch4-state-machine")));
        // a bad choice is asked again; an event after Exit finds the generator ended
        assertEquals(List.of("Transitioning from IDLE to IDLE", "Please enter a valid choice!",
                "Transitioning from IDLE to STARTED", "Transitioning from STARTED to IDLE",
                "Transitioning the statemachine was unsuccessful"),
                lines(virtual("ch4-state-machine", "--choices", "1,x,0,3,0")));
    }

    @Test
    void suspendedGeneratorsAreClosedAtShutdown() {
        assertEquals(List.of("got 1", "got 2", "main done", "async_gen_coro closed"), lines(virtual("ch4-cleanup")));
        assertEquals(List.of("3", "3", "3", "Caught Ctrl+C. Exiting now..", "endless_async_gen closed"),
                lines(virtual("ch4-cleanup", "--count", "3")));
    }
}
