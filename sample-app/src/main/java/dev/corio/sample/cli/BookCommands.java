package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.ReturnWhen;
import dev.corio.EventLoop;
import dev.corio.sample.book.Chapter4;
import dev.corio.sample.book.Corio_Chapter3;
import dev.corio.sample.book.Corio_Chapter4;
import dev.corio.sample.book.Corio_Chapter5;
import dev.corio.sample.book.Corio_Chapter6;
import dev.corio.sample.book.Corio_Chapter7;
import dev.corio.sample.programs.IpServices;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The programs of the book ("asyncio Recipes"), one subcommand each, named {@code chN-recipe} after the
 * chapter they come from. Each runs its program with {@code Corio.run}; {@code -v} adds the loop time at
 * the end, which on {@code --clock virtual} is exactly the sum of the sleeps.
 */
public final class BookCommands {
    private BookCommands() {
    }

    /** Runs one book program on a loop of the chosen clock. */
    abstract static class BookProgram implements Callable<Integer> {
        @Mixin
        Common common;

        abstract Coroutine<?> main(Env env) throws Exception;

        /** The book's {@code asyncio.run(main(), debug=True)}. */
        boolean debug() {
            return false;
        }

        @Override
        public Integer call() throws Exception {
            try (Env env = common.env()) {
                Corio.run(main(env), env::newLoop, debug());
                env.log.debug(String.format("loop time: %.2f seconds", env.log.now()));
                return 0;
            }
        }
    }

    private static final String CH3 = "(the book, chapter 3: Working with Coroutines and Async/Await)";

