package dev.corio.acceptance;

import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Article 000's fire and forget with an explicit loop: closing it with the logging tasks still pending is what
 * asyncio reports as "Task was destroyed but it is pending!"; draining them first with gather is the fix.
 */
class FireAndForgetLoopTest {

    static class Comments {
        final List<String> out = new ArrayList<>();
        final List<Task<Void>> taskRegistry = new ArrayList<>();

        @Async
        Coroutine<Void> logPost(int post) {
            await(sleep(post));
            out.add("Post logged " + post + " at " + getRunningLoop().time());
            return result(null);
        }

        @Async
        Coroutine<Integer> main() {
            for (int post = 1; post <= 3; post++) {
                taskRegistry.add(createTask(logPost(post)));
            }
            await(sleep(0.5));
            return result(72);
        }
    }

    @Test
    void closingWithPendingTasksReportsEachOne() {
        Corio_FireAndForgetLoopTest_Comments p = new Corio_FireAndForgetLoopTest_Comments();
        EventLoop loop = EventLoop.virtual();
        List<String> reports = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> reports.add(c.message() + " " + ((Task<?>) c.future()).getName()));
        int comments = loop.runUntilComplete(p.main());
        List<String> names = new ArrayList<>();
        for (Task<Void> t : p.taskRegistry) {
            names.add("Task was destroyed but it is pending! " + t.getName());
        }
        loop.close();
        assertEquals(72, comments);
        assertEquals(List.of(), p.out);
        assertEquals(names, reports);
    }

    @Test
    void drainingTheRegistryLetsThemFinish() {
        Corio_FireAndForgetLoopTest_Comments p = new Corio_FireAndForgetLoopTest_Comments();
        EventLoop loop = EventLoop.virtual();
        List<String> reports = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> reports.add(c.message()));
        assertEquals(72, loop.runUntilComplete(p.main()));
        List<Task<Void>> pending = new ArrayList<>();
        for (Task<Void> t : p.taskRegistry) {
            if (!t.isDone()) {
                pending.add(t);
            }
        }
        loop.runUntilComplete(gather(pending));
        loop.close();
        assertEquals(List.of("Post logged 1 at 1.0", "Post logged 2 at 2.0", "Post logged 3 at 3.0"), p.out);
        assertEquals(List.of(), reports);
    }
}
