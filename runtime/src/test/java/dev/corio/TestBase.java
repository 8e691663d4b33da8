package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runtime tests' one base (as kotlinx.coroutines' {@code TestBase}): what more than one test needs,
 * once. Two ways to use it:
 * <ul>
 *   <li>extend it, for a fresh virtual-clock {@link #loop} per test whose exception handler records into
 *       {@link #reports}; it is closed after the test (unless the test closed it);</li>
 *   <li>{@code import static dev.corio.TestBase.*} (or single members), for the helpers alone: running a
 *       loop one tick or briefly, collecting garbage until a report came, recording reports, capturing the
 *       runtime's log, ready-made coroutines, and the sync tests' shorthands.</li>
 * </ul>
 * Coroutines are written by hand with the two test builders on {@link StateMachine}: {@link Co} (continuation
 * style, for ports of {@code async def}s with a {@code try} around an await) and {@link Script} (a list of
 * steps, what generated code looks like). See docs/testing.md, "The runtime's own tests".
 */
public abstract class TestBase {
    /** A fresh virtual-clock loop for each test of a subclass; closed after it. */
    protected EventLoop loop;
    /** What {@link #loop}'s exception handler was told. */
    protected Recorder reports;

    @BeforeEach
    protected final void newLoop() {
        loop = EventLoop.virtual();
        reports = new Recorder();
        loop.setExceptionHandler(reports);
    }

    @AfterEach
    protected final void closeLoop() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ running a loop

    /** Runs exactly one tick of {@code loop} (the loop's {@code runOnce}). */
    public static void runOnce(EventLoop loop) {
        loop.stop();
        loop.runForever();
    }

    /**
     * Runs {@code loop} until a task that awaits {@code sleep(0)} is done, as CPython's
     * {@code test_utils.run_briefly}: the callbacks ready now run, and those they schedule once.
     */
    public static void runBriefly(EventLoop loop) {
        loop.runUntilComplete(loop.createTask(co(() -> await(Corio.sleep(0), v -> done(null)))));
    }

    /** Runs {@code main} to completion on a fresh virtual-clock loop, closes it, gives the value. */
    public static <T> T run(Coroutine<T> main) {
        EventLoop loop = EventLoop.virtual();
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    /** The running loop's time (a coroutine's "now"). */
    public static double now() {
        return EventLoop.running().time();
    }

    /**
     * Collects garbage until {@code condition} holds, running {@code loop} a tick between tries so that
     * reports the cleaner hands to the loop get delivered; fails after a bounded number of tries.
     */
    public static void gcUntil(EventLoop loop, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            System.gc();
            Thread.sleep(20);
            if (loop != null && !loop.isClosed()) {
                runOnce(loop);
            }
            if (condition.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError("condition not reached after 100 garbage collections");
    }

    /** Blocks the calling thread for {@code millis} (a slow callback, a busy other thread). */
    public static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code loop} runs on {@code loopThread} and that thread is parked waiting for work. */
    public static void awaitParked(Thread loopThread, EventLoop loop) throws InterruptedException {
        while (!loop.isRunning() || loopThread.getState() != Thread.State.TIMED_WAITING
                && loopThread.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
    }

    // ------------------------------------------------------------------ what the loop reports

    /** An exception handler that records what it is given (thread-safe, the cleaner may race with it). */
    public static final class Recorder implements ExceptionHandler {
        public final List<ExceptionContext> contexts = new CopyOnWriteArrayList<>();

        @Override
        public void handle(EventLoop loop, ExceptionContext context) {
            contexts.add(context);
        }

        public List<String> messages() {
            List<String> m = new ArrayList<>();
            for (ExceptionContext c : contexts) {
                m.add(c.message());
            }
            return m;
        }
    }

    /** A virtual-clock loop whose exception handler adds what it is told to {@code reports}. */
    public static EventLoop recording(List<ExceptionContext> reports) {
        EventLoop loop = EventLoop.virtual();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        return loop;
    }

    /**
     * What the runtime logs on its {@code System.Logger} "dev.corio" (java.util.logging underneath in the
     * tests), from {@link #captureLog} until {@link #close()}; the log still goes to the console too unless
     * {@code quiet}.
     */
    public static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger jul = Logger.getLogger("dev.corio");
        private final boolean parentHandlers;
        public final List<LogRecord> records = new CopyOnWriteArrayList<>();

        private LogCapture(boolean quiet) {
            parentHandlers = jul.getUseParentHandlers();
            jul.addHandler(this);
            if (quiet) {
                jul.setUseParentHandlers(false);
            }
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        /** The messages logged at {@code level}, in order. */
        public List<String> messages(Level level) {
            List<String> m = new ArrayList<>();
            for (LogRecord r : records) {
                if (r.getLevel() == level) {
                    m.add(r.getMessage());
                }
            }
            return m;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            jul.removeHandler(this);
            jul.setUseParentHandlers(parentHandlers);
        }
    }

    /** Starts capturing the runtime's log: {@code try (LogCapture log = captureLog(false)) {...}}. */
    public static LogCapture captureLog(boolean quiet) {
        return new LogCapture(quiet);
    }

    // ------------------------------------------------------------------ ready-made coroutines

    /**
     * Counts loop ticks: a callback that reschedules itself runs once per tick. Read {@link #now()} from
     * a coroutine to learn in which tick it runs.
     */
    public static final class TickCounter implements Runnable {
        private final EventLoop loop;
        private int ticks;
        private boolean stopped;

        public TickCounter(EventLoop loop) {
            this.loop = loop;
            loop.callSoon(this);
        }

        @Override
        public void run() {
            if (!stopped) {
                ticks++;
                loop.callSoon(this);
            }
        }

        public int now() {
            return ticks;
        }

        public void stop() {
            stopped = true;
        }
    }

    /** A coroutine: sleep {@code seconds}, log {@code value@time}, return {@code value}. */
    public static <T> Coroutine<T> sleepThen(double seconds, T value, List<String> log) {
        return co(() -> await(Corio.sleep(seconds), v -> {
            log.add(value + "@" + EventLoop.running().time());
            return done(value);
        }));
    }

    /** A coroutine: sleep {@code seconds}, then throw {@code error}. */
    public static <T> Coroutine<T> sleepThenFail(double seconds, Throwable error) {
        return co(() -> await(Corio.sleep(seconds), v -> {
            throw error;
        }));
    }

    /** A coroutine that awaits {@code what} and gives its value. */
    public static <T> Coroutine<T> coroutineOf(Awaitable<T> what) {
        return co(() -> await(what, Co::done));
    }

    /** In a {@link Script} step: {@code await asyncio.sleep(0)}, then the next step. */
    public static Script.Await tick() {
        return Script.awaiting(Corio.sleep(0));
    }

    /** A coroutine: await {@code what}; if it gives {@code true}, log {@code tag}; return {@code true}. */
    public static Coroutine<Boolean> logIfTrue(Awaitable<Boolean> what, List<Object> log, Object tag) {
        return co(() -> await(what, v -> {
            if (v) {
                log.add(tag);
            }
            return done(true);
        }));
    }
}
