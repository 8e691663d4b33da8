package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EventLoop#setReportUnretrievedEarly}: a task that fails unobserved is reported one tick later,
 * without waiting for the garbage collector. Every task here stays strongly reachable (in {@link #held}),
 * so a report can only come from the early rule or from the loop's close.
 */
@Timeout(30)
class UnretrievedEarlyTest {
    private EventLoop loop;
    private final List<ExceptionContext> reports = new ArrayList<>();
    private final List<Object> held = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = EventLoop.virtual();
        loop.setExceptionHandler((l, c) -> {
            c = new ExceptionContext(c.message() + " @tick " + l.ticks, c.exception(), c.handle(), c.future());
            reports.add(c);
        });
    }

    @AfterEach
    void tearDown() {
        if (!loop.isClosed()) {
            loop.close();
        }
    }

    private Task<Void> failingAt(double seconds, RuntimeException e) {
        Task<Void> t = loop.createTask(co(() -> await(Corio.sleep(seconds), v -> {
            throw e;
        })));
        held.add(t);
        return t;
    }

    private void runUntil(double time) {
        loop.runUntilComplete(co(() -> await(Corio.sleep(time - loop.time()), v -> done(null))));
    }

    @Test
    void offByDefaultTheHeldTaskIsReportedOnlyAtClose() {
        assertFalse(loop.isReportUnretrievedEarly());
        failingAt(1, new RuntimeException("boom"));
        runUntil(10);
        assertEquals(List.of(), reports);
        loop.close();
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).message().startsWith("Task exception was never retrieved"));
    }

    @Test
    void aTaskThatFailsUnobservedIsReportedOneTickLaterWithTheTask() {
        loop.setReportUnretrievedEarly(true);
        RuntimeException boom = new RuntimeException("boom");
        Task<Void> t = failingAt(1, boom);
        long[] failedAt = {-1};
        loop.runUntilComplete(co(() -> await(Corio.sleep(1), v -> {
            failedAt[0] = loop.ticks;
            return done(null);
        })));
        runUntil(2);
        assertEquals(1, reports.size(), reports.toString());
        ExceptionContext c = reports.get(0);
        assertSame(boom, c.exception());
        assertSame(t, c.future(), "the early report names the task, which is still there");
        assertTrue(c.message().startsWith("Task exception was never retrieved: Task "), c.message());
        long reportedAt = Long.parseLong(c.message().replaceAll(".*@tick ", ""));
        assertTrue(reportedAt <= failedAt[0] + 2, "failed in tick ~" + failedAt[0] + ", reported in " + reportedAt);
        loop.close();
        assertEquals(1, reports.size(), "reported once: not again at close");
    }

    @Test
    void theReportComesInTheTickAfterTheFailure() {
        loop.setReportUnretrievedEarly(true);
        Task<Void> t = loop.createTask(co(() -> {
            throw new RuntimeException("at once");
        }));
        held.add(t);
        TestBase.runOnce(loop); // the tick t fails in
        assertTrue(t.isDone());
        assertEquals(List.of(), reports, "a grace of one tick: code running after the failure may still retrieve it");
        TestBase.runOnce(loop);
        assertEquals(1, reports.size());
    }

    @Test
    void readingTheExceptionDuringTheGraceMeansNoReport() {
        loop.setReportUnretrievedEarly(true);
        RuntimeException boom = new RuntimeException("at once");
        Task<Void> t = loop.createTask(co(() -> {
            throw boom;
        }));
        held.add(t);
        Throwable[] read = {null};
        // Runs in the same tick, after t failed and before the early check of the next tick.
        loop.createTask(co(() -> {
            read[0] = t.exception();
            return done(null);
        }));
        runUntil(5);
        assertSame(boom, read[0]);
        loop.close();
        assertEquals(List.of(), reports);
    }

    @Test
    void anAwaitedTaskIsNotReported() {
        loop.setReportUnretrievedEarly(true);
        RuntimeException boom = new RuntimeException("boom");
        Task<Void> inner = failingAt(1, boom);
        Object got = loop.runUntilComplete(co(() -> await(inner, v -> done(v), e -> done(e))));
        assertSame(boom, got);
        runUntil(5);
        loop.close();
        assertEquals(List.of(), reports);
    }

    @Test
    void aTaskWithADoneCallbackIsLeftToTheCallback() {
        loop.setReportUnretrievedEarly(true);
        Task<Void> t = failingAt(1, new RuntimeException("boom"));
        List<String> seen = new ArrayList<>();
        t.addDoneCallback(f -> seen.add("done")); // does not retrieve the exception
        runUntil(5);
        assertEquals(List.of("done"), seen);
        assertEquals(List.of(), reports, "it had a callback when it failed: the early rule does not apply");
        loop.close();
        assertEquals(1, reports.size(), "still unretrieved at close: reported then");
    }

    @Test
    void aDoneCallbackAddedAfterTheFailureCancelsTheEarlyReport() {
        loop.setReportUnretrievedEarly(true);
        Task<Void> t = loop.createTask(co(() -> {
            throw new RuntimeException("at once");
        }));
        held.add(t);
        TestBase.runOnce(loop); // fails
        List<Throwable> seen = new ArrayList<>();
        t.addDoneCallback(f -> seen.add(f.exception()));
        TestBase.runOnce(loop);
        TestBase.runOnce(loop);
        assertEquals(1, seen.size());
        loop.close();
        assertEquals(List.of(), reports);
    }

    @Test
    void cancelledTasksAndPlainFuturesAreNotReportedEarly() {
        loop.setReportUnretrievedEarly(true);
        Task<Void> c = loop.createTask(co(() -> await(Corio.sleep(10), v -> done(null))));
        held.add(c);
        AsyncFuture<Void> f = loop.createFuture();
        held.add(f);
        f.setException(new RuntimeException("future"));
        TestBase.runOnce(loop);
        c.cancel();
        runUntil(5);
        assertEquals(List.of(), reports, "only tasks are reported early; a cancellation is no error");
        loop.close();
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).message().startsWith("Future exception was never retrieved"));
    }
}
