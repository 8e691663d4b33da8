package dev.corio.sample.testing;

import static dev.corio.Corio.await;
import static dev.corio.Corio.createTask;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.TimeoutError;
import dev.corio.annotation.Async;
import dev.corio.testing.CorioExtension;
import dev.corio.testing.TestLoop;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TestLoop} and {@link CorioExtension} on real {@code @Async} methods of the test class itself. */
@ExtendWith(CorioExtension.class)
class TestLoopTest {
    /** Loops seen by {@link #sleeps}: each run must get a fresh one. */
    EventLoop seen;

    @Async
    Coroutine<Double> sleeps(double seconds) {
        seen = getRunningLoop();
        await(sleep(seconds));
        return result(getRunningLoop().time());
    }

    @Async
    Coroutine<Double> fails(String message) {
        await(sleep(0.5));
        throw new IllegalStateException(message);
    }

    @Async
    Coroutine<String> leavesATaskPending() {
        createTask(sleeps(10), "forgotten");
        await(sleep(1));
        return result("done");
    }

    @Async
    Coroutine<String> dropsAFailedTask() {
        Task<Double> t = createTask(fails("boom"));
        await(sleep(1));
        return result("done " + t.isDone());
    }

    @Async
    Coroutine<String> neverAwaits() {
        Coroutine<Double> c = sleeps(1); // created, never awaited
        return result("done " + c.isStarted());
    }

    @Test
    void theExtensionCreatesTheGeneratedClass() {
        assertEquals("Corio_TestLoopTest", getClass().getSimpleName());
    }

    @Test
    void runsOnAFreshLoopWithTheVirtualClock() {
        long start = System.nanoTime();
        assertEquals(3600.0, TestLoop.run(() -> sleeps(3600)));
        EventLoop first = seen;
        assertEquals(86400.0, TestLoop.run(() -> sleeps(86400))); // the clock starts at 0 again
        assertNotSame(first, seen);
        assertTrue(first.isClosed() && seen.isClosed());
        assertTrue(first.isVirtualClock());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "a day of loop time took real time");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1.5, 604800})
    void parameterisedTestsWork(double seconds) {
        assertEquals(seconds, TestLoop.run(() -> sleeps(seconds)));
    }

    @Test
    void theBodysExceptionIsTheCause() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(() -> fails("no stock")));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("no stock", e.getCause().getMessage());
        assertTrue(e.getMessage().startsWith("the test body failed: "), e.getMessage());
    }

    @Test
    void aTaskLeftPendingFailsTheTest() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(this::leavesATaskPending));
        assertTrue(e.getMessage().contains("1 task was still pending when the test body ended"), e.getMessage());
        assertTrue(e.getMessage().contains("forgotten"), e.getMessage());
    }

    @Test
    void anExceptionNeverRetrievedFailsTheTest() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(this::dropsAFailedTask));
        assertTrue(e.getMessage().contains("exception was never retrieved"), e.getMessage());
        assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(s -> "boom".equals(s.getMessage())),
                () -> Arrays.toString(e.getSuppressed()));
    }

    @Test
    void aCoroutineNeverAwaitedFailsTheTest() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(this::neverAwaits));
        assertTrue(e.getMessage().contains("was never awaited"), e.getMessage());
    }

    @Test
    void timeoutsAreInLoopTime() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(10, () -> sleeps(3600)));
        assertInstanceOf(TimeoutError.class, e.getCause());
        assertTrue(e.getMessage().startsWith("the test body did not complete within 10.0 s of loop time"),
                e.getMessage());
        assertEquals(5.0, TestLoop.run(10, () -> sleeps(5)));
    }
}
