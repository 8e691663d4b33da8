package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.sample.programs.Corio_Crawler;
import dev.corio.sample.programs.Crawler;
import dev.corio.sample.programs.Fetcher;
import dev.corio.sample.support.Plural;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Article 1, "Recursive coroutines": the number of comments of a post, counted with gather. */
@Command(name = "comments", mixinStandardHelpOptions = true,
        description = {"Calculate the comments of a Hacker News post: fetch it, then all its replies"
                + " recursively and concurrently with gather.",
                "Prints the time and fetch count, then 'Post <id> has <n> comments'.",
                "(\"Asyncio Coroutine Patterns: Beyond await\", Recursive coroutines)"})
public final class CommentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Option(names = "--id", defaultValue = "8863", description = "ID of the post in HN (default: ${DEFAULT-VALUE})")
    long id;

    @Option(names = "--url", description = "URL of a post in HN, e.g. https://news.ycombinator.com/item?id=8863")
    String url;

    @Override
    public Integer call() {
        long postId = url != null ? idFromUrl(url) : id;
        common.check().atLeast(url != null ? "the id of --url" : "--id", postId, 1);
        try (Env env = common.env()) {
            Fetcher fetcher = new Fetcher(env);
            // Corio_Crawler: the processor's subclass of Crawler, whose @Async methods return state machines
            int comments = Corio.run(new Corio_Crawler(env).main(fetcher, postId, Crawler.Style.PLAIN), env::newLoop);
            env.log.info("-- Post " + postId + " has " + Plural.of(comments, "comment"));
            return 0;
        }
    }

    /** The {@code id} query argument of an HN URL (the article's {@code id_from_HN_url}). */
    private long idFromUrl(String u) {
        try {
            String q = URI.create(u).getRawQuery();
            if (q != null) {
                for (String kv : q.split("&")) {
                    if (kv.startsWith("id=")) {
                        return Long.parseLong(kv.substring(3));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the usage error
        }
        throw new ParameterException(spec.commandLine(), "--url has no numeric id=... query argument: " + u);
    }
}
