package dev.corio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every peer of every workload, once, on small sizes: each must do the same work, which the figures they
 * return prove (yields made, tasks joined, nodes counted, items summed).
 */
class PeersSmokeTest {
    static ExecutorService cf;

    @BeforeAll
    static void setUp() {
        cf = CfPeers.oneThread();
    }

    @AfterAll
    static void tearDown() {
        cf.shutdownNow();
    }

    static List<ThreadFactory> threadFactories() {
        if (!Threads.virtualAvailable()) {
            System.out.println("Skipping the virtual-thread peers: " + Threads.virtualMissingReason());
            return List.of(Threads.platform());
        }
        return List.of(Threads.platform(), Threads.virtual());
    }

    @Test
    void switchMakesEveryYield() throws Exception {
        assertEquals(500, CorioPeers.switchYield(10, 50));
        assertEquals(500, CorioAsyncPeers.switchYield(10, 50));
        assertEquals(500, CfPeers.switchYield(cf, 10, 50));
        for (String kind : List.of("loop", "single", "default")) {
            assertEquals(500, KotlinPeers.switchYield(kind, 10, 50), kind);
        }
        for (ThreadFactory f : threadFactories()) {
            assertEquals(500, ThreadPeers.switchYield(f, 10, 50));
        }
    }

    @Test
    void spawnJoinsEveryTask() throws Exception {
        assertEquals(2000, CorioPeers.spawnJoin(2000));
        assertEquals(2000, CorioAsyncPeers.spawnJoin(2000));
        assertEquals(2000, CorioPeers.spawnJoinEager(2000));
        assertEquals(2000, CfPeers.spawnJoin(cf, 2000));
        for (String kind : List.of("loop", "single", "default")) {
            assertEquals(2000, KotlinPeers.spawnJoin(kind, 2000), kind);
        }
        for (ThreadFactory f : threadFactories()) {
            assertEquals(2000, ThreadPeers.spawnJoin(f, 2000));
        }
    }

    @Test
    void fanOutCountsEveryNode() throws Exception {
        Tree tree = Tree.of(5000);
        assertEquals(5000, Tree.countSync(tree.root));
        assertTrue(tree.depth >= 3 && tree.maxChildren >= 20,
                "a comment thread has deep chains and popular comments: depth " + tree.depth + ", widest "
                        + tree.maxChildren);
        assertEquals(5000, CorioPeers.fanOut(tree));
        assertEquals(5000, CorioAsyncPeers.fanOut(tree));
        assertEquals(5000, CorioPeers.fanOutEager(tree));
        for (int loops = 1; loops <= 3; loops++) {
            try (dev.corio.group.LoopGroup g = dev.corio.group.LoopGroup.create(loops)) {
                Tree.Node[][] parts = CorioGroupPeers.split(tree, loops);
                assertEquals(5000, CorioGroupPeers.fanOut(g, parts), loops + " loops");
                assertEquals(4001, CorioGroupPeers.spawnJoin(g, 4001), loops + " loops");
            }
        }
        assertEquals(5000, CfPeers.fanOut(cf, tree));
        for (String kind : List.of("loop", "single", "default")) {
            assertEquals(5000, KotlinPeers.fanOut(kind, tree), kind);
        }
        for (ThreadFactory f : threadFactories()) {
            assertEquals(5000, ThreadPeers.fanOut(f, tree));
        }
    }

    @Test
    void producerConsumerDeliversEveryItemInOrder() throws Exception {
        long expected = 20_000L * 19_999 / 2;
        assertEquals(expected, CorioPeers.producerConsumer(20_000, 16));
        assertEquals(expected, CorioAsyncPeers.producerConsumer(20_000, 16));
        for (String kind : List.of("loop", "single", "default")) {
            assertEquals(expected, KotlinPeers.producerConsumer(kind, 20_000, 16), kind);
        }
        for (ThreadFactory f : threadFactories()) {
            assertEquals(expected, ThreadPeers.producerConsumer(f, 20_000, 16));
        }
    }

    @Test
    void sleepersStartSleepAndCancel() throws Exception {
        List<String> peers = Threads.virtualAvailable()
                ? List.of("corio", "platform", "virtualDefault", "kotlinLoop", "kotlinSingle", "kotlinDefault", "cf")
                : List.of("corio", "platform", "kotlinLoop", "kotlinSingle", "kotlinDefault", "cf");
        for (String peer : peers) {
            Sleepers.Run r = Sleepers.measure(peer, 2000);
            assertTrue(r.startMs() > 0 && r.cancelMs() > 0, peer + ": " + r);
        }
        assertThrows(IllegalArgumentException.class, () -> Sleepers.measure("nobody", 10));
    }

    @Test
    void loopWorkloadsRunEveryCallbackAndTimer() {
        assertEquals(1000, CorioPeers.callSoon(1000));
        double[] delays = {3, 1, 2, 0, 2.5};
        assertEquals(5, CorioPeers.timers(delays));
    }

    @Test
    void virtualThreadsSayWhyTheyAreMissing() {
        Assumptions.assumeFalse(Threads.virtualAvailable(), "this JDK has virtual threads");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, Threads::virtual);
        assertTrue(e.getMessage().contains("JDK 21"), e.getMessage());
    }
}
