package dev.corio.acceptance;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Coroutine;
import dev.corio.Task;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** asyncio's thread bridges: call_soon_threadsafe, to_thread, and plain threads waiting on the loop's tasks. */
class ThreadsTest {

    static class Programs {
        @Async
        Coroutine<Integer> slow() {
            await(sleep(0.05));
            return result(7);
        }

        @Async
        Coroutine<String> blockingWrapper(CountDownLatch finished) {
            return result(await(toThread(() -> {
                Thread.sleep(200);
                finished.countDown();
                return "done";
            })));
        }

        @Async
        Coroutine<String> main() throws Exception {
            EventLoop loop = getRunningLoop();
            AsyncFuture<String> f = loop.createFuture();
            Thread th = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                loop.callSoonThreadsafe(() -> f.setResult("from thread"));
            });
            th.start();
            String a = await(f);
            Task<Integer> t = createTask(slow());
            CompletableFuture<Integer> cf = t.toCompletableFuture();
            String b = await(toThread(() -> "worker saw " + cf.get(5, TimeUnit.SECONDS)));
            CountDownLatch finished = new CountDownLatch(1);
            Task<String> w = createTask(blockingWrapper(finished));
            await(sleep(0.01));
            w.cancel();
            String c;
            try {
                c = await(w);
            } catch (CancelledError e) {
                c = "wrapper cancelled";
            }
            String d = "job finished anyway " + finished.await(5, TimeUnit.SECONDS);
            IllegalArgumentException boom = new IllegalArgumentException("from executor");
            String e;
            try {
                await(toThread(() -> {
                    throw boom;
                }));
                e = "no";
            } catch (IllegalArgumentException x) {
                e = "same instance " + (x == boom);
            }
            return result(a + " | " + b + " | " + c + " | " + d + " | " + e);
        }
    }

    // On the real clock: under EventLoop.virtual() the worker blocked in cf.get() holds the clock still (an
    // executor job is outstanding) while slow() needs the clock to move, so the two wait for each other.
    @Test
    void bridgesBetweenTheLoopAndOtherThreads() throws Exception {
        assertEquals("from thread | worker saw 7 | wrapper cancelled | job finished anyway true | same instance true",
                Corio.run(new Corio_ThreadsTest_Programs().main()));
    }
}
