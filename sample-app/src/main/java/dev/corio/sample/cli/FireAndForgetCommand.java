package dev.corio.sample.cli;

import static dev.corio.Corio.gather;

import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.sample.programs.Corio_Crawler;
import dev.corio.sample.programs.Crawler;
import dev.corio.sample.programs.Crawler.PostLogging;
import dev.corio.sample.programs.Fetcher;
import dev.corio.sample.support.AwaitOnce;
import dev.corio.sample.support.Plural;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Article 1, "Fire and forget": logging busy posts awaited, fired and forgotten, then drained. */
@Command(name = "fire-and-forget", mixinStandardHelpOptions = true,
        description = {"Count a post's comments and 'log' every post with more than --min-comments comments"
                + " (a slow log_post that sleeps random() * --log-delay seconds).",
                "--mode await: await each log_post (slow: the crawl waits for the logging);",
                "--mode forget: create_task and forget: fast, but the loop closes with the logging tasks pending"
                        + " ('Task was destroyed but it is pending!');",
                "--mode drain: then run the loop until all pending tasks (all_tasks) are done;",
                "--mode registry: the same, with only the tasks we created (a task registry).",
                "(\"Asyncio Coroutine Patterns: Beyond await\", Fire and forget)"})
public final class FireAndForgetCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--id", defaultValue = "8863", description = "ID of the post in HN (default: ${DEFAULT-VALUE})")
    long id;

    @Option(names = "--mode", defaultValue = "drain", description = "await, forget, drain or registry"
            + " (default: ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--min-comments", defaultValue = "29",
            description = "Log posts with more comments than this (default: ${DEFAULT-VALUE})")
    int minComments;

    @Option(names = "--log-delay", defaultValue = "3", paramLabel = "SECONDS",
            description = "log_post sleeps random() times this (default: ${DEFAULT-VALUE})")
    double logDelay;

    /** How the logging tasks are run. */
    enum Mode { await, forget, drain, registry }

    @Override
    public Integer call() {
        Check check = common.check();
        check.atLeast("--id", id, 1);
        check.atLeast("--min-comments", minComments, 0);
        check.atLeast("--log-delay", logDelay, 0);
        try (Env env = common.env()) {
            List<Task<?>> registry = mode == Mode.registry ? new ArrayList<>() : null;
            Crawler.Style style = new Crawler.Style(false, false,
                    mode == Mode.await ? PostLogging.AWAIT : PostLogging.FIRE_AND_FORGET, minComments, logDelay,
                    registry);
            // the pre-3.7 way, as in the article: run_until_complete, then close the loop ourselves
            EventLoop loop = env.newLoop();
            try {
                int comments = loop.runUntilComplete(new Corio_Crawler(env).main(new Fetcher(env), id, style));
                env.log.info("-- Post " + id + " has " + Plural.of(comments, "comment"));
                List<Task<?>> pending = new ArrayList<>();
                if (mode == Mode.drain) {
                    for (Task<?> t : loop.allTasks()) {
                        if (!t.isDone()) {
                            pending.add(t);
                        }
                    }
                } else if (mode == Mode.registry) {
                    for (Task<?> t : registry) {
                        if (!t.isDone()) {
                            pending.add(t);
                        }
                    }
                }
                if (!pending.isEmpty()) {
                    loop.runUntilComplete(new AwaitOnce<>(() -> gather(pending)));
                }
            } finally {
                loop.close(); // reports each task still pending: "Task was destroyed but it is pending!"
            }
            return 0;
        }
    }
}
