package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queues as async iterables ({@code for (T x : awaitEach(queue))}), on the virtual clock: the loop takes
 * items as they come and ends normally at a shutdown (a graceful one after draining, an immediate one at once);
 * the loop body calls {@code taskDone()} itself, so {@code join()} works as with {@code get()}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueIterationTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  @Async static Coroutine<String> consume(String name, dev.corio.queues.AsyncQueue<Integer> q) {",
                "    List<Integer> got = new ArrayList<>();",
                "    for (int x : awaitEach(q)) {",
                "      got.add(x);",
                "      Aw.LOG.add(name + \" got \" + x + \" @\" + getRunningLoop().time());",
                "      await(sleep(1));",
                "      q.taskDone();",
                "    }",
                "    return result(name + got + \" ended @\" + getRunningLoop().time());",
                "  }",
                "  @Async public Coroutine<String> graceful() {",
                "    var q = new dev.corio.queues.AsyncQueue<Integer>(2);",
                "    Task<String> c = createTask(consume(\"c\", q));",
                "    for (int i = 1; i <= 4; i++) await(q.put(i));",
                "    Aw.LOG.add(\"all put @\" + getRunningLoop().time());",
                "    q.shutdown();",
                "    await(q.join());",
                "    Aw.LOG.add(\"joined @\" + getRunningLoop().time());",
                "    return result(await(c));",
                "  }",
                "  @Async public Coroutine<String> immediate() {",
                "    var q = new dev.corio.queues.AsyncQueue<Integer>();",
                "    for (int i = 1; i <= 4; i++) q.putNowait(i);",
                "    Task<String> c = createTask(consume(\"c\", q));",
                "    await(sleep(1.5));",
                "    q.shutdown(true);",
                "    return result(await(c));",
                "  }",
                "  @Async public Coroutine<String> waitingConsumerWokenByShutdown() {",
                "    var q = new dev.corio.queues.AsyncQueue<Integer>();",
                "    Task<String> c = createTask(consume(\"c\", q));",
                "    await(sleep(5));",
                "    q.shutdown();",
                "    return result(await(c));",
                "  }",
                "  @Async public Coroutine<String> twoConsumersShare() {",
                "    var q = new dev.corio.queues.AsyncQueue<Integer>();",
                "    Task<String> a = createTask(consume(\"a\", q));",
                "    Task<String> b = createTask(consume(\"b\", q));",
                "    for (int i = 1; i <= 4; i++) q.putNowait(i);",
                "    q.shutdown();",
                "    return result(await(a) + \"; \" + await(b));",
                "  }",
                "  @Async public Coroutine<String> lifoAndPriority() {",
                "    var lifo = new dev.corio.queues.AsyncLifoQueue<Integer>();",
                "    var prio = new dev.corio.queues.AsyncPriorityQueue<Integer>();",
                "    for (int i : new int[] {3, 1, 2}) { lifo.putNowait(i); prio.putNowait(i); }",
                "    lifo.shutdown();",
                "    prio.shutdown();",
                "    StringBuilder s = new StringBuilder();",
                "    for (int x : awaitEach(lifo)) s.append(x);",
                "    s.append(' ');",
                "    for (int x : awaitEach(prio)) s.append(x);",
                "    return result(s.toString());",
                "  }",
                "  @Async public Coroutine<String> breakLeavesTheRest() {",
                "    var q = new dev.corio.queues.AsyncQueue<Integer>();",
                "    for (int i = 1; i <= 4; i++) q.putNowait(i);",
                "    for (int x : awaitEach(q)) { if (x == 2) break; }",
                "    return result(q.qsize() + \" left, next \" + await(q.get()));",
                "  }",
                "  @Async public Coroutine<String> getAfterShutdownStillThrows() {",
                "    var q = new dev.corio.queues.AsyncQueue<Integer>();",
                "    q.shutdown();",
                "    for (int x : awaitEach(q)) return result(\"no\");",
                "    try { await(q.get()); return result(\"no\"); }",
                "    catch (dev.corio.queues.QueueShutDown e) { return result(\"get: \" + e.getMessage()); }",
                "  }"));
    }

    private static Object run(String m) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m);
    }

    @Test
    void gracefulShutdownDrainsThenEndsTheLoop() throws Throwable {
        assertEquals("c[1, 2, 3, 4] ended @4.0", run("graceful"));
        assertEquals(List.of("c got 1 @0.0", "c got 2 @1.0", "all put @1.0", "c got 3 @2.0", "c got 4 @3.0",
                "joined @4.0"), Harness.log(l));
    }

    @Test
    void immediateShutdownEndsTheLoopAtOnce() throws Throwable {
        // Items 1 and 2 were taken (2 at 1.0, processed until 2.0); 3 and 4 are dropped at 1.5.
        assertEquals("c[1, 2] ended @2.0", run("immediate"));
    }

    @Test
    void aConsumerWaitingForAnItemIsWokenByTheShutdown() throws Throwable {
        assertEquals("c[] ended @5.0", run("waitingConsumerWokenByShutdown"));
    }

    @Test
    void twoIteratingConsumersShareTheItemsInTurn() throws Throwable {
        assertEquals("a[1, 3] ended @2.0; b[2, 4] ended @2.0", run("twoConsumersShare"));
    }

    @Test
    void lifoAndPriorityQueuesIterateInTheirOrder() throws Throwable {
        assertEquals("213 123", run("lifoAndPriority"));
    }

    @Test
    void leavingTheLoopEarlyLeavesTheQueueAsItIs() throws Throwable {
        assertEquals("2 left, next 3", run("breakLeavesTheRest"));
    }

    @Test
    void theIteratorEndsWhereGetThrowsQueueShutDown() throws Throwable {
        assertEquals("get: get on a queue that was shut down and is empty", run("getAfterShutdownStillThrows"));
    }
}
