package dev.corio.jmh;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Corio;
import dev.corio.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BenchLoop} as JMH drives it: open, many invocations on one loop, close; each failure surfaced. */
class BenchLoopTest {
    private final BenchLoop bench = new BenchLoop();

    @BeforeEach
    void open() {
        bench.open();
    }

    @AfterEach
    void close() {
        bench.close();
    }

    @Test
    void invocationsShareOneLoop() {
        EventLoop first = bench.loop();
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertEquals(n, bench.<Integer>run(co(() -> await(Corio.sleep(0), v -> done(n)))));
        }
        assertSame(first, bench.loop());
    }

    @Test
    void theCoroutinesFailureIsThrownUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> bench.run(co(() -> await(Corio.sleep(0), v -> {
                    throw boom;
                })))));
        assertEquals(1, bench.<Integer>run(co(() -> done(1)))); // the loop is still usable
    }

    @Test
    void aTaskLeftPendingFailsTheInvocationAndIsCleanedUp() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bench.run(co(() -> {
            Corio.createTask(co(() -> await(Corio.sleep(3600), v -> done(0))), "straggler");
            return done(1);
        })));
        assertTrue(e.getMessage().contains("1 task(s) still pending") && e.getMessage().contains("straggler"), e.getMessage());
        assertEquals(0, bench.loop().allTasks().size());
        assertEquals(2, bench.<Integer>run(co(() -> done(2)))); // the next invocation is clean
    }

    @Test
    void anErrorTheLoopReportedFailsTheInvocation() {
        RuntimeException inCallback = new IllegalArgumentException("in a callback");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bench.run(co(() -> {
            Corio.getRunningLoop().callSoon(() -> {
                throw inCallback;
            });
            return await(Corio.sleep(0.001), v -> done(1));
        })));
        assertSame(inCallback, e.getCause());
        assertTrue(e.getMessage().startsWith("the loop reported 1 error(s) during the invocation; the first: Exception in callback"),
                e.getMessage());
    }

    @Test
    void usedBeforeOpenSaysHow() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new BenchLoop().run(co(() -> done(1))));
        assertTrue(e.getMessage().contains("take it as a parameter of the @Benchmark method"), e.getMessage());
    }
}
