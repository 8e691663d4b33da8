package dev.corio.sample.cli;

import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.sample.programs.Corio_WorkingDev;
import dev.corio.sample.programs.IpServices;
import dev.corio.sample.programs.Synchronous;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The programs of "AsyncIO for the Working Python Developer", one subcommand each. */
public final class WorkingDevCommands {
    private WorkingDevCommands() {
    }

    private static final String ARTICLE = "(\"AsyncIO for the Working Python Developer\", ";

    @Command(name = "context-switch", mixinStandardHelpOptions = true,
            description = {"Two coroutines hand control to each other with sleep(0).",
                ARTICLE + "Synchronous & Asynchronous Execution)"})
    public static final class ContextSwitch implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            try (Env env = common.env()) {
                Corio.run(new Corio_WorkingDev(env).contextSwitch(), env::newLoop);
                return 0;
            }
        }
    }

    @Command(name = "cooperative", mixinStandardHelpOptions = true,
            description = {"Two 2-second 'requests' and a third coroutine working meanwhile: all done in 2 s.",
                ARTICLE + "Synchronous & Asynchronous Execution)"})
    public static final class Cooperative implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            try (Env env = common.env()) {
                Corio.run(new Corio_WorkingDev(env).cooperative(), env::newLoop);
                return 0;
            }
        }
    }

    @Command(name = "ordering", mixinStandardHelpOptions = true,
            description = {"Nine tasks with random 0-2 ms sleeps, one after the other, then concurrently:"
                    + " concurrently they finish in the order of their sleeps (-v shows them).",
                ARTICLE + "Order of execution)"})
    public static final class Ordering implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws InterruptedException {
            try (Env env = common.env()) {
                env.log.print("Synchronous:");
                Synchronous.ordering(env);
                env.log.print("Asynchronous:");
                Corio.run(new Corio_WorkingDev(env).asynchronousOrdering(), env::newLoop);
                return 0;
            }
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"--clients requests one after the other (blocking), then concurrently with create_task"
                    + " and wait: the concurrent ones take as long as the slowest.",
                ARTICLE + "Order of execution, 1d-async-fetch-from-server)"})
    public static final class Fetch implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--clients", defaultValue = "3", description = "Number of requests (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--url", description = "What to fetch (default: the API's top stories)")
        String url;

        @Override
        public Integer call() throws Exception {
            common.check().atLeast("--clients", clients, 1);
            if (url != null) {
                common.check().httpUrl("--url", url);
            }
            try (Env env = common.env()) {
                String u = url != null ? url : env.client.topStoriesUrl();
                env.log.print("Synchronous:");
                Synchronous.fetch(env, u, clients);
                env.log.print("Asynchronous:");
                Corio.run(new Corio_WorkingDev(env).asynchronousFetch(u, clients), env::newLoop);
                return 0;
            }
        }
    }

    @Command(name = "as-completed", mixinStandardHelpOptions = true,
            description = {"Requests that first sleep 2-5 s at random, handled as they complete (as_completed).",
                ARTICLE + "Creating concurrency)"})
    public static final class AsCompleted implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--clients", defaultValue = "3", description = "Number of requests (default: ${DEFAULT-VALUE})")
        int clients;

        @Override
        public Integer call() {
            common.check().atLeast("--clients", clients, 1);
            try (Env env = common.env()) {
                Corio.run(new Corio_WorkingDev(env).asCompletedFetch(env.client.topStoriesUrl(), clients), env::newLoop);
                return 0;
            }
        }
    }

    @Command(name = "first-completed", mixinStandardHelpOptions = true,
            description = {"Ask two IP services at once, take the first answer (wait FIRST_COMPLETED).",
                "--no-cleanup closes the loop the pre-3.7 way, with the slower request still pending.",
                ARTICLE + "Creating concurrency, Future states)"})
    public static final class FirstCompleted implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--no-cleanup", description = "Close the loop without cancelling what is pending")
        boolean noCleanup;

        @Override
        public Integer call() {
            try (Env env = common.env()) {
                if (!noCleanup) {
                    Corio.run(new Corio_WorkingDev(env).firstCompleted(), env::newLoop);
                    return 0;
                }
                // the pre-3.7 way: run until main is done, close the loop with the slower request pending
                EventLoop loop = env.newLoop();
                try {
                    loop.runUntilComplete(new Corio_WorkingDev(env).firstCompleted());
                } finally {
                    loop.close(); // reports "Task was destroyed but it is pending!" for the slower request
                }
                return 0;
            }
        }
    }

    @Command(name = "future-states", mixinStandardHelpOptions = true,
            description = {"A future's states (pending, finished, failed, cancelled) and what result() does in each.",
                ARTICLE + "Future states)"})
    public static final class States implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            try (Env env = common.env()) {
                Corio.run(new Corio_WorkingDev(env).futureStates(), env::newLoop);
                return 0;
            }
        }
    }

    @Command(name = "exceptions", mixinStandardHelpOptions = true,
            description = {"Three IP services, one dead: --mode handled (try/except in fetch_ip), raised (a KeyError"
                    + " raised by future.result()), ignored ('Task exception was never retrieved').",
                ARTICLE + "Exception handling)"})
    public static final class Exceptions implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--mode", defaultValue = "handled",
                description = "handled, raised or ignored (default: ${DEFAULT-VALUE})")
        IpServices.ExceptionsMode mode;

        @Override
        public Integer call() {
            try (Env env = common.env()) {
                Corio.run(new Corio_WorkingDev(env).exceptions(mode), env::newLoop);
                return 0;
            }
        }
    }

    @Command(name = "timeouts", mixinStandardHelpOptions = true,
            description = {"Ask two IP services but wait at most --timeout seconds (wait with a timeout), then"
                    + " answer with the IP or 'not available'.", ARTICLE + "Timeouts)"})
    public static final class Timeouts implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = {"-t", "--timeout"}, defaultValue = "0.01",
                description = "Timeout to use, defaults to ${DEFAULT-VALUE}")
        double timeout;

        @Override
        public Integer call() {
            common.check().atLeast("--timeout", timeout, 0);
            try (Env env = common.env()) {
                env.log.print("Using a " + timeout + " timeout");
                Corio.run(new Corio_WorkingDev(env).timeouts(timeout), env::newLoop);
                return 0;
            }
        }
    }
}
