package dev.corio;

import dev.corio.internal.IoStep;
import dev.corio.internal.CoreAccess;
import dev.corio.internal.ThreadContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import dev.corio.context.Context;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * A single-threaded event loop with the semantics of asyncio's: it runs callbacks, timers and tasks on the
 * thread that runs it.
 *
 * <h2>One tick</h2>
 * As asyncio's {@code _run_once}: move callbacks submitted from other threads to the ready queue; wait
 * until the next timer is due (not at all when callbacks are ready) or another thread submits work; move
 * due timers to the ready queue in deadline order; then run exactly the callbacks that are ready at that
 * point. Callbacks scheduled while they run go to the next tick. With sockets registered (the
 * I/O step of {@code dev.corio.net}), the loop waits in the selector instead, and the handlers of
 * ready sockets run before the due timers join the ready queue.
 *
 * <h2>Threads</h2>
 * A loop belongs to one thread at a time: the thread that created it, and from then on the last thread
 * that ran it or used it while it was idle. The methods that change the loop's state (scheduling, tasks,
 * completing and cancelling futures, done callbacks) run on that thread; called from another thread while
 * the loop runs they throw an {@link IllegalStateException} that names the thread-safe alternative, always,
 * not only in debug mode. While the loop is not running any thread may use it (one at a time, as asyncio
 * allows scheduling on a loop before it runs); the thread that does becomes its owner. Safe from any thread
 * at any time: {@link #callSoonThreadsafe}, {@link #stop}, {@link #isRunning}, {@link #isClosed},
 * {@link #time}, {@link #createFuture}, {@link #setExceptionHandler} and
 * {@link Corio#runCoroutineThreadsafe}. See "Threading rules" in {@code docs/runtime.md}.
 *
 * <h2>Time</h2>
 * {@link #time()} is monotonic seconds. A loop made with {@link #virtual()} runs on a virtual clock: when
 * it has nothing to do but wait for a timer, time jumps to that timer's deadline at once, so code that
 * sleeps for an hour runs in microseconds and always in the same order. Time does not jump while a
 * {@link AsyncFuture#fromStage bridged} external operation or an executor job is outstanding, while a
 * socket is ready, or while a connection attempt is in flight; the loop waits for it in real time.
 */
public final class EventLoop implements AutoCloseable {
    static {
        // Loaded with the loop rather than at the first callLater: loading a class takes a file descriptor,
        // and a server out of descriptors schedules its accept retry with callLater (a TimerHandle). A class
        // that fails to load then stays unloadable (NoClassDefFoundError) for the JVM's life.
        TimerHandle.class.getName();
        LoopTime.class.getName(); // callLater's conversions, on the same path
        CoreAccess.install(new InternalAccess()); // the runtime's sub-packages reach the loop's internals through it
    }

    private static final System.Logger LOG = System.getLogger("dev.corio");
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();

    /** Ready callbacks: Task (step it), Handle (fire it) or a sleep's future (complete it). */
    private ArrayDeque<Object> ready = new ArrayDeque<>();
    /** The most callbacks a tick has found ready since the queue was last made smaller; see {@link #shrinkReady}. */
    private int readyPeak;
    private final MpscUnboundedAtomicArrayQueue<Handle> incoming = new MpscUnboundedAtomicArrayQueue<>(256);
    /** Timers and sleeps, in deadline order. */
    private final TimerQueue timers = new TimerQueue();

    private final boolean virtualClock;
    /**
     * Virtual clock only: how long, in real time, a wait on the outside world lasts at least before an idle
     * outside world lets the next timer be due, however short that timer's delay; see {@link #virtualTimeout}.
     */
    private final long patienceNanos;
    private final long origin = System.nanoTime();
    private long virtualNow;
    /** External operations (bridged stages, executor jobs) the virtual clock must not run ahead of. */
    private int externalPending;

    /** The thread running the loop, or null while it is not running. Written under {@link #ownerLock}. */
    private volatile Thread thread;
    /**
     * The thread the loop belongs to (see "Threads" above): the only one whose loop-only calls take the fast
     * path, one volatile read (a plain load on x86 and ARM's LDAR) and a compare. Written under
     * {@link #ownerLock}: when the loop starts running, and when an idle loop is used from another thread.
     */
    private volatile Thread owner;
    /** Orders a thread starting the loop with another thread taking an idle loop over, and with close(). */
    private final Object ownerLock = new Object();
    /** How the loop's thread waits for work now: {@link #AWAKE}, {@link #PARKED} or {@link #SELECTING}. */
    private volatile int sleeping;
    private static final int AWAKE = 0;
    private static final int PARKED = 1;
    private static final int SELECTING = 2;
    /** The I/O step (the selector of dev.corio.net), installed with the first socket; null until then. */
    private IoStep io;
    private volatile boolean closed;
    /** The thread running {@link #close()}, while it reports what is left. */
    private volatile Thread closingThread;
    /** Set by {@link #stop()}, from any thread; read once per tick. */
    private volatile boolean stopping;
    /** The loop's thread was interrupted while waiting; restored when the loop stops. */
    private boolean interrupted;
    /** Ticks run so far (for tests and diagnostics). */
    long ticks;
    private boolean debug;
    private volatile ExceptionHandler exceptionHandler;

    Task<?> currentTask;
    /**
     * The context state of the thread running the loop (set when it starts running), which task steps and
     * callbacks switch: cached here so that the switch costs field accesses, not a thread-local lookup.
     */
    ThreadContext contexts;
    /** The tasks not done yet, in creation order. */
    final TaskRegistry tasks = new TaskRegistry();
    /** Armed reports: exceptions nobody retrieved yet, coroutines not started yet (debug mode). */
    final LeakTracker leaks = new LeakTracker(this);
    /** Async generators that started on this loop and have not ended. */
    final AsyncGenRegistry asyncgens = new AsyncGenRegistry(this);
    private final LoopExecutors executors = new LoopExecutors(this);
    private volatile double slowCallbackDuration = 0.1;
    /** See {@link #setReportUnretrievedEarly}. */
    boolean reportUnretrievedEarly;

    private EventLoop(boolean virtualClock, long patienceNanos) {
        this.virtualClock = virtualClock;
        this.patienceNanos = patienceNanos;
        this.owner = Thread.currentThread();
        this.contexts = ThreadContext.current(); // the owner's, for callbacks scheduled before the loop runs
        if (Debug.property()) {
            setDebug(true);
        }
        dev.corio.internal.LiveLoops.created(this); // for the JMX task dump (dev.corio.management), weakly
    }

    /** A new loop on the real monotonic clock. */
    public static EventLoop create() {
        return new EventLoop(false, 0);
    }

    /**
     * A new loop on a virtual clock that starts at 0 and jumps to the next timer when idle, with the default
     * patience for the outside world ({@link #DEFAULT_PATIENCE}; see {@link #virtual(Duration)}).
     */
    public static EventLoop virtual() {
        return new EventLoop(true, DEFAULT_PATIENCE.toNanos());
    }

    /** The outside-world patience of {@link #virtual()}: one second of real time. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(1);

    /**
     * A new loop on a virtual clock whose patience for the outside world is {@code patience}: while I/O, a
     * bridged stage or an executor job is in flight, virtual time stands still and the loop waits for it in
     * real time; only a real wait of {@code max(next timer's delay, patience)} with nothing arriving makes the
     * next timer due. Answers that come within the patience keep every run's order the same, however loaded
     * the machine; a timeout against I/O that never answers fires after at most that long in real time.
     */
    public static EventLoop virtual(Duration patience) {
        if (patience.isNegative()) {
            throw new IllegalArgumentException("patience must not be negative, got " + patience);
        }
        return new EventLoop(true, LoopTime.toNanos(patience));
    }

    /** The loop running on this thread; throws {@link IllegalStateException} if there is none. */
    public static EventLoop running() {
        EventLoop l = RUNNING.get();
        if (l == null) {
            throw new IllegalStateException("no running event loop: call this from a coroutine or callback running"
                    + " on a loop (start one with Corio.run(...) or EventLoop.runUntilComplete(...))");
        }
        return l;
    }

    /** The loop running on this thread, or {@code null}. */
    public static EventLoop runningOrNull() {
        return RUNNING.get();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Runs the loop until {@code main} completes and returns its value, or throws its exception (the same
     * instance). A coroutine is wrapped in a task first. Throws {@link IllegalStateException} if the loop is
     * closed or already running, or if it was stopped before {@code main} completed.
     */
    @SuppressWarnings("unchecked")
    public <T> T runUntilComplete(Awaitable<T> main) {
        Objects.requireNonNull(main, "main");
        checkClosed();
        checkNotRunning();
        checkNoOtherLoop();
        checkThread("runUntilComplete");
        AsyncFuture<T> future;
        if (main instanceof AsyncFuture<?> f) {
            if (f.loop != this) {
                throw new IllegalStateException("the future belongs to a different loop: " + f);
            }
            future = (AsyncFuture<T>) f;
        } else if (main instanceof Coroutine<?> c) {
            future = createTask((Coroutine<T>) c);
            ((Task<T>) future).quietAtClose();
        } else {
            future = createTask(new Corio.AwaitCoroutine<>(main));
            ((Task<T>) future).quietAtClose();
        }
        AsyncFuture.CallbackHandle<T> cb = new AsyncFuture.CallbackHandle<>(future, f -> stop());
        future.addCallback(cb);
        try {
            runForever();
        } finally {
            cb.cancel();
            future.removeCallback(cb);
        }
        if (!future.isDone()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    /** Runs the loop until {@link #stop()} is called. */
    public void runForever() {
        checkClosed();
        checkNotRunning();
        checkNoOtherLoop();
        claim(); // the same checks again, atomically with other threads' claims
        RUNNING.set(this);
        contexts = ThreadContext.current();
        try {
            for (;;) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            contexts.forgetSaved(); // the steps' saved state must not outlive the run (ContextCarrier.enter)
            RUNNING.remove();
            synchronized (ownerLock) {
                thread = null; // the owner stays: this thread may go on using the idle loop without a lock
            }
            if (interrupted) {
                interrupted = false;
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes the calling thread the running thread and owner, atomically with other threads' claims. */
    private void claim() {
        Thread me = Thread.currentThread();
        synchronized (ownerLock) {
            checkClosed();
            if (closingThread != null) {
                throw new IllegalStateException("Event loop is closed");
            }
            checkNotRunning();
            thread = me;
            owner = me;
        }
    }

    /**
     * Stops a running loop after the current tick; if called before the loop runs, the next
     * {@link #runForever()} runs one tick and returns. Safe from any thread: a loop waiting for work or
     * for a timer wakes up at once.
     */
    public void stop() {
        stopping = true;
        wakeUp();
    }

    /** Whether the loop is running now (on any thread); safe to call from any thread. */
    public boolean isRunning() {
        return thread != null;
    }

    /** Whether {@link #close()} was called; safe to call from any thread. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: reports, through the exception handler and on the calling thread, the exceptions
     * nobody retrieved and (debug mode) the coroutines never awaited; drops pending callbacks and timers;
     * shuts the default executor down without waiting. Throws {@link IllegalStateException} if the loop
     * is running; closing twice does nothing. Afterwards every scheduling method throws.
     */
    @Override
    public void close() {
        synchronized (ownerLock) {
            if (isRunning()) {
                throw new IllegalStateException("Cannot close a running event loop");
            }
            if (closed || closingThread != null) {
                return;
            }
            // Reports run here, on the closing thread, through the exception handler: exceptions nobody
            // retrieved, coroutines never awaited, and reports the cleaner queued while the loop was idle.
            closingThread = Thread.currentThread();
            owner = closingThread;
        }
        try {
            List<Handle> handedOver = new ArrayList<>();
            for (Handle h; (h = incoming.poll()) != null; ) {
                if (h instanceof LeakTracker.Bookkeeping) {
                    runHandle(h); // e.g. an exception retrieved on another thread: not to be reported below
                } else {
                    handedOver.add(h);
                }
            }
            leaks.reportAllAtClose();
            // asyncio logs this when a pending task is collected; a closed loop will never run them again
            for (Task<?> t = tasks.first(); t != null; t = t.next) {
                if (t.logDestroyPending()) {
                    callExceptionHandler(new ExceptionContext("Task was destroyed but it is pending!", null, null, t, t.origin()));
                }
            }
            leaks.loopClosed(); // from here on the cleaner reports on its own thread
            closed = true;
            for (Object o : ready) { // only if a tick was cut short by an error escaping the loop
                if (o instanceof LeakTracker.Report r) {
                    runHandle(r);
                }
            }
            for (Handle h : handedOver) {
                if (h instanceof LeakTracker.Report) {
                    runHandle(h);
                }
            }
            Handle h;
            while ((h = incoming.poll()) != null) {
                if (h instanceof LeakTracker.Report || h instanceof LeakTracker.Bookkeeping) {
                    runHandle(h);
                }
            }
        } finally {
            closed = true;
            closingThread = null;
            leaks.clear();
            dev.corio.internal.LiveLoops.closed(this); // out of the JMX task dump
        }
        if (debug) {
            Debug.loopDebug(false);
        }
        ready.clear();
        IoStep io = this.io;
        if (io != null) {
            this.io = null;
            io.close();
        }
        timers.clear();
        executors.shutdownDefaultNow();
    }

    // ---------------------------------------------------------------- scheduling

    /**
     * Schedules {@code callback} for the next tick; callbacks run in the order they were scheduled. Loop
     * thread only (see "Threads"); from another thread use {@link #callSoonThreadsafe}.
     */
    public Handle callSoon(Runnable callback) {
        return callSoon(callback, null);
    }

    /**
     * {@link #callSoon(Runnable)} with the callback running in {@code context} (its sets are made there);
     * {@code null}: in a copy of the current context, as without it (asyncio's {@code context=} argument).
     */
    public Handle callSoon(Runnable callback, Context context) {
        Objects.requireNonNull(callback, "callback");
        checkClosed();
        checkThread("callSoon");
        Handle h = new Handle(this, callback, carrier().captureOr(context));
        ready.add(h);
        return h;
    }

    /** The calling thread's context state: the loop's cached one on the loop's thread. */
    private ThreadContext carrier() {
        return ThreadContext.of(contexts);
    }

    /** A snapshot of the current context, or {@code explicit}; what a new task or callback will run in. */
    Object captureContext(Context explicit) {
        return carrier().captureOr(explicit);
    }

    /**
     * Schedules {@code callback} from any thread, waking the loop if it sleeps. Nothing submitted is lost:
     * submissions from one thread run in order. Called on the running loop's own thread it is
     * {@link #callSoon}: both keep one order there, as in asyncio.
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        return callSoonThreadsafe(callback, null);
    }

    /**
     * {@link #callSoonThreadsafe(Runnable)} with the callback running in {@code context}; {@code null}: in a
     * copy of the calling thread's current context, as without it.
     */
    public Handle callSoonThreadsafe(Runnable callback, Context context) {
        Objects.requireNonNull(callback, "callback");
        checkClosed();
        if (thread == Thread.currentThread()) {
            // from a callback or task of this running loop: in line with callSoon, as asyncio's
            // call_soon_threadsafe appends to the same ready queue (FIFO with call_soon)
            Handle h = new Handle(this, callback, carrier().captureOr(context));
            ready.add(h);
            return h;
        }
        return offerThreadsafe(new Handle(this, callback, ThreadContext.current().captureOr(context)));
    }

    Handle callSoonThreadsafeInternal(Runnable callback) {
        return offerThreadsafe(new Handle(this, callback));
    }

    Handle offerThreadsafe(Handle h) {
        incoming.offer(h);
        wakeUp();
        return h;
    }

    /** Wakes the loop's thread if it waits for work, parked or in the selector (any thread). */
    private void wakeUp() {
        int s = sleeping;
        if (s == PARKED) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        } else if (s == SELECTING) {
            io.wakeup(); // io was set before sleeping was written: the volatile read above makes it visible
        }
    }

    /**
     * Schedules {@code callback} to run {@code delaySeconds} from now (a negative delay: as soon as
     * possible, after the callbacks already ready). Timers run in deadline order, equal deadlines in
     * scheduling order. The handle can cancel it. Time saturates (see {@link #callAt}): an infinite delay
     * never comes on the real clock, {@code -Infinity} is due at once; NaN throws
     * {@link IllegalArgumentException}. Loop thread only; from another thread, schedule it through
     * {@link #callSoonThreadsafe}.
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        return callLater(delaySeconds, callback, null);
    }

    /** Schedules {@code callback} to run after {@code delay}; see {@link #callLater(double, Runnable)}. */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callLater(delay, callback, null);
    }

    /** {@link #callLater(double, Runnable)} in {@code context} ({@code null}: a copy of the current one). */
    public TimerHandle callLater(double delaySeconds, Runnable callback, Context context) {
        return callAtNanos(deadline(LoopTime.toNanos(delaySeconds)), callback, captureContext(context));
    }

    /** {@link #callLater(Duration, Runnable)} in {@code context} ({@code null}: a copy of the current one). */
    public TimerHandle callLater(Duration delay, Runnable callback, Context context) {
        return callAtNanos(deadline(LoopTime.toNanos(delay)), callback, captureContext(context));
    }

    /**
     * Schedules {@code callback} at loop time {@code when} (seconds of {@link #time()}). A deadline in the
     * past, however far ({@code -Infinity} included), is due at once; loop time is kept in nanoseconds in a
     * {@code long}, so deadlines beyond about &plusmn;292 years saturate to the ends of that range (still
     * ordered before or after every other deadline, ties in scheduling order). NaN throws
     * {@link IllegalArgumentException}, as {@code asyncio.sleep(nan)} raises {@code ValueError} (3.13).
     */
    public TimerHandle callAt(double when, Runnable callback) {
        return callAt(when, callback, null);
    }

    /** {@link #callAt(double, Runnable)} in {@code context} ({@code null}: a copy of the current one). */
    public TimerHandle callAt(double when, Runnable callback, Context context) {
        return callAtNanos(LoopTime.toNanos(when), callback, captureContext(context));
    }

    /** A timer of the runtime's own (a sleep's wake-up): it runs in whatever context is current. */
    TimerHandle callAtNanos(long when, Runnable callback) {
        return callAtNanos(when, callback, null);
    }

    private TimerHandle callAtNanos(long when, Runnable callback, Object context) {
        Objects.requireNonNull(callback, "callback");
        checkClosed();
        checkThread("callAt");
        TimerHandle h = new TimerHandle(this, when, callback, context);
        timers.add(h, when);
        return h;
    }

    /** A sleep's future, its own timer: due at {@code when} (loop thread). */
    void addTimer(Sleep.SleepFuture<?> f, long when) {
        checkClosed();
        timers.add(f, when);
    }

    /** A sleeping task, its own timer ({@link Task#SLEEPING}): due at {@code when} (loop thread). */
    void addTimer(Task<?> t, long when) {
        checkClosed();
        timers.add(t, when);
    }

    /** Now plus {@code delayNanos}, saturated both ways so that no deadline wraps around. */
    long deadline(long delayNanos) {
        return LoopTime.saturatedAdd(nowNanos(), delayNanos);
    }

    /** The loop's monotonic time in seconds. */
    public double time() {
        return nowNanos() / 1e9;
    }

    long nowNanos() {
        return virtualClock ? virtualNow : System.nanoTime() - origin;
    }

    /** Whether this loop runs on a virtual clock ({@link #virtual()}). */
    public boolean isVirtualClock() {
        return virtualClock;
    }

    /** Schedules a task step or a handle for the next tick (loop thread). */
    void schedule(Object taskOrHandle) {
        ready.add(taskOrHandle);
    }

    // ---------------------------------------------------------------- tasks

    /**
     * Wraps {@code coro} in a task that starts in the next tick. Loop thread only; from another thread use
     * {@link Corio#runCoroutineThreadsafe(Coroutine, EventLoop)}.
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /** Wraps {@code coro} in a task named {@code name} that starts in the next tick. */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /**
     * Wraps {@code coro} in a task named {@code name} (or {@code Task-N} if null) that runs in {@code context}:
     * its steps see and make their sets there. {@code null}: in a copy of the current context, as every task
     * made without it (asyncio's {@code create_task(coro, name=, context=)}).
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        checkClosed();
        checkThread("createTask");
        Task<T> t = new Task<>(this, coro, name, captureContext(context));
        if (eagerTaskStart && eagerDepth < MAX_EAGER_DEPTH && thread != null) {
            startEagerly(t);
        } else {
            ready.add(t);
        }
        return t;
    }

    /** See {@link #setEagerTaskStart}. */
    private boolean eagerTaskStart;
    /** Eager starts in progress, one inside the other (a task that creates a task in its first step...). */
    private int eagerDepth;
    /**
     * Past this many eager starts one inside the other, a new task is scheduled as usual instead: each costs
     * a few Java frames, and the Java stack must not bound how deep tasks may create tasks.
     */
    static final int MAX_EAGER_DEPTH = 100;

    /** Runs the first step of a new task now, inside the caller's step (asyncio 3.12's eager start). */
    private void startEagerly(Task<?> t) {
        ThreadContext cc = contexts;
        Object outer = cc.suspendOuter();
        eagerDepth++;
        try {
            t.step();
        } finally {
            eagerDepth--;
            cc.resumeOuter(outer);
        }
    }

    /**
     * Eager task start, asyncio 3.12's {@code loop.set_task_factory(asyncio.eager_task_factory)}; off by
     * default. With it on, a task created while the loop runs (by {@link #createTask}, {@link Corio#createTask},
     * a {@link TaskGroup} or a combinator) runs its first step at once, inside {@code createTask}, instead of
     * in the next tick: its coroutine runs until its first await that suspends, or to its end. So:
     * <ul>
     *   <li>a coroutine that finishes without suspending gives a task that is already done when
     *       {@code createTask} returns (it never goes through the ready queue: the cheapest task there is);</li>
     *   <li>one that suspends has run up to that await before the creator goes on, and is resumed from then
     *       on through the loop, in FIFO order, as any task;</li>
     *   <li>during that first step {@link #currentTask()} is the new task, and the creator's again afterwards;
     *       the step runs in the new task's context (a copy of the creator's, or the one given);</li>
     *   <li>the first step of a task created while the loop does not run (before {@code runUntilComplete})
     *       stays in the next tick, as in asyncio; and past {@value #MAX_EAGER_DEPTH} eager starts one inside
     *       the other the new task is scheduled as usual, so recursion is not bounded by the Java stack.</li>
     * </ul>
     * What changes is the order: code that relies on a new task not having started yet when
     * {@code createTask} returns (asyncio's default, kept here by default) may behave differently. Exceptions
     * and cancellation are as for any task: an exception of the first step fails the task, it does not
     * propagate to the creator. Loop thread only.
     */
    public void setEagerTaskStart(boolean enabled) {
        checkThread("setEagerTaskStart");
        eagerTaskStart = enabled;
    }

    /** Whether {@link #setEagerTaskStart} is on. */
    public boolean isEagerTaskStart() {
        return eagerTaskStart;
    }

    /** A new pending future on this loop (any thread: it only allocates). */
    public <T> AsyncFuture<T> createFuture() {
        return new AsyncFuture<>(this);
    }

    /** The task running right now, or {@code null} (in a plain callback). */
    public Task<?> currentTask() {
        return currentTask;
    }

    /** The tasks of this loop that are not done yet, in creation order. Loop thread only. */
    public Set<Task<?>> allTasks() {
        checkThread("allTasks");
        return tasks.snapshot();
    }

    /**
     * A description of every pending task, in creation order: its name and coroutine, what it awaits, the
     * frames it is suspended in (outermost first) and, in debug mode, where it was created. For finding what
     * a stuck program waits for: call it on the loop's thread (a callback, a coroutine, or an idle loop); from
     * another thread while the loop runs it is a racy read that may miss or misdescribe tasks changing
     * meanwhile, but is safe to make, e.g. from a watchdog thread when the loop seems stuck.
     */
    public String dumpTasks() {
        return tasks.dump(this);
    }

    // ---------------------------------------------------------------- async generators

    /**
     * Closes every async generator that started on this loop and has not ended, concurrently, each
     * {@code aclose()} in a task of its own, as asyncio's {@code loop.shutdown_asyncgens()}; what one of them
     * throws goes to the exception handler ("an error occurred during closing of asynchronous generator").
     * {@code Corio.run} awaits it after cancelling the remaining tasks. Loop thread only.
     */
    public AsyncFuture<Void> shutdownAsyncgens() {
        checkThread("shutdownAsyncgens");
        return asyncgens.shutdown();
    }

    // ---------------------------------------------------------------- executors

    /**
     * Runs blocking {@code work} on {@code executor} (the loop's default executor, a cached thread pool,
     * when null) and returns a future on this loop for its result.
     */
    public <T> AsyncFuture<T> runInExecutor(Executor executor, Callable<T> work) {
        Objects.requireNonNull(work, "work");
        checkClosed();
        checkThread("runInExecutor");
        return executors.run(executor, work);
    }

    /** Shuts the default executor down and waits up to {@code timeoutSeconds} for its jobs. */
    void shutdownDefaultExecutor(double timeoutSeconds) {
        executors.shutdownDefault(timeoutSeconds);
    }

    void externalStarted() {
        externalPending++;
    }

    void externalFinished() {
        externalPending--;
    }

    // ---------------------------------------------------------------- errors and debug

    /** Replaces the exception handler (any thread); {@code null} restores the default one, which logs. */
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    /** The handler set with {@link #setExceptionHandler}, or {@code null} for the default one. */
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    /** Passes {@code context} to the exception handler (the default one logs it at ERROR). */
    public void callExceptionHandler(ExceptionContext context) {
        ExceptionHandler h = exceptionHandler;
        if (h == null) {
            defaultReport(context);
            return;
        }
        try {
            h.handle(this, context);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "Unhandled error in exception handler", t);
            defaultReport(context);
        }
    }

    /** The default exception handler: logs {@code context} at ERROR on the {@code dev.corio} logger. */
    public static void defaultReport(ExceptionContext context) {
        StringBuilder sb = new StringBuilder(context.message());
        if (context.handle() != null) {
            sb.append("\nhandle: ").append(context.handle());
        }
        if (context.future() != null) {
            sb.append("\nfuture: ").append(context.future());
        }
        if (context.sourceTraceback() != null) {
            sb.append("\n").append(context.sourceTraceback().getMessage()).append(':');
            for (StackTraceElement e : context.sourceTraceback().getStackTrace()) {
                sb.append("\n\tat ").append(e);
            }
        }
        if (context.exception() != null) {
            LOG.log(System.Logger.Level.ERROR, sb.toString(), context.exception());
        } else {
            LOG.log(System.Logger.Level.ERROR, sb.toString());
        }
    }

    /** Whether {@code t} is the thread running the loop or the one closing it (where reports are made directly). */
    boolean isLoopOrClosingThread(Thread t) {
        return t == thread || t == closingThread;
    }

    /**
     * Debug mode reports coroutines that are never awaited (with where they were created) and callbacks
     * slower than {@link #setSlowCallbackDuration}. (The thread checks are always on, debug mode or not.)
     */
    public void setDebug(boolean enabled) {
        checkThread("setDebug");
        if (enabled != debug && !closed) {
            Debug.loopDebug(enabled);
        }
        debug = enabled;
    }

    /** Whether debug mode is on; see {@link #setDebug(boolean)}. */
    public boolean isDebug() {
        return debug;
    }

    /** In debug mode, callbacks running longer than this many seconds are logged (default 0.1). */
    public void setSlowCallbackDuration(double seconds) {
        this.slowCallbackDuration = seconds;
    }

    /** {@link #setSlowCallbackDuration(double)} with a {@link Duration}, saturated as {@link #callLater}. */
    public void setSlowCallbackDuration(Duration duration) {
        this.slowCallbackDuration = LoopTime.toSeconds(LoopTime.toNanos(duration));
    }

    /**
     * Reports a failed task's exception one tick after it failed, instead of waiting for the garbage
     * collector, when nobody could retrieve it any more: nobody awaited the task and it had no done
     * callbacks when it failed, nobody added one since, and nobody read its result or exception during that
     * tick. Off by default, as in asyncio: with it on, code that keeps a task to read its outcome more than
     * a tick after it failed (without awaiting it or adding a done callback before) gets a report it does
     * not need. See "When errors are reported" in docs/runtime.md.
     */
    public void setReportUnretrievedEarly(boolean enabled) {
        this.reportUnretrievedEarly = enabled;
    }

    /** Whether {@link #setReportUnretrievedEarly} is on. */
    public boolean isReportUnretrievedEarly() {
        return reportUnretrievedEarly;
    }

    private void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    private void checkNotRunning() {
        if (isRunning()) {
            throw new IllegalStateException("This event loop is already running");
        }
    }

    private static void checkNoOtherLoop() {
        if (RUNNING.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running on this thread");
        }
    }

    /**
     * The check at the top of every loop-only method: on the owner's thread one volatile read and a
     * compare; see "Threads" in the class documentation. Throws {@link IllegalStateException} naming the
     * thread-safe alternative when the loop runs on another thread.
     */
    final void checkThread(String what) {
        if (owner != Thread.currentThread()) {
            takeOver(what);
        }
    }

    /** Whether the calling thread is the loop's owner (the fast path of {@link #checkThread}). */
    final boolean onOwnerThread() {
        return owner == Thread.currentThread();
    }

    /**
     * Runs {@code action} now if the calling thread may use the loop (it owns it, or the loop is idle and
     * it takes it over, as any loop-only method would), otherwise hands it to the running loop through the
     * thread-safe queue, to run in its next tick. For the runtime's own any-thread entry points.
     */
    final void runOnLoop(Runnable action) {
        if (onOwnerThread() || tryTakeOver()) {
            action.run();
        } else {
            callSoonThreadsafeInternal(action);
        }
    }

    boolean tryTakeOver() {
        Thread me = Thread.currentThread();
        synchronized (ownerLock) {
            Thread t = thread;
            if (t != null && t != me) {
                return false;
            }
            owner = me;
            return true;
        }
    }

    /** A loop-only call from a thread that is not the owner: take the idle loop over, or refuse. */
    private void takeOver(String what) {
        Thread me = Thread.currentThread();
        synchronized (ownerLock) {
            Thread t = thread;
            if (t != null && t != me) {
                throw WrongThread.error(what, t);
            }
            owner = me;
        }
    }

    // ---------------------------------------------------------------- the tick

    /** One iteration of the loop; see the class documentation. */
    private void runOnce() {
        ticks++;
        drainIncoming();
        TimerQueue q = timers;
        q.dropInert();

        if (io != null || (ready.isEmpty() && !stopping)) {
            waitOrPoll(); // out of line: runOnce stays small enough for the JIT to inline (docs/benchmarks.md)
        }

        if (!q.isEmpty()) {
            long now = nowNanos();
            for (Object due; (due = q.pollDue(now)) != null; ) {
                ready.add(due);
            }
        }

        int n = ready.size();
        if (n > readyPeak) {
            readyPeak = n;
        } else if (n < readyPeak >>> 4 && readyPeak > READY_SHRINK_PEAK) {
            shrinkReady();
        }
        if (debug) {
            for (int i = 0; i < n; i++) {
                runTimed(ready.poll());
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Object o = ready.poll();
            if (o instanceof Task<?> t) {
                t.step();
            } else if (o instanceof Handle h) {
                runHandle(h);
            } else {
                ((Sleep.SleepFuture<?>) o).fire();
            }
        }
    }

    /** A ready queue that once held more than this many callbacks is made smaller when it is mostly empty. */
    private static final int READY_SHRINK_PEAK = 1 << 16;

    /**
     * After a burst (a million tasks created in one step), the ready queue's array would keep its size for
     * the loop's life: four to eight bytes per task of the burst, retained. Once a tick finds it below a
     * sixteenth of its peak, it is copied into one of the size it needs (each copy costs at most a sixteenth
     * of the burst that grew it).
     */
    private void shrinkReady() {
        ready = new ArrayDeque<>(ready);
        readyPeak = ready.size();
    }

    /** Debug mode: runs one ready callback or task step and logs it if it took too long. */
    private void runTimed(Object o) {
        long start = System.nanoTime();
        if (o instanceof Task<?> t) {
            t.step();
        } else if (o instanceof Handle h) {
            runHandle(h);
        } else {
            ((Sleep.SleepFuture<?>) o).fire();
        }
        long took = System.nanoTime() - start;
        if (took > slowCallbackDuration * 1e9) {
            LOG.log(System.Logger.Level.WARNING, "Executing " + (o instanceof Task<?> t ? "a step of " + t : o)
                    + " took " + String.format("%.3f", took / 1e9) + " seconds");
        }
    }

    private void runHandle(Handle h) {
        if (h.cancelled) {
            return;
        }
        try {
            Object context = h.context;
            if (context == null) {
                h.fire();
            } else {
                fireIn(h, context);
            }
        } catch (Throwable e) {
            callExceptionHandler(new ExceptionContext("Exception in callback " + h, e, h, null));
        }
    }

    /** Runs a callback in its context: a copy of its scheduler's, or the one it was given. */
    private void fireIn(Handle h, Object context) {
        ThreadContext cc = contexts;
        cc.enter(context);
        try {
            h.fire();
        } finally {
            cc.exit(context);
        }
    }

    private void drainIncoming() {
        Handle h;
        while ((h = incoming.poll()) != null) {
            ready.add(h);
        }
    }

    /**
     * The waiting part of a tick: with sockets registered, the I/O step (which polls even when callbacks are
     * ready); otherwise, when nothing is ready, sleeping until the next timer or another thread's work.
     */
    private void waitOrPoll() {
        IoStep io = this.io;
        if (io != null && io.isActive()) {
            ioStep(io);
        } else if (ready.isEmpty() && !stopping) {
            long timeout = !timers.isEmpty() ? LoopTime.nanosUntil(timers.peekDeadline(), nowNanos()) : -1;
            waitForWork(timeout);
            drainIncoming();
        }
    }

    /** Waits until {@code timeoutNanos} passed (forever if negative) or another thread submitted work. */
    private void waitForWork(long timeoutNanos) {
        if (virtualClock && externalPending == 0 && timeoutNanos >= 0) {
            virtualNow = LoopTime.saturatedAdd(virtualNow, timeoutNanos); // nothing else can come first: jump to the deadline
            return;
        }
        // Virtual clock, waiting on the outside world: time stands still while it answers, for at most the
        // next timer's delay or the patience in real time, whichever is longer; past that the timer is due
        // (see virtualTimeout).
        long timerDelay = timeoutNanos;
        if (virtualClock && timeoutNanos > 0) {
            timeoutNanos = Math.max(timeoutNanos, patienceNanos);
        }
        long waitStart = virtualClock && timeoutNanos > 0 ? System.nanoTime() : 0;
        // park() returns at once while the interrupt flag is set: clear it so the loop does not spin, and
        // give it back to the thread when the loop stops.
        if (Thread.interrupted()) {
            interrupted = true;
        }
        sleeping = PARKED;
        try {
            // Checked after announcing the sleep: a thread that submitted or stopped before it saw
            // sleeping == PARKED is seen here; one that comes later sees it and unparks us.
            if (!incoming.isEmpty() || stopping) {
                return;
            }
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else if (timeoutNanos > 0) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            sleeping = AWAKE;
        }
        if (waitStart != 0) {
            virtualTimeout(waitStart, timeoutNanos, timerDelay, false);
        }
    }

    /**
     * The virtual clock after a real wait on the outside world of up to {@code waitNanos}: the next timer's
     * delay {@code timerDelay} or the loop's patience, whichever is longer. If it lasted that long and nothing
     * came, time jumps to the timer, which is due, so that a timeout against I/O that does not answer (a
     * child process that hangs, a peer that never replies) fires after at most that long in real time rather
     * than never. I/O that came sooner leaves the clock where it was. The patience is what keeps runs
     * repeatable: without it a timer a few virtual milliseconds away would give a real answer only those few
     * real milliseconds, and a loaded machine would reorder the program.
     */
    private void virtualTimeout(long waitStart, long waitNanos, long timerDelay, boolean ioReady) {
        if (!ioReady && incoming.isEmpty() && !stopping && System.nanoTime() - waitStart >= waitNanos) {
            virtualNow = LoopTime.saturatedAdd(virtualNow, timerDelay);
        }
    }

    /**
     * The I/O step of a tick while sockets are registered: polls the selector without waiting when callbacks
     * are ready, otherwise waits in it until I/O, the next timer or a wake-up. Ready channels' handlers run
     * here, before the due timers join the ready queue (asyncio's order).
     *
     * <p>The virtual clock's rule: time jumps to the next timer only when nothing is ready, a poll finds no
     * I/O ready now, and nothing is in flight that will complete by itself (a connection attempt, a bridged
     * stage, an executor job). Otherwise the loop waits for the I/O in real time, and time stands still,
     * for at most the next timer's delay: a wait that lasts that long with nothing arriving makes the timer
     * due ({@link #virtualTimeout}).
     */
    private void ioStep(IoStep io) {
        long timeout = !ready.isEmpty() || stopping ? 0 : !timers.isEmpty() ? LoopTime.nanosUntil(timers.peekDeadline(), nowNanos()) : -1;
        if (timeout != 0 && virtualClock) {
            if (io.select(0) > 0) {
                drainIncoming();
                return;
            }
            if (timeout > 0 && externalPending == 0 && !io.isIoInFlight()) {
                virtualNow = LoopTime.saturatedAdd(virtualNow, timeout);
                drainIncoming();
                return;
            }
            // waiting on the outside world: time stands still while it answers, for at most the timer's
            // delay in real time (virtualTimeout)
        }
        if (timeout == 0) {
            io.select(0);
        } else {
            if (Thread.interrupted()) {
                interrupted = true; // a select returns at once while the flag is set: see waitForWork
            }
            long timerDelay = timeout;
            if (virtualClock && timeout > 0) {
                timeout = Math.max(timeout, patienceNanos); // see waitForWork
            }
            long waitStart = virtualClock && timeout > 0 ? System.nanoTime() : 0;
            int selected = 0;
            sleeping = SELECTING;
            try {
                // as in waitForWork: whoever submitted before seeing SELECTING is seen here
                if (!incoming.isEmpty() || stopping) {
                    selected = io.select(0);
                    waitStart = 0;
                } else {
                    selected = io.select(timeout);
                }
            } finally {
                sleeping = AWAKE;
            }
            if (waitStart != 0) {
                virtualTimeout(waitStart, timeout, timerDelay, selected > 0);
            }
        }
        drainIncoming();
    }

    /** The I/O step of type {@code type}, installed by {@code factory} the first time; see {@code IoStep.of}. */
    <T extends IoStep> T ioStep(Class<T> type, java.util.function.Function<EventLoop, T> factory) {
        checkClosed();
        checkThread("IoStep.of");
        IoStep current = io;
        if (current == null) {
            T created = factory.apply(this);
            io = created;
            return created;
        }
        if (!type.isInstance(current)) {
            throw new IllegalStateException("this loop already has an I/O step of another kind: " + current);
        }
        return type.cast(current);
    }

    // ---------------------------------------------------------------- timers

    /** A timer or a sleep was cancelled: counted toward the queue's next sweep when on the loop's thread. */
    void timerCancelled(Object entry) {
        // Counted on the loop's thread only; a timer cancelled elsewhere is dropped uncounted when it surfaces.
        if (onOwnerThread()) {
            timers.madeInert(entry);
        }
    }

    /** Number of timers and sleeps in the queue, cancelled ones included (for tests). */
    int timerCount() {
        return timers.size();
    }

    /** Callbacks submitted from other threads and not yet taken into the ready queue (for tests). */
    int pendingThreadsafe() {
        return incoming.size();
    }

    List<Object> readySnapshot() {
        return new ArrayList<>(ready);
    }

    @Override
    public String toString() {
        // names the pending tasks, the first few (asyncio's repr does not; a dump has them all: dumpTasks())
        int n = tasks.count();
        if (n == 0) {
            return describeState();
        }
        StringBuilder sb = new StringBuilder(describeState());
        sb.setLength(sb.length() - 1);
        sb.append(", ").append(n).append(n == 1 ? " pending task: " : " pending tasks: ");
        int shown = 0;
        for (Task<?> t = tasks.first(); t != null && shown < 3; t = t.next) { // racy from another thread, but safe (TaskDump)
            sb.append(shown++ == 0 ? "" : ", ").append(t.getName());
        }
        return sb.append(n > shown ? ", ...]" : "]").toString();
    }

    /** {@code EventLoop[running, virtual clock]}: the loop's state without its tasks (the head of a task dump). */
    String describeState() {
        return "EventLoop[" + (closed ? "closed" : isRunning() ? "running" : "idle")
                + (virtualClock ? ", virtual clock" : "") + (debug ? ", debug" : "") + "]";
    }
}
