package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.ensureFuture;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.gatherReturnExceptions;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.annotation.Async;
import dev.corio.queues.AsyncQueue;
import dev.corio.sample.cli.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The book's chapter 2, "Working with Event Loops", its loop recipes: locating and creating loops, a loop
 * per thread, running and stopping loops, scheduling callbacks and coroutines (and making both awaitable),
 * and calling blocking code through an executor. Signals and subprocesses are in {@link Chapter2Processes}.
 * The processor generates {@code Corio_Chapter2}; the plain methods are called on an instance of it, so
 * that the {@code @Async} ones they call are the state machines.
 */
public class Chapter2 {
    final Env env;

    public Chapter2(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ locating, creating, attaching loops

    /**
     * "Locating the Currently Running Loop", "Creating a New Loop Instance" (and its thread that finds no
     * loop) and "Running a Coroutine Specifically on One Loop", solution 1. Corio has no loop policy: a loop
     * is created explicitly ({@code EventLoop.create()}, asyncio's {@code new_event_loop}) and is the running
     * loop of the thread that runs it, so {@code get_event_loop}'s implicit creation has no counterpart.
     */
    public void loopsMain(java.util.function.Supplier<EventLoop> newLoop) throws InterruptedException {
        if (EventLoop.runningOrNull() == null) { // asyncio.get_running_loop() raising RuntimeError
            print("No loop running");
        }
        EventLoop loop = newLoop.get();
        print(loop.toString());
        Thread shower = new Thread(() -> print(EventLoop.runningOrNull() == null ? "No event loop!"
                : EventLoop.runningOrNull().toString()), "LoopShowerThread");
        shower.start();
        shower.join();
        try {
            loop.runUntilComplete(onLoop(loop));
        } finally {
            try {
                loop.runUntilComplete(loop.shutdownAsyncgens());
            } finally {
                loop.close();
            }
        }
        print("closed: " + loop.isClosed()); // not in the book
    }

    @Async
    public Coroutine<Void> onLoop(EventLoop loop) {
        print("assert loop == asyncio.get_running_loop(): " + (loop == getRunningLoop() ? "ok" : "FAILED"));
        return result(null);
    }

    /** "Attaching a Loop to the Thread": each thread creates, runs and closes a loop of its own. */
    public Thread createEventLoopThread(java.util.function.Supplier<EventLoop> newLoop, int i) {
        return new Thread(() -> {
            EventLoop loop = newLoop.get();
            try {
                loop.runUntilComplete(printCoro(loop));
            } finally {
                loop.close();
            }
        }, "loop-thread-" + i);
    }

    @Async
    public Coroutine<Void> printCoro(EventLoop loop) {
        print("Inside the print coro on " + Thread.currentThread().getName() + ": ([], {}) on "
                + (getRunningLoop() == loop ? "its own loop" : "ANOTHER LOOP"));
        return result(null);
    }

    public void loopThreadsMain(java.util.function.Supplier<EventLoop> newLoop, int count) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(createEventLoopThread(newLoop, i));
        }
        for (Thread t : workers) {
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
    }

    // ------------------------------------------------------------ scheduling callbacks

    /**
     * "Scheduling Callbacks on a Loop", solution 1: the four {@code call_*} methods on a loop that runs
     * forever; {@code runFor} seconds of loop time later a callback stops it, where the book waits for Ctrl+C.
     */
    public void callbacksMain(EventLoop loop, double runFor) {
        loop.callSoon(() -> print("I am scheduled on a loop!"));
        loop.callSoonThreadsafe(() -> print("I am scheduled on a loop but threadsafely!"));
        loop.callLater(1, () -> print("I am scheduled on a loop in one second"));
        loop.callAt(loop.time() + 1, () -> print("I am scheduled on a loop in one second too"));
        try {
            print("Stop the loop by hitting the CTRL+C keys...");
            loop.callLater(runFor, () -> {
                print("(Ctrl+C after " + runFor + " s: the loop stops)"); // not in the book
                loop.stop();
            });
            loop.runForever();
        } finally {
            loop.close();
        }
    }

