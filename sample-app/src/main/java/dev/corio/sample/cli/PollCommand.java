package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.sample.programs.SelfScheduling;
import dev.corio.sample.programs.Corio_Crawler;
import dev.corio.sample.programs.Crawler;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Article 1, "Periodic coroutines": polling the top stories in four ways. */
@Command(name = "poll", mixinStandardHelpOptions = true,
        description = {"Every --period seconds, count the comments of the --limit top stories.",
                "--variant await: await the job, then sleep (the period drifts by the job's duration);",
                "--variant task: create_task, then sleep (keeps the period, but reports 0 seconds and the"
                        + " previous poll's fetches);",
                "--variant callback: create_task with a done callback and a fetcher per task (right reports);",
                "--variant call-later: a plain function that schedules itself with call_later, loop run forever.",
                "(\"Asyncio Coroutine Patterns: Beyond await\", Periodic coroutines)"})
public final class PollCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    PollOptions poll;

    @Option(names = "--variant", defaultValue = "callback",
            description = "await, task, callback or call-later (default: ${DEFAULT-VALUE})")
    String variant;

    @Option(names = "--max-fetches", defaultValue = "-1",
            description = "Each job's fetch budget (the article's MAXIMUM_FETCHES): fetches past it raise"
                    + " BOOM! (default: none)")
    int maxFetches;

    @Override
    public Integer call() {
        Crawler.Variant v = switch (variant) {
            case "await" -> Crawler.Variant.AWAIT;
            case "task" -> Crawler.Variant.TASK;
            case "callback" -> Crawler.Variant.CALLBACK;
            case "call-later" -> null;
            default -> throw new picocli.CommandLine.ParameterException(
                    common.spec.commandLine(), "--variant must be await, task, callback or call-later, not "
                    + variant);
        };
        poll.check(common.check());
        if (common.matched("--max-fetches")) {
            common.check().atLeast("--max-fetches", maxFetches, 0);
        }
        try (Env env = common.env()) {
            if (v == null) {
                EventLoop loop = env.newLoop();
                try {
                    // we don't run_until_complete anymore, we simply call the function, and run the loop forever
                    loop.callSoon(() -> new SelfScheduling(env, loop, poll.period, poll.limit, poll.iterations,
                            maxFetches).poll(0));
                    loop.runForever();
                } finally {
                    loop.close();
                }
                return 0;
            }
            Corio.run(new Corio_Crawler(env).poll(v, Crawler.ErrorPolicy.NONE, Crawler.Mode.PLAIN, poll.period, poll.limit,
                    poll.iterations, maxFetches), env::newLoop);
            return 0;
        }
    }
}
