package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.createTask;
import static dev.corio.Corio.ensureFuture;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.gatherReturnExceptions;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.shield;
import static dev.corio.Corio.sleep;
import static dev.corio.Corio.waitFor;
import static dev.corio.Corio.waitTasks;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Coroutine;
import dev.corio.DoneAndPending;
import dev.corio.EventLoop;
import dev.corio.InvalidStateError;
import dev.corio.ReturnWhen;
import dev.corio.Task;
import dev.corio.TimeoutError;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import dev.corio.sync.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The book's chapter 3, "Working with Coroutines and Async/Await": timeouts, cancellation (also from
 * another thread's point of view, through {@code callSoonThreadsafe}), shielding, chaining, and the ways
 * of waiting on several coroutines. The processor generates {@code Corio_Chapter3}.
 */
public class Chapter3 {
    final Env env;

    public Chapter3(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    static String secs(double t) {
        return String.format("%.1f", t);
    }

    // ------------------------------------------------------------ waiting on a coroutine with a timeout

    @Async
    public Coroutine<Void> delayedPrint(String text, double delay) {
        print(await(sleep(delay, text)));
        return result(null);
    }

    /** {@code wait_for}: on time, then a timeout. */
    @Async
    public Coroutine<Void> waitForMain() {
        int delay = 3;
        await(waitFor(delayedPrint("I will print after " + delay + " seconds", delay), delay + 1));
        try {
            await(waitFor(delayedPrint("I will print after " + (delay + 1) + " seconds", delay + 1), delay));
        } catch (TimeoutError e) {
            print("I timed out after " + delay + " seconds");
        }
        return result(null);
    }

    // ------------------------------------------------------------ cancelling a coroutine

    @Async
    public Coroutine<Void> cancellable(double delay) {
        EventLoop loop = getRunningLoop();
        double now = loop.time();
        try {
            print("Sleeping from " + secs(now) + " for " + secs(delay) + " seconds ...");
            await(sleep(delay));
            print("Slept for " + secs(delay) + " seconds without disturbance...");
        } catch (CancelledError e) {
            print("Cancelled at " + secs(now) + " after " + secs(loop.time() - now) + " seconds");
        }
        return result(null);
    }

    /** Solution 1: {@code task.cancel()} from the loop's thread. */
    @Async
    public Coroutine<Void> cancelMain() {
        Task<Void> task = createTask(cancellable(10));
        await(sleep(3));
        task.cancel();
        await(sleep(0)); // let the task see its cancellation before main returns (asyncio.run would cancel it)
        return result(null);
    }

    static void canceller(AsyncFuture<?> task, AsyncFuture<Void> fut) {
        task.cancel();
        fut.setResult(null);
    }

    /** Solution 2 and the shared helper: cancel through {@code callSoonThreadsafe}, await the cancelling. */
    @Async
    public Coroutine<Void> cancelThreadsafe(AsyncFuture<?> task) {
        EventLoop loop = getRunningLoop();
        AsyncFuture<Void> fut = loop.createFuture();
        loop.callSoonThreadsafe(() -> canceller(task, fut));
        await(fut);
        return result(null);
    }

    @Async
    public Coroutine<Void> cancelThreadsafeMain() {
        Task<Void> task = createTask(cancellable(10));
        await(sleep(3));
        await(cancelThreadsafe(task));
        await(sleep(0));
        return result(null);
    }

    /** Cancelling multiple coroutines: cancel the gather, its children are cancelled. */
    @Async
    public Coroutine<Void> cancelGatherMain() {
        List<Coroutine<Void>> coros = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            coros.add(cancellable(i));
        }
        AsyncFuture<List<Void>> gatheredTasks = gather(coros);
        // a delay, so we can see that the first three coroutines run uninterrupted
        await(sleep(3));
        await(cancelThreadsafe(gatheredTasks));
        try {
            await(gatheredTasks);
        } catch (CancelledError e) {
            print("Was cancelled");
        }
        return result(null);
    }

    // ------------------------------------------------------------ shielding a coroutine from cancellation

    @Async
    public Coroutine<Void> shieldedSleeper(double delay) {
        double now = getRunningLoop().time();
        try {
            print("Sleeping from " + secs(now) + " for " + secs(delay) + " seconds ...");
            await(sleep(delay));
            print("Slept for " + secs(delay) + " seconds without disturbance...");
        } catch (CancelledError e) {
            print("I was disturbed in my sleep!");
        }
        return result(null);
    }

    @Async
    public Coroutine<Void> cancelLater(AsyncFuture<?> task, double delay) {
        await(sleep(delay));
        await(cancelThreadsafe(task));
        return result(null);
    }

    @Async
    public Coroutine<Void> shieldMain() {
        double completeTime = 10;
        double cancelAfterSecs = 3;
        AsyncFuture<Void> shieldedTask = shield(shieldedSleeper(completeTime));
        createTask(cancelLater(shieldedTask, cancelAfterSecs));
        try {
            await(shieldedTask);
        } catch (CancelledError e) {
            print("The shield was cancelled at " + secs(getRunningLoop().time()) + "; the sleeper goes on");
            await(sleep(completeTime - cancelAfterSecs));
        }
        return result(null);
    }

