package dev.corio.sample.programs;

import static dev.corio.Corio.asCompleted;
import static dev.corio.Corio.await;
import static dev.corio.Corio.createTask;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;
import static dev.corio.Corio.waitTasks;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.DoneAndPending;
import dev.corio.EventLoop;
import dev.corio.InvalidStateError;
import dev.corio.ReturnWhen;
import dev.corio.Task;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.HnClient.JsonResponse;
import dev.corio.sample.support.Plural;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The coroutines of "AsyncIO for the Working Python Developer", as {@code @Async} methods; the processor
 * generates {@code Corio_WorkingDev}, whose methods return the state machines. Each program's entry point
 * is the method named after the article's script.
 */
public class WorkingDev {
    final Env env;

    public WorkingDev(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ 1: context switches

    @Async
    public Coroutine<Void> foo() {
        print("Running in foo");
        await(sleep(0));
        print("Explicit context switch to foo again");
        return result(null);
    }

    @Async
    public Coroutine<Void> bar() {
        print("Explicit context to bar");
        await(sleep(0));
        print("Implicit context switch back to bar");
        return result(null);
    }

    /** 1-sync-async-execution.py. */
    @Async
    public Coroutine<Void> contextSwitch() {
        await(gather(foo(), bar()));
        return result(null);
    }

    // ------------------------------------------------------------ 1b: cooperative scheduling

    double start;

    String tic() {
        return String.format("at %1.1f seconds", Env.time() - start);
    }

    @Async
    public Coroutine<Void> gr1() {
        // Busy waits for a second, but we don't want to stick around...
        print("gr1 started work: " + tic());
        await(sleep(2));
        print("gr1 ended work: " + tic());
        return result(null);
    }

    @Async
    public Coroutine<Void> gr2() {
        print("gr2 started work: " + tic());
        await(sleep(2));
        print("gr2 Ended work: " + tic());
        return result(null);
    }

    @Async
    public Coroutine<Void> gr3() {
        print("Let's do some stuff while the coroutines are blocked, " + tic());
        await(sleep(1));
        print("Done!");
        return result(null);
    }

    /** 1b-cooperatively-scheduled.py. */
    @Async
    public Coroutine<Void> cooperative() {
        start = Env.time();
        await(gather(gr1(), gr2(), gr3()));
        return result(null);
    }

    // ------------------------------------------------------------ 1c: order of execution

    /** {@code task_coro(pid)}: a non-deterministic coroutine task (sleeps 0, 1 or 2 ms). */
    @Async
    public Coroutine<Void> taskCoro(int pid, int ms) {
        await(sleep(ms * 0.001));
        print("Task " + pid + " done" + (env.log.verbose() ? " (slept " + ms + " ms)" : ""));
        return result(null);
    }

    /** 1c-determinism-sync-async.py, asynchronous half. */
    @Async
    public Coroutine<Void> asynchronousOrdering() {
        List<Coroutine<Void>> tasks = new ArrayList<>();
        for (int i = 1; i < 10; i++) {
            tasks.add(taskCoro(i, env.random.nextInt(3)));
        }
        await(gather(tasks));
        return result(null);
    }

    // ------------------------------------------------------------ 1d, 2a: fetching concurrently

    /** {@code fetch_async(pid)} of 1d: fetch, print how long it took. */
    @Async
    public Coroutine<String> fetchAsync(String url, int pid) {
        print("Fetch async process " + pid + " started");
        double started = Env.time();
        JsonResponse response = await(env.client.json(url));
        String line = String.format("Process %d: %s, took: %.2f seconds", pid, response.date(), Env.time() - started);
        print(line);
        return result(line);
    }

    /** 1d-async-fetch-from-server.py, asynchronous half: create the tasks, then {@code wait} for them. */
    @Async
    public Coroutine<Void> asynchronousFetch(String url, int clients) {
        double started = Env.time();
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            tasks.add(createTask(fetchAsync(url, i)));
        }
        await(waitTasks(tasks));
        print(String.format("Process took: %.2f seconds", Env.time() - started));
        return result(null);
    }

    /** {@code fetch_async(pid)} of 2a: sleep 2 to 5 s at random first, return the line. */
    @Async
    public Coroutine<String> sleepyFetch(String url, int pid, int sleepyTime) {
        double started = Env.time();
        print("Fetch async process " + pid + " started, sleeping for " + Plural.of(sleepyTime, "second"));
        await(sleep(sleepyTime));
        JsonResponse response = await(env.client.json(url));
        return result(String.format("Process %d: %s, took: %.2f seconds", pid, response.date(),
                Env.time() - started));
    }

    /** 2a-async-fetch-from-server-as-completed.py. */
    @Async
    public Coroutine<Void> asCompletedFetch(String url, int clients) {
        double started = Env.time();
        List<Coroutine<String>> futures = new ArrayList<>();
        for (int pid = 1; pid <= clients; pid++) {
            futures.add(sleepyFetch(url, pid, 2 + env.random.nextInt(4)));
        }
        int i = 0;
        for (Awaitable<String> future : asCompleted(futures)) {
            String result = await(future);
            print(">>".repeat(i + 1) + " " + result);
            i++;
        }
        print(String.format("Process took: %.2f seconds", Env.time() - started));
        return result(null);
    }

    // ------------------------------------------------------------ 2b-4a: IP services

    /** How {@link #fetchIp} reports. */
    public enum Style {
        /** return the result line; a request error becomes "{name} is unresponsive" (2b, 3a, 3b) */
        RETURN,
        /** print the result line instead, return nothing (3c) */
        PRINT,
        /** sleep 0.1 to 0.3 s first, print the result line and return the ip (4a) */
        SLEEPY
    }