    @Command(name = "ch3-wait-for", mixinStandardHelpOptions = true,
            description = {"wait_for: a coroutine on time, then one that times out.", CH3})
    public static final class WaitFor extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).waitForMain();
        }
    }

    @Command(name = "ch3-cancel", mixinStandardHelpOptions = true,
            description = {"Cancel a sleeping task after 3 s: task.cancel(), or with --threadsafe through"
                    + " call_soon_threadsafe and a future.", CH3})
    public static final class Cancel extends BookProgram {
        @Option(names = "--threadsafe", description = "Cancel through call_soon_threadsafe (solution 2)")
        boolean threadsafe;

        @Override
        Coroutine<?> main(Env env) throws Exception {
            Corio_Chapter3 c = new Corio_Chapter3(env);
            return threadsafe ? c.cancelThreadsafeMain() : c.cancelMain();
        }
    }

    @Command(name = "ch3-cancel-gather", mixinStandardHelpOptions = true,
            description = {"Ten sleepers (0..9 s) in one gather, cancelled after 3 s: the gather is cancelled.", CH3})
    public static final class CancelGather extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).cancelGatherMain();
        }
    }

    @Command(name = "ch3-shield", mixinStandardHelpOptions = true,
            description = {"A shielded 10 s sleeper; the shield is cancelled after 3 s, the sleeper sleeps on.", CH3})
    public static final class Shield extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).shieldMain();
        }
    }

    @Command(name = "ch3-chain", mixinStandardHelpOptions = true,
            description = {"Chaining coroutines with await: three 1 s prints, one after the other.", CH3})
    public static final class Chain extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).chainMain();
        }
    }

    @Command(name = "ch3-gather", mixinStandardHelpOptions = true,
            description = {"Waiting on multiple coroutines with gather: results in the order given.", CH3})
    public static final class Gather extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).gatherMain();
        }
    }

    @Command(name = "ch3-wait", mixinStandardHelpOptions = true,
            description = {"asyncio.wait with a raiser and a 1 s sleeper, by --return-when (solutions 1-3).", CH3})
    public static final class Wait extends BookProgram {
        @Option(names = "--return-when", defaultValue = "ALL_COMPLETED",
                description = "ALL_COMPLETED, FIRST_EXCEPTION or FIRST_COMPLETED (default: ${DEFAULT-VALUE})")
        ReturnWhen returnWhen;

        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).waitMain(returnWhen);
        }
    }

    @Command(name = "ch3-gather-exceptions", mixinStandardHelpOptions = true,
            description = {"gather(return_exceptions=True): the exception is one of the results.", CH3})
    public static final class GatherExceptions extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).gatherIgnoringMain();
        }
    }

    @Command(name = "ch3-condition", mixinStandardHelpOptions = true,
            description = {"Waiting for a specific condition: Condition.wait_for(predicate) after a worker.", CH3})
    public static final class ConditionCmd extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter3(env).conditionMain();
        }
    }

    private static final String CH4 = "(the book, chapter 4: Working with Async Generators)";

    @Command(name = "ch4-random-numbers", mixinStandardHelpOptions = true,
            description = {"An async generator of random numbers 0..100, one a second, read with async for;"
                    + " --count numbers (the book stops at Ctrl+C).", CH4})
    public static final class RandomNumbers extends BookProgram {
        @Option(names = "--count", defaultValue = "5", description = "How many numbers (default: ${DEFAULT-VALUE})")
        int count;

        @Override
        Coroutine<?> main(Env env) throws Exception {
            common.check().atLeast("--count", count, 1);
            env.log.print("Starting to print out random numbers...");
            return new Corio_Chapter4(env).randomNumbersMain(count);
        }
    }

    @Command(name = "ch4-comprehension", mixinStandardHelpOptions = true,
            description = {"An async comprehension over a generator of blocking requests run in the executor,"
                    + " gathered with return_exceptions: the API's top stories, post 8863, and a dead server.", CH4})
    public static final class Comprehension extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            List<String> urls = List.of(env.client.topStoriesUrl(), env.client.itemUrl(8863),
                    "http://127.0.0.1:" + IpServices.closedPort() + "/");
            return new Corio_Chapter4(env).comprehensionMain(urls);
        }
    }

    @Command(name = "ch4-state-machine", mixinStandardHelpOptions = true,
            description = {"A state machine in an async generator, driven by asend. The menu's answers come from"
                    + " --choices (0: Start, 1: Pause, 2: Stop, 3: Exit).", CH4})
    public static final class StateMachine extends BookProgram {
        @Option(names = "--choices", split = ",", defaultValue = "0,1,0,2,3",
                description = "The menu choices, in order (default: ${DEFAULT-VALUE})")
        List<String> choices;

        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter4(env).stateMachineMain(choices);
        }
    }

    @Command(name = "ch4-cleanup", mixinStandardHelpOptions = true,
            description = {"Cleaning up async generators left suspended: option 1, Corio.run closes them;"
                    + " option 2 (--count N), the program's own shutdown_asyncgens after a 'Ctrl+C'.", CH4})
    public static final class Cleanup implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--count", description = "Option 2: the endless generator, interrupted after N values")
        Integer count;

        @Override
        public Integer call() {
            try (Env env = common.env()) {
                Corio_Chapter4 c = new Corio_Chapter4(env);
                if (count == null) {
                    Corio.run(c.cleanupMain(), env::newLoop);
                    return 0;
                }
                common.check().atLeast("--count", count, 0);
                EventLoop loop = env.newLoop();
                try {
                    loop.runUntilComplete(c.endlessMain(count));
                } catch (Chapter4.Interrupted e) {
                    env.log.print("Caught Ctrl+C. Exiting now..");
                } finally {
                    try {
                        loop.runUntilComplete(loop.shutdownAsyncgens());
                    } finally {
                        loop.close();
                    }
                }
                return 0;
            }
        }
    }

    private static final String CH5 = "(the book, chapter 5: Working with Async Context Manager)";

    @Command(name = "ch5-async-file", mixinStandardHelpOptions = true,
            description = {"An asynccontextmanager for non-blocking file writes: each write runs in the executor,"
                    + " the exit gathers them, so the lines 'might not end up in the same order!'.", CH5})
    public static final class AsyncFile extends BookProgram {
        @Option(names = "--path", description = "The file to write (default: run.txt in the temporary directory)")
        java.nio.file.Path path;

        @Override
        Coroutine<?> main(Env env) throws Exception {
            java.nio.file.Path p = path != null ? path
                    : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "run.txt");
            return new Corio_Chapter5(env).asyncFileMain(p);
        }
    }

    @Command(name = "ch5-sync", mixinStandardHelpOptions = true,
            description = {"A synchronization wall: an async context manager whose exit gathers the three 3 s"
                    + " workloads scheduled in its block.", CH5})
    public static final class SyncWall extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            return new Corio_Chapter5(env).syncMain();
        }
    }

    @Command(name = "ch5-tcp-client", mixinStandardHelpOptions = true,
            description = {"An asynccontextmanager around open_connection that closes the writer (shielded"
                    + " wait_closed) on the way out; asks the embedded server for post 8863 over plain TCP.", CH5})
    public static final class TcpClient extends BookProgram {
        @Override
        Coroutine<?> main(Env env) throws Exception {
            java.net.URI base = java.net.URI.create(env.client.itemUrl(8863));
            return new Corio_Chapter5(env).tcpClientMain(base.getHost(), base.getPort(), base.getPath());
        }
    }

    @Command(name = "ch5-loop-pool", mixinStandardHelpOptions = true,
            description = {"A loop worker pool async context manager: callbacks scheduled in its block through"
                    + " chapter 2's SchedulerLoop are all awaited on the way out.", CH5})
    public static final class LoopPool extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter5(env).loopPoolMain();
        }
    }

    private static final String CH6 = "(the book, chapter 6: Communication Between Asyncio Components)";

    @Command(name = "ch6-interactor", mixinStandardHelpOptions = true,
            description = {"Sending values into a running async generator: an asynccontextmanager hands out an"
                    + " Interactor whose interact() is an asend.", CH6})
    public static final class InteractorCmd extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter6(env).interactorMain();
        }
    }

    @Command(name = "ch6-queue", mixinStandardHelpOptions = true,
            description = {"A producer and --workers workers on an asyncio.Queue, stopped by an Event; each item"
                    + " takes 1 s of work (-v logs each).", CH6})
    public static final class QueueCmd extends BookProgram {
        @Option(names = "--workers", defaultValue = "10", description = "Number of workers (default: ${DEFAULT-VALUE})")
        int workers;

        @Option(names = "--items", defaultValue = "500", description = "Items produced (default: ${DEFAULT-VALUE})")
        int items;

        @Override
        Coroutine<?> main(Env env) {
            common.check().atLeast("--workers", workers, 1);
            common.check().atLeast("--items", items, 0);
            return new Corio_Chapter6(env).queueMain(workers, items);
        }
    }

    @Command(name = "ch6-contextvars", mixinStandardHelpOptions = true,
            description = {"Context variables: each gathered coroutine starts from the default (solution 1);"
                    + " with --context-run, synchronous callbacks in one context, a token resets invalid values"
                    + " (solution 2).", CH6})
    public static final class ContextVars extends BookProgram {
        @Option(names = "--context-run", description = "Solution 2: Context.run and Token")
        boolean contextRun;

        @Override
        Coroutine<?> main(Env env) {
            Corio_Chapter6 c = new Corio_Chapter6(env);
            if (contextRun) {
                c.contextRunMain();
            }
            return contextRun ? Corio_Chapter6.nothing() : c.contextVarsMain();
        }
    }

    @Command(name = "ch6-subprocess-streams", mixinStandardHelpOptions = true,
            description = {"Communicating with a subprocess using streams: the primary starts this program again as"
                    + " its secondary, and they greet each other over TCP. Real clock.", CH6})
    public static final class SubprocessStreams extends BookProgram {
        @picocli.CommandLine.Parameters(index = "0", defaultValue = "primary", paramLabel = "primary|secondary",
                description = "Which side to run (default: ${DEFAULT-VALUE})")
        String role;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Host (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "0", description = "Port (default: a free one; the book's is 1234)")
        int port;

        @Override
        Coroutine<?> main(Env env) {
            common.check().atLeast("--port", port, 0);
            var c = new dev.corio.sample.book.Corio_Chapter6Subprocess(env);
            switch (role) {
                case "primary":
                    return c.startPrimary(host, port);
                case "secondary":
                    common.check().atLeast("--port", port, 1);
                    return c.startSecondary(host, port);
                default:
                    throw new picocli.CommandLine.ParameterException(common.spec.commandLine(),
                            "primary or secondary, not " + role);
            }
        }
    }

    private static final String CH7 = "(the book, chapter 7: Synchronization Between Asyncio Components)";

    @Command(name = "ch7-lock", mixinStandardHelpOptions = true,
            description = {"Read, sleep, write: without a lock one update is lost, with asyncio.Lock both count.", CH7})
    public static final class LockCmd extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter7(env).lockMain();
        }
    }

    @Command(name = "ch7-event", mixinStandardHelpOptions = true,
            description = {"A busy loop adds mess every second until a shutdown Event is set after 10 s; a cleanup"
                    + " coroutine waiting on the event then cleans it up.", CH7})
    public static final class EventCmd extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter7(env).eventMain();
        }
    }

    @Command(name = "ch7-condition", mixinStandardHelpOptions = true,
            description = {"Condition variables sharing one lock: stock watchers wait for their stock to fall under"
                    + " -50$; random quotes lower the prices until one does and the surveillance raises.", CH7})
    public static final class ConditionVariables implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            try (Env env = common.env()) {
                try {
                    Corio.run(new Corio_Chapter7(env).conditionMain(), env::newLoop);
                } catch (dev.corio.sample.book.Chapter7.MarketException e) {
                    env.log.print("Restoring the stock market..");
                }
                env.log.debug(String.format("loop time: %.2f seconds", env.log.now()));
                return 0;
            }
        }
    }

    @Command(name = "ch7-semaphore", mixinStandardHelpOptions = true,
            description = {"100 workers of 1 s behind Semaphore(10): ten at a time, 10 s in all.", CH7})
    public static final class SemaphoreCmd extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter7(env).semaphoreMain();
        }
    }

    @Command(name = "ch7-bounded-semaphore", mixinStandardHelpOptions = true,
            description = {"100 workers behind BoundedSemaphore(10) in debug mode, then one release too many:"
                    + " an error, not an eleventh slot.", CH7})
    public static final class BoundedSemaphoreCmd extends BookProgram {
        @Override
        boolean debug() {
            return true;
        }

        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter7(env).boundedSemaphoreMain();
        }
    }

    @Command(name = "ch7-race", mixinStandardHelpOptions = true,
            description = {"Detecting race conditions: two read-sleep-writes on one dict lose an update, between"
                    + " coroutines (solution 1) or, with --threads, between executor threads (solution 2).", CH7})
    public static final class Race extends BookProgram {
        @Option(names = "--threads", description = "Solution 2: the executor's threads, blocking in sleep")
        boolean threads;

        @Option(names = "--delays", split = ",", defaultValue = "1,3", paramLabel = "S1,S2",
                description = "Solution 2: how long each thread sleeps, real seconds (default: ${DEFAULT-VALUE})")
        List<Double> delays;

        @Override
        Coroutine<?> main(Env env) {
            Corio_Chapter7 c = new Corio_Chapter7(env);
            if (!threads) {
                return c.raceMain();
            }
            if (delays.size() != 2) {
                throw new picocli.CommandLine.ParameterException(common.spec.commandLine(),
                        "--delays takes two values, got " + delays.size());
            }
            common.check().atLeast("--delays", delays.get(0), 0);
            common.check().atLeast("--delays", delays.get(1), 0);
            return c.threadRaceMain(delays.get(0), delays.get(1));
        }
    }
}
