package dev.corio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the runtime tests. */
final class TestSupport {
    private TestSupport() {
    }

    /** An exception handler that records what it is given (thread-safe, the cleaner may race with it). */
    static final class Recorder implements ExceptionHandler {
        final List<ExceptionContext> contexts = new CopyOnWriteArrayList<>();

        @Override
        public void handle(EventLoop loop, ExceptionContext context) {
            contexts.add(context);
        }

        List<String> messages() {
            List<String> m = new ArrayList<>();
            for (ExceptionContext c : contexts) {
                m.add(c.message());
            }
            return m;
        }
    }

    /**
     * Counts loop ticks: a callback that reschedules itself runs once per tick. Read {@link #now()} from
     * a coroutine to learn in which tick it runs.
     */
    static final class TickCounter implements Runnable {
        private final EventLoop loop;
        private int ticks;
        private boolean stopped;

        TickCounter(EventLoop loop) {
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

        int now() {
            return ticks;
        }

        void stop() {
            stopped = true;
        }
    }

    /** Runs one loop tick (asyncio's test_utils.run_briefly). */
    static void runOnce(EventLoop loop) {
        loop.stop();
        loop.runForever();
    }

    /**
     * Collects garbage until {@code condition} holds, running {@code loop} a tick between tries so that
     * reports the cleaner hands to the loop get delivered; fails after a bounded number of tries.
     */
    static void gcUntil(EventLoop loop, BooleanSupplier condition) throws InterruptedException {
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
}
