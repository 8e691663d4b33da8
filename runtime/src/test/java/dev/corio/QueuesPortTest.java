package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.queues.AsyncQueue;
import dev.corio.queues.QueueShutDown;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More of CPython's {@code test_queues.py} (3.12, with 3.13's shutdown cases), on the virtual clock: the cases
 * {@link QueueTest} does not cover.
 */
@Timeout(10)
class QueuesPortTest extends TestBase {

    /** test_get_with_putters: taking from a full queue lets a waiting putter's item in. */
    @Test
    void getLetsAWaitingPutterIn() {
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        q.putNowait(1);
        Task<Void> putter = loop.createTask(coroutineOf(q.put(2)));
        runBriefly(loop);
        assertFalse(putter.isDone());
        assertEquals(1, q.getNowait());
        runBriefly(loop);
        assertTrue(putter.isDone());
        assertEquals(1, q.qsize());
        assertEquals(2, q.getNowait());
    }

    /** test_put_with_waiting_getters: a put hands the item to the getter that waits. */
    @Test
    void putHandsTheItemToAWaitingGetter() {
        AsyncQueue<String> q = new AsyncQueue<>();
        Task<String> getter = loop.createTask(coroutineOf(q.get()));
        runBriefly(loop);
        q.putNowait("a");
        assertEquals("a", loop.runUntilComplete(getter));
        assertTrue(q.isEmpty());
    }

    /** test_join_empty_queue: join() of a queue with nothing unfinished returns without waiting. */
    @Test
    void joinOfAnEmptyQueue() {
        AsyncQueue<String> q = new AsyncQueue<>();
        loop.runUntilComplete(co(() -> await(q.join(), v -> done(null))));
        q.putNowait("x");
        q.getNowait();
        q.taskDone();
        loop.runUntilComplete(co(() -> await(q.join(), v -> done(null))));
        assertEquals(0.0, loop.time());
    }

    /**
     * test_get_cancelled: a get that times out (wait_for) leaves no getter behind: a later put goes into the
     * queue, and the next get takes it.
     */
    @Test
    void timedOutGetLeavesNoGetter() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        Object r = loop.runUntilComplete(co(() -> await(Corio.waitFor(q.get(), 0.05), v -> done((Object) v),
                e -> done((Object) e))));
        assertInstanceOf(TimeoutError.class, r);
        q.putNowait(1);
        assertEquals(1, q.qsize(), "the item waits in the queue: no dead getter took it");
        assertEquals(1, loop.runUntilComplete(coroutineOf(q.get())));
    }

    /**
     * test_shutdown_immediate_with_unfinished (3.13): an immediate shutdown drops the queued items as done, so
     * join() waits only for the item taken and not yet marked done; one more task_done is too many.
     */
    @Test
    void immediateShutdownWithAnUnfinishedItem() {
        AsyncQueue<String> q = new AsyncQueue<>();
        q.putNowait("Q");
        q.putNowait("Q");
        q.getNowait();
        q.shutdown(true);
        assertThrows(QueueShutDown.class, q::getNowait);
        Task<Void> joiner = loop.createTask(coroutineOf(q.join()));
        runBriefly(loop);
        assertFalse(joiner.isDone(), "one item taken, not done yet");
        q.taskDone();
        loop.runUntilComplete(joiner);
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    /** test_shutdown_putters (3.13): putters waiting on a full queue are woken with QueueShutDown. */
    @Test
    void shutdownWakesWaitingPutters() {
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        q.putNowait(1);
        Task<Void> putter = loop.createTask(coroutineOf(q.put(2)));
        runBriefly(loop);
        q.shutdown();
        assertThrows(QueueShutDown.class, () -> loop.runUntilComplete(putter));
        assertEquals(1, q.qsize(), "a graceful shutdown keeps what is queued");
        assertEquals(1, q.getNowait());
        assertThrows(QueueShutDown.class, q::getNowait);
    }

    /** test_shutdown_allowed_transitions (3.13): shutting down twice, then immediately, is allowed. */
    @Test
    void shutdownTransitions() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        assertFalse(q.isShutdown());
        q.putNowait(1);
        q.shutdown();
        assertTrue(q.isShutdown());
        q.shutdown();
        assertEquals(1, q.qsize());
        q.shutdown(true);
        assertTrue(q.isShutdown());
        assertEquals(0, q.qsize());
        assertThrows(QueueShutDown.class, () -> q.putNowait(2));
    }

    /**
     * test_task_done with several consumers: join() returns once every item put was taken and marked done, by
     * whichever consumer took it.
     */
    @Test
    void joinWithSeveralConsumers() {
        AsyncQueue<Integer> q = new AsyncQueue<>();
        int[] sum = {0};
        List<Task<Void>> workers = new ArrayList<>();
        loop.runUntilComplete(co(() -> {
            for (int w = 0; w < 2; w++) {
                workers.add(Corio.createTask(worker(q, sum)));
            }
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            return await(q.join(), v -> {
                for (Task<Void> t : workers) {
                    t.cancel();
                }
                return done(null);
            });
        }));
        assertEquals(4950, sum[0]);
    }

    private static Coroutine<Void> worker(AsyncQueue<Integer> q, int[] sum) {
        return co(() -> await(q.get(), item -> await(Corio.sleep(0.001), v -> {
            sum[0] += item;
            q.taskDone();
            return await(worker(q, sum), Co::done);
        })));
    }

    /**
     * test_why_are_getters_waiting: a producer and a consumer of five items through a queue of one, in a task
     * group: every item gets through and neither side is left waiting.
     */
    @Test
    void producerAndConsumerThroughAQueueOfOne() {
        AsyncQueue<Integer> q = new AsyncQueue<>(1);
        List<Integer> got = new ArrayList<>();
        loop.runUntilComplete(Corio.taskGroup(tg -> {
            tg.createTask(produce(q, 0, 5));
            tg.createTask(consume(q, 5, got));
            return Corio.result(null);
        }));
        assertEquals(List.of(0, 1, 2, 3, 4), got);
        assertTrue(q.isEmpty());
    }

    private static Coroutine<Void> produce(AsyncQueue<Integer> q, int i, int n) {
        return i == n ? co(() -> done(null)) : co(() -> await(q.put(i), v -> await(produce(q, i + 1, n), Co::done)));
    }

    private static Coroutine<Void> consume(AsyncQueue<Integer> q, int left, List<Integer> got) {
        return left == 0 ? co(() -> done(null)) : co(() -> await(q.get(), item -> {
            got.add(item);
            return await(consume(q, left - 1, got), Co::done);
        }));
    }
}