    // ------------------------------------------------------------ chaining coroutines

    @Async
    public Coroutine<Void> printDelayed(double delay, String text) {
        print(await(sleep(delay, text)));
        return result(null);
    }

    @Async
    public Coroutine<Void> chainMain() {
        await(printDelayed(1, "Printing this after 1 second"));
        await(printDelayed(1, "Printing this after 2 seconds"));
        await(printDelayed(1, "Printing this after 3 seconds"));
        return result(null);
    }

    // ------------------------------------------------------------ waiting on multiple coroutines

    @Async
    public Coroutine<Integer> printDelayedResult(double delay, String text, int result) {
        print(await(sleep(delay, text)));
        return result(result);
    }

    @Async
    public Coroutine<Void> gatherMain() {
        List<Coroutine<Integer>> workload = List.of(
                printDelayedResult(1, "Printing this after 1 second", 1),
                printDelayedResult(1, "Printing this after 1 second", 2),
                printDelayedResult(1, "Printing this after 1 second", 3));
        List<Integer> results = await(gather(workload));
        print(results.toString());
        return result(null);
    }

    // ------------------------------------------------------------ waiting with different heuristics

    @Async
    public Coroutine<Void> raiser() {
        throw new RuntimeException("An exception was raised");
    }

    /** {@code asyncio.sleep(delay, result)} as a coroutine: Corio's {@code sleep} is an awaitable, not a coroutine. */
    @Async
    public Coroutine<String> sleeping(double delay, String result) {
        return result(await(sleep(delay, result)));
    }

    void check(String what, boolean holds) {
        print("assert " + what + ": " + (holds ? "ok" : "FAILED"));
    }

    @Async
    public Coroutine<Void> waitMain(ReturnWhen returnWhen) {
        AsyncFuture<Void> raiserFuture = ensureFuture(raiser());
        Task<String> helloWorldFuture = createTask(sleeping(1.0, "I have returned!"));
        List<AsyncFuture<?>> coros = List.of(raiserFuture, helloWorldFuture);
        DoneAndPending<AsyncFuture<?>> dp = await(waitTasks(coros, returnWhen));
        Set<AsyncFuture<?>> finished = dp.done();
        Set<AsyncFuture<?>> pending = dp.pending();
        boolean all = returnWhen == ReturnWhen.ALL_COMPLETED;
        check("raiser_future in finished", finished.contains(raiserFuture));
        check("raiser_future not in pending", !pending.contains(raiserFuture));
        check("hello_world_future " + (all ? "in" : "not in") + " finished",
                finished.contains(helloWorldFuture) == all);
        check("hello_world_future " + (all ? "not in" : "in") + " pending", pending.contains(helloWorldFuture) != all);
        print(raiserFuture.exception().getMessage());
        if (all) {
            print(helloWorldFuture.result());
        } else {
            Throwable errWasThrown = null;
            try {
                print(helloWorldFuture.result());
            } catch (InvalidStateError err) {
                errWasThrown = err;
            }
            check("err_was_thrown", errWasThrown != null);
            helloWorldFuture.cancel(); // not in the book: asyncio.run would cancel it on the way out
        }
        return result(null);
    }

    // ------------------------------------------------------------ waiting and ignoring exceptions

    @Async
    public Coroutine<Void> printDelayedText(double delay, String text) {
        print(await(sleep(delay, text)));
        return result(null);
    }

    @Async
    public Coroutine<Void> raiseDelayed(double delay, String text) {
        throw new RuntimeException(await(sleep(delay, text)));
    }

    @Async
    public Coroutine<Void> gatherIgnoringMain() {
        List<Object> res = null;
        try {
            AsyncFuture<List<Object>> gathered = gatherReturnExceptions(
                    printDelayedText(5, "Printing this after 5 seconds"),
                    raiseDelayed(5, "Raising this after 5 seconds"),
                    printDelayedText(5, "Printing this after 5 seconds"));
            res = await(gathered);
        } catch (CancelledError e) {
            env.log.print("The gathered task was cancelled");
        } finally {
            print("Result: " + res);
        }
        return result(null);
    }

    // ------------------------------------------------------------ waiting for a specific condition

    @Async
    public Coroutine<Void> executeOn(Condition condition, Coroutine<Void> coro, BooleanSupplier predicate) {
        try (var c = condition) {
            await(condition.waitFor(predicate));
            await(coro);
        }
        return result(null);
    }

    @Async
    public Coroutine<Void> printCoro(String text) {
        print(text);
        return result(null);
    }

    @Async
    public Coroutine<Void> worker(List<Integer> numbers) {
        while (!numbers.isEmpty()) {
            print("Numbers: " + numbers);
            numbers.remove(numbers.size() - 1);
            await(sleep(0.25));
        }
        return result(null);
    }

    @Async
    public Coroutine<Void> conditionMain() {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            numbers.add(i);
        }
        Condition condition = new Condition();
        BooleanSupplier isEmpty = numbers::isEmpty;
        await(worker(numbers));
        await(executeOn(condition, printCoro("Finished!"), isEmpty));
        return result(null);
    }
}