    /**
     * Solution 2's {@code SchedulerLoop}: the book subclasses the loop; Corio's {@code EventLoop} is final,
     * so the same methods wrap a loop. Each schedule call keeps a future that the callback's scheduling
     * completes and whose done callback runs the function, so {@link #awaitCallbacks} can gather them.
     */
    public static final class SchedulerLoop {
        final EventLoop loop;
        final List<AsyncFuture<Void>> scheduledCallbackFutures = new ArrayList<>();

        public SchedulerLoop(EventLoop loop) {
            this.loop = loop;
        }

        private AsyncFuture<Void> future(Runnable doneHook) {
            AsyncFuture<Void> fut = loop.createFuture();
            fut.addDoneCallback(f -> doneHook.run());
            scheduledCallbackFutures.add(fut);
            return fut;
        }

        public void scheduleSoonThreadsafe(Runnable callback) {
            AsyncFuture<Void> fut = future(callback);
            loop.callSoonThreadsafe(() -> fut.setResult(null));
        }

        public void scheduleSoon(Runnable callback) {
            AsyncFuture<Void> fut = future(callback);
            loop.callSoon(() -> fut.setResult(null));
        }

        public void scheduleLater(double delaySeconds, Runnable callback) {
            AsyncFuture<Void> fut = future(callback);
            loop.callLater(delaySeconds, () -> fut.setResult(null));
        }

        public void scheduleAt(double when, Runnable callback) {
            AsyncFuture<Void> fut = future(callback);
            loop.callAt(when, () -> fut.setResult(null));
        }

        /** Chapter 5's version: gathers with {@code return_exceptions=True}, for its {@code scheduler_loop}. */
        public AsyncFuture<List<Object>> awaitCallbacksReturningExceptions() {
            List<AsyncFuture<Void>> callbackFuts = new ArrayList<>(scheduledCallbackFutures);
            scheduledCallbackFutures.clear();
            return gatherReturnExceptions(callbackFuts);
        }

        public AsyncFuture<List<Void>> awaitCallbacks() {
            List<AsyncFuture<Void>> callbackFuts = new ArrayList<>(scheduledCallbackFutures);
            scheduledCallbackFutures.clear();
            return gather(callbackFuts);
        }
    }

    @Async
    public Coroutine<Void> awaitableCallbacksMain(SchedulerLoop loop) {
        loop.scheduleSoonThreadsafe(() -> print("hallo"));
        loop.scheduleSoon(() -> print("This will be printed when the loop starts running"));
        loop.scheduleSoonThreadsafe(() -> print("This will get printed when the loop starts running"));
        int offsetInSeconds = 4;
        loop.scheduleAt(loop.loop.time() + offsetInSeconds,
                () -> print("This will be printed after " + offsetInSeconds + " seconds"));
        loop.scheduleLater(offsetInSeconds, () -> print("This will be printed after " + offsetInSeconds
                + " seconds too"));
        await(loop.awaitCallbacks());
        return result(null);
    }

    // ------------------------------------------------------------ scheduling coroutines

    @Async
    public Coroutine<Void> work(int i) {
        print(await(sleep(env.random.nextInt(i + 1), "Concurrent work " + i))); // random.randint(0, i)
        return result(null);
    }

