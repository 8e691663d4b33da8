package dev.corio.subprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Co;
import dev.corio.EventLoop;
import dev.corio.TimeoutError;
import dev.corio.Corio;
import dev.corio.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subprocesses on real processes ({@code /bin/sh}, {@code cat}, {@code sleep}): the cases of CPython's
 * {@code Lib/test/test_asyncio/test_subprocess.py} that pin behaviour, and the large transfers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubprocessTest {
    private static final Redirect PIPE = Redirect.PIPE;
    private EventLoop loop;
    private final List<AsyncProcess> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = EventLoop.create();
    }

    @AfterEach
    void tearDown() {
        for (AsyncProcess p : started) {
            p.kill();
        }
        loop.close();
    }

    /** Runs {@code make} in a coroutine on the loop and gives what the awaitable it returns gives. */
    private <T> T run(Supplier<? extends Awaitable<T>> make) {
        return loop.runUntilComplete(Co.co(() -> Co.await(make.get(), v -> Co.done(v))));
    }

    private AsyncProcess exec(Redirect in, Redirect out, Redirect err, String... command) {
        AsyncProcess p = run(() -> Subprocess.createSubprocessExec(List.of(command), in, out, err));
        started.add(p);
        return p;
    }

    private AsyncProcess shell(String cmd) {
        AsyncProcess p = run(() -> Subprocess.createSubprocessShell(cmd, PIPE, PIPE, PIPE));
        started.add(p);
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void stdinStdout() { // test_stdin_stdout
        AsyncProcess p = exec(PIPE, PIPE, Redirect.INHERIT, "cat");
        byte[] data = bytes("Python The Winner");
        run(() -> {
            p.stdin().write(data);
            return p.stdin().drain();
        });
        run(() -> {
            p.stdin().close();
            return p.stdout().read();
        });
        byte[] got = run(() -> p.stdout().read());
        assertEquals(0, got.length, "EOF after everything was read");
        int code = run(p::waitFor);
        assertEquals(0, code);
        assertEquals(0, p.returncode());
    }

    @Test
    void readBackWhatWasWritten() {
        AsyncProcess p = exec(PIPE, PIPE, Redirect.INHERIT, "cat");
        run(() -> {
            p.stdin().write("line one\nline two\n");
            return p.stdin().drain();
        });
        assertEquals("line one\n", new String(run(() -> p.stdout().readline()), StandardCharsets.UTF_8));
        assertEquals("line two\n", new String(run(() -> p.stdout().readline()), StandardCharsets.UTF_8));
        run(() -> {
            p.stdin().close();
            return p.waitFor();
        });
        assertEquals(0, run(() -> p.stdout().read()).length);
    }

    @Test
    void communicate() { // test_communicate
        AsyncProcess p = exec(PIPE, PIPE, PIPE, "cat");
        Output out = run(() -> p.communicate(bytes("Python The Winner")));
        assertArrayEquals(bytes("Python The Winner"), out.stdout());
        assertArrayEquals(new byte[0], out.stderr());
        assertEquals(0, p.returncode());
    }

    @Test
    void communicateWithoutInputOrPipes() { // test_communicate_none_input, stdout not a pipe
        AsyncProcess p = exec(PIPE, Redirect.DEVNULL, Redirect.DEVNULL, "cat");
        Output out = run(p::communicate);
        assertNull(out.stdout());
        assertNull(out.stderr());
        assertEquals(0, p.returncode());
    }

    @Test
    void shellReturnCode() { // test_shell
        AsyncProcess p = shell("exit 7");
        assertEquals(7, run(p::waitFor));
        AsyncProcess q = shell("echo $((6 * 7)); echo oops >&2");
        Output out = run(q::communicate);
        assertEquals("42\n", new String(out.stdout(), StandardCharsets.UTF_8));
        assertEquals("oops\n", new String(out.stderr(), StandardCharsets.UTF_8));
    }

    @Test
    void stderrIntoStdout() { // test_stdout_stderr_pipe with STDOUT
        AsyncProcess p = run(() -> Subprocess.createSubprocessShell("echo out; echo err >&2", Redirect.DEVNULL, PIPE,
                Redirect.STDOUT));
        started.add(p);
        Output out = run(p::communicate);
        assertEquals("out\nerr\n", new String(out.stdout(), StandardCharsets.UTF_8));
        assertNull(out.stderr());
    }

    @Test
    void devnullInput() { // test_devnull_input
        AsyncProcess p = exec(Redirect.DEVNULL, PIPE, PIPE, "cat");
        assertNull(p.stdin());
        Output out = run(p::communicate);
        assertArrayEquals(new byte[0], out.stdout());
        assertEquals(0, p.returncode());
    }

    @Test
    void pidIsTheChild() {
        AsyncProcess p = shell("echo $$");
        Output out = run(p::communicate);
        assertEquals(Long.toString(p.pid()), new String(out.stdout(), StandardCharsets.UTF_8).trim());
    }

    @Test
    void kill() { // test_kill
        AsyncProcess p = exec(PIPE, PIPE, PIPE, "sleep", "30");
        assertNull(p.returncode());
        p.kill();
        assertEquals(128 + 9, run(p::waitFor));
    }

    @Test
    void terminate() { // test_terminate
        AsyncProcess p = exec(PIPE, PIPE, PIPE, "sleep", "30");
        p.terminate();
        assertEquals(128 + 15, run(p::waitFor));
    }

    @Test
    void sendSignal() throws IOException { // test_send_signal (SIGHUP)
        AsyncProcess p = exec(PIPE, PIPE, PIPE, "sleep", "30");
        p.sendSignal(1);
        assertEquals(128 + 1, run(p::waitFor));
        p.sendSignal(1); // after the exit: nothing
        p.kill();
    }

    @Test
    void aCommandThatDoesNotExist() { // test_create_subprocess_exec_... FileNotFoundError
        AsyncFuture<AsyncProcess> f = run(() -> {
            AsyncFuture<AsyncFuture<AsyncProcess>> holder = loop.createFuture();
            holder.setResult(Subprocess.createSubprocessExec(List.of("corio-no-such-program"), PIPE, PIPE, PIPE));
            return holder;
        });
        IOException e = assertInstanceOf(IOException.class, f.exception());
        assertTrue(e.getMessage().contains("corio-no-such-program"), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void aProcessThatExitsWhileItsPipesAreStillOpen() { // test_read_stdout_after_process_exit
        // the background sleep keeps the shell's stdout open after the shell exits
        AsyncProcess p = shell("echo out; sleep 3 & exit 5");
        long t0 = System.nanoTime();
        assertEquals(5, run(p::waitFor));
        byte[] out = run(() -> p.stdout().read());
        assertEquals("out\n", new String(out, StandardCharsets.UTF_8));
        assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "the reads end with the process, not with the grandchild");
    }

    @Test
    void communicateWithATimeoutThatKills() {
        AsyncProcess p = exec(PIPE, PIPE, PIPE, "sleep", "30");
        Task<Output> timedOut = run(() -> {
            AsyncFuture<Task<Output>> outer = loop.createFuture();
            Task<Output> t = loop.createTask(Corio.waitFor(p.communicate(), 0.3));
            t.addDoneCallback(d -> outer.setResult(t));
            return outer;
        });
        assertInstanceOf(TimeoutError.class, timedOut.exception());
        p.kill();
        assertEquals(137, run(p::waitFor));
    }

    @Test
    void stdinBrokenPipe() { // test_stdin_broken_pipe
        AsyncProcess p = shell("exit 0");
        run(p::waitFor);
        byte[] big = new byte[4 * 1024 * 1024];
        AsyncFuture<Void> drained = run(() -> {
            AsyncFuture<AsyncFuture<Void>> outer = loop.createFuture();
            p.stdin().write(big);
            AsyncFuture<Void> d = p.stdin().drain();
            d.addDoneCallback(x -> outer.setResult(x));
            return outer;
        });
        assertInstanceOf(IOException.class, drained.exception());
    }

    @Test
    void communicateIgnoresABrokenPipe() { // test_communicate_ignore_broken_pipe
        AsyncProcess p = shell("exit 3");
        run(p::waitFor);
        Output out = run(() -> p.communicate(new byte[4 * 1024 * 1024]));
        assertArrayEquals(new byte[0], out.stdout());
        assertEquals(3, p.returncode());
    }

    @Test
    void sixtyFourMiBEachWayThroughCat() {
        byte[] data = random(64 * 1024 * 1024, 13);
        AsyncProcess p = exec(PIPE, PIPE, PIPE, "cat");
        Output out = run(() -> p.communicate(data));
        assertEquals(data.length, out.stdout().length);
        assertArrayEquals(data, out.stdout());
        assertEquals(0, p.returncode());
    }

    @Test
    void largeOutputOnBothPipesDoesNotDeadlock() {
        byte[] data = random(16 * 1024 * 1024, 7);
        AsyncProcess p = shell("cat | tee /dev/stderr");
        Output out = run(() -> p.communicate(data));
        assertArrayEquals(data, out.stdout());
        assertArrayEquals(data, out.stderr());
        assertEquals(0, p.returncode());
    }

    @Test
    void aFullReaderPausesThePipe() throws InterruptedException { // test_pause_reading
        int limit = 16 * 1024;
        AsyncProcess p = run(() -> Subprocess.start(new ProcessBuilder("/bin/sh", "-c", "head -c 8388608 /dev/zero"),
                Redirect.DEVNULL, PIPE, Redirect.DEVNULL, limit));
        started.add(p);
        // let the child write while nobody reads: the reader pauses its pipe above 2 * limit
        for (int i = 0; i < 20; i++) {
            Thread.sleep(25);
            run(() -> Co.co(() -> Co.done(null)));
        }
        int buffered = p.stdout().buffered();
        assertTrue(buffered <= 2 * limit + PipePump.CHUNK, "buffered " + buffered);
        assertNull(p.returncode(), "the child is held back by the full pipe");
        byte[] all = run(() -> p.stdout().read());
        assertEquals(8 * 1024 * 1024, all.length);
        assertEquals(0, run(p::waitFor));
    }

    @Test
    void manyProcessesUseAFewThreads() {
        List<AsyncProcess> ps = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ps.add(exec(PIPE, PIPE, PIPE, "cat"));
        }
        for (AsyncProcess p : ps) {
            run(() -> {
                p.stdin().write(new byte[200_000]);
                return p.stdin().drain();
            });
        }
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("corio-subprocess-")).count();
        assertTrue(threads <= PipePump.POOL_SIZE + 1, threads + " threads");
        for (AsyncProcess p : ps) {
            Output out = run(p::communicate);
            assertEquals(200_000, out.stdout().length);
            assertEquals(0, p.returncode());
        }
    }

    @Test
    void waitCancelledLeavesTheProcessRunning() { // test_cancel_process_wait
        AsyncProcess p = exec(PIPE, PIPE, PIPE, "sleep", "30");
        AsyncFuture<Integer> w = run(() -> {
            AsyncFuture<AsyncFuture<Integer>> outer = loop.createFuture();
            AsyncFuture<Integer> f = p.waitFor();
            f.cancel();
            outer.setResult(f);
            return outer;
        });
        assertTrue(w.isCancelled());
        assertTrue(p.process().isAlive());
        assertNull(p.returncode());
        p.kill();
        assertEquals(137, run(p::waitFor));
    }
}
