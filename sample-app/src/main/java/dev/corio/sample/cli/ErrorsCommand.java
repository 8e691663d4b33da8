package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.sample.programs.Crawler.ErrorPolicy;
import dev.corio.sample.programs.Corio_Crawler;
import dev.corio.sample.programs.Crawler;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Article 2, "Error handling": the periodic poll with failing fetches, and the done callback's choices. */
@Command(name = "errors", mixinStandardHelpOptions = true,
        description = {"The periodic poll (create_task + done callback) with a fetch budget per job"
                + " (--max-fetches, the article's MAXIMUM_FETCHES) and optional random generic errors"
                + " (--error-rate).",
                "--handling none: fut.result() unguarded: the loop logs 'Exception in callback' and goes on;",
                "--handling boom: catch BoomException and log it; other errors still escape;",
                "--handling all: every level logs its error; the callback logs unexpected ones;",
                "--handling stop: loop.stop() in the callback: 'Event loop stopped before Future completed.'"
                        + " (exit code 1);",
                "--handling flag: errors go to a list the poll checks: 'Error detected, quitting' (exit code 0).",
                "(\"Asyncio Coroutine Patterns: Errors and Cancellation\", Error handling)"})
public final class ErrorsCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    PollOptions poll;

    @Option(names = "--handling", defaultValue = "all", description = "none, boom, all, stop or flag"
            + " (default: ${DEFAULT-VALUE})")
    ErrorPolicy handling;

    @Option(names = "--max-fetches", defaultValue = "5",
            description = "Each job's fetch budget: fetches past it raise BOOM! (default: ${DEFAULT-VALUE})")
    int maxFetches;

    @Override
    public Integer call() {
        poll.check(common.check());
        if (common.matched("--max-fetches")) {
            common.check().atLeast("--max-fetches", maxFetches, 0);
        }
        try (Env env = common.env()) {
            Crawler.Mode mode = handling == ErrorPolicy.NONE || handling == ErrorPolicy.BOOM
                    ? Crawler.Mode.PLAIN : Crawler.Mode.ERRORS;
            Corio.run(new Corio_Crawler(env).poll(Crawler.Variant.CALLBACK, handling, mode, poll.period, poll.limit,
                    poll.iterations, maxFetches), env::newLoop);
            return 0;
        }
    }
}
