package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sample.server.HnServer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The programs of "AsyncIO for the Working Python Developer" (article 002). */
class WorkingDeveloperTest {

    @Test
    void contextSwitch() {
        assertEquals(List.of("Running in foo", "Explicit context to bar", "Explicit context switch to foo again",
                "Implicit context switch back to bar"), App.run("context-switch").ok().lines());
    }

    @Test
    void cooperativeSchedulingFinishesInTheLongestSleep() {
        assertEquals(List.of("gr1 started work: at 0.0 seconds", "gr2 started work: at 0.0 seconds",
                "Let's do some stuff while the coroutines are blocked, at 0.0 seconds", "Done!",
                "gr1 ended work: at 2.0 seconds", "gr2 Ended work: at 2.0 seconds"),
                App.run("cooperative", "--clock", "virtual").ok().lines());
    }

    @Test
    void orderingConcurrentTasksFinishInTheOrderOfTheirSleeps() {
        App.Run r = App.run("ordering", "--clock", "virtual", "-v", "--seed", "3").ok();
        List<String> sync = r.lines().subList(r.index("Synchronous:") + 1, r.index("Asynchronous:"));
        List<String> async = r.after("Asynchronous:");
        Pattern p = Pattern.compile("Task (\\d) done \\(slept (\\d) ms\\)");
        List<Integer> syncIds = new ArrayList<>();
        for (String l : sync) {
            Matcher m = p.matcher(l);
            assertTrue(m.matches(), l);
            syncIds.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), syncIds);
        assertEquals(9, async.size());
        int lastMs = -1;
        int lastId = 0;
        List<Integer> asyncIds = new ArrayList<>();
        for (String l : async) {
            Matcher m = p.matcher(l);
            assertTrue(m.matches(), l);
            int id = Integer.parseInt(m.group(1));
            int ms = Integer.parseInt(m.group(2));
            // shorter sleeps first; equal sleeps in the order the tasks were created
            assertTrue(ms > lastMs || (ms == lastMs && id > lastId), r::toString);
            lastMs = ms;
            lastId = id;
            asyncIds.add(id);
        }
        assertFalse(asyncIds.equals(syncIds), "with seed 3 the sleeps are not sorted already");
    }

    @Test
    void concurrentFetchesTakeAsLongAsTheSlowest() {
        App.Run r = App.run("fetch", "--latency", "0.15").ok();
        List<String> sync = r.lines().subList(r.index("Synchronous:") + 1, r.index("Asynchronous:"));
        for (int i = 1; i <= 3; i++) {
            assertEquals("Fetch sync process " + i + " started", sync.get(2 * (i - 1)));
            assertTrue(sync.get(2 * i - 1).matches("Process " + i + ": .* GMT, took: \\S+ seconds"), sync.get(2 * i - 1));
        }
        List<String> async = r.after("Asynchronous:");
        assertEquals(List.of("Fetch async process 1 started", "Fetch async process 2 started",
                "Fetch async process 3 started"), async.subList(0, 3)); // all sent before any answer
        assertEquals(3, async.subList(3, 6).stream().filter(l -> l.matches("Process \\d: .* GMT, took: \\S+ seconds"))
                .count());
        List<Double> totals = r.numbers("Process took: (\\S+) seconds");
        assertTrue(totals.get(0) >= 0.45, r::toString); // three 0.15 s requests one after the other
        assertTrue(totals.get(1) >= 0.15 && totals.get(1) < totals.get(0), r::toString);
    }

    @Test
    void asCompletedHandlesAnswersInTheOrderTheyArrive() {
        App.Run r = App.run("as-completed", "--clock", "virtual", "--latency", "0", "--clients", "4").ok();
        List<Double> sleeps = r.numbers("Fetch async process \\d started, sleeping for (\\d) seconds");
        assertEquals(4, sleeps.size());
        List<Double> took = r.numbers(">+ Process \\d: .* GMT, took: (\\S+) seconds");
        List<Double> sorted = new ArrayList<>(sleeps);
        sorted.sort(null);
        assertEquals(sorted, took); // virtual clock: each took exactly its sleep, reported shortest first
        List<String> results = r.matching(">+ .*");
        for (int i = 0; i < results.size(); i++) {
            assertTrue(results.get(i).startsWith(">>".repeat(i + 1) + " Process"), results.get(i));
        }
        assertEquals("Process took: " + String.format("%.2f", sorted.get(3)) + " seconds",
                r.lines().get(r.lines().size() - 1));
    }

    @Test
    void firstCompletedTakesTheFasterServiceAndCleansUp() {
        App.Run r = App.run("first-completed", "--latency", "0").ok();
        assertEquals(List.of("Fetching IP from ipify", "Fetching IP from ip-api"), r.lines().subList(0, 2));
        assertTrue(r.lines().get(2).matches("ip-api finished with result: " + HnServer.FAKE_IP.replace(".", "\\.")
                + ", took: \\S+ seconds"), r::toString);
        assertEquals(3, r.lines().size(), r::toString);

        App.Run old = App.run("first-completed", "--no-cleanup", "--latency", "0").ok();
        assertEquals(List.of("Task was destroyed but it is pending!"), old.matching("Task was destroyed.*"));
        assertTrue(old.has("task: Task Task-\\d+ \\(WorkingDev\\.fetchIp\\(\\)\\)<pending>"),
                old::toString);
    }

    @Test
    void futureStates() {
        App.Run r = App.run("future-states", "--clock", "virtual").ok();
        List<String> l = r.lines();
        assertTrue(l.get(0).matches("new future:\\s+PENDING\\s+done\\(\\)=false cancelled\\(\\)=false"), l.get(0));
        assertEquals("  result() raises InvalidStateError: Result is not set.", l.get(1));
        assertEquals("done callback: the future is now FINISHED", l.get(2));
        assertEquals("awaited: 81.106.46.223", l.get(3));
        assertTrue(r.has("after cancel:\\s+CANCELLED\\s+done\\(\\)=true cancelled\\(\\)=true"));
        assertTrue(r.has("  result\\(\\) raises CancelledError: no longer needed"));
        assertTrue(r.has("cancel\\(\\) on a done future returns false"));
        assertTrue(r.has("failed task:\\s+FAILED\\s+done\\(\\)=true cancelled\\(\\)=false"));
        assertTrue(r.has("  result\\(\\) raises dev.corio.sample.programs.KeyError: 'this-is-not-an-attr'"));
    }

    @Test
    void exceptionsHandledRaisedAndNeverRetrieved() {
        App.Run handled = App.run("exceptions", "--latency", "0").ok();
        assertEquals(List.of("Fetching IP from ipify", "Fetching IP from ip-api", "Fetching IP from borken"),
                handled.lines().subList(0, 3));
        assertTrue(handled.has("ipify finished with result: .*"));
        assertTrue(handled.has("ip-api finished with result: .*"));
        assertTrue(handled.has("borken is unresponsive"));

        App.Run raised = App.run("exceptions", "--mode", "raised", "--latency", "0").ok();
        assertTrue(raised.has("Unexpected error: dev.corio.sample.programs.KeyError: 'this-is-not-an-attr'"),
                raised::toString);
        assertTrue(raised.has("borken is unresponsive"));
        assertFalse(raised.has(".*never retrieved.*"));

        App.Run ignored = App.run("exceptions", "--mode", "ignored", "--latency", "0").ok();
        assertTrue(ignored.has("borken is unresponsive"));
        assertTrue(ignored.has("ipify finished with result: .*"));
        int report = ignored.index("Task exception was never retrieved: Task Task-\\d+ \\(WorkingDev\\.fetchIp\\(\\)\\)");
        assertEquals("    dev.corio.sample.programs.KeyError: 'this-is-not-an-attr'", ignored.lines().get(report + 1));
    }

    @Test
    void timeoutsAnswerWithoutTheIpWhenTooSlow() {
        App.Run fast = App.run("timeouts", "--clock", "virtual", "--latency", "0").ok();
        assertEquals(List.of("Using a 0.01 timeout", "Fetching IP from ipify", "Fetching IP from ip-api",
                "{'message': 'Result from asynchronous.', 'ip': 'not available'}"), fast.lines());
        App.Run patient = App.run("timeouts", "-t", "5", "--clock", "virtual", "--latency", "0").ok();
        assertEquals("{'message': 'Result from asynchronous.', 'ip': '" + HnServer.FAKE_IP + "'}",
                patient.lines().get(patient.lines().size() - 1));
        assertEquals(1, patient.count(".* finished with result: .*"), patient::toString);
    }
}
