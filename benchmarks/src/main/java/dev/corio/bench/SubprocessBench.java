package dev.corio.bench;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.subprocess.AsyncProcess;
import dev.corio.subprocess.Output;
import dev.corio.subprocess.Redirect;
import dev.corio.subprocess.Subprocess;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 13: the cost of spawning a process and waiting for it, on the loop ({@code dev.corio.subprocess})
 * against {@link ProcessBuilder} on the benchmark's platform thread. Microseconds per process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SubprocessBench {
    private EventLoop loop;

    @Setup
    public void setUp() {
        loop = EventLoop.create();
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    /** {@code true}, no pipes: createSubprocessExec, then waitFor. */
    @Benchmark
    public int corioSpawnAndWait() {
        AsyncFuture<Integer> f = loop.createFuture();
        loop.callSoon(() -> Subprocess.createSubprocessExec(List.of("true"), Redirect.DEVNULL, Redirect.DEVNULL,
                Redirect.DEVNULL).addDoneCallback(p -> p.result().waitFor().addDoneCallback(w -> f.setResult(w.result()))));
        return check(loop.runUntilComplete(f));
    }

    /** {@code echo hi} with three pipes: createSubprocessExec, then communicate. */
    @Benchmark
    public int corioSpawnAndCommunicate() {
        AsyncFuture<Output> f = loop.createFuture();
        loop.callSoon(() -> Subprocess.createSubprocessExec(List.of("echo", "hi"), Redirect.PIPE, Redirect.PIPE,
                Redirect.PIPE).addDoneCallback(p -> {
                    AsyncProcess proc = p.result();
                    proc.communicate().addDoneCallback(o -> f.setResult(o.result()));
                }));
        Output out = loop.runUntilComplete(f);
        return check(out.stdout().length == 3 ? 0 : 1);
    }

    /** {@code true}, no pipes: {@code ProcessBuilder.start()}, then {@code waitFor()} on this thread. */
    @Benchmark
    public int processBuilderSpawnAndWait() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return check(p.waitFor());
    }

    /** {@code echo hi} with three pipes: read stdout and stderr to the end, then {@code waitFor()}. */
    @Benchmark
    public int processBuilderSpawnAndRead() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("echo", "hi").start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        return check(p.waitFor() == 0 && out.length == 3 ? 0 : 1);
    }

    private static int check(int code) {
        if (code != 0) {
            throw new IllegalStateException("exit status " + code);
        }
        return code;
    }
}
