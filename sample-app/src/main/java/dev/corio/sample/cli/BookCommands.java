package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.ReturnWhen;
import dev.corio.sample.book.Corio_Chapter3;
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

        abstract Coroutine<?> main(Env env);

        @Override
        public Integer call() throws Exception {
            try (Env env = common.env()) {
                Corio.run(main(env), env::newLoop);
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
        Coroutine<?> main(Env env) {
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
        Coroutine<?> main(Env env) {
            Corio_Chapter3 c = new Corio_Chapter3(env);
            return threadsafe ? c.cancelThreadsafeMain() : c.cancelMain();
        }
    }

    @Command(name = "ch3-cancel-gather", mixinStandardHelpOptions = true,
            description = {"Ten sleepers (0..9 s) in one gather, cancelled after 3 s: the gather is cancelled.", CH3})
    public static final class CancelGather extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter3(env).cancelGatherMain();
        }
    }

    @Command(name = "ch3-shield", mixinStandardHelpOptions = true,
            description = {"A shielded 10 s sleeper; the shield is cancelled after 3 s, the sleeper sleeps on.", CH3})
    public static final class Shield extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter3(env).shieldMain();
        }
    }

    @Command(name = "ch3-chain", mixinStandardHelpOptions = true,
            description = {"Chaining coroutines with await: three 1 s prints, one after the other.", CH3})
    public static final class Chain extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter3(env).chainMain();
        }
    }

    @Command(name = "ch3-gather", mixinStandardHelpOptions = true,
            description = {"Waiting on multiple coroutines with gather: results in the order given.", CH3})
    public static final class Gather extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
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
        Coroutine<?> main(Env env) {
            return new Corio_Chapter3(env).waitMain(returnWhen);
        }
    }

    @Command(name = "ch3-gather-exceptions", mixinStandardHelpOptions = true,
            description = {"gather(return_exceptions=True): the exception is one of the results.", CH3})
    public static final class GatherExceptions extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter3(env).gatherIgnoringMain();
        }
    }

    @Command(name = "ch3-condition", mixinStandardHelpOptions = true,
            description = {"Waiting for a specific condition: Condition.wait_for(predicate) after a worker.", CH3})
    public static final class ConditionCmd extends BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter3(env).conditionMain();
        }
    }
}
