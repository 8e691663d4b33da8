package dev.corio.subprocess;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.net.StreamReader;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * asyncio's {@code create_subprocess_exec} and {@code create_subprocess_shell}, for the loop running on the
 * calling thread. The process starts during the call (as asyncio's does, on the loop thread); the future is
 * done when it returns: with the {@link AsyncProcess}, or with the JDK's {@link IOException} when the
 * program cannot be started (e.g. {@code Cannot run program "nope": error=2, No such file or directory}).
 * Pipes are read and written by a few shared runtime threads, see docs/subprocess.md.
 */
public final class Subprocess {
    private static final File DEV_NULL = new File("/dev/null");

    private Subprocess() {
    }

    /** {@code create_subprocess_exec(*command)}: all three streams inherited (asyncio's default). */
    public static AsyncFuture<AsyncProcess> createSubprocessExec(String... command) {
        return createSubprocessExec(List.of(command), Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
    }

    /** {@code create_subprocess_exec(*command, stdin=, stdout=, stderr=)}. */
    public static AsyncFuture<AsyncProcess> createSubprocessExec(List<String> command, Redirect stdin, Redirect stdout,
            Redirect stderr) {
        return start(new ProcessBuilder(command), stdin, stdout, stderr, StreamReader.DEFAULT_LIMIT);
    }

    /** {@code create_subprocess_shell(cmd)}: {@code /bin/sh -c cmd}, all three streams inherited. */
    public static AsyncFuture<AsyncProcess> createSubprocessShell(String cmd) {
        return createSubprocessShell(cmd, Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
    }

    /** {@code create_subprocess_shell(cmd, stdin=, stdout=, stderr=)}: {@code /bin/sh -c cmd}. */
    public static AsyncFuture<AsyncProcess> createSubprocessShell(String cmd, Redirect stdin, Redirect stdout,
            Redirect stderr) {
        Objects.requireNonNull(cmd, "cmd");
        return start(new ProcessBuilder("/bin/sh", "-c", cmd), stdin, stdout, stderr, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts {@code builder} (its command, directory and environment; its redirects are replaced by the
     * three given) with pipes whose readers have {@code limit} (asyncio's {@code limit} keyword).
     */
    public static AsyncFuture<AsyncProcess> start(ProcessBuilder builder, Redirect stdin, Redirect stdout,
            Redirect stderr, int limit) {
        Objects.requireNonNull(builder, "builder");
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        if (stdin == Redirect.STDOUT || stdout == Redirect.STDOUT) {
            throw new IllegalArgumentException("Redirect.STDOUT is for stderr only");
        }
        EventLoop loop = EventLoop.running();
        builder.redirectInput(switch (stdin) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.from(DEV_NULL);
            default -> ProcessBuilder.Redirect.INHERIT;
        });
        builder.redirectOutput(switch (stdout) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
            default -> ProcessBuilder.Redirect.INHERIT;
        });
        builder.redirectErrorStream(stderr == Redirect.STDOUT);
        builder.redirectError(switch (stderr) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
            case STDOUT -> ProcessBuilder.Redirect.PIPE; // ignored: merged into stdout
            default -> ProcessBuilder.Redirect.INHERIT;
        });
        AsyncFuture<AsyncProcess> f = loop.createFuture();
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            f.setException(e);
            return f;
        }
        f.setResult(new AsyncProcess(loop, process, stdin == Redirect.PIPE, stdout == Redirect.PIPE,
                stderr == Redirect.PIPE, limit));
        return f;
    }
}
