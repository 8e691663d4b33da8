package dev.corio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every JMH benchmark once through JMH itself (in this JVM, one single-shot invocation, small sizes):
 * proves the generated harness works and each benchmark's own result check passes. Not a measurement.
 */
class JmhSmokeTest {
    @Test
    void everyBenchmarkRunsOnce() throws Exception {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include("dev\\.corio\\.bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .mode(Mode.SingleShotTime)
                .param("tasks", "10")
                .param("n", "2000")
                .param("platformN", "200")
                .param("nodes", "3000")
                .param("platformNodes", "300")
                .param("items", "5000")
                .param("timers", "5000")
                .param("others", "4")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (!Threads.virtualAvailable()) {
            System.out.println("Skipping the virtual-thread benchmarks: " + Threads.virtualMissingReason());
            opts.exclude("virtual");
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
            ran.add(r.getParams().getBenchmark().replace("dev.corio.bench.", ""));
        }
        Set<String> expected = new TreeSet<>();
        for (String w : new String[] {"SwitchBench", "SpawnBench", "FanOutBench"}) {
            for (String p : new String[] {"corio", "corioAsync", "platform", "kotlinLoop", "kotlinSingle", "kotlinDefault", "cf"}) {
                expected.add(w + "." + p);
            }
        }
        for (String p : new String[] {"corio", "corioAsync", "platform", "kotlinLoop", "kotlinSingle", "kotlinDefault"}) {
            expected.add("QueueBench." + p);
        }
        if (Threads.virtualAvailable()) {
            for (String w : new String[] {"SwitchBench", "SpawnBench", "FanOutBench", "QueueBench"}) {
                expected.add(w + ".virtual1");
                expected.add(w + ".virtualDefault");
            }
        }
        for (String p : new String[] {"corioLoop", "corioOperators", "iterator", "iteratorChain", "machineFloor", "machineFloorUnboxed", "stream", "kotlinFlow"}) {
            expected.add("GeneratorBench." + p);
        }
        if (Threads.virtualAvailable()) {
            expected.add("GeneratorBench.virtualSynchronousQueue");
            expected.add("GeneratorBench.virtualArrayBlockingQueue");
        }
        expected.add("QueueBench.corioQueue");
        for (String p : new String[] {"corio", "kotlinLoop", "kotlinDefault"}) {
            expected.add("LockBench." + p);
        }
        if (Threads.virtualAvailable()) {
            for (String p : new String[] {"virtual1", "virtual1Fair", "virtualDefault"}) {
                expected.add("LockBench." + p);
            }
        }
        expected.add("ContextSwitchBench.corio");
        for (String p : new String[] {"get", "getDefault", "setAndReset", "threadLocalGet"}) {
            expected.add("ContextVarBench." + p);
        }
        expected.add("LoopBench.callSoon");
        expected.add("LoopBench.timers");
        expected.add("AwaitBench.handWrittenCompletedFuture");
        expected.add("AwaitBench.handWrittenNonSuspendingCoroutine");
        expected.add("AwaitBench.asyncCompletedFuture");
        expected.add("AwaitBench.asyncNonSuspendingCoroutine");
        for (String p : new String[] {"plainCalls", "plainCallsTraceRead", "asyncNotSuspending", "asyncSuspending"}) {
            expected.add("ExceptionBench." + p);
        }
        for (String p : new String[] {"corioSpawnAndWait", "corioSpawnAndCommunicate", "processBuilderSpawnAndWait",
                "processBuilderSpawnAndRead"}) {
            expected.add("SubprocessBench." + p);
        }
        for (String p : new String[] {"corioAsync", "platform", "cf"}) {
            expected.add("crawl.CrawlBench." + p);
        }
        if (Threads.virtualAvailable()) {
            expected.add("crawl.CrawlBench.virtualDefault");
        }
        for (String p : new String[] {"protectedViaHandles", "privateViaHandles", "publicDirect"}) {
            expected.add("access.AccessBench." + p);
        }
        expected.add("FanOutBench.corioEager");
        expected.add("SpawnBench.corioEager");
        for (String p : new String[] {"fanOutCorioGroup", "spawnCorioGroup", "fanOutKotlinDefault", "spawnKotlinDefault"}) {
            expected.add("GroupBench." + p);
        }
        if (Threads.virtualAvailable()) {
            expected.add("GroupBench.virtual2FanOut");
            expected.add("GroupBench.virtual2Spawn");
        }
        expected.add("CancelBench.corio");
        expected.add("CancelBench.cf");
        if (Threads.virtualAvailable()) {
            expected.add("CancelBench.virtualDefault");
        }
        assertEquals(expected, ran);
    }
}
