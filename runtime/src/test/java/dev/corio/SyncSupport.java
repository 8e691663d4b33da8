package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;

import java.util.List;

/** Helpers for the tests of {@code dev.corio.sync} and {@code dev.corio.queues}, on the virtual clock. */
final class SyncSupport {
    private SyncSupport() {
    }

    /** In a {@link Script} step: {@code await asyncio.sleep(0)}, then the next step. */
    static Script.Await tick() {
        return Script.awaiting(Corio.sleep(0));
    }

    /** Runs {@code main} to completion on a fresh virtual-clock loop, closes it, gives the value. */
    static <T> T run(Coroutine<T> main) {
        EventLoop loop = EventLoop.virtual();
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    /** A coroutine: await {@code what}; if it gives {@code true}, log {@code tag}; return {@code true}. */
    static Coroutine<Boolean> logIfTrue(Awaitable<Boolean> what, List<Object> log, Object tag) {
        return co(() -> await(what, v -> {
            if (v) {
                log.add(tag);
            }
            return done(true);
        }));
    }

    /** A coroutine that awaits {@code what} and gives its value. */
    static <T> Coroutine<T> awaiting(Awaitable<T> what) {
        return co(() -> await(what, Co::done));
    }

    static double now() {
        return EventLoop.running().time();
    }
}
