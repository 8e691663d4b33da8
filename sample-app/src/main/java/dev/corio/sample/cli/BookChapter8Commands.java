package dev.corio.sample.cli;

import dev.corio.Coroutine;
import dev.corio.sample.book.Chapter8;
import dev.corio.sample.book.Corio_Chapter8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The book's chapter 8 programs ("Improving Asyncio Applications"), {@code ch8-*}. */
public final class BookChapter8Commands {
    private BookChapter8Commands() {
    }

    private static final String CH8 = "(the book, chapter 8: Improving Asyncio Applications)";

    @Command(name = "ch8-profile", mixinStandardHelpOptions = true,
            description = {"Profiling a coroutine: a decorator-like wrapper records the bytes the loop thread"
                    + " allocated during the call (tracemalloc's stand-in) and its loop time; main builds --items"
                    + " strings and sleeps 1 s.", CH8})
    public static final class Profile extends BookCommands.BookProgram {
        @Option(names = "--items", defaultValue = "100000", description = "Strings main allocates (default: ${DEFAULT-VALUE})")
        int items;

        private Chapter8.Profiler profiler;
        private Corio_Chapter8 c;

        @Override
        Coroutine<?> main(Env env) {
            common.check().atLeast("--items", items, 0);
            profiler = new Chapter8.Profiler();
            c = new Corio_Chapter8(env);
            return c.profileMemoryUsage(profiler, "main", () -> c.profiledMain(items));
        }

        @Override
        public Integer call() throws Exception {
            int code = super.call();
            c.printStats(profiler); // the profiler's __exit__
            return code;
        }
    }

    @Command(name = "ch8-long-coroutine", mixinStandardHelpOptions = true,
            description = {"Spotting a long-running coroutine: a time_it wrapper warns when the call took more than"
                    + " 0.5 s and prints where the coroutine was created; main sleeps --sleep seconds.", CH8})
    public static final class LongCoroutine extends BookCommands.BookProgram {
        @Option(names = "--sleep", defaultValue = "1", description = "Seconds main sleeps (default: ${DEFAULT-VALUE})")
        double sleep;

        @Override
        Coroutine<?> main(Env env) {
            common.check().atLeast("--sleep", sleep, 0);
            return new Corio_Chapter8(env).longRunningMain(sleep);
        }
    }

    @Command(name = "ch8-busy-loop", mixinStandardHelpOptions = true,
            description = {"Avoiding busy loops: a checker awaits the future a fetcher completes after 3 to 5 s,"
                    + " and prints the 8192 random bits it got.", CH8})
    public static final class BusyLoop extends BookCommands.BookProgram {
        @Override
        Coroutine<?> main(Env env) {
            return new Corio_Chapter8(env).busyLoopMain();
        }
    }
}
