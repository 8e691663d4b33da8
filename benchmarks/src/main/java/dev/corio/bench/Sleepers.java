package dev.corio.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Workload 3, a million concurrent sleepers, measured outside JMH because it needs figures JMH's timers do
 * not give: start {@code n} tasks that each sleep an hour and note the time until all of them sleep; while
 * they sleep, force a full GC and note the heap in use; then cancel them all and note the time until all are
 * done. Retained heap per task = (heap used after GC while they sleep − heap used after GC before) / n, the
 * same way for every peer (each peer also holds one array with a handle per task, as a program would).
 * The resident set (VmRSS) grows too, which also counts thread stacks outside the Java heap; with a
 * pre-touched heap its growth is what the tasks cost outside the heap.
 *
 * <p>Usage: {@code java -cp corio-benchmarks.jar dev.corio.bench.Sleepers PEER N REPS} prints one JSON
 * object. PEER: corio, platform, virtual1 (run with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1}), virtualDefault, kotlinLoop, kotlinSingle, kotlinDefault, cf. The first repetition
 * is a warm-up and is reported separately.
 */
public final class Sleepers {
    private Sleepers() {
    }

    /** The outcome of one repetition. */
    public record Run(double startMs, double cancelMs, double heapBytesPerTask, double rssBytesPerTask) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Sleepers PEER N REPS");
            System.exit(2);
        }
        String peer = args[0];
        int n = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        if (peer.startsWith("virtual") && !Threads.virtualAvailable()) {
            System.out.println("{\"peer\":\"" + peer + "\",\"skipped\":\"" + Threads.virtualMissingReason()
                    .replace("\"", "'") + "\"}");
            return;
        }
        List<Run> runs = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            runs.add(measure(peer, n));
        }
        StringBuilder sb = new StringBuilder();
        sb.append("{\"peer\":\"").append(peer).append("\",\"n\":").append(n)
                .append(",\"carriers\":\"").append(Threads.carriers()).append('"')
                .append(",\"jdk\":\"").append(Runtime.version()).append('"');
        appendSeries(sb, "startMs", runs, Run::startMs);
        appendSeries(sb, "cancelMs", runs, Run::cancelMs);
        appendSeries(sb, "heapBytesPerTask", runs, Run::heapBytesPerTask);
        appendSeries(sb, "rssBytesPerTask", runs, Run::rssBytesPerTask);
        sb.append('}');
        System.out.println(sb);
    }

    private static void appendSeries(StringBuilder sb, String name, List<Run> runs,
            java.util.function.ToDoubleFunction<Run> f) {
        sb.append(",\"").append(name).append("\":[");
        for (int i = 0; i < runs.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.3f", f.applyAsDouble(runs.get(i))));
        }
        sb.append(']');
    }

    /** One repetition for {@code peer} with {@code n} sleepers. */
    public static Run measure(String peer, int n) throws Exception {
        long heapBefore = heapUsedAfterGc();
        long rssBefore = rss();
        long[] during = new long[2];
        Runnable whileSleeping = () -> {
            during[0] = heapUsedAfterGc();
            during[1] = rss();
        };
        long[] times;
        switch (peer) {
            case "corio" -> times = CorioPeers.sleepers(n, whileSleeping);
            case "platform" -> times = ThreadPeers.sleepers(Threads.platform(), n, whileSleeping);
            case "virtual1", "virtualDefault" -> {
                boolean one = "1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"));
                if (one != peer.equals("virtual1")) {
                    throw new IllegalArgumentException(peer + " needs -Djdk.virtualThreadScheduler.parallelism="
                            + (one ? "<unset>" : "1") + " on this JVM");
                }
                times = ThreadPeers.sleepers(Threads.virtual(), n, whileSleeping);
            }
            case "kotlinLoop" -> times = KotlinPeers.sleepers("loop", n, whileSleeping);
            case "kotlinSingle" -> times = KotlinPeers.sleepers("single", n, whileSleeping);
            case "kotlinDefault" -> times = KotlinPeers.sleepers("default", n, whileSleeping);
            case "cf" -> times = CfPeers.sleepers(n, whileSleeping);
            default -> throw new IllegalArgumentException("unknown peer " + peer);
        }
        if (during[0] == 0) {
            throw new IllegalStateException(peer + " never ran the while-sleeping probe");
        }
        return new Run(times[0] / 1e6, times[1] / 1e6, (double) (during[0] - heapBefore) / n,
                rssBefore < 0 ? Double.NaN : (double) (during[1] - rssBefore) / n);
    }

    /** Heap in use after two full collections. */
    static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The resident set size in bytes from /proc/self/status, or -1 where there is none. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
