package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's "Task was destroyed but it is pending!": a loop closed with tasks pending says so. */
class PendingAtCloseTest {

    @Test
    void closingWithPendingTasksReportsEachOnce() {
        EventLoop loop = EventLoop.virtual();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Task<Void> sleeper = loop.createTask(new Corio.AwaitCoroutine<>(Corio.sleep(10)));
        Task<Void> quick = loop.createTask(new Corio.AwaitCoroutine<>(Corio.sleep(1)));
        loop.runUntilComplete(quick);
        loop.close();
        assertEquals(1, reports.size(), reports::toString);
        assertEquals("Task was destroyed but it is pending!", reports.get(0).message());
        assertSame(sleeper, reports.get(0).future());
    }

    @Test
    void corioRunLeavesNothingPending() {
        List<ExceptionContext> reports = new ArrayList<>();
        Corio.run(new Corio.AwaitCoroutine<>(Corio.sleep(1)), () -> {
            EventLoop l = EventLoop.virtual();
            l.setExceptionHandler((x, ctx) -> reports.add(ctx));
            l.callSoon(() -> l.createTask(new Corio.AwaitCoroutine<>(Corio.sleep(100))));
            return l;
        });
        assertEquals(List.of(), reports);
    }

    @Test
    void taskOfAStoppedRunUntilCompleteIsNotReported() {
        // asyncio turns the report off for the task run_until_complete made: its caller got an error already
        EventLoop loop = EventLoop.virtual();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        loop.callLater(1, loop::stop);
        IllegalStateException stopped = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(new Corio.AwaitCoroutine<>(Corio.sleep(5))));
        assertEquals("Event loop stopped before Future completed.", stopped.getMessage());
        assertEquals(1, loop.allTasks().size());
        loop.close();
        assertEquals(List.of(), reports);
    }
}
