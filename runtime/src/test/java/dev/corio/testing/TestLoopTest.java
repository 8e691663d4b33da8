package dev.corio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.TimeoutError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TestLoop} with the runtime's own coroutines (this module has no processor; the sample app's
 * {@code TestLoopTest} runs it on {@code @Async} methods, with {@link CorioExtension}).
 */
class TestLoopTest {
    @Test
    void givesTheValueAfterLoopTimeOnly() {
        double[] now = new double[1];
        String v = TestLoop.run(() -> {
            now[0] = EventLoop.running().time();
            return Corio.waitFor(Corio.sleep(3600, "slept"), (Duration) null);
        });
        assertEquals("slept", v);
        assertEquals(0.0, now[0]);
    }

    @Test
    void aBodyThatThrowsOrGivesNullFails() {
        IllegalStateException boom = new IllegalStateException("boom");
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(() -> {
            throw boom;
        }));
        assertEquals(boom, e.getCause());
        e = assertThrows(AssertionError.class, () -> TestLoop.run(() -> null));
        assertInstanceOf(NullPointerException.class, e.getCause());
    }

    @Test
    void bothTimeoutOverloadsSaturateAsWaitForDoes() {
        // zero or less: times out unless the body is done at once, whichever overload
        for (Executable negative : List.<Executable>of(
                () -> TestLoop.run(-1, () -> Corio.waitFor(Corio.sleep(0), 1)),
                () -> TestLoop.run(Duration.ofSeconds(-1), () -> Corio.waitFor(Corio.sleep(0), 1)))) {
            AssertionError e = assertThrows(AssertionError.class, negative);
            assertInstanceOf(TimeoutError.class, e.getCause());
            assertTrue(e.getMessage().startsWith("the test body did not complete within -1.0 s of loop time"),
                    e.getMessage());
        }
        // beyond any long of nanoseconds: never times out, and the body's sleep is still only a sleep
        assertEquals("slept", TestLoop.run(Double.POSITIVE_INFINITY, () -> Corio.waitFor(Corio.sleep(5, "slept"), 10)));
        assertEquals("slept", TestLoop.run(Duration.ofSeconds(Long.MAX_VALUE), () -> Corio.waitFor(Corio.sleep(5, "slept"), 10)));
        // a huge timeout that does pass (the virtual clock jumps to the end of its range) is reported, not overflowed
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(Duration.ofSeconds(Long.MAX_VALUE),
                () -> Corio.waitFor(EventLoop.running().createFuture(), (Duration) null)));
        assertTrue(e.getMessage().startsWith("the test body did not complete within 9.223372036854776E18 s of loop time"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestLoop.run(Double.NaN, () -> Corio.waitFor(Corio.sleep(0), 1)));
    }

    /**
     * The runtime's classes may initialize inside the debug-mode loop; then the coroutine marker that
     * {@code Coroutine} keeps for itself was reported as never awaited when the loop closed.
     */
    @Test
    void theFirstCoroutineOfAProgramCanBeCreatedInTheTestLoop(@TempDir Path dir) throws IOException, InterruptedException {
        // stderr apart: on JDK 24+ JCTools prints sun.misc.Unsafe deprecation warnings there
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FirstCoroutine.class.getName())
                .redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the program did not end");
        assertEquals(0, p.exitValue(), () -> out + readQuietly(err));
        assertEquals("slept", out.strip(), () -> readQuietly(err));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }
}