    /** {@code fetch_ip(service)}. */
    @Async
    public Coroutine<String> fetchIp(IpServices.Service service, Style style) {
        double started = Env.time();
        print("Fetching IP from " + service.name());
        if (style == Style.SLEEPY) {
            await(sleep((1 + env.random.nextInt(3)) * 0.1));
        }
        JsonResponse json;
        try {
            json = await(env.client.json(service.url()));
        } catch (Exception e) {
            if (style == Style.PRINT) {
                print(service.name() + " is unresponsive");
                return result(null);
            }
            return result(service.name() + " is unresponsive");
        }
        Object ip = ((Map<?, ?>) json.body()).get(service.ipAttr());
        if (ip == null) {
            throw new KeyError(service.ipAttr());
        }
        String line = String.format("%s finished with result: %s, took: %.2f seconds", service.name(), ip,
                Env.time() - started);
        if (style == Style.RETURN) {
            return result(line);
        }
        print(line);
        return result(style == Style.SLEEPY ? (String) ip : null);
    }

    List<Task<String>> fetchIps(List<IpServices.Service> services, Style style) {
        List<Task<String>> futures = new ArrayList<>();
        for (IpServices.Service s : services) {
            futures.add(createTask(fetchIp(s, style)));
        }
        return futures;
    }

    /** 2b/2c-fetch-first-ip-address-response: the first answer wins. */
    @Async
    public Coroutine<Void> firstCompleted() {
        DoneAndPending<Task<String>> dp = await(waitTasks(fetchIps(IpServices.services(env, "query", false),
                Style.RETURN), ReturnWhen.FIRST_COMPLETED));
        print(dp.done().iterator().next().result());
        return result(null);
    }

    /** 3a/3b/3c-fetch-ip-addresses: handle the failures inside fetch_ip, at result(), or not at all. */
    @Async
    public Coroutine<Void> exceptions(IpServices.ExceptionsMode mode) {
        String attr = mode == IpServices.ExceptionsMode.handled ? "query" : "this-is-not-an-attr";
        Style style = mode == IpServices.ExceptionsMode.ignored ? Style.PRINT : Style.RETURN;
        DoneAndPending<Task<String>> dp = await(waitTasks(fetchIps(IpServices.services(env, attr, true), style)));
        if (mode == IpServices.ExceptionsMode.ignored) {
            return result(null); // intentionally ignore results
        }
        for (Task<String> future : dp.done()) { // asyncio's set; here in the order passed
            try {
                print(future.result());
            } catch (Exception e) {
                StringWriter trace = new StringWriter();
                if (env.log.verbose()) {
                    e.printStackTrace(new PrintWriter(trace));
                } else {
                    trace.append(e.toString());
                }
                print("Unexpected error: " + trace);
            }
        }
        return result(null);
    }

    /** 4a-timeout-with-wait-kwarg: at most {@code timeout} seconds for the first answer, then reply anyway. */
    @Async
    public Coroutine<Void> timeouts(double timeout) {
        String ip = "not available";
        DoneAndPending<Task<String>> dp = await(waitTasks(fetchIps(IpServices.services(env, "query", false),
                Style.SLEEPY), ReturnWhen.FIRST_COMPLETED, timeout));
        for (Task<String> future : dp.pending()) {
            future.cancel();
        }
        for (Task<String> future : dp.done()) {
            ip = future.result();
        }
        print("{'message': 'Result from asynchronous.', 'ip': '" + ip + "'}");
        return result(null);
    }

    // ------------------------------------------------------------ Future states

    /** A future through its states, and what {@code result()} does in each. */
    @Async
    public Coroutine<Void> futureStates() {
        EventLoop loop = EventLoop.running();
        AsyncFuture<String> manual = loop.createFuture();
        show("new future", manual);
        tryResult(manual);
        manual.addDoneCallback(f -> print("done callback: the future is now " + state(f)));
        loop.callLater(0.1, () -> manual.setResult("81.106.46.223"));
        print("awaited: " + await(manual));
        show("after set_result", manual);
        tryResult(manual);

        AsyncFuture<String> cancelled = loop.createFuture();
        print("cancel() on a pending future returns " + cancelled.cancel("no longer needed"));
        show("after cancel", cancelled);
        tryResult(cancelled);
        print("cancel() on a done future returns " + cancelled.cancel());

        Task<String> failing = createTask(failLater(), "fetch_ip");
        show("new task", failing);
        await(sleep(0.2));
        show("failed task", failing);
        print("exception() gives " + failing.exception());
        tryResult(failing);
        return result(null);
    }

    @Async
    public Coroutine<String> failLater() {
        await(sleep(0.1));
        throw new KeyError("this-is-not-an-attr");
    }

    void show(String what, AsyncFuture<?> f) {
        print(String.format("%-16s %-9s done()=%s cancelled()=%s", what + ":", state(f), f.isDone(), f.isCancelled()));
    }

    void tryResult(AsyncFuture<?> f) {
        try {
            print("  result() returns " + f.result());
        } catch (InvalidStateError e) {
            print("  result() raises InvalidStateError: " + e.getMessage());
        } catch (CancelledError e) {
            print("  result() raises CancelledError: " + e.getMessage());
        } catch (RuntimeException e) {
            print("  result() raises " + e);
        }
    }

    static String state(AsyncFuture<?> f) {
        if (!f.isDone()) {
            return "PENDING";
        }
        if (f.isCancelled()) {
            return "CANCELLED";
        }
        return f.exception() != null ? "FAILED" : "FINISHED";
    }
}
