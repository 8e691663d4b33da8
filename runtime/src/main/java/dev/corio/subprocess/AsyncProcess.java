package dev.corio.subprocess;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.internal.IoStep;
import dev.corio.net.StreamReader;
import dev.corio.net.StreamWriter;
import dev.corio.net.Streams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * asyncio's {@code asyncio.subprocess.Process}: a child process started by
 * {@link Subprocess#createSubprocessExec} or {@link Subprocess#createSubprocessShell}, with its pipes as
 * streams. Loop thread only, but {@link #pid()} and {@link #returncode()}.
 *
 * <p>The return code is the JDK's: the exit status, or {@code 128 + N} for a process ended by signal
 * {@code N} (143 after {@link #terminate()}, 137 after {@link #kill()}); asyncio gives {@code -N}. Java
 * cannot tell {@code exit 143} from a SIGTERM.
 */
public final class AsyncProcess {
    private final EventLoop loop;
    private final Process process;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private volatile Integer returncode;
    private final List<AsyncFuture<Integer>> waiters = new ArrayList<>();
    private PipeReadTransport outPipe;
    private PipeReadTransport errPipe;
    private boolean exitSeen;
    /** Completed to release the virtual clock; {@code null} while nothing is held. */
    private java.util.concurrent.CompletableFuture<Void> clockHold;

    AsyncProcess(EventLoop loop, Process process, boolean pipeIn, boolean pipeOut, boolean pipeErr, int limit) {
        this.loop = loop;
        this.process = process;
        PipePump pump = PipePump.get();
        if (pipeIn) {
            stdin = Streams.writerFor(new PipeWriteTransport(loop, process.getOutputStream(), () -> { }));
        } else {
            stdin = null;
        }
        if (pipeOut) {
            stdout = new StreamReader(limit);
            outPipe = new PipeReadTransport(loop, process, process.getInputStream(), stdout, this::updateInFlight);
            pump.register(outPipe);
        } else {
            stdout = null;
        }
        if (pipeErr) {
            stderr = new StreamReader(limit);
            errPipe = new PipeReadTransport(loop, process, process.getErrorStream(), stderr, this::updateInFlight);
            pump.register(errPipe);
        } else {
            stderr = null;
        }
        updateInFlight();
        process.onExit().whenComplete((p, e) -> {
            int code = process.exitValue();
            pump.nudge(); // its pipes end now: have the poller look at once rather than after its back-off
            try {
                loop.callSoonThreadsafe(() -> exited(code));
            } catch (IllegalStateException closedLoop) {
                returncode = code; // nobody waits on a closed loop
            }
        });
    }

    /**
     * The virtual clock's rule for processes (docs/subprocess.md): while the child runs, or one of its output
     * pipes may still deliver (open and not paused by its reader), the process is I/O in flight, as a
     * connection attempt is, and the loop does not jump time. Held through {@link AsyncFuture#fromStage},
     * which the loop counts until it completes. Loop thread.
     */
    private void updateInFlight() {
        boolean busy = !exitSeen || (outPipe != null && outPipe.mayDeliver()) || (errPipe != null && errPipe.mayDeliver());
        if (busy && clockHold == null) {
            clockHold = new java.util.concurrent.CompletableFuture<>();
            AsyncFuture.fromStage(clockHold, loop);
        } else if (!busy && clockHold != null) {
            clockHold.complete(null);
            clockHold = null;
        }
    }

    private void exited(int code) {
        exitSeen = true;
        updateInFlight();
        returncode = code;
        List<AsyncFuture<Integer>> w = new ArrayList<>(waiters);
        waiters.clear();
        for (AsyncFuture<Integer> f : w) {
            if (!f.isDone()) {
                f.setResult(code);
            }
        }
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The exit status once the loop has seen the process end, {@code null} before (asyncio's {@code None}). */
    public Integer returncode() {
        return returncode;
    }

    /** The child's stdin, or {@code null} unless it was {@link Redirect#PIPE}. */
    public StreamWriter stdin() {
        return stdin;
    }

    /** The child's stdout, or {@code null} unless it was {@link Redirect#PIPE}. */
    public StreamReader stdout() {
        return stdout;
    }

    /** The child's stderr, or {@code null} unless it was {@link Redirect#PIPE}. */
    public StreamReader stderr() {
        return stderr;
    }

    /** The {@link java.lang.Process} underneath. */
    public Process process() {
        return process;
    }

    /**
     * Completes with the return code when the process has exited (at once if it has). Cancelling the wait
     * leaves the process running. As in asyncio, a process that writes more to a pipe than its reader's
     * limit twice over, while nobody reads it, never exits: read the pipes, or use {@link #communicate}.
     */
    public AsyncFuture<Integer> waitFor() {
        IoStep.checkThread(loop, "wait");
        AsyncFuture<Integer> f = loop.createFuture();
        Integer code = returncode;
        if (code != null) {
            f.setResult(code);
            return f;
        }
        waiters.add(f);
        f.addDoneCallback(d -> waiters.remove(d));
        return f;
    }

    /** {@link #communicate(byte[])} with no input (stdin, if a pipe, is closed at once). */
    public AsyncFuture<Output> communicate() {
        return communicate(null);
    }

    /**
     * asyncio's {@code communicate(input)}: writes {@code input} to stdin (if a pipe) and closes it, reads
     * stdout and stderr (those that are pipes) to their end at the same time, waits for the process to exit,
     * and gives what was read. Both outputs are read while the input is written, so large output on both
     * pipes cannot deadlock. A broken pipe on stdin (the child did not read it all) is ignored, as in
     * asyncio. Cancelling it (e.g. by {@code waitFor(proc.communicate(), 5)}) cancels the reads and leaves
     * the process running: kill it then, see docs/subprocess.md.
     */
    public AsyncFuture<Output> communicate(byte[] input) {
        IoStep.checkThread(loop, "communicate");
        AsyncFuture<Output> result = loop.createFuture();
        AsyncFuture<Void> fed = feed(input);
        AsyncFuture<byte[]> out = stdout != null ? stdout.read() : completed(null);
        AsyncFuture<byte[]> err = stderr != null ? stderr.read() : completed(null);
        List<AsyncFuture<?>> parts = List.of(fed, out, err);
        int[] left = {parts.size()};
        for (AsyncFuture<?> part : parts) {
            part.addDoneCallback(p -> {
                if (result.isDone()) {
                    return;
                }
                if (p.isCancelled()) {
                    result.cancel();
                    return;
                }
                Throwable e = p.exception();
                if (e != null) {
                    result.setException(e);
                    return;
                }
                if (--left[0] == 0) {
                    AsyncFuture<Integer> w = waitFor();
                    w.addDoneCallback(x -> {
                        if (!result.isDone()) {
                            result.setResult(new Output(out.result(), err.result()));
                        }
                    });
                    result.addDoneCallback(r -> w.cancel());
                }
            });
        }
        result.addDoneCallback(r -> {
            for (AsyncFuture<?> part : parts) {
                part.cancel();
            }
        });
        return result;
    }

    private AsyncFuture<Void> feed(byte[] input) {
        AsyncFuture<Void> f = loop.createFuture();
        if (stdin == null) {
            f.setResult(null);
            return f;
        }
        if (input == null || input.length == 0) {
            stdin.close();
            f.setResult(null);
            return f;
        }
        stdin.write(input);
        AsyncFuture<Void> drained = stdin.drain();
        drained.addDoneCallback(d -> {
            stdin.close();
            if (f.isDone()) {
                return;
            }
            if (d.isCancelled()) {
                f.cancel();
            } else if (d.exception() != null && !(d.exception() instanceof IOException)) {
                f.setException(d.exception());
            } else {
                f.setResult(null); // a broken pipe or lost connection: the child stopped reading (asyncio ignores it)
            }
        });
        f.addDoneCallback(x -> drained.cancel());
        return f;
    }

    private <T> AsyncFuture<T> completed(T value) {
        AsyncFuture<T> f = loop.createFuture();
        f.setResult(value);
        return f;
    }

    /**
     * Sends signal {@code signum} (Linux numbers: 1 HUP, 2 INT, 9 KILL, 15 TERM, ...). 15 and 9 go through
     * {@link Process#destroy()} / {@link Process#destroyForcibly()}; others through {@code kill -N pid},
     * which this call runs and waits for (a few milliseconds). Does nothing once the process has exited.
     *
     * @throws IOException when {@code kill} cannot be run or refuses
     */
    public void sendSignal(int signum) throws IOException {
        if (!process.isAlive()) {
            return;
        }
        if (signum == 15) {
            process.destroy();
            return;
        }
        if (signum == 9) {
            process.destroyForcibly();
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + signum, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IOException("kill -" + signum + " " + process.pid() + " did not finish in 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending signal " + signum + " to " + process.pid(), e);
        }
        if (kill.exitValue() != 0 && process.isAlive()) {
            String why = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            throw new IOException("kill -" + signum + " " + process.pid() + " failed: " + why);
        }
    }

    /** SIGTERM ({@link Process#destroy()}); nothing once the process has exited. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL ({@link Process#destroyForcibly()}); nothing once the process has exited. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        Integer code = returncode;
        return "<AsyncProcess " + process.pid() + (code == null ? ">" : " returncode=" + code + ">");
    }
}
