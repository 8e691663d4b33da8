package dev.corio;

import static dev.corio.TestBase.coroutineOf;
import static dev.corio.TestBase.logIfTrue;
import static dev.corio.TestBase.run;
import static dev.corio.TestBase.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sync.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Event}: ported from CPython's test_locks.py EventTests (3.12), on the virtual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventTest {

    @Test
    void setWakesEveryWaiterAndLaterWaitsDoNotBlock() {
        Event ev = new Event();
        List<Object> result = new ArrayList<>();
        List<Task<Boolean>> t = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    assertFalse(ev.isSet());
                    t.add(Corio.createTask(logIfTrue(ev.await(), result, 1)));
                    t.add(Corio.createTask(logIfTrue(ev.await(), result, 2)));
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(), result);
                    t.add(Corio.createTask(logIfTrue(ev.await(), result, 3)));
                    ev.set();
                    return tick();
                })
                .then(v -> {
                    // t3 never waited (the event was set when it started), so it logs first.
                    assertEquals(List.of(3, 1, 2), result);
                    for (Task<Boolean> task : t) {
                        assertTrue(task.result());
                    }
                    return null;
                }));
    }

    @Test
    void waitOnASetEventGivesTrueAtOnce() {
        Event ev = new Event();
        ev.set();
        assertEquals(Boolean.TRUE, run(coroutineOf(ev.await())));
    }

    @Test
    void cancelledWaitLeavesNoWaiter() {
        Event ev = new Event();
        Task<?>[] w = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    w[0] = Corio.createTask(coroutineOf(ev.await()));
                    Corio.getRunningLoop().callSoon(() -> w[0].cancel());
                    return Script.awaiting(w[0]);
                })
                .handle((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals("Event[unset]", ev.toString());
                    return null;
                }));
    }

    @Test
    void clearResetsTheFlag() {
        Event ev = new Event();
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
    }

    @Test
    void aWaiterWokenBySetReturnsEvenIfClearedBeforeItRuns() {
        Event ev = new Event();
        List<Object> result = new ArrayList<>();
        Task<?>[] t = new Task<?>[1];
        run(new Script<Void>()
                .then(v -> {
                    t[0] = Corio.createTask(logIfTrue(ev.await(), result, 1));
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(), result);
                    ev.set();
                    ev.clear();
                    assertFalse(ev.isSet());
                    ev.set();
                    ev.set();
                    assertEquals("Event[set, waiters:1]", ev.toString());
                    return tick();
                })
                .then(v -> {
                    assertEquals(List.of(1), result);
                    assertEquals("Event[set]", ev.toString());
                    assertTrue(t[0].isDone());
                    return null;
                }));
    }
}
