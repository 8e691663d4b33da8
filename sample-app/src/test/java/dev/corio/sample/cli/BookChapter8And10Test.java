package dev.corio.sample.cli;

import static dev.corio.sample.cli.BookChapter3Test.lines;
import static dev.corio.sample.cli.BookChapter3Test.loopTime;
import static dev.corio.sample.cli.BookChapter3Test.virtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The book's chapter 8 (profiling, a long-running coroutine, no busy loop) and chapter 10 programs
 * (exceptions, a long-running task and callback, debugging macros), on the virtual clock where they can be.
 */
class BookChapter8And10Test {

    @Test
    void theProfilerMeasuresTheCallsAllocationsAndTime() {
        App.Run r = virtual("ch8-profile", "--items", "100000");
        List<Double> bytes = r.numbers("main: allocated (\\d+) bytes in 1\\.00 s of loop time");
        assertEquals(1, bytes.size(), r::toString);
        assertTrue(bytes.get(0) > 100_000 * 16, r::toString); // at least the strings' headers
        assertEquals(1.0, loopTime(r));
    }

    @Test
    void aLongCoroutineIsReportedWithWhereItWasCreated() {
        App.Run r = virtual("ch8-long-coroutine");
        List<String> l = lines(r);
        assertEquals("WARNING: The coroutine main took more than 0.5 s: 1.0", l.get(0));
        assertTrue(l.get(1).matches("WARNING: file:Chapter8\\.java line:\\d+ function:longRunningMain"), r::toString);
        assertTrue(l.get(2).matches("WARNING: file:BookChapter8Commands\\.java line:\\d+ function:main"), r::toString);
        App.Run quick = virtual("ch8-long-coroutine", "--sleep", "0.4");
        assertEquals(List.of(), lines(quick), "under the threshold: nothing");
    }

    @Test
    void theCheckerAwaitsTheFutureInsteadOfPolling() {
        App.Run r = virtual("ch8-busy-loop");
        List<String> l = lines(r);
        assertEquals(1, l.size(), r::toString);
        assertTrue(l.get(0).matches("\\d{2000,}"), r::toString); // 8192 random bits: about 2466 digits
        double t = loopTime(r);
        assertTrue(t >= 3 && t <= 5, r::toString); // randint(3, 5)
    }

    @Test
    void exceptionsAreCaughtWhereTheyAreAwaitedAndCallbacksGoToTheHandler() {
        App.Run r = virtual("ch10-exceptions");
        List<String> l = lines(r);
        assertEquals(List.of("Caught mock exception outside the loop. The loop is not running anymore.",
                "Caught inline mock exception outside the loop. The loop is not running anymore.",
                "Caught mock exception raised in an awaited coroutine outside the loop. The loop is still running."),
                l.subList(0, 3));
        assertEquals(2, r.count("Exception in callback Handle\\[.*"), r::toString); // neither try caught them
        assertEquals(0, r.count("caught: .*"), r::toString);
        assertEquals("Finally caught the loop.call_* mock exception!", l.get(l.size() - 1));
        assertEquals(6.0, loopTime(r)); // the two 3 s sleeps
    }

    @Test
    void theMonitorLogsHowLongTheTaskRan() {
        App.Run r = virtual("ch10-long-task");
        assertEquals(1, r.count("Task work \\(Chapter10\\.work\\(\\)\\)<finished result=null> took 1\\.0 s to run"),
                r::toString);
        assertEquals(1.0, loopTime(r));
    }

    @Test
    void debugModeWarnsAboutASlowCallback() {
        App.Run r = App.run("ch10-slow-callback", "--threshold", "0.2", "--sleep", "0.3").ok();
        List<Double> took = r.numbers("WARNING: Executing Handle\\[.*] took (\\S+) seconds");
        assertEquals(1, took.size(), r::toString);
        assertTrue(took.get(0) >= 0.3, r::toString);
        App.Run fast = App.run("ch10-slow-callback", "--threshold", "0.5", "--sleep", "0.1").ok();
        assertEquals(0, fast.count(".*Executing.*"), fast::toString);
    }

    @Test
    void theDebugMacrosAreOffUnlessAskedFor() {
        App.Run off = App.run("ch10-debug-macros", "--clock", "virtual");
        assertEquals(1, off.exitCode(), off::toString); // main raises
        assertEquals(List.of("answer: 42"), lines(off)); // and no macro ran
        assertTrue(off.err().contains("raised in main"), off::toString);
        App.Run on = App.run("ch10-debug-macros", "--asyncio-debug", "--clock", "virtual");
        assertEquals(1, on.exitCode(), on::toString); // main raises: the program fails after post_mortem
        List<String> l = lines(on);
        assertTrue(l.get(0).matches("\\(Pdb pre_run\\) Task-\\d+: .*PostMortem > .*MacrosMain > .*PreRun"), on::toString);
        assertTrue(l.get(1).matches("\\(Pdb post_run\\) Task-\\d+: .*PreRun > .*PostRun"), on::toString);
        assertEquals("answer: 42", l.get(2));
        assertTrue(l.get(3).startsWith("(Pdb post_mortem, java.lang.IllegalStateException: raised in main) Task-"),
                on::toString);
    }
}
