package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A task asleep in {@code sleep(d)} is its own timer (no future: {@code Task.SLEEPING}); these check that it
 * keeps asyncio's order and cancellation rules, against a sleep with a value (which waits on a future, as
 * asyncio's does): it wakes one tick after its timer fires, among the other timers in scheduling order; a
 * cancellation is thrown at the sleep in the tick the cancelled future would wake it, with the first
 * request's message; and a task cancelled out of a sleep that sleeps again wakes once, at its new deadline.
 */
class SleepAsTimerTest extends TestBase {

    private Coroutine<Void> logAfter(double seconds, Object value, List<String> log, String tag) {
        Awaitable<Object> sleep = value == null ? Corio.sleep(seconds, null) : Corio.sleep(seconds, value);
        return co(() -> await(sleep, v -> {
            log.add(tag + "@" + now());
            return Co.<Void>done(null);
        }));
    }

    @Test
    void sleepersWithAndWithoutAFutureWakeInSchedulingOrderOneTickAfterTheirTimers() {
        List<String> log = new ArrayList<>();
        loop.createTask(logAfter(1, null, log, "a"));
        loop.createTask(logAfter(1, "v", log, "b")); // waits on a SleepFuture
        loop.createTask(logAfter(1, null, log, "c"));
        runOnce(loop); // all three sleep now
        loop.callLater(1, () -> log.add("timer@" + loop.time())); // same deadline, scheduled after the sleeps
        loop.runUntilComplete(co(() -> await(Corio.sleep(2), v -> done(null))));
        // asyncio: the three sleep handles and the timer run in one tick, the tasks wake in the next
        assertEquals(List.of("timer@1.0", "a@1.0", "b@1.0", "c@1.0"), log);
        assertEquals(0, loop.timerCount());
    }

    @Test
    void aSleepingTaskIsShownAwaitingItsSleep() {
        Task<Void> t = loop.createTask(co(() -> await(Corio.sleep(5), v -> done(null))));
        runOnce(loop);
        assertTrue(loop.dumpTasks().contains("awaiting sleep<pending>"), loop.dumpTasks());
        t.cancel("x");
        assertTrue(loop.dumpTasks().contains("awaiting sleep<cancelled>"), loop.dumpTasks());
        runOnce(loop);
        assertTrue(t.isCancelled());
    }

    /** Cancelled in the tick its timer fired, before that timer's turn: asyncio's future is still pending then. */
    @Test
    void aCancelInTheTickTheTimerFiresIsThrownAtTheSleepWithTheFirstMessage() {
        List<String> log = new ArrayList<>();
        Task<?>[] sleeper = new Task<?>[1];
        // scheduled before the sleep, same deadline: its turn comes first in the tick both fire
        loop.callLater(1, () -> {
            log.add("cancel " + sleeper[0].cancel("one") + " " + sleeper[0].cancel("two"));
            log.add("done? " + sleeper[0].isDone());
        });
        sleeper[0] = loop.createTask(co(() -> await(Corio.sleep(1), v -> {
            log.add("woke");
            return done("slept");
        }, e -> {
            log.add(e.getClass().getSimpleName() + " " + e.getMessage() + "@" + now()
                    + " cancelling=" + Corio.currentTask().cancelling());
            return done("caught");
        })));
        assertEquals("caught", loop.runUntilComplete(sleeper[0]));
        assertEquals(List.of("cancel true true", "done? false", "CancelledError one@1.0 cancelling=2"), log);
    }

    /** Cancelled after its timer's turn (the sleep is over): the request is thrown at the next resumption. */
    @Test
    void aCancelAfterTheTimersTurnIsThrownAtTheWakeUp() {
        List<String> log = new ArrayList<>();
        Task<?>[] sleeper = new Task<?>[1];
        sleeper[0] = loop.createTask(co(() -> await(Corio.sleep(1), v -> done("slept"), e -> {
            log.add(e.getMessage() + "@" + now());
            return done("caught");
        })));
        runOnce(loop);
        loop.callLater(1, () -> log.add("cancel " + sleeper[0].cancel("late"))); // after the sleep's timer
        assertEquals("caught", loop.runUntilComplete(sleeper[0]));
        assertEquals(List.of("cancel true", "late@1.0"), log);
    }

    /**
     * The first sleep's entry, cancelled, is still in the timer queue when the task sleeps again: the second
     * sleep must not revive it (the task would wake at the old deadline too).
     */
    @Test
    void aTaskCancelledOutOfASleepThatSleepsAgainWakesOnceAtEachNewDeadline() {
        List<String> log = new ArrayList<>();
        Task<String> t = loop.createTask(co(() -> await(Corio.sleep(10), v -> done("not cancelled"), e -> {
            Corio.currentTask().uncancel();
            log.add("cancelled@" + now());
            return await(Corio.sleep(1), v -> {
                log.add("woke@" + now());
                return await(Corio.sleep(19), w -> {
                    log.add("woke@" + now());
                    return await(Corio.sleep(5), x -> {
                        log.add("woke@" + now());
                        return done("ok");
                    });
                });
            });
        })));
        runOnce(loop);
        // live timers ahead of the old entry and beside it (the same bucket of the wheel), so that the queue
        // has no reason to drop that entry before the task sleeps again
        loop.callLater(0.5, () -> log.add("timer@" + loop.time()));
        loop.callLater(10.5, () -> log.add("timer@" + loop.time()));
        t.cancel();
        assertEquals("ok", loop.runUntilComplete(t));
        assertEquals(List.of("cancelled@0.0", "timer@0.5", "woke@1.0", "timer@10.5", "woke@20.0", "woke@25.0"), log);
        assertEquals(0, loop.timerCount());
    }

    @Test
    void aCancellationPendingBeforeTheSleepCancelsItAtOnce() {
        List<String> log = new ArrayList<>();
        Task<String> t = loop.createTask(co(() -> {
            Corio.currentTask().cancel("self");
            return await(Corio.sleep(100), v -> done("slept"), e -> {
                log.add(e.getMessage() + "@" + now());
                return done("caught");
            });
        }));
        assertEquals("caught", loop.runUntilComplete(t));
        assertEquals(List.of("self@0.0"), log);
    }
}
