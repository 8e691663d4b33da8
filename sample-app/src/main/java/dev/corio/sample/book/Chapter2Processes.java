package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;

import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import dev.corio.signals.Signal;
import dev.corio.signals.Signals;
import dev.corio.subprocess.AsyncProcess;
import dev.corio.subprocess.Output;
import dev.corio.subprocess.Redirect;
import dev.corio.subprocess.Subprocess;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The book's chapter 2, its process recipes: "Adding a Loop Signal Handler", "Spawning a Subprocess from a
 * Loop" and "Waiting for Subprocess Termination", on {@code dev.corio.signals} and {@code dev.corio.subprocess}.
 * Corio needs no child watcher: a process's exit is seen through the JDK's {@code Process.onExit()}. The
 * processor generates {@code Corio_Chapter2Processes}.
 */
public class Chapter2Processes {
    final Env env;

    public Chapter2Processes(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ signal handlers

    static final List<Signal> SIGNAL_NAMES = List.of(Signal.INT, Signal.TERM);

    void handler(String signame, EventLoop loop) {
        print("Stopped loop because of " + signame);
        loop.stop();
    }

    /**
     * The book's program: a handler for SIGINT and one for SIGTERM that stop the loop, which runs forever.
     * With {@code sendSelf} the program sends that signal to its own process after {@code delay} seconds
     * (with {@code kill}, as a user in another terminal would), so that it ends by itself.
     */
    public void signalsMain(EventLoop loop, Signal sendSelf, double delay) {
        try {
            for (Signal s : SIGNAL_NAMES) {
                String signame = "SIG" + s.name();
                Signals.addSignalHandler(loop, s, () -> handler(signame, loop));
            }
            long pid = ProcessHandle.current().pid();
            print("Event loop running forever, press Ctrl+C to interrupt.");
            print("pid " + pid + ": send SIGINT or SIGTERM to exit.");
            dev.corio.Task<?>[] killer = new dev.corio.Task<?>[1];
            if (sendSelf != null) {
                loop.callLater(delay, () -> killer[0] = stopOnFailure(loop, loop.createTask(kill(sendSelf, pid))));
            }
            loop.runForever();
            if (killer[0] != null && !killer[0].isDone()) {
                loop.runUntilComplete(killer[0]); // the kill that stopped the loop: let it finish (not in the book)
            }
            rethrow(killer[0]);
        } finally {
            loop.close(); // gives the signals back to the JVM's own handlers
        }
    }

    @Async
    public Coroutine<Void> kill(Signal signal, long pid) {
        AsyncProcess p = await(Subprocess.createSubprocessExec(List.of("kill", "-" + signal.name(), String.valueOf(pid)),
                Redirect.DEVNULL, Redirect.DEVNULL, Redirect.INHERIT));
        int code = await(p.waitFor());
        if (code != 0) {
            throw new IllegalStateException("kill -" + signal.name() + " " + pid + " exited with " + code);
        }
        return result(null);
    }

    /** A task whose failure stops the loop that runs forever (it is rethrown after {@code runForever}). */
    static <T> dev.corio.Task<T> stopOnFailure(EventLoop loop, dev.corio.Task<T> task) {
        task.addDoneCallback(f -> {
            if (!f.isCancelled() && f.exception() != null) {
                loop.stop();
            }
        });
        return task;
    }

    static void rethrow(dev.corio.Task<?> task) {
        if (task != null && task.isDone() && !task.isCancelled() && task.exception() != null) {
            task.result(); // throws the task's exception, unchanged
        }
    }

    // ------------------------------------------------------------ subprocesses

    /** The book's {@code invoke_command_async}: stdout, stderr (decoded, {@code null} when empty), return code. */
    public record CommandResult(String out, String err, int retcode) {
        @Override
        public String toString() { // print(out, err, retcode)
            return (out == null ? "None" : out) + " " + (err == null ? "None" : err) + " " + retcode;
        }
    }

    @Async
    public Coroutine<CommandResult> invokeCommandAsync(List<String> command) {
        AsyncProcess process = await(Subprocess.createSubprocessExec(command, Redirect.DEVNULL, Redirect.PIPE,
                Redirect.PIPE));
        Output output = await(process.communicate());
        int retCode = process.returncode();
        return result(new CommandResult(decode(output.stdout()), decode(output.stderr()), retCode));
    }

    static String decode(byte[] b) {
        return b == null || b.length == 0 ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Async
    public Coroutine<Void> subprocessMain(List<String> command) {
        CommandResult r = await(invokeCommandAsync(command));
        print(r.toString());
        return result(null);
    }

    /**
     * "Waiting for Subprocess Termination": a task awaits the process, and the process's exit stops the
     * loop, which runs forever (the book's child handler on Unix; its Windows polling loop is not needed:
     * {@code waitFor()} completes at the exit on every platform).
     */
    public void waitTerminationMain(EventLoop loop, List<String> command) {
        try {
            dev.corio.Task<?>[] watcher = new dev.corio.Task<?>[1];
            loop.callSoon(() -> watcher[0] = stopOnFailure(loop, loop.createTask(watch(command, loop))));
            loop.runForever();
            rethrow(watcher[0]);
        } finally {
            loop.close();
        }
    }

    @Async
    public Coroutine<Void> watch(List<String> command, EventLoop loop) {
        AsyncProcess process = await(Subprocess.createSubprocessExec(command, Redirect.DEVNULL, Redirect.DEVNULL,
                Redirect.DEVNULL));
        process.waitFor().addDoneCallback(f -> {
            print("process " + command.get(0) + " exited with " + f.result()); // not in the book
            loop.stop();
        });
        return result(null);
    }
}
