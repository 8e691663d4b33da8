package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's {@code Runner} (CPython's test_runners.py, RunnerTests), and Corio.run built on it. */
class RunnerTest {

    @Test
    void runsSeveralCoroutinesOnOneLoop() {
        List<EventLoop> loops = new ArrayList<>();
        try (Runner runner = new Runner(EventLoop::virtual)) {
            Script<Integer> first = new Script<Integer>().then(v -> {
                loops.add(EventLoop.running());
                return awaiting(Corio.sleep(1, 1));
            });
            Script<Integer> second = new Script<Integer>().then(v -> {
                loops.add(EventLoop.running());
                return awaiting(Corio.sleep(1, 2));
            });
            assertEquals(1, runner.run(first));
            assertEquals(2, runner.run(second));
            assertSame(runner.getLoop(), loops.get(0));
            assertSame(loops.get(0), loops.get(1));
            assertEquals(2.0, runner.getLoop().time(), 1e-9); // the clock went on, it was not a new loop
        }
        assertTrue(loops.get(0).isClosed());
    }

    @Test
    void aTaskLeftByOneRunGoesOnInTheNextAndCloseCancelsWhatIsLeft() {
        List<String> log = new ArrayList<>();
        Runner runner = new Runner(EventLoop::virtual);
        Task<?>[] background = new Task<?>[1];
        runner.run(new Script<Void>().then(v -> {
            background[0] = Corio.createTask(new Script<Void>()
                    .then(x -> awaiting(Corio.sleep(1)))
                    .then(x -> {
                        log.add("tick at " + EventLoop.running().time());
                        return awaiting(Corio.sleep(100));
                    })
                    .handle((x, e) -> {
                        log.add("finally: " + e.getClass().getSimpleName());
                        throw e;
                    }));
            return null;
        }));
        assertFalse(background[0].isDone());
        runner.run(new Script<Void>().then(v -> awaiting(Corio.sleep(2))));
        assertEquals(List.of("tick at 1.0"), log);
        runner.close();
        assertEquals(List.of("tick at 1.0", "finally: CancelledError"), log);
        assertTrue(background[0].isCancelled());
        runner.close(); // twice: nothing more
    }

    @Test
    void runsShareTheRunnersContextUnlessGivenOne() {
        // asyncio's test_runners: a context variable set in one run is seen by the next
        dev.corio.context.ContextVar<String> user = new dev.corio.context.ContextVar<>("user", "nobody");
        try (Runner runner = new Runner(EventLoop::virtual)) {
            runner.run(new Script<Void>().then(v -> {
                user.set("ada");
                return null;
            }));
            assertEquals("ada", runner.run(new Script<String>().then(v -> user.get())));
            dev.corio.context.Context own = new dev.corio.context.Context();
            assertEquals("nobody", runner.run(new Script<String>().then(v -> user.get()), own));
            runner.run(new Script<Void>().then(v -> {
                user.set("grace");
                return null;
            }), own);
            assertEquals("grace", own.get(user));
            assertEquals("ada", runner.run(new Script<String>().then(v -> user.get())));
        }
        assertEquals("nobody", user.get()); // the caller's own context was copied, never changed
    }

    @Test
    void theLoopIsMadeLazilyOnceAndNotAfterClose() {
        int[] made = {0};
        Runner runner = new Runner(() -> {
            made[0]++;
            return EventLoop.virtual();
        }, true);
        runner.close(); // no loop yet: nothing to close, the runner stays usable
        assertEquals(0, made[0]);
        EventLoop loop = runner.getLoop();
        assertSame(loop, runner.getLoop());
        assertTrue(loop.isDebug());
        assertEquals(1, made[0]);
        runner.close();
        assertTrue(loop.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
        assertTrue(e.getMessage().contains("closed Runner"), e.getMessage());
    }

    @Test
    void runOnAClosedRunnerClosesTheCoroutineAndSaysWhy() {
        Runner runner = new Runner(EventLoop::virtual);
        runner.run(Script.returning(1));
        runner.close();
        Script<Integer> late = Script.returning(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(late));
        assertEquals("Runner.run() called on a closed Runner", e.getMessage());
        assertTrue(late.isClosed());
    }

    @Test
    void runFromARunningLoopIsRefused() {
        try (Runner outer = new Runner(EventLoop::virtual); Runner inner = new Runner(EventLoop::virtual)) {
            Script<Integer> nested = Script.returning(3);
            IllegalStateException e = outer.run(new Script<IllegalStateException>().then(v -> {
                try {
                    inner.run(nested);
                    return null;
                } catch (IllegalStateException refused) {
                    return refused;
                }
            }));
            assertNotNull(e);
            assertEquals("Runner.run() cannot be called from a running event loop", e.getMessage());
            assertTrue(nested.isClosed());
        }
    }

    @Test
    void aCheckedExceptionIsCaughtByName() {
        IOException io = new IOException("gone");
        IOException caught = null;
        try (Runner runner = new Runner(EventLoop::virtual)) {
            runner.run(new Script<String>().then(v -> awaiting(Corio.sleep(1))).then(v -> {
                throw io;
            }), IOException.class);
        } catch (IOException e) {
            caught = e;
        }
        assertSame(io, caught);
    }

    @Test
    void aFailingShutdownIsSuppressedByMainsOwnException() {
        // main fails; a task it left swallows its cancellation and then fails, so the loop's handler hears
        // of it, and main's exception is what comes out.
        List<String> reports = new ArrayList<>();
        IllegalArgumentException boom = new IllegalArgumentException("main failed");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Corio.run(
                new Script<Void>().then(v -> {
                    EventLoop.running().setExceptionHandler((l, c) -> reports.add(c.message()));
                    Corio.createTask(new Script<Void>()
                            .then(x -> awaiting(Corio.sleep(10)))
                            .handle((x, e) -> {
                                throw new IllegalStateException("failed while cancelled");
                            }));
                    return awaiting(Corio.sleep(1));
                }).then(v -> {
                    throw boom;
                }), EventLoop::virtual));
        assertSame(boom, thrown);
        assertEquals(List.of("unhandled exception during Corio.run() shutdown"), reports);
    }
}
