package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corio.queues.AsyncQueue;
import dev.corio.sync.Condition;
import dev.corio.sync.Lock;
import dev.corio.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The primitives' internal coroutines are awaited as soon as they are made: contended use in debug mode
 * reports nothing (no "never awaited", no slow step, no unretrieved exception), also after a GC.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyncDebugModeTest {

    @Test
    void contendedUseInDebugModeReportsNothing() throws InterruptedException {
        TestBase.Recorder recorder = new TestBase.Recorder();
        EventLoop loop = EventLoop.virtual();
        loop.setDebug(true);
        loop.setExceptionHandler(recorder);
        Lock lock = new Lock();
        Semaphore sem = new Semaphore(2);
        Condition cond = new Condition();
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        int[] n = {0};
        try {
            List<Task<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int k = i;
                tasks.add(loop.createTask(co(() -> await(lock.acquire(), a -> await(Corio.sleep(0.01), s -> {
                    lock.release();
                    return await(Corio.asyncWith(sem, x -> Corio.sleep(0.01)), b -> await(q.put(k), c -> {
                        n[0]++;
                        return await(Corio.asyncWith(cond, y -> {
                            cond.notifyAllWaiters();
                            return Corio.result(null);
                        }), d -> done(null));
                    }));
                })))));
            }
            tasks.add(loop.createTask(co(() -> drain(q, 20))));
            loop.runUntilComplete(Corio.gather(tasks));
            assertEquals(20, n[0]);
            TestBase.gcUntil(loop, () -> true);
        } finally {
            loop.close();
        }
        assertEquals(List.of(), recorder.messages());
    }

    private static Co.Step<Object> drain(AsyncQueue<Integer> q, int left) {
        if (left == 0) {
            return done(null);
        }
        return await(q.get(), x -> drain(q, left - 1));
    }
}
