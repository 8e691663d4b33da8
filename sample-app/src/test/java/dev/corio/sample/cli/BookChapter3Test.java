package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's chapter 3 programs, on the virtual clock: lines, their order, and the loop time they take. */
class BookChapter3Test {

    static App.Run virtual(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--clock", "virtual", "-v"));
        return App.run(a.toArray(String[]::new)).ok();
    }

    /** The program's lines without the -v debug lines, and the loop time it reported. */
    static List<String> lines(App.Run r) {
        return r.lines().stream().filter(l -> !l.startsWith("Embedded HN server") && !l.startsWith("loop time:"))
                .toList();
    }

    static double loopTime(App.Run r) {
        return r.numbers("loop time: (\\S+) seconds").get(0);
    }

    @Test
    void waitForPrintsOnTimeThenTimesOut() {
        App.Run r = virtual("ch3-wait-for");
        assertEquals(List.of("I will print after 3 seconds", "I timed out after 3 seconds"), lines(r));
        assertEquals(6.0, loopTime(r)); // 3 s on time, then cancelled at the 3 s timeout
    }

    @Test
    void cancelStopsTheSleeperAfterThreeSeconds() {
        for (String[] args : List.of(new String[] {"ch3-cancel"}, new String[] {"ch3-cancel", "--threadsafe"})) {
            App.Run r = virtual(args);
            assertEquals(List.of("Sleeping from 0.0 for 10.0 seconds ...", "Cancelled at 0.0 after 3.0 seconds"),
                    lines(r));
            assertEquals(3.0, loopTime(r));
        }
    }

    @Test
    void cancellingTheGatherCancelsTheSleepersStillAsleep() {
        App.Run r = virtual("ch3-cancel-gather");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("Sleeping from 0.0 for " + i + ".0 seconds ...");
        }
        // 0..3 s are done when the canceller runs (3 s wakes up in the iteration main does), 4..9 s are cancelled
        for (int i = 0; i <= 3; i++) {
            expected.add("Slept for " + i + ".0 seconds without disturbance...");
        }
        for (int i = 4; i < 10; i++) {
            expected.add("Cancelled at 0.0 after 3.0 seconds");
        }
        expected.add("Was cancelled"); // the gather ends cancelled although its children swallowed the cancel
        assertEquals(expected, lines(r));
        assertEquals(3.0, loopTime(r));
    }

    @Test
    void theShieldIsCancelledButTheSleeperSleepsOn() {
        App.Run r = virtual("ch3-shield");
        assertEquals(List.of("Sleeping from 0.0 for 10.0 seconds ...",
                "The shield was cancelled at 3.0; the sleeper goes on",
                "Slept for 10.0 seconds without disturbance..."), lines(r));
        assertEquals(10.0, loopTime(r));
    }

    @Test
    void chainedCoroutinesRunOneAfterTheOther() {
        App.Run r = virtual("ch3-chain");
        assertEquals(List.of("Printing this after 1 second", "Printing this after 2 seconds",
                "Printing this after 3 seconds"), lines(r));
        assertEquals(3.0, loopTime(r));
    }

    @Test
    void gatherRunsConcurrentlyAndKeepsTheOrder() {
        App.Run r = virtual("ch3-gather");
        assertEquals(List.of("Printing this after 1 second", "Printing this after 1 second",
                "Printing this after 1 second", "[1, 2, 3]"), lines(r));
        assertEquals(1.0, loopTime(r));
    }

    @Test
    void waitHeuristics() {
        App.Run all = virtual("ch3-wait");
        assertEquals(List.of("assert raiser_future in finished: ok", "assert raiser_future not in pending: ok",
                "assert hello_world_future in finished: ok", "assert hello_world_future not in pending: ok",
                "An exception was raised", "I have returned!"), lines(all));
        assertEquals(1.0, loopTime(all));
        for (String when : List.of("FIRST_EXCEPTION", "FIRST_COMPLETED")) {
            App.Run r = virtual("ch3-wait", "--return-when", when);
            assertEquals(List.of("assert raiser_future in finished: ok", "assert raiser_future not in pending: ok",
                    "assert hello_world_future not in finished: ok", "assert hello_world_future in pending: ok",
                    "An exception was raised", "assert err_was_thrown: ok"), lines(r), when);
            assertEquals(0.0, loopTime(r), when); // returned at once: the raiser fails in its first step
        }
    }

    @Test
    void gatherWithReturnExceptionsReturnsTheException() {
        App.Run r = virtual("ch3-gather-exceptions");
        assertEquals(List.of("Printing this after 5 seconds", "Printing this after 5 seconds",
                "Result: [null, java.lang.RuntimeException: Raising this after 5 seconds, null]"), lines(r));
        assertEquals(5.0, loopTime(r));
    }

    @Test
    void conditionWaitsForThePredicate() {
        App.Run r = virtual("ch3-condition");
        List<String> l = lines(r);
        assertEquals(11, l.size());
        assertEquals("Numbers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", l.get(0));
        assertEquals("Numbers: [0]", l.get(9));
        assertEquals("Finished!", l.get(10));
        assertEquals(2.5, loopTime(r));
    }
}
