package dev.corio;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The asyncio-style entry points, meant to be imported statically: {@code import static dev.corio.Corio.*;}.
 *
 * <p>Suspension markers: {@link #await(Awaitable)} and its overloads. They only work inside an
 * {@code @Async} method, whose body the annotation processor rewrites; anywhere else they throw an
 * {@link IllegalStateException} that says so.
 *
 * <p>Name changes from asyncio, forced by Java: asyncio's {@code wait} is {@code waitTasks} (a static
 * {@code wait} is shadowed by {@code Object.wait} in every class), a bare yield is {@code sleep(0)}.
 */
public final class Corio {
    private Corio() {
    }

    // ---------------------------------------------------------------- markers

    /**
     * Suspends the enclosing {@code @Async} method until {@code awaitable} completes, and gives its value
     * or throws its exception. Does not suspend if it is already done. Awaiting a coroutine runs it on the
     * current task.
     */
    public static <T> T await(Awaitable<T> awaitable) {
        throw notTransformed("await");
    }

    /**
     * Suspends until {@code stage} (a {@code CompletableFuture}, the JDK HttpClient's responses, a driver's
     * futures) completes, whatever thread completes it; see {@link AsyncFuture#fromStage}.
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw notTransformed("await");
    }

    /**
     * Like {@link #await(Awaitable)}, and tells javac that the await may throw the checked exception
     * {@code X}, so a {@code catch (X e)} around it compiles. Exceptions cross awaits unchanged, checked ones
     * included; this overload only changes what javac lets you write.
     */
    public static <T, X extends Throwable> T await(Awaitable<T> awaitable, Class<X> mayThrow) throws X {
        throw notTransformed("await");
    }

