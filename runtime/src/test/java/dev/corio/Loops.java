package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;

import java.util.ArrayList;
import java.util.List;

/** Test helpers around a virtual-clock loop. */
final class Loops {
    private Loops() {
    }

    /** A virtual-clock loop whose exception handler records what it is told (so tests can assert on it). */
    static EventLoop recording(List<ExceptionContext> reports) {
        EventLoop loop = EventLoop.virtual();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        return loop;
    }

    /** Runs the loop for a few ticks, as CPython's test_utils.run_briefly (a task doing sleep(0)). */
    static void runBriefly(EventLoop loop) {
        loop.runUntilComplete(loop.createTask(co(() -> await(Corio.sleep(0), v -> done(null)))));
    }

    /** A coroutine: sleep {@code seconds}, log, return {@code value}. */
    static <T> Coroutine<T> sleepThen(double seconds, T value, List<String> log) {
        return co(() -> await(Corio.sleep(seconds), v -> {
            log.add(value + "@" + EventLoop.running().time());
            return done(value);
        }));
    }

    /** A coroutine: sleep {@code seconds}, then throw {@code error}. */
    static <T> Coroutine<T> sleepThenFail(double seconds, Throwable error) {
        return co(() -> await(Corio.sleep(seconds), v -> {
            throw error;
        }));
    }

    static List<String> log() {
        return new ArrayList<>();
    }
}
