package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.createTask;
import static dev.corio.Corio.currentTask;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.Task;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The book's chapter 10, "Preventing Common Asyncio Mistakes": where exceptions can be caught (and the
 * loop's exception handler for callbacks), spotting a long-running task and a long-running callback, and a
 * small debugging-macro library. The testing recipes are tests: {@code Chapter10TestingTest} in the sample
 * app's tests, on {@code dev.corio.testing}. The processor generates {@code Corio_Chapter10}.
 */
public class Chapter10 {
    final Env env;

    public Chapter10(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    /** The book's {@code MockException}: its message is its string. */
    public static final class MockException extends RuntimeException {
        public MockException(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    // ------------------------------------------------------------ handling exceptions

    @Async
    public Coroutine<Void> raiser(String text) {
        throw new MockException(text);
    }

    @Async
    public Coroutine<Void> raisingMain() {
        throw new MockException("Caught mock exception outside the loop. The loop is not running anymore.");
    }

    @Async
    public Coroutine<Void> awaitingMain() {
        await(raiser("Caught inline mock exception outside the loop. The loop is not running anymore."));
        return result(null);
    }

    @Async
    public Coroutine<Void> catchingMain() {
        try {
            await(raiser("Caught mock exception raised in an awaited coroutine outside the loop. The loop is still"
                    + " running."));
        } catch (MockException err) {
            print(err.toString());
        }
        return result(null);
    }

    static void raiserSync(String text) {
        throw new MockException(text);
    }

    @Async
    public Coroutine<Void> callbackMain() {
        getRunningLoop().callSoon(() -> raiserSync("You cannot catch me like this!"));
        await(sleep(3));
        return result(null);
    }

    @Async
    public Coroutine<Void> tryingCallbackMain() {
        try {
            getRunningLoop().callSoon(() -> raiserSync("You cannot catch me like this!"));
        } catch (MockException err) {
            print(err.toString());
        } finally {
            await(sleep(3));
        }
        return result(null);
    }

    @Async
    public Coroutine<Void> handledCallbackMain() {
        EventLoop loop = getRunningLoop();
        loop.setExceptionHandler(this::exceptionHandler);
        loop.callSoon(() -> raiserSync("Finally caught the loop.call_* mock exception!"));
        return result(null);
    }

    void exceptionHandler(EventLoop loop, ExceptionContext context) {
        if (context.exception() instanceof MockException e) {
            print(e.toString());
        } else {
            EventLoop.defaultReport(context); // loop.default_exception_handler(context)
        }
    }

    /** Solutions 1 and 2, one after the other, each on a loop of its own (in debug mode where the book asks). */
    public void exceptionsMain(Supplier<EventLoop> newLoop) {
        for (Supplier<Coroutine<Void>> main : List.<Supplier<Coroutine<Void>>>of(this::raisingMain, this::awaitingMain)) {
            try {
                Corio.run(main.get(), newLoop, true);
            } catch (MockException err) {
                print(err.toString());
            }
        }
        Corio.run(catchingMain(), newLoop, true);
        for (Supplier<Coroutine<Void>> main : List.<Supplier<Coroutine<Void>>>of(this::callbackMain,
                this::tryingCallbackMain)) {
            try {
                Corio.run(main.get(), newLoop, true);
            } catch (MockException err) {
                print("caught: " + err); // never: the callback's exception goes to the loop's handler
            }
        }
        Corio.run(handledCallbackMain(), newLoop, true);
    }

    // ------------------------------------------------------------ a long-running task

    /**
     * The book's {@code MonitorTask}, whose {@code __await__} logs how long the task ran. Corio has no task
     * factory to swap the task class for, so the monitor is a coroutine that awaits the task and logs in its
     * {@code finally}, as the book's generator does.
     */
    @Async
    public <T> Coroutine<T> monitored(Task<T> task, double start) {
        try {
            return result(await(task));
        } finally {
            env.log.debug(task + " took " + (task.getLoop().time() - start) + " s to run");
        }
    }

    @Async
    public Coroutine<Void> work() {
        await(sleep(1));
        return result(null);
    }

    @Async
    public Coroutine<Void> longTaskMain() {
        double start = getRunningLoop().time();
        await(monitored(createTask(work(), "work"), start));
        return result(null);
    }

    // ------------------------------------------------------------ a long-running callback

    @Async
    public Coroutine<Void> slowCallbackMain(double threshold, double sleepSeconds) {
        EventLoop loop = getRunningLoop();
        loop.setSlowCallbackDuration(threshold); // a warning for each callback longer than this
        loop.callSoon(() -> {
            try {
                Thread.sleep((long) (sleepSeconds * 1000)); // time.sleep(1.5): blocks the loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return result(null);
    }

    /**
     * Runs {@code body} with the runtime's log ({@code System.Logger} "dev.corio", JUL by default) also going
     * to the program's output, so that debug mode's warnings are among the program's lines.
     */
    public void withRuntimeLog(Runnable body) {
        Logger logger = Logger.getLogger("dev.corio");
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                env.log.info(r.getLevel() + ": " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(h);
        boolean parent = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        try {
            body.run();
        } finally {
            logger.removeHandler(h);
            logger.setUseParentHandlers(parent);
        }
    }

    // ------------------------------------------------------------ debugging macros

    /**
     * The book's {@code post_mortem}, {@code pre_run} and {@code post_run} decorators: without debugging they
     * return the coroutine as it is (no cost); with it they stop in {@code pdb} at that point. The JVM has no
     * in-process debugger prompt, so they print what a debugger would first show: the task and the frames
     * it is in ({@code Task.getStack()}), and for post-mortem the exception.
     */
    public static final class Macros {
        final Env env;
        final boolean debug;

        public Macros(Env env, boolean debug) {
            this.env = env;
            this.debug = debug;
        }

        void where(String point) {
            Task<?> t = currentTask();
            StringBuilder frames = new StringBuilder();
            for (Coroutine<?> f : t.getStack()) {
                frames.append(frames.length() == 0 ? "" : " > ").append(f.getClass().getSimpleName());
            }
            env.log.print("(Pdb " + point + ") " + t.getName() + ": " + frames);
        }

        public <T> Coroutine<T> postMortem(Coroutine<T> f) {
            return debug ? Corio_Chapter10.postMortem(this, f) : f;
        }

        public <T> Coroutine<T> preRun(Coroutine<T> f) {
            return debug ? Corio_Chapter10.preRun(this, f) : f;
        }

        public <T> Coroutine<T> postRun(Coroutine<T> f) {
            return debug ? Corio_Chapter10.postRun(this, f) : f;
        }
    }

    @Async
    static <T> Coroutine<T> postMortem(Macros m, Coroutine<T> f) {
        try {
            return result(await(f));
        } catch (RuntimeException err) {
            m.where("post_mortem, " + err);
            throw err;
        }
    }

    @Async
    static <T> Coroutine<T> preRun(Macros m, Coroutine<T> f) {
        m.where("pre_run");
        return result(await(f));
    }

    @Async
    static <T> Coroutine<T> postRun(Macros m, Coroutine<T> f) {
        T res = await(f);
        m.where("post_run");
        return result(res);
    }

    @Async
    public Coroutine<Integer> answer() {
        await(sleep(1));
        return result(42);
    }

    /** {@code @post_mortem async def main(): raise Exception()}, after a call under pre_run and post_run. */
    @Async
    public Coroutine<Void> macrosMain(Macros m) {
        print("answer: " + await(m.preRun(m.postRun(answer()))));
        throw new IllegalStateException("raised in main");
    }
}