    /** {@link #await(CompletionStage)} that may throw the checked exception {@code X}. */
    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> mayThrow) throws X {
        throw notTransformed("await");
    }

    static IllegalStateException notTransformed(String marker) {
        return new IllegalStateException("Corio." + marker + "() ran untransformed: it only works inside an @Async"
                + " method, whose body the corio-processor rewrites into a state machine. Check that the method is"
                + " annotated @Async, that corio-processor is on javac's annotation processor path, and that"
                + " callers use the generated class rather than calling the original method directly.");
    }

    /**
     * A coroutine that returns {@code value} without suspending. In an {@code @Async} method,
     * {@code return result(v);} completes the coroutine with {@code v}.
     */
    public static <T> Coroutine<T> result(T value) {
        return new Completed<>(value);
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs {@code main} on a new loop and returns its value (or throws its exception), like
     * {@code asyncio.run}: then cancels the tasks still pending and waits for them, reports their
     * failures, shuts the default executor down and closes the loop (see {@link Runner#close()}). Cannot
     * be called from a running loop. To run several coroutines on one loop, use a {@link Runner}.
     *
     * <p>Ctrl-C, as {@code asyncio.run} since 3.11: while {@code main} runs, the first SIGINT cancels it (its
     * {@code finally} blocks run; this method then throws the {@link CancelledError}, "interrupted by
     * SIGINT"), a second one ends the process at once with status 130. Where signals are available, no
     * SIGINT handler of {@code dev.corio.signals} is installed already, and not turned off with
     * {@code -Dcorio.run.sigint=false} (docs/subprocess.md). (Each {@link Runner#run} does the same.)
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, EventLoop::create, false);
    }

    /** {@link #run(Coroutine)} with debug mode on or off. */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        return run(main, EventLoop::create, debug);
    }

    /**
     * {@link #run(Coroutine)} on a loop made by {@code loopFactory}, such as {@code EventLoop::virtual} for
     * a virtual clock.
     */
    public static <T> T run(Coroutine<T> main, Supplier<EventLoop> loopFactory) {
        return run(main, loopFactory, false);
    }

    /**
     * {@link #run(Coroutine)} that tells javac {@code main} may fail with the checked exception {@code X}, so a
     * plain {@code main} can write {@code try { Corio.run(app(), IOException.class); } catch (IOException e)}.
     * As with {@link #await(Awaitable, Class)}, exceptions come out unchanged whatever {@code X} is; this
     * overload only changes what javac lets you write.
     */
    public static <T, X extends Throwable> T run(Coroutine<T> main, Class<X> mayThrow) throws X {
        Objects.requireNonNull(mayThrow, "mayThrow");
        return run(main, EventLoop::create, false);
    }

    /** {@link #run(Coroutine, Class)} on a loop made by {@code loopFactory}. */
    public static <T, X extends Throwable> T run(Coroutine<T> main, Supplier<EventLoop> loopFactory,
                                                 Class<X> mayThrow) throws X {
        Objects.requireNonNull(mayThrow, "mayThrow");
        return run(main, loopFactory, false);
    }

    /**
     * {@link #run(Coroutine)} on a loop made by {@code loopFactory}, with debug mode on or off: a
     * {@link Runner} for one coroutine ({@code try (var r = new Runner(loopFactory, debug)) { return
     * r.run(main); }}), which is where the shutdown sequence lives.
     */
    public static <T> T run(Coroutine<T> main, Supplier<EventLoop> loopFactory, boolean debug) {
        Objects.requireNonNull(main, "main");
        if (EventLoop.runningOrNull() != null) {
            main.close();
            throw new IllegalStateException("Corio.run() cannot be called from a running event loop");
        }
        try (Runner runner = new Runner(loopFactory, debug)) {
            return runner.run(main); // a failing shutdown is suppressed by main's own exception, if any
        }
    }

    /** The loop running on this thread; throws {@link IllegalStateException} if there is none. */
    public static EventLoop getRunningLoop() {
        return EventLoop.running();
    }

    // ---------------------------------------------------------------- tasks

    /** Wraps {@code coro} in a task on the running loop; it starts in the next tick. */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return EventLoop.running().createTask(coro);
    }

    /** Wraps {@code coro} in a task named {@code name} on the running loop. */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return EventLoop.running().createTask(coro, name);
    }

    /**
     * Wraps {@code coro} in a task on the running loop that runs in {@code context} ({@code null}: a copy of
     * the current context, as always without it); {@code name} may be null. asyncio's
     * {@code create_task(coro, name=, context=)}.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, dev.corio.context.Context context) {
        return EventLoop.running().createTask(coro, name, context);
    }

    /**
     * Wraps any awaitable in a task on the running loop, so that {@code createTask(sleep(1.0, "x"))} works
     * as asyncio's {@code create_task(asyncio.sleep(1, "x"))} does: a coroutine as
     * {@link #createTask(Coroutine)}; anything else (a runtime primitive such as {@code sleep}, a future) is
     * awaited by the new task, whose outcome is the awaitable's. For a future that should stay itself, use
     * {@link #ensureFuture}.
     */
    public static <T> Task<T> createTask(Awaitable<T> awaitable) {
        return createTask(awaitable, null);
    }

    /** {@link #createTask(Awaitable)} with the task named {@code name} (or {@code Task-N} if null). */
    public static <T> Task<T> createTask(Awaitable<T> awaitable, String name) {
        return EventLoop.running().createTask(asCoroutine(awaitable), name);
    }

    /** {@code awaitable} itself if it is a coroutine, else a coroutine that awaits it once. */
    static <T> Coroutine<T> asCoroutine(Awaitable<T> awaitable) {
        Objects.requireNonNull(awaitable, "awaitable");
        return awaitable instanceof Coroutine<T> c ? c : new AwaitCoroutine<>(awaitable);
    }

    /**
     * A future for {@code awaitable}: a future as it is, a coroutine wrapped in a task on the running loop.
     */
    @SuppressWarnings("unchecked")
    public static <T> AsyncFuture<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof AsyncFuture<?> f) {
            return (AsyncFuture<T>) f;
        }
        return EventLoop.running().createTask(asCoroutine(awaitable));
    }

    /** The task running now on this thread's loop, or {@code null} in a plain callback. */
    public static Task<?> currentTask() {
        return EventLoop.running().currentTask();
    }

    /** The pending tasks of the running loop. */
    public static Set<Task<?>> allTasks() {
        return EventLoop.running().allTasks();
    }

    // ---------------------------------------------------------------- time

    /**
     * Suspends the current task for {@code seconds}; {@code sleep(0)} (or any delay {@code <= 0}, down to
     * {@code -Infinity}) yields for one loop tick. An infinite or huge delay saturates (see
     * {@link EventLoop#callAt}); NaN throws {@link IllegalArgumentException}, as asyncio 3.13's
     * {@code ValueError}.
     */
    public static Awaitable<Void> sleep(double seconds) {
        return seconds <= 0 ? Sleep.YIELD : new Sleep<>(LoopTime.toNanos(seconds), null);
    }

    /** Suspends for {@code seconds}, then gives {@code result}. */
    public static <T> Awaitable<T> sleep(double seconds, T result) {
        return new Sleep<>(seconds <= 0 ? 0 : LoopTime.toNanos(seconds), result);
    }

    /** Suspends for {@code duration}, then gives {@code result}; saturates as {@link #sleep(Duration)}. */
    public static <T> Awaitable<T> sleep(Duration duration, T result) {
        return new Sleep<>(Math.max(0, LoopTime.toNanos(duration)), result);
    }

    /**
     * Suspends for {@code duration}; zero or negative yields for one tick. Durations beyond about 292 years
     * saturate (see {@link EventLoop#callAt}).
     */
    public static Awaitable<Void> sleep(Duration duration) {
        long nanos = LoopTime.toNanos(duration);
        return nanos <= 0 ? Sleep.YIELD : new Sleep<>(nanos, null);
    }

    // ---------------------------------------------------------------- combinators

    /** {@link ReturnWhen#FIRST_COMPLETED}, for {@code waitTasks(fs, FIRST_COMPLETED)} under a static import. */
    public static final ReturnWhen FIRST_COMPLETED = ReturnWhen.FIRST_COMPLETED;
    /** {@link ReturnWhen#FIRST_EXCEPTION}. */
    public static final ReturnWhen FIRST_EXCEPTION = ReturnWhen.FIRST_EXCEPTION;
    /** {@link ReturnWhen#ALL_COMPLETED}. */
    public static final ReturnWhen ALL_COMPLETED = ReturnWhen.ALL_COMPLETED;

    /**
     * Runs the awaitables concurrently (coroutines are wrapped in tasks; the same awaitable twice runs once)
     * and completes with their results in argument order, as asyncio's {@code gather}. The first failure or
     * cancellation of a child fails the returned future at once, while the other children go on running.
     * Cancelling the returned future cancels every child. With no arguments it is done at once with an empty
     * list.
     */
    @SafeVarargs
    public static <T> AsyncFuture<List<T>> gather(Awaitable<? extends T>... awaitables) {
        return Gather.of(Arrays.asList(awaitables), false);
    }

    /** {@link #gather(Awaitable[])} over a list. */
    public static <T> AsyncFuture<List<T>> gather(List<? extends Awaitable<? extends T>> awaitables) {
        return Gather.of(awaitables, false);
    }

    /**
     * {@code gather(..., return_exceptions=True)}: failures take their place in the list as {@link Throwable}s
     * (a cancelled child as its {@link CancelledError}) instead of failing the gather.
     */
    public static AsyncFuture<List<Object>> gatherReturnExceptions(Awaitable<?>... awaitables) {
        return Gather.of(Arrays.asList(awaitables), true);
    }

    /** {@link #gatherReturnExceptions(Awaitable[])} over a list. */
    public static AsyncFuture<List<Object>> gatherReturnExceptions(List<? extends Awaitable<?>> awaitables) {
        return Gather.of(awaitables, true);
    }

    /** asyncio's {@code wait(fs)}: until all are done. See {@link #waitTasks(Collection, ReturnWhen, Duration)}. */
    public static <F extends AsyncFuture<?>> Coroutine<DoneAndPending<F>> waitTasks(Collection<F> futures) {
        return Wait.of(futures, ReturnWhen.ALL_COMPLETED, null);
    }

    /** asyncio's {@code wait(fs, return_when=...)}. */
    public static <F extends AsyncFuture<?>> Coroutine<DoneAndPending<F>> waitTasks(Collection<F> futures,
                                                                                   ReturnWhen returnWhen) {
        return Wait.of(futures, returnWhen, null);
    }

    /** asyncio's {@code wait(fs, timeout=...)}: until all are done or {@code timeoutSeconds} passed. */
    public static <F extends AsyncFuture<?>> Coroutine<DoneAndPending<F>> waitTasks(Collection<F> futures,
                                                                                   double timeoutSeconds) {
        return Wait.of(futures, ReturnWhen.ALL_COMPLETED, timeoutSeconds);
    }

    /** {@link #waitTasks(Collection, double)} with a {@link Duration}. */
    public static <F extends AsyncFuture<?>> Coroutine<DoneAndPending<F>> waitTasks(Collection<F> futures,
                                                                                   Duration timeout) {
        return Wait.of(futures, ReturnWhen.ALL_COMPLETED, LoopTime.toSecondsOrNull(timeout));
    }

    /** {@link #waitTasks(Collection, ReturnWhen, Duration)} with a timeout in seconds. */
    public static <F extends AsyncFuture<?>> Coroutine<DoneAndPending<F>> waitTasks(Collection<F> futures,
                                                                                   ReturnWhen returnWhen,
                                                                                   double timeoutSeconds) {
        return Wait.of(futures, returnWhen, timeoutSeconds);
    }

    /**
     * asyncio's {@code wait} (named so because a static {@code wait} is shadowed by {@code Object.wait}): waits
     * until {@code returnWhen} holds or {@code timeout} ({@code null}: no limit) passed, and gives the done and
     * pending futures. It raises nothing on timeout and cancels nothing. Takes tasks and futures; coroutines
     * (possible only through unchecked casts) are rejected with {@link IllegalArgumentException}, as is an
     * empty collection.
     */
    public static <F extends AsyncFuture<?>> Coroutine<DoneAndPending<F>> waitTasks(Collection<F> futures,
                                                                                   ReturnWhen returnWhen,
                                                                                   Duration timeout) {
        return Wait.of(futures, returnWhen, LoopTime.toSecondsOrNull(timeout));
    }

    /**
     * asyncio 3.12's {@code wait_for}: awaits {@code awaitable} (a coroutine runs inline on the current task)
     * with a deadline {@code timeoutSeconds} after the returned coroutine starts. On timeout the awaitable is
     * cancelled, waited for until it finishes, and {@link TimeoutError} is raised (caused by the
     * {@link CancelledError}); if it swallows the cancellation and returns, its value is returned.
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeoutSeconds) {
        return new WaitFor<>(awaitable, timeoutSeconds);
    }

    /**
     * {@link #waitFor(Awaitable, double)} with a {@link Duration}; a {@code null} timeout (asyncio's
     * {@code wait_for(aw, None)}) just awaits.
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, Duration timeout) {
        return new WaitFor<>(awaitable, LoopTime.toSecondsOrNull(timeout));
    }

    /**
     * asyncio's {@code shield}: a future with {@code awaitable}'s outcome (a coroutine is wrapped in a task)
     * whose cancellation does not cancel the awaitable. Already done: the future itself.
     */
    public static <T> AsyncFuture<T> shield(Awaitable<T> awaitable) {
        return Shield.of(awaitable);
    }

    /** asyncio's {@code as_completed} without a timeout; see {@link AsCompleted}. */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables) {
        return new AsCompleted<>(awaitables, null);
    }

    /** {@link #asCompleted(Collection, Duration)} with a timeout in seconds. */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
                                                 double timeoutSeconds) {
        return new AsCompleted<>(awaitables, timeoutSeconds);
    }

    /**
     * asyncio's {@code as_completed}: awaitables giving the results in completion order; after
     * {@code timeout} ({@code null}: none) the awaits not yet satisfied throw {@link TimeoutError}.
     */
    public static <T> AsCompleted<T> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
                                                 Duration timeout) {
        return new AsCompleted<>(awaitables, LoopTime.toSecondsOrNull(timeout));
    }

    // ---------------------------------------------------------------- scopes

    /**
     * asyncio's {@code timeout(delay)}: a {@link Timeout} scope with its deadline {@code delaySeconds} from now
     * on the running loop. Use it as {@code try (var t = timeout(1)) { ... }} in an {@code @Async} method, or
     * with {@link #timeout(double, Function)}.
     */
    public static Timeout timeout(double delaySeconds) {
        EventLoop loop = EventLoop.running();
        return new Timeout(LoopTime.toSeconds(loop.deadline(LoopTime.toNanos(delaySeconds))));
    }

    /**
     * {@link #timeout(double)} with a {@link Duration}; {@code null} (asyncio's {@code timeout(None)}) for a
     * scope without a deadline (one can be set later with {@link Timeout#reschedule}). Saturates as
     * {@link EventLoop#callLater(Duration, Runnable)}.
     */
    public static Timeout timeout(Duration delay) {
        if (delay == null) {
            return new Timeout(null);
        }
        EventLoop loop = EventLoop.running();
        return new Timeout(LoopTime.toSeconds(loop.deadline(LoopTime.toNanos(delay))));
    }

    /** asyncio's {@code timeout_at(when)}: a {@link Timeout} scope with deadline {@code when} in loop time. */
    public static Timeout timeoutAt(double when) {
        return new Timeout(when);
    }

    /** {@link #timeoutAt(double)}; {@code null} for none. */
    public static Timeout timeoutAt(Double when) {
        return new Timeout(when);
    }

    /**
     * Runs {@code body} inside a {@link Timeout} scope whose deadline is {@code delaySeconds} after the returned
     * coroutine starts: Python's {@code async with timeout(delay) as t: return await body(t)}. The body runs
     * inline on the current task; the scope raises {@link TimeoutError} if its deadline cancelled the body.
     */
    public static <T> Coroutine<T> timeout(double delaySeconds,
                                           Function<? super Timeout, ? extends Awaitable<? extends T>> body) {
        return new AsyncWith<Timeout, T>(() -> timeout(delaySeconds), body);
    }

    /** {@link #timeout(double, Function)} with a {@link Duration} ({@code null}: no deadline). */
    public static <T> Coroutine<T> timeout(Duration delay,
                                           Function<? super Timeout, ? extends Awaitable<? extends T>> body) {
        return new AsyncWith<Timeout, T>(() -> timeout(delay), body);
    }

    /** {@link #timeout(double, Function)} with a deadline {@code when} in loop time. */
    public static <T> Coroutine<T> timeoutAt(double when,
                                             Function<? super Timeout, ? extends Awaitable<? extends T>> body) {
        return timeoutAt(Double.valueOf(when), body);
    }

    /** {@link #timeout(double, Function)} with a deadline {@code when} in loop time ({@code null}: none). */
    public static <T> Coroutine<T> timeoutAt(Double when,
                                             Function<? super Timeout, ? extends Awaitable<? extends T>> body) {
        return new AsyncWith<Timeout, T>(() -> new Timeout(when), body);
    }

    /**
     * Runs {@code body} in a new {@link TaskGroup}: Python's {@code async with TaskGroup() as tg: return await
     * body(tg)}. The body runs inline on the current task; the coroutine completes when the body and every
     * task it created in the group are done, and raises the group's errors.
     */
    public static <T> Coroutine<T> taskGroup(Function<? super TaskGroup, ? extends Awaitable<? extends T>> body) {
        return new AsyncWith<TaskGroup, T>(TaskGroup::new, body);
    }

    /**
     * Python's {@code async with manager as v: return await body(v)}, inline on the current task: awaits
     * {@code manager.aenter()}, then the awaitable {@code body} returns, then {@code manager.aexit(error)}. If
     * {@code aexit} suppresses the body's exception, the value is {@code null}.
     */
    public static <M, T> Coroutine<T> asyncWith(AsyncContextManager<M> manager,
                                                Function<? super M, ? extends Awaitable<? extends T>> body) {
        Objects.requireNonNull(manager, "manager");
        return new AsyncWith<M, T>(() -> manager, body);
    }

    // ---------------------------------------------------------------- threads

    /**
     * Runs blocking {@code work} on the running loop's default executor, in a copy of the current context (its
     * context variables are seen there; what it sets stays there), as asyncio's {@code to_thread}; await the
     * returned future.
     */
    public static <T> AsyncFuture<T> toThread(Callable<T> work) {
        return EventLoop.running().runInExecutor(null, dev.corio.internal.ThreadContext.current().carrying(work));
    }

    /**
     * asyncio's {@code run_coroutine_threadsafe}: from any thread, schedules {@code coro} as a task on
     * {@code loop} and gives a {@link CompletableFuture} of its outcome (the result, the exception unchanged,
     * or a cancellation). Cancelling the returned future cancels the task, through the loop. The task is
     * created in the loop's next tick; if the future is cancelled before that, the coroutine is closed and
     * never runs. Throws {@link IllegalStateException} if the loop is closed.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        Objects.requireNonNull(coro, "coro");
        Objects.requireNonNull(loop, "loop");
        Task<?>[] task = new Task<?>[1];
        CompletableFuture<T> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                if (r) {
                    loop.runOnLoop(() -> {
                        if (task[0] != null) {
                            task[0].cancel();
                        }
                    });
                }
                return r;
            }
        };
        loop.callSoonThreadsafe(() -> {
            if (result.isDone()) {
                coro.close(); // cancelled before it started
                return;
            }
            Task<T> t;
            try {
                t = loop.createTask(coro);
            } catch (Throwable e) {
                result.completeExceptionally(e);
                return;
            }
            task[0] = t;
            t.addDoneCallback(f -> {
                switch (f.state) {
                    case AsyncFuture.RESULT -> result.complete(f.result());
                    case AsyncFuture.FAILED -> result.completeExceptionally(f.exception());
                    default -> result.cancel(false);
                }
            });
        });
        return result;
    }

    /** A future on the running loop for a {@link CompletionStage}; see {@link AsyncFuture#fromStage}. */
    public static <T> AsyncFuture<T> wrapFuture(CompletionStage<T> stage) {
        return AsyncFuture.fromStage(stage, EventLoop.running());
    }

    // ---------------------------------------------------------------- internals

    /** The coroutine {@link #result(Object)} makes. */
    private static final class Completed<T> extends Coroutine<T> {
        private final T value;

        Completed(T value) {
            this.value = value;
        }

        @Override
        protected Object resume(Object v, Throwable error) {
            return value;
        }
    }

    /** Runs any awaitable as a coroutine (to put it in a task). */
    static final class AwaitCoroutine<T> extends Coroutine<T> {
        private Awaitable<T> inner;

        AwaitCoroutine(Awaitable<T> inner) {
            this.inner = inner;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            Awaitable<T> a = inner;
            if (a == null) {
                return value;
            }
            inner = null;
            return a.awaitFrom(this);
        }
    }
}
