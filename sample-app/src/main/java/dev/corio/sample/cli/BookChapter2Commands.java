package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.sample.book.Chapter2;
import dev.corio.sample.book.Corio_Chapter2;
import dev.corio.sample.book.Corio_Chapter2Processes;
import dev.corio.signals.Signal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The book's chapter 2 programs ("Working with Event Loops"), {@code ch2-*}. Most of them handle their loop
 * by hand, as the book does ({@code runForever}, {@code runUntilComplete}, {@code close}); the loop is of
 * the kind {@code --clock} asks for.
 */
public final class BookChapter2Commands {
    private BookChapter2Commands() {
    }

    private static final String CH2 = "(the book, chapter 2: Working with Event Loops)";

    /** A chapter 2 program that makes and runs its loops itself. */
    abstract static class LoopProgram implements Callable<Integer> {
        @Mixin
        Common common;

        abstract void run(Env env) throws Exception;

        @Override
        public Integer call() throws Exception {
            try (Env env = common.env()) {
                run(env);
                return 0;
            }
        }
    }

    @Command(name = "ch2-loops", mixinStandardHelpOptions = true,
            description = {"Locating the running loop (none outside one), creating a loop, a thread that has no"
                    + " loop, and a coroutine run on that one loop.", CH2})
    public static final class Loops extends LoopProgram {
        @Override
        void run(Env env) throws Exception {
            new Corio_Chapter2(env).loopsMain(env::newLoop);
        }
    }

    @Command(name = "ch2-loop-threads", mixinStandardHelpOptions = true,
            description = {"Attaching a loop to the thread: --threads threads, each creating, running and closing"
                    + " a loop of its own.", CH2})
    public static final class LoopThreads extends LoopProgram {
        @Option(names = "--threads", defaultValue = "10", description = "Number of threads (default: ${DEFAULT-VALUE})")
        int threads;

        @Override
        void run(Env env) throws Exception {
            common.check().atLeast("--threads", threads, 1);
            new Corio_Chapter2(env).loopThreadsMain(env::newLoop, threads);
        }
    }

    @Command(name = "ch2-callbacks", mixinStandardHelpOptions = true,
            description = {"Scheduling callbacks: call_soon, call_soon_threadsafe, call_later and call_at on a loop"
                    + " run forever (--run-for stands in for Ctrl+C); with --awaitable, solution 2's schedule_*"
                    + " methods whose callbacks can be awaited.", CH2})
    public static final class Callbacks extends LoopProgram {
        @Option(names = "--awaitable", description = "Solution 2: awaitable callbacks")
        boolean awaitable;

        @Option(names = "--run-for", defaultValue = "2", paramLabel = "SECONDS",
                description = "Solution 1: stop the loop after this long, where the book waits for Ctrl+C"
                        + " (default: ${DEFAULT-VALUE})")
        double runFor;

        @Override
        void run(Env env) {
            common.check().atLeast("--run-for", runFor, 0);
            Corio_Chapter2 c = new Corio_Chapter2(env);
            if (!awaitable) {
                c.callbacksMain(env.newLoop(), runFor);
                return;
            }
            var loop = env.newLoop();
            try {
                loop.runUntilComplete(c.awaitableCallbacksMain(new Chapter2.SchedulerLoop(loop)));
            } finally {
                loop.close();
            }
            env.log.debug(String.format("loop time: %.2f seconds", env.log.now()));
        }
    }

    @Command(name = "ch2-schedule", mixinStandardHelpOptions = true,
            description = {"Scheduling coroutines: ten ensure_future tasks of random length, gathered; with --queue,"
                    + " solution 2's scheduler that waits for exactly the tasks it scheduled (a queue's join).", CH2})
    public static final class Schedule extends LoopProgram {
        @Option(names = "--queue", description = "Solution 2: the AsyncSchedulerLoop")
        boolean queue;

