package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The primitives of {@code dev.corio.sync} and {@code dev.corio.queues} from {@code @Async} code: a lock, a
 * semaphore and a condition in {@code try (var held = lock)} ({@code async with}), a bounded queue between a
 * producer and a consumer that stops at shutdown.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyncPrimitivesTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.cls(
                "  static final dev.corio.sync.Lock LOCK = new dev.corio.sync.Lock();",
                "  @Async static Coroutine<String> worker(String name) {",
                "    try (var held = LOCK) {",
                "      Aw.LOG.add(name + \" in @\" + getRunningLoop().time());",
                "      await(sleep(1));",
                "      Aw.LOG.add(name + \" out\");",
                "    }",
                "    return result(name);",
                "  }",
                "  @Async public Coroutine<String> twoWorkers() {",
                "    Task<String> a = createTask(worker(\"a\"));",
                "    Task<String> b = createTask(worker(\"b\"));",
                "    await(a);",
                "    await(b);",
                "    return result(\"locked=\" + LOCK.isLocked());",
                "  }",
                "  @Async public Coroutine<Integer> producerConsumer() {",
                "    var q = new dev.corio.queues.AsyncQueue<Integer>(2);",
                "    Task<Integer> consumer = createTask(consume(q));",
                "    for (int i = 1; i <= 5; i++) {",
                "      await(q.put(i));",
                "      Aw.LOG.add(\"put \" + i + \" @\" + getRunningLoop().time());",
                "    }",
                "    q.shutdown();",
                "    return result(await(consumer));",
                "  }",
                "  @Async static Coroutine<Integer> consume(dev.corio.queues.AsyncQueue<Integer> q) {",
                "    int sum = 0;",
                "    while (true) {",
                "      try {",
                "        sum += await(q.get());",
                "        await(sleep(1));",
                "      } catch (dev.corio.queues.QueueShutDown e) {",
                "        return result(sum);",
                "      }",
                "    }",
                "  }",
                "  @Async public Coroutine<String> semaphoreAndCondition() {",
                "    var slots = new dev.corio.sync.Semaphore(2);",
                "    var cond = new dev.corio.sync.Condition();",
                "    int[] ready = {0};",
                "    List<Task<Void>> ts = new ArrayList<>();",
                "    for (int i = 0; i < 4; i++) ts.add(createTask(limited(slots, cond, ready)));",
                "    try (var c = cond) {",
                "      await(cond.waitFor(() -> ready[0] == 4));",
                "    }",
                "    await(gather(ts));",
                "    return result(\"ready=\" + ready[0] + \" at \" + getRunningLoop().time());",
                "  }",
                "  @Async static Coroutine<Void> limited(dev.corio.sync.Semaphore slots, dev.corio.sync.Condition cond,"
                        + " int[] ready) {",
                "    try (var slot = slots) {",
                "      await(sleep(1));",
                "    }",
                "    try (var c = cond) {",
                "      ready[0]++;",
                "      cond.notifyOne();",
                "    }",
                "    return result(null);",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m);
    }

    @Test
    void lockInTryWithResourcesIsAsyncWith() throws Throwable {
        assertEquals("locked=false", run("twoWorkers"));
        assertEquals(List.of("a in @0.0", "a out", "b in @1.0", "b out"), Harness.log(l));
    }

    @Test
    void boundedQueueBetweenProducerAndConsumer() throws Throwable {
        assertEquals(15, run("producerConsumer"));
        // The consumer takes one item a second; with two slots the producer runs two items ahead.
        assertEquals(List.of("put 1 @0.0", "put 2 @0.0", "put 3 @0.0", "put 4 @1.0", "put 5 @2.0"),
                Harness.log(l));
    }

    @Test
    void semaphoreLimitsAndConditionWaitsFor() throws Throwable {
        assertEquals("ready=4 at 2.0", run("semaphoreAndCondition"));
    }
}
