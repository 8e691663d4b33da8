package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.sample.programs.Corio_Crawler;
import dev.corio.sample.programs.Crawler;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Article 2's later programs: gather with return-exceptions, wait for the first exception and cancel the
 * rest, and the cancellation cascade down the comment tree.
 */
public abstract class TaskErrorsCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    PollOptions poll;

    @Option(names = "--max-fetches", defaultValue = "200",
            description = "Each job's fetch budget: fetches past it raise BOOM! (default: ${DEFAULT-VALUE})")
    int maxFetches;

    abstract Crawler.Mode mode();

    @Override
    public Integer call() {
        poll.check(common.check());
        if (common.matched("--max-fetches")) {
            common.check().atLeast("--max-fetches", maxFetches, 0);
        }
        try (Env env = common.env()) {
            Corio.run(new Corio_Crawler(env).poll(Crawler.Variant.CALLBACK, Crawler.ErrorPolicy.ALL, mode(), poll.period,
                    poll.limit, poll.iterations, maxFetches), env::newLoop);
            return 0;
        }
    }

    @Command(name = "return-exceptions", mixinStandardHelpOptions = true,
            description = {"gather(..., return_exceptions=True): the stories counted before the fetch budget ran"
                    + " out are reported, the others as errors.",
                    "(\"Asyncio Coroutine Patterns: Errors and Cancellation\", To raise or not to raise)"})
    public static final class ReturnExceptions extends TaskErrorsCommand {
        @Override
        Crawler.Mode mode() {
            return Crawler.Mode.RETURN_EXCEPTIONS;
        }
    }

    @Command(name = "first-exception", mixinStandardHelpOptions = true,
            description = {"wait(..., FIRST_EXCEPTION), then cancel the pending tasks: stops right after the first"
                    + " BOOM!. Without --ids the post ids are lost ('Post ???').",
                    "(\"Asyncio Coroutine Patterns: Errors and Cancellation\", Cancelling tasks)"})
    public static final class FirstException extends TaskErrorsCommand {
        @Option(names = "--ids", description = "Keep a task -> post id map to name the posts")
        boolean ids;

        @Override
        Crawler.Mode mode() {
            return ids ? Crawler.Mode.FIRST_EXCEPTION_IDS : Crawler.Mode.FIRST_EXCEPTION;
        }
    }

    @Command(name = "cancel-cascade", mixinStandardHelpOptions = true,
            description = {"As first-exception --ids, with each post's replies run as tasks: a cancelled post logs"
                    + " 'Comments for post <id> cancelled, cancelling <n> child tasks' and cancels them.",
                    "(\"Asyncio Coroutine Patterns: Errors and Cancellation\", Handling cancellation)"})
    public static final class CancelCascade extends TaskErrorsCommand {
        @Override
        Crawler.Mode mode() {
            return Crawler.Mode.CASCADE;
        }
    }
}
