package dev.corio.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Awaitable;
import dev.corio.Co;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.TestBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subprocesses on the virtual clock ({@link EventLoop#virtual()}): a running child, or one whose output
 * pipes may still deliver, is I/O in flight, so time does not jump past what it writes; once it has exited
 * and its pipes are done, time jumps again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubprocessVirtualClockTest extends TestBase {
    private <T> T run(Supplier<? extends Awaitable<T>> make) {
        return loop.runUntilComplete(Co.co(() -> Co.await(make.get(), v -> Co.done(v))));
    }

    @Test
    void aTimeoutDoesNotJumpPastARunningChildsOutput() {
        // the child writes after 300 ms of real time; the 5 s virtual timeout must not fire first
        AsyncProcess p = run(() -> Subprocess.createSubprocessShell("sleep 0.3; echo late", Redirect.DEVNULL,
                Redirect.PIPE, Redirect.INHERIT));
        double before = loop.time();
        byte[] line = run(() -> Corio.waitFor(p.stdout().readline(), 5.0));
        assertEquals("late\n", new String(line, StandardCharsets.UTF_8));
        assertTrue(loop.time() - before < 5.0, "virtual time stood still while the child ran: "
                + (loop.time() - before));
        assertEquals(0, run(p::waitFor));
    }

    @Test
    void aTimeoutOnWaitForARunningChildWithoutPipes() {
        AsyncProcess p = run(() -> Subprocess.createSubprocessExec(List.of("sleep", "0.3"), Redirect.DEVNULL,
                Redirect.DEVNULL, Redirect.DEVNULL));
        assertEquals(0, run(() -> Corio.waitFor(p.waitFor(), 5.0)));
    }

    @Test
    void aTimeoutAgainstAChildThatHangsFiresAfterItsDelayInRealTime() {
        // time stands still while the child runs, but not forever: after the timer's delay in real time with
        // nothing from the child, the timer is due (docs/subprocess.md)
        AsyncProcess p = run(() -> Subprocess.createSubprocessExec(List.of("sleep", "30"), Redirect.PIPE,
                Redirect.PIPE, Redirect.PIPE));
        double before = loop.time();
        long start = System.nanoTime();
        Class<? extends Throwable> got = run(() -> Co.co(() -> Co.await(Corio.waitFor(p.communicate(), 0.2),
                v -> Co.done(null), e -> Co.done(e.getClass()))));
        double realSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(dev.corio.TimeoutError.class, got);
        assertEquals(0.2, loop.time() - before, 1e-6);
        assertTrue(realSeconds >= 0.19 && realSeconds < 10, "took " + realSeconds + " s of real time");
        p.kill();
        assertEquals(137, run(p::waitFor));
    }

    @Test
    void onceTheChildIsDoneTimeJumpsAgain() {
        AsyncProcess p = run(() -> Subprocess.createSubprocessExec(List.of("echo", "hi"), Redirect.DEVNULL,
                Redirect.PIPE, Redirect.PIPE));
        run(p::communicate);
        long start = System.nanoTime();
        double before = loop.time();
        run(() -> Corio.sleep(3600));
        assertEquals(3600, loop.time() - before, 1.0);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "an hour of virtual time took "
                + (System.nanoTime() - start) / 1e9 + " s of real time");
    }

    @Test
    void aPipePausedByItsReaderDoesNotHoldTheClock() {
        // the child wrote more than twice the reader's limit (which pauses the pipe), less than the kernel's pipe
        // buffer (so it could exit), and exited; nobody reads the rest: virtual time moves
        AsyncProcess p = run(() -> Subprocess.start(new ProcessBuilder("head", "-c", "50000", "/dev/zero"),
                Redirect.DEVNULL, Redirect.PIPE, Redirect.DEVNULL, 1024));
        run(() -> p.stdout().readexactly(10));
        run(p::waitFor);
        long start = System.nanoTime();
        double before = loop.time();
        run(() -> Corio.sleep(60));
        assertEquals(60, loop.time() - before, 1.0);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }
}
