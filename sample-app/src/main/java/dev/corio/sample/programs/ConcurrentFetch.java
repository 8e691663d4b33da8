package dev.corio.sample.programs;

import static dev.corio.Corio.sleep;
import static dev.corio.Corio.asCompleted;
import static dev.corio.Corio.waitTasks;

import dev.corio.Awaitable;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.Task;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.HnClient.JsonResponse;
import dev.corio.ReturnWhen;
import dev.corio.sample.support.StateMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * "AsyncIO for the Working Python Developer": fetching from an HTTP service one after the other and
 * concurrently (1d, with create_task and wait), and handling the answers as they complete (2a, with
 * as_completed). The article read GitHub's {@code Date} header; this reads the HN server's.
 */
public final class ConcurrentFetch {
    private ConcurrentFetch() {
    }

    /** 1d-async-fetch-from-server.py, synchronous half: the requests wait for each other. */
    public static void synchronous(Env env, String url, int clients) throws IOException, InterruptedException {
        long start = System.nanoTime();
        for (int pid = 1; pid <= clients; pid++) {
            env.log.print("Fetch sync process " + pid + " started");
            long t = System.nanoTime();
            JsonResponse r = env.client.jsonBlocking(url);
            env.log.print(String.format("Process %d: %s, took: %.2f seconds", pid, r.date(),
                    (System.nanoTime() - t) / 1e9));
        }
        env.log.print(String.format("Process took: %.2f seconds", (System.nanoTime() - start) / 1e9));
    }

    /** 1d, asynchronous half: {@code tasks = [create_task(fetch_async(i)) ...]; await wait(tasks)}. */
    public static void asynchronous(Env env, String url, int clients) {
        Corio.run(new StateMachine<Void>() {
            double start;

            @Override
            protected Object step() throws Throwable {
                switch (pc) {
                    case 0: {
                        start = Env.time();
                        List<Task<String>> tasks = new ArrayList<>();
                        for (int i = 1; i <= clients; i++) {
                            tasks.add(Corio.createTask(new FetchAsync(env, url, i, 0)));
                        }
                        if (await(waitTasks(tasks, ReturnWhen.ALL_COMPLETED), 1)) {
                            return SUSPENDED;
                        }
                    }
                    // fall through
                    case 1:
                        take();
                        env.log.print(String.format("Process took: %.2f seconds", Env.time() - start));
                        return null;
                    default:
                        throw new IllegalStateException("resumed after completion");
                }
            }
        }, env::newLoop);
    }

    /**
     * 2a-async-fetch-from-server-as-completed.py: each fetch first sleeps 2 to 5 s at random; the results
     * are printed as they arrive, with a longer {@code >>} prefix each time.
     */
    public static void asCompletedDemo(Env env, String url, int clients) {
        Corio.run(new StateMachine<Void>() {
            double start;
            List<Awaitable<String>> inOrder;
            int i;

            @Override
            protected Object step() throws Throwable {
                for (;;) {
                    switch (pc) {
                        case 0: {
                            start = Env.time();
                            List<Coroutine<String>> futures = new ArrayList<>();
                            for (int pid = 1; pid <= clients; pid++) {
                                futures.add(new FetchAsync(env, url, pid, 2 + env.random.nextInt(4)));
                            }
                            inOrder = asCompleted(futures).toList();
                            pc = 1;
                            continue;
                        }
                        case 1:
                            if (i == inOrder.size()) {
                                env.log.print(String.format("Process took: %.2f seconds", Env.time() - start));
                                return null;
                            }
                            if (await(inOrder.get(i), 2)) {
                                return SUSPENDED;
                            }
                            continue;
                        case 2: {
                            String result = (String) take();
                            env.log.print(">>".repeat(i + 1) + " " + result);
                            i++;
                            pc = 1;
                            continue;
                        }
                        default:
                            throw new IllegalStateException("resumed after completion");
                    }
                }
            }
        }, env::newLoop);
    }

    /**
     * {@code fetch_async(pid)}: optionally sleep, fetch, return
     * {@code 'Process {pid}: {date}, took: {:.2f} seconds'} (1d prints it instead; both are shown).
     */
    static final class FetchAsync extends StateMachine<String> {
        private final Env env;
        private final String url;
        private final int pid;
        private final int sleepyTime;
        private double start;

        FetchAsync(Env env, String url, int pid, int sleepyTime) {
            this.env = env;
            this.url = url;
            this.pid = pid;
            this.sleepyTime = sleepyTime;
        }

        @Override
        protected Object step() throws Throwable {
            switch (pc) {
                case 0:
                    start = Env.time();
                    if (sleepyTime == 0) {
                        env.log.print("Fetch async process " + pid + " started");
                        pc = 2;
                        return step();
                    }
                    env.log.print("Fetch async process " + pid + " started, sleeping for " + sleepyTime + " seconds");
                    if (await(sleep(sleepyTime), 1)) {
                        return SUSPENDED;
                    }
                    // fall through
                case 1:
                    take();
                    // fall through
                case 2:
                    if (await(env.client.json(url), 3)) {
                        return SUSPENDED;
                    }
                    // fall through
                case 3: {
                    JsonResponse response = (JsonResponse) take();
                    String line = String.format("Process %d: %s, took: %.2f seconds", pid, response.date(),
                            Env.time() - start);
                    if (sleepyTime == 0) {
                        env.log.print(line);
                    }
                    return line;
                }
                default:
                    throw new IllegalStateException("resumed after completion");
            }
        }

        @Override
        public String toString() {
            return "fetch_async(" + pid + ")";
        }
    }
}
