package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.sample.book.Chapter10;
import dev.corio.sample.book.Corio_Chapter10;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The book's chapter 10 programs ("Preventing Common Asyncio Mistakes"), {@code ch10-*}. Its testing
 * recipes are tests of the sample app ({@code Chapter10TestingTest}), not commands.
 */
public final class BookChapter10Commands {
    private BookChapter10Commands() {
    }

    private static final String CH10 = "(the book, chapter 10: Preventing Common Asyncio Mistakes)";

    @Command(name = "ch10-exceptions", mixinStandardHelpOptions = true,
            description = {"Handling asyncio exceptions: caught outside the loop, inside it at the await, and a"
                    + " call_soon callback's that no try catches, until a loop exception handler does.", CH10})
    public static final class Exceptions extends BookChapter2Commands.LoopProgram {
        @Override
        void run(Env env) {
            new Corio_Chapter10(env).exceptionsMain(env::newLoop);
            env.log.debug(String.format("loop time: %.2f seconds", env.log.now()));
        }
    }

    @Command(name = "ch10-long-task", mixinStandardHelpOptions = true,
            description = {"Spotting a long-running task: a monitor logs how long the awaited task ran (-v).", CH10})
    public static final class LongTask extends BookCommands.BookProgram {
        @Override
        boolean debug() {
            return true;
        }

        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter10(env).longTaskMain();
        }
    }

    @Command(name = "ch10-slow-callback", mixinStandardHelpOptions = true,
            description = {"Spotting a long-running callback: in debug mode the loop warns about a callback that"
                    + " blocks it (time.sleep) longer than slow_callback_duration.", CH10})
    public static final class SlowCallback extends BookChapter2Commands.LoopProgram {
        @Option(names = "--threshold", defaultValue = "1", description = "slow_callback_duration, seconds"
                + " (default: ${DEFAULT-VALUE})")
        double threshold;

        @Option(names = "--sleep", defaultValue = "1.5", description = "Real seconds the callback blocks"
                + " (default: ${DEFAULT-VALUE})")
        double sleep;

        @Override
        void run(Env env) {
            common.check().atLeast("--threshold", threshold, 0);
            common.check().atLeast("--sleep", sleep, 0);
            Corio_Chapter10 c = new Corio_Chapter10(env);
            c.withRuntimeLog(() -> Corio.run(c.slowCallbackMain(threshold, sleep), env::newLoop, true));
        }
    }

    @Command(name = "ch10-debug-macros", mixinStandardHelpOptions = true,
            description = {"A coroutine debugging macro library: post_mortem, pre_run and post_run wrappers, off"
                    + " unless --asyncio-debug or CUSTOM_ASYNCIO_DEBUG is set; main raises.", CH10})
    public static final class DebugMacros extends BookCommands.BookProgram {
        @Option(names = "--asyncio-debug", description = "Turn the macros on (or set CUSTOM_ASYNCIO_DEBUG)")
        boolean asyncioDebug;

        @Override
        Coroutine<?> main(Env env) {
            boolean on = asyncioDebug || System.getenv("CUSTOM_ASYNCIO_DEBUG") != null;
            Chapter10.Macros m = new Chapter10.Macros(env, on);
            return m.postMortem(new Corio_Chapter10(env).macrosMain(m));
        }
    }
}