        @Option(names = "--count", defaultValue = "1000", description = "Solution 2: coroutines scheduled"
                + " (default: ${DEFAULT-VALUE})")
        int count;

        @Override
        void run(Env env) {
            Corio_Chapter2 c = new Corio_Chapter2(env);
            if (queue) {
                common.check().atLeast("--count", count, 0);
                c.schedulerLoopMain(env.newLoop(), count);
            } else {
                Corio.run(c.scheduleMain(), env::newLoop);
            }
            env.log.debug(String.format("loop time: %.2f seconds", env.log.now()));
        }
    }

    @Command(name = "ch2-executor", mixinStandardHelpOptions = true,
            description = {"Calling blocking code on a loop: blocking HTTP requests (post 8863 of the embedded"
                    + " server) run in an executor of ten threads, one, then --requests at once.", CH2})
    public static final class Executor extends LoopProgram {
        @Option(names = "--requests", defaultValue = "10", description = "Concurrent requests (default: ${DEFAULT-VALUE})")
        int requests;

        @Override
        void run(Env env) {
            common.check().atLeast("--requests", requests, 0);
            new Corio_Chapter2(env).executorMain(env.newLoop(), env.client.itemUrl(8863), requests);
        }
    }

    @Command(name = "ch2-stop", mixinStandardHelpOptions = true,
            description = {"Stopping and closing a loop: ten tasks whose gather stops the loop that runs forever,"
                    + " then shutdown_asyncgens and close.", CH2})
    public static final class Stop extends LoopProgram {
        @Override
        void run(Env env) {
            new Corio_Chapter2(env).stopMain(env.newLoop());
        }
    }

    @Command(name = "ch2-signals", mixinStandardHelpOptions = true,
            description = {"A loop signal handler: SIGINT and SIGTERM stop the loop, which runs forever. --send"
                    + " INT|TERM has the program signal itself after --delay seconds. Unix, real clock.", CH2})
    public static final class Signals extends LoopProgram {
        @Option(names = "--send", paramLabel = "INT|TERM", description = "Send this signal to the program itself")
        Signal send;

        @Option(names = "--delay", defaultValue = "0.5", description = "Seconds before --send (default: ${DEFAULT-VALUE})")
        double delay;

        @Override
        void run(Env env) {
            common.check().atLeast("--delay", delay, 0);
            if (send != null && send != Signal.INT && send != Signal.TERM) {
                throw new picocli.CommandLine.ParameterException(common.spec.commandLine(),
                        "--send: the program handles INT and TERM, not " + send);
            }
            new Corio_Chapter2Processes(env).signalsMain(env.newLoop(), send, delay);
        }
    }

    @Command(name = "ch2-subprocess", mixinStandardHelpOptions = true,
            description = {"Spawning a subprocess from a loop: runs COMMAND (default: the book's ping, of 127.0.0.1)"
                    + " and prints its stdout, stderr (None when empty) and return code. Unix, real clock.", CH2})
    public static final class SubprocessCmd extends BookCommands.BookProgram {
        @Parameters(paramLabel = "COMMAND", description = "The command and its arguments (after --)")
        List<String> command = List.of("ping", "-c", "1", "127.0.0.1");

        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter2Processes(env).subprocessMain(command);
        }
    }

    @Command(name = "ch2-subprocess-wait", mixinStandardHelpOptions = true,
            description = {"Waiting for subprocess termination: the process's exit stops the loop that runs"
                    + " forever. COMMAND as for ch2-subprocess. Unix, real clock.", CH2})
    public static final class SubprocessWait extends LoopProgram {
        @Parameters(paramLabel = "COMMAND", description = "The command and its arguments (after --)")
        List<String> command = List.of("ping", "-c", "1", "127.0.0.1");

        @Override
        void run(Env env) {
            new Corio_Chapter2Processes(env).waitTerminationMain(env.newLoop(), command);
        }
    }
}
