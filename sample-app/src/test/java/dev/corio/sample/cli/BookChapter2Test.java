package dev.corio.sample.cli;

import static dev.corio.sample.cli.BookChapter3Test.lines;
import static dev.corio.sample.cli.BookChapter3Test.loopTime;
import static dev.corio.sample.cli.BookChapter3Test.virtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The book's chapter 2 programs (loops, callbacks, executors, signals, subprocesses): the loop programs on
 * the virtual clock; signals and subprocesses on the real one, as they need.
 */
class BookChapter2Test {

    @Test
    void thereIsNoLoopOutsideOneNorOnAnotherThread() {
        App.Run r = virtual("ch2-loops");
        List<String> l = lines(r);
        assertEquals(5, l.size(), r::toString);
        assertEquals("No loop running", l.get(0));
        assertTrue(l.get(1).startsWith("EventLoop["), l.get(1));
        assertEquals(List.of("No event loop!", "assert loop == asyncio.get_running_loop(): ok", "closed: true"),
                l.subList(2, 5));
    }

    @Test
    void eachThreadRunsALoopOfItsOwn() {
        App.Run r = virtual("ch2-loop-threads");
        List<String> l = lines(r);
        assertEquals(10, l.size(), r::toString);
        Set<String> threads = new HashSet<>();
        for (String line : l) {
            assertTrue(line.matches("Inside the print coro on loop-thread-\\d: \\(\\[], \\{}\\) on its own loop"), line);
            threads.add(line);
        }
        assertEquals(10, threads.size(), "one line per thread");
    }

    @Test
    void theFourCallMethodsRunInOrderOfTime() {
        App.Run r = virtual("ch2-callbacks");
        assertEquals(List.of("Stop the loop by hitting the CTRL+C keys...", "I am scheduled on a loop!",
                "I am scheduled on a loop but threadsafely!", "I am scheduled on a loop in one second",
                "I am scheduled on a loop in one second too", "(Ctrl+C after 2.0 s: the loop stops)"), lines(r));
    }

    @Test
    void awaitableCallbacksAreAllAwaited() {
        App.Run r = virtual("ch2-callbacks", "--awaitable");
        assertEquals(List.of("hallo", "This will be printed when the loop starts running",
                "This will get printed when the loop starts running", "This will be printed after 4 seconds",
                "This will be printed after 4 seconds too"), lines(r));
        assertEquals(4.0, loopTime(r)); // await_callbacks returned when the last (4 s) callback ran
    }

    @Test
    void scheduledCoroutinesFinishInTheOrderOfTheirSleeps() {
        App.Run r = virtual("ch2-schedule");
        List<String> l = lines(r);
        assertEquals(10, l.size(), r::toString);
        List<Integer> works = new ArrayList<>();
        for (String line : l) {
            works.add(Integer.parseInt(line.replace("Concurrent work ", "")));
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), new HashSet<>(works));
        assertTrue(loopTime(r) <= 9.0, r::toString); // randint(0, i) for i < 10: all at once, at most 9 s
        assertEquals(0, works.get(0), "work 0 sleeps randint(0, 0) = 0 s: it is first");
    }

    @Test
    void theSchedulerWaitsForExactlyTheTasksItScheduled() {
        App.Run r = virtual("ch2-schedule", "--queue");
        assertEquals(1000, r.count("Main was called\\."));
        assertEquals("1000 scheduled coroutines ran", lines(r).get(1000));
        assertEquals(0.0, loopTime(r));
    }

    @Test
    void blockingRequestsRunInTheExecutor() {
        App.Run r = App.run("ch2-executor", "--latency", "0.01").ok();
        assertEquals(11, r.count("\\{\"by\":\"lukasa\",\"descendants\":72,\"id\":8863,.*"), r::toString); // 1, then 10
    }

    @Test
    void theGathersDoneCallbackStopsTheLoop() {
        App.Run r = virtual("ch2-stop");
        assertEquals(10, r.count("Print in main"));
        assertEquals("loop stopped after 10 done tasks", lines(r).get(10));
    }

    @Test
    void aSignalStopsTheLoop() {
        for (String sig : List.of("INT", "TERM")) {
            App.Run r = App.run("ch2-signals", "--send", sig, "--delay", "0.1").ok();
            List<String> l = lines(r);
            assertEquals("Event loop running forever, press Ctrl+C to interrupt.", l.get(0));
            assertTrue(l.get(1).matches("pid " + ProcessHandle.current().pid() + ": send SIGINT or SIGTERM to exit\\."),
                    l.get(1));
            assertEquals(List.of("Stopped loop because of SIG" + sig), l.subList(2, l.size()), r::toString);
        }
    }

    @Test
    void aSubprocessGivesItsOutputAndReturnCode() {
        App.Run r = App.run("ch2-subprocess", "--", "sh", "-c", "echo out; echo err >&2; exit 3").ok();
        assertEquals(List.of("out", " err", " 3"), lines(r)); // print(out, err, retcode) with their newlines
        App.Run quiet = App.run("ch2-subprocess", "--", "true").ok();
        assertEquals(List.of("None None 0"), lines(quiet));
    }

    @Test
    void theProcessExitStopsTheLoop() {
        App.Run r = App.run("ch2-subprocess-wait", "--", "sh", "-c", "sleep 0.1; exit 4").ok();
        assertEquals(List.of("process sh exited with 4"), lines(r));
    }

    @Test
    void aProgramThatCannotStartIsAnError() {
        App.Run r = App.run("ch2-subprocess-wait", "--", "no-such-program-corio");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Cannot run program \"no-such-program-corio\""), r::toString);
    }
}