    /** "Scheduling Coroutines on a Loop", solution 1: ten tasks made with ensure_future, then gathered. */
    @Async
    public Coroutine<Void> scheduleMain() {
        List<AsyncFuture<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(ensureFuture(work(i)));
        }
        await(gather(tasks));
        return result(null);
    }

    /**
     * Solution 2's {@code AsyncSchedulerLoop}: a queue of the tasks it scheduled, each marked done by its
     * done callback, so that {@code queue.join()} waits for exactly those (a wrapper again: no loop subclass
     * and no loop policy in Corio).
     */
    public static final class AsyncSchedulerLoop {
        final EventLoop loop;
        final AsyncQueue<AsyncFuture<?>> coroutines = new AsyncQueue<>();

        public AsyncSchedulerLoop(EventLoop loop) {
            this.loop = loop;
        }

        public <T> void schedule(Coroutine<T> coro) {
            dev.corio.Task<T> task = loop.createTask(coro);
            task.addDoneCallback(f -> coroutines.taskDone());
            coroutines.putNowait(task);
        }

        public dev.corio.Awaitable<Void> waitForAll() {
            return coroutines.join();
        }
    }

    int called;

    @Async
    public Coroutine<Void> mainWasCalled() {
        called++;
        print("Main was called.");
        return result(null);
    }

    public void schedulerLoopMain(EventLoop loop, int count) {
        try {
            AsyncSchedulerLoop scheduler = new AsyncSchedulerLoop(loop);
            loop.callSoon(() -> { // the queue belongs to the loop it is first used on: use it there
                for (int i = 0; i < count; i++) {
                    scheduler.schedule(mainWasCalled());
                }
            });
            loop.runUntilComplete(waitForAll(scheduler));
            print(called + " scheduled coroutines ran"); // not in the book
        } finally {
            loop.close();
        }
    }

    @Async
    public Coroutine<Void> waitForAll(AsyncSchedulerLoop scheduler) {
        await(scheduler.waitForAll());
        return result(null);
    }

    // ------------------------------------------------------------ blocking code

    /** {@code http.request("GET", url)} of urllib3: a blocking request, made on an executor thread. */
    static String blockingGet(HttpClient http, String url) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + url, e);
        }
    }

    AsyncFuture<String> blockRequest(HttpClient http, String url, ExecutorService executor) {
        return getRunningLoop().runInExecutor(executor, () -> blockingGet(http, url));
    }

    @Async
    public Coroutine<Void> consumeResponses(List<AsyncFuture<String>> requests) {
        List<Object> result = await(gatherReturnExceptions(requests));
        for (Object res : result) {
            if (!(res instanceof Throwable)) {
                print((String) res);
            } else {
                env.log.error("request failed: " + res); // the book drops them silently
            }
        }
        return result(null);
    }

    /**
     * "Calling Blocking Code on a Loop": one blocking request, then {@code n} at once, on an executor of
     * ten threads (the book's {@code ThreadPoolExecutor(10)}, set as the default executor; Corio's loop has no
     * {@code set_default_executor}, so it is passed to each {@code runInExecutor}).
     */
    public void executorMain(EventLoop loop, String url, int n) {
        ExecutorService executor = Executors.newFixedThreadPool(10);
        HttpClient http = HttpClient.newHttpClient(); // its own threads: the ten of the executor block in send
        try {
            loop.runUntilComplete(requests(http, url, 1, executor));
            loop.runUntilComplete(requests(http, url, n, executor));
        } finally {
            loop.close();
            executor.shutdown();
        }
    }

    @Async
    public Coroutine<Void> requests(HttpClient http, String url, int n, ExecutorService executor) {
        List<AsyncFuture<String>> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(blockRequest(http, url, executor));
        }
        await(consumeResponses(requests));
        return result(null);
    }

    // ------------------------------------------------------------ stopping and closing

    @Async
    public Coroutine<Void> printInMain() {
        print("Print in main");
        return result(null);
    }

    /**
     * "Stopping and Closing a Loop" (and "Running a Loop"): ten tasks, a gather whose done callback stops
     * the loop thread-safely, {@code run_forever}, then {@code shutdown_asyncgens} and {@code close}.
     */
    public void stopMain(EventLoop loop) {
        try {
            List<AsyncFuture<Void>> tasks = new ArrayList<>();
            loop.callSoon(() -> { // a gather is made on the running loop in Corio
                for (int i = 0; i < 10; i++) {
                    tasks.add(loop.createTask(printInMain()));
                }
                gather(tasks).addDoneCallback(f -> loop.callSoonThreadsafe(loop::stop));
            });
            loop.runForever();
            print("loop stopped after " + tasks.stream().filter(AsyncFuture::isDone).count() + " done tasks"); // not in the book
        } finally {
            try {
                loop.runUntilComplete(loop.shutdownAsyncgens());
            } finally {
                loop.close();
            }
        }
    }
}
