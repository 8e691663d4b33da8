package dev.corio.flow;

import dev.corio.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An event loop running forever on its own thread, for publishers subscribed from other threads. */
final class LoopThread implements AutoCloseable {
    final EventLoop loop;
    private final Thread thread;

    LoopThread() {
        CompletableFuture<EventLoop> made = new CompletableFuture<>();
        thread = new Thread(() -> {
            EventLoop l = EventLoop.create();
            made.complete(l);
            try {
                l.runForever();
            } finally {
                l.close();
            }
        }, "flow-test-loop");
        thread.setDaemon(true);
        thread.start();
        loop = made.join();
    }

    @Override
    public void close() throws InterruptedException {
        // What the tests left running (subscriptions a test never cancelled) is cancelled and given time to end,
        // so that closing the loop reports nothing.
        loop.callSoonThreadsafe(() -> {
            loop.allTasks().forEach(t -> t.cancel());
            loop.callLater(0.05, loop::stop);
        });
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
