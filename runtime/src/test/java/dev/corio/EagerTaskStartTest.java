package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.context.ContextVar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eager task start opt-in ({@link EventLoop#setEagerTaskStart}), against asyncio 3.12's
 * {@code eager_task_factory} (test_asyncio/test_eager_task_factory.py): the first step runs inside
 * {@code createTask}; the default keeps asyncio's lazy start.
 */
class EagerTaskStartTest {

    /** Runs {@code main} on a fresh virtual loop with eager start set to {@code eager}. */
    private static <T> T run(boolean eager, Coroutine<T> main) {
        EventLoop loop = EventLoop.virtual();
        loop.setEagerTaskStart(eager);
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    /** A creates B and C, which log and yield once; the order of the log tells when their steps ran. */
    private static List<String> interleaving(boolean eager) {
        List<String> log = new ArrayList<>();
        run(eager, co(() -> {
            EventLoop loop = EventLoop.running();
            for (String name : List.of("b", "c")) {
                loop.createTask(co(() -> {
                    log.add(name + "1");
                    return await(Corio.sleep(0), v -> {
                        log.add(name + "2");
                        return done(null);
                    });
                }));
                log.add("created " + name);
            }
            return await(Corio.sleep(0), v -> await(Corio.sleep(0), w -> {
                log.add("a done");
                return done(null);
            }));
        }));
        return log;
    }

    @Test
    void offByDefaultTheFirstStepWaitsForTheNextTick() {
        assertFalse(EventLoop.virtual().isEagerTaskStart());
        assertEquals(List.of("created b", "created c", "b1", "c1", "b2", "c2", "a done"), interleaving(false));
    }

    @Test
    void eagerTheFirstStepRunsInsideCreateTaskThenFifo() {
        // test_eager_task_factory: the coroutine runs up to its first suspension before create_task returns
        assertEquals(List.of("b1", "created b", "c1", "created c", "b2", "c2", "a done"), interleaving(true));
    }

    @Test
    void aCoroutineThatDoesNotSuspendGivesATaskDoneAtOnce() {
        Object[] seen = new Object[3];
        run(true, co(() -> {
            EventLoop loop = EventLoop.running();
            Task<?> creator = loop.currentTask();
            Task<Integer> t = loop.createTask(co(() -> {
                seen[0] = loop.currentTask(); // the new task is current during its eager step
                return done(42);
            }));
            seen[1] = loop.currentTask(); // and the creator again afterwards
            seen[2] = t.isDone() ? t.result() : null;
            assertSame(creator, seen[1]);
            assertSame(t, seen[0]);
            assertFalse(loop.allTasks().contains(t), "a task done eagerly is not pending");
            return done(null);
        }));
        assertEquals(42, seen[2]);
    }

    @Test
    void anExceptionOfTheFirstStepFailsTheTaskNotTheCreator() {
        IllegalStateException boom = new IllegalStateException("boom");
        Object r = run(true, co(() -> {
            Task<Object> t = EventLoop.running().createTask(co(() -> {
                throw boom;
            }));
            assertTrue(t.isDone());
            assertSame(boom, t.exception());
            return done("creator went on");
        }));
        assertEquals("creator went on", r);
    }

    @Test
    void awaitingAnEagerTaskThatSuspendedGetsItsValue() {
        int r = run(true, co(() -> {
            Task<Integer> t = EventLoop.running().createTask(co(() -> await(Corio.sleep(1.0, 7), v -> done(v * 6))));
            assertFalse(t.isDone());
            return await(t, v -> done(v));
        }));
        assertEquals(42, r);
    }

    @Test
    void notRunningLoopStartsLazilyAsAsyncio() {
        EventLoop loop = EventLoop.virtual();
        loop.setEagerTaskStart(true);
        List<String> log = new ArrayList<>();
        Task<Object> t = loop.createTask(co(() -> {
            log.add("ran");
            return done(null);
        }));
        assertEquals(List.of(), log, "created before the loop runs: started by the loop");
        loop.runUntilComplete(t);
        assertEquals(List.of("ran"), log);
        loop.close();
    }

    /** Each level creates the next in its first step: deep chains fall back to scheduling, no stack overflow. */
    static Coroutine<Integer> chain(int depth, int[] maxEager) {
        return co(() -> {
            EventLoop loop = EventLoop.running();
            if (depth == 0) {
                return done(0);
            }
            Task<Integer> next = loop.createTask(chain(depth - 1, maxEager));
            return await(next, v -> done(v + 1));
        });
    }

    @Test
    void deepRecursionOfEagerStartsIsNotBoundedByTheStack() {
        assertEquals(100_000, run(true, chain(100_000, null)));
    }

    @Test
    void theEagerStepRunsInTheNewTasksContextCopy() {
        ContextVar<String> var = new ContextVar<>("v", "unset");
        String[] inside = new String[2];
        String after = run(true, co(() -> {
            var.set("creator");
            EventLoop.running().createTask(co(() -> {
                inside[0] = var.get(); // a copy of the creator's
                var.set("child");
                inside[1] = var.get();
                return done(null);
            }));
            return done(var.get()); // the child's set stays in the child's copy
        }));
        assertEquals("creator", inside[0]);
        assertEquals("child", inside[1]);
        assertEquals("creator", after);
    }

    @Test
    void cancellingAnEagerTaskThatSuspendedWorksAsForAnyTask() {
        boolean cancelled = run(true, co(() -> {
            Task<Object> t = EventLoop.running().createTask(co(() -> await(Corio.sleep(3600), v -> done(null))));
            assertTrue(t.cancel());
            return await(t, v -> done(false), e -> done(e instanceof CancelledError));
        }));
        assertTrue(cancelled);
    }

    @Test
    void fromAnotherThreadTheSwitchIsRefusedWhileTheLoopRuns() throws Exception {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Object> gate = loop.createFuture();
        Thread t = new Thread(() -> loop.runUntilComplete(gate));
        t.start();
        while (!loop.isRunning()) {
            Thread.onSpinWait();
        }
        assertThrows(IllegalStateException.class, () -> loop.setEagerTaskStart(true));
        loop.callSoonThreadsafe(() -> gate.setResult(null));
        t.join();
        assertNull(gate.result());
        loop.close();
    }
}
