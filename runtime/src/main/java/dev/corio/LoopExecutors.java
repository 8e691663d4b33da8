package dev.corio;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loop's executors: blocking work handed to a thread pool, its outcome brought back to the loop as a
 * future ({@link EventLoop#runInExecutor}, asyncio's {@code run_in_executor}), and the loop's default
 * executor, a cached pool of daemon threads made on first use and shut down when the loop closes.
 */
final class LoopExecutors {
    private final EventLoop loop;
    /** Made on first use; only the loop's thread reads or writes it. */
    private ExecutorService defaultExecutor;

    LoopExecutors(EventLoop loop) {
        this.loop = loop;
    }

    /** See {@link EventLoop#runInExecutor}; the caller checked the thread and that the loop is open. */
    <T> AsyncFuture<T> run(Executor executor, Callable<T> work) {
        Executor ex = executor != null ? executor : defaultExecutor();
        CompletableFuture<T> cf = new CompletableFuture<>();
        AsyncFuture<T> f = AsyncFuture.fromStage(cf, loop);
        Runnable job = () -> {
            try {
                cf.complete(work.call());
            } catch (Throwable t) {
                cf.completeExceptionally(t);
            }
        };
        try {
            ex.execute(job);
        } catch (RuntimeException e) {
            cf.completeExceptionally(e); // rejected (an executor shut down): the future fails with the reason
        }
        return f;
    }

    private Executor defaultExecutor() {
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            ex = defaultExecutor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "corio-executor");
                t.setDaemon(true);
                return t;
            });
        }
        return ex;
    }

    /** Shuts the default executor down and waits up to {@code timeoutSeconds} for its jobs. */
    void shutdownDefault(double timeoutSeconds) {
        ExecutorService ex = defaultExecutor;
        if (ex != null) {
            ex.shutdown();
            try {
                ex.awaitTermination((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The loop closes: the default executor stops taking jobs; those running finish on their own. */
    void shutdownDefaultNow() {
        ExecutorService ex = defaultExecutor;
        if (ex != null) {
            ex.shutdown();
        }
    }
}
