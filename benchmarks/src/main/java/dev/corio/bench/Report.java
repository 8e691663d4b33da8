package dev.corio.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Turns one run's results (JMH's JSON, the sleepers harness's JSON lines, and {@code meta.properties}
 * written by {@code run.sh}) into {@code docs/benchmarks.md} and a PNG chart beside it.
 *
 * <p>Usage: {@code Report RESULTS_DIR MARKDOWN PNG}.
 */
public final class Report {
    private Report() {
    }

    /** Peers in display order: method name, label, scheduling order. */
    static final String[][] PEERS = {
        {"corio", "Corio (hand-written state machines)", "FIFO ready queue (asyncio's order), 1 thread"},
        {"corioAsync", "Corio (@Async, generated)", "FIFO ready queue, 1 thread"},
        {"kotlinLoop", "Kotlin, runBlocking event loop", "FIFO, 1 thread (the caller's)"},
        {"kotlinSingle", "Kotlin, single-thread dispatcher", "FIFO executor queue, 1 thread"},
        {"kotlinDefault", "Kotlin, Dispatchers.Default", "per-worker FIFO + LIFO 'next task' slot, work stealing, 2 threads"},
        {"virtual1", "Virtual threads, 1 carrier", "FIFO (ForkJoinPool async mode), 1 carrier"},
        {"virtualDefault", "Virtual threads, default carriers", "FIFO per carrier, work stealing, 2 carriers"},
        {"cf", "CompletableFuture, 1-thread executor", "FIFO executor queue, 1 thread"},
        {"platform", "Platform threads", "kernel scheduler (CFS), preemptive, 2 cores"},
    };

    /** A figure for one peer in one workload, in the workload's unit per task. */
    record Figure(String peer, double value, double error, String detail) {
    }

    /** One table: a JMH benchmark class and how to turn its scores into a per-task figure. */
    record Workload(String key, String title, String benchClass, String unit, String countParam,
            String platformCountParam, String method) {
    }

    static final List<Workload> WORKLOADS = List.of(
        new Workload("switch", "1. Switch cost (N = 100 tasks taking turns)", "SwitchBench", "ns per switch",
            null, null, """
            Each of 100 tasks yields until 100,000 yields were made in all (`await sleep(0)` in Corio, `yield()` \
            in Kotlin, `Thread.yield()` in threads, one more `runAsync` stage per step for CompletableFuture). \
            JMH average time per invocation divided by the 100,000 yields (`@OperationsPerInvocation`); the \
            tasks' start and join are inside the timing, amortised over 1,000 yields each. On one thread every \
            yield is a switch to the next task. With two carriers/cores (virtual threads default, Kotlin \
            Default, platform threads) two tasks run at once, so the figure is wall time per yield with both \
            cores busy, and a platform `Thread.yield()` is a `sched_yield` system call."""),
        new Workload("spawn", "2. Spawn and join a million short tasks", "SpawnBench", "ns per task",
            "n", "platformN", """
            Start 1,000,000 tasks that each return 1 (a task, a coroutine via `async`, a thread, a \
            `supplyAsync` stage), then join them in order and sum (the sum is checked). Single-shot time per \
            batch, divided by the count. Platform threads do 10,000 (the kernel stops them near 32,768)."""),
        new Workload("fanout", "4. Recursive fan-out over a million-node comment tree (zero latency)", "FanOutBench",
            "ns per node", "nodes", "platformNodes", """
            Count the nodes of a 1,000,000-node tree shaped like a discussion (preferential attachment, seed 8863: \
            the post has 3,527 direct replies, two nodes in three have none, the deepest chain is 20 replies), as article 000's comment counter does: each \
            node starts one task per reply, then awaits them in order and adds 1. No latency, so the figure is \
            pure scheduling and bookkeeping. Single shot per tree, divided by the nodes. Platform threads \
            count a 10,000-node tree of the same shape (one thread per node)."""),
        new Workload("queue", "5. Producer and consumer through a bounded queue (capacity 128)", "QueueBench",
            "ns per item", "items", "items", """
            One producer puts 1,000,000 integers into a queue of capacity 128, one consumer takes and sums \
            them. Corio: `BenchQueue`, a minimal asyncio-style bounded queue written **in the benchmark module** \
            (Corio has no queue yet; a put waits on a future while full, a get while empty, the other side \
            wakes it, one loop tick later). Threads: `ArrayBlockingQueue`. Kotlin: `Channel(128)`. No \
            CompletableFuture peer: the JDK has no bounded queue of futures. Single shot, divided by the \
            items."""),
        new Workload("crawl", "6. The sample app's comment crawler over loopback HTTP (post 8863: 72 comments, 73 fetches)",
            "crawl.CrawlBench", "ns per crawl", null, null, """
            The worked example of "Benchmarking your own code" in docs/benchmarks.md: the sample app's embedded \
            Hacker News server, and its comment counter as `@Async` code through the sample's `HnClient` (JDK \
            `HttpClient`, JSON parsed off the loop), run with `dev.corio.jmh.BenchLoop` (one loop per JMH \
            thread, reused); a thread per request with blocking `HttpClient.send` (platform threads, virtual \
            threads); and `sendAsync` with `CompletableFuture.allOf`. Average time per whole crawl. Real \
            sockets and the server's own threads: this measures the HTTP stack as much as the scheduling, as a \
            benchmark of a user's service would."""));

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Report RESULTS_DIR MARKDOWN PNG");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Report.Data d = Data.load(dir);
        Files.writeString(Path.of(args[1]), markdown(d, Path.of(args[2]).getFileName().toString()));
        chart(d, Path.of(args[2]));
        System.out.println("wrote " + args[1] + " and " + args[2]);
    }

    // ------------------------------------------------------------------ data

    static final class Data {
        final Map<String, String> meta = new LinkedHashMap<>();
        /** JMH entries keyed "Class.method". */
        final Map<String, Map<String, Object>> jmh = new LinkedHashMap<>();
        /** Sleepers harness output keyed by peer. */
        final Map<String, Map<String, Object>> sleepers = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        static Data load(Path dir) throws IOException {
            Data d = new Data();
            Path meta = dir.resolve("meta.properties");
            if (Files.exists(meta)) {
                for (String line : Files.readAllLines(meta)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        d.meta.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            Path jmh = dir.resolve("jmh.json");
            if (Files.exists(jmh)) {
                for (Object o : (List<Object>) Json.parse(Files.readString(jmh))) {
                    Map<String, Object> m = (Map<String, Object>) o;
                    String b = ((String) m.get("benchmark")).replace("dev.corio.bench.", "");
                    d.jmh.put(b, m);
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("sleepers-") && name.endsWith(".json")) {
                        String text = Files.readString(p).trim();
                        if (text.isEmpty()) {
                            continue;
                        }
                        String last = text.substring(text.lastIndexOf('\n') + 1);
                        Map<String, Object> m = (Map<String, Object>) Json.parse(last);
                        d.sleepers.put(name.substring(9, name.length() - 5), m);
                    }
                }
            }
            return d;
        }

        String meta(String key) {
            return meta.getOrDefault(key, "?");
        }
    }

    /** Per-task figures of a workload, in PEERS order, for the peers that ran. */
    @SuppressWarnings("unchecked")
    static List<Figure> figures(Data d, Workload w) {
        List<Figure> out = new ArrayList<>();
        for (String[] p : PEERS) {
            Map<String, Object> e = d.jmh.get(w.benchClass() + "." + p[0]);
            if (e == null) {
                continue;
            }
            Map<String, Object> pm = (Map<String, Object>) e.get("primaryMetric");
            Map<String, Object> params = (Map<String, Object>) e.getOrDefault("params", Map.of());
            double score = Json.num(pm.get("score"));
            double err = Json.num(pm.get("scoreError"));
            String unit = (String) pm.get("scoreUnit");
            double scale = switch (unit) {
                case "ns/op" -> 1;
                case "us/op" -> 1e3;
                case "ms/op" -> 1e6;
                case "s/op" -> 1e9;
                default -> throw new IllegalArgumentException("unexpected unit " + unit);
            };
            String detail = "";
            if (w.countParam() != null) {
                String param = p[0].equals("platform") ? w.platformCountParam() : w.countParam();
                double count = Json.num(params.get(param));
                scale /= count;
                String noun = w.unit().substring(w.unit().lastIndexOf(' ') + 1) + "s";
                detail = String.format(Locale.ROOT, "%,.0f " + noun + ": %.1f ± %s %s per batch", count, score,
                        fmt(err), unit.replace("/op", ""));
                if (p[0].equals("platform")) {
                    detail = "**" + detail.replace(" " + noun, "") + " (capped)**";
                }
            }
            out.add(new Figure(p[0], score * scale, err * scale, detail));
        }
        return out;
    }

    static double value(Data d, String benchmark) {
        for (Workload w : WORKLOADS) {
            if (benchmark.startsWith(w.benchClass() + ".")) {
                for (Figure f : figures(d, w)) {
                    if (benchmark.equals(w.benchClass() + "." + f.peer())) {
                        return f.value();
                    }
                }
                return Double.NaN;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> e = d.jmh.get(benchmark);
        if (e == null) {
            return Double.NaN;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> pm = (Map<String, Object>) e.get("primaryMetric");
        double v = Json.num(pm.get("score"));
        if ("ms/op".equals(pm.get("scoreUnit")) && benchmark.equals("LoopBench.timers")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) e.get("params");
            v = v * 1e6 / Json.num(params.get("timers"));
        }
        return v;
    }

    static double error(Data d, String benchmark) {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = d.jmh.get(benchmark);
        if (e == null) {
            return Double.NaN;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> pm = (Map<String, Object>) e.get("primaryMetric");
        return Json.num(pm.get("scoreError")) * value(d, benchmark) / Json.num(pm.get("score"));
    }

    /** Mean and sample deviation of the sleepers series, the first (warm-up) repetition left out. */
    @SuppressWarnings("unchecked")
    static double[] series(Map<String, Object> s, String key) {
        List<Object> l = (List<Object>) s.get(key);
        if (l == null || l.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int from = l.size() > 1 ? 1 : 0;
        double sum = 0;
        int k = 0;
        for (int i = from; i < l.size(); i++, k++) {
            sum += Json.num(l.get(i));
        }
        double mean = sum / k;
        double sq = 0;
        for (int i = from; i < l.size(); i++) {
            double x = Json.num(l.get(i)) - mean;
            sq += x * x;
        }
        return new double[] {mean, k > 1 ? Math.sqrt(sq / (k - 1)) : Double.NaN};
    }

    static String label(String peer) {
        for (String[] p : PEERS) {
            if (p[0].equals(peer)) {
                return p[1];
            }
        }
        return peer;
    }

    static String order(String peer) {
        for (String[] p : PEERS) {
            if (p[0].equals(peer)) {
                return p[2];
            }
        }
        return "";
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double peer, double corio) {
        if (Double.isNaN(peer) || Double.isNaN(corio) || corio == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f×", peer / corio);
    }

    // ------------------------------------------------------------------ markdown

    static String markdown(Data d, String png) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Corio against platform threads, virtual threads, `CompletableFuture` and Kotlin coroutines, "
                + "the same workloads written in each style and run side by side in one sitting with JMH "
                + "1.37. Generated by `benchmarks/run.sh ").append(d.meta("mode"))
                .append("` (`Report.java`); the analysis at the end is written by hand.\n\n");
        md.append("![chart](").append(png).append(")\n\n");
        md.append("Reproduce: `benchmarks/run.sh quick` (or `full`) builds `benchmarks/target/corio-benchmarks.jar`, runs "
                + "every JMH benchmark and the sleepers harness on JDK 25 with the options below, and rewrites this "
                + "file and the chart. The jar takes JMH's usual options too, e.g. `java -jar "
                + "benchmarks/target/corio-benchmarks.jar SwitchBench -prof gc`.\n\n");
        md.append("## The run\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(d.meta("date")).append(" |\n");
        md.append("| machine | ").append(d.meta("nproc")).append(" cores (`nproc`), ").append(d.meta("cpu"))
                .append(", ").append(d.meta("mem")).append(" RAM |\n");
        md.append("| JDK | ").append(d.meta("jdk")).append(" |\n");
        md.append("| JVM options | `").append(d.meta("heap")).append("` (fixed, pre-touched heap), G1 |\n");
        md.append("| JMH | `").append(d.meta("jmh")).append("` (mode ").append(d.meta("mode")).append(") |\n");
        md.append("| Kotlin | ").append(d.meta("kotlin")).append(" |\n");
        md.append("| load while running | ").append(d.meta("load")).append(" |\n");
        md.append("| duration | ").append(d.meta("duration")).append("; sleeper repetitions per peer: ")
                .append(d.meta("sleeperReps")).append(" |\n");
        if (!d.meta("note").equals("?") && !d.meta("note").isBlank()) {
            md.append("| note | ").append(d.meta("note")).append(" |\n");
        }
        md.append("\nCorio appears twice: its workloads written as hand-written state machines (`CorioPeers`, "
                + "what the processor is meant to generate, and the baseline) and as `@Async` methods compiled by "
                + "corio-processor (`AsyncWorkloads`). Ratios are to the hand-written version; the targets are "
                + "checked for both where both ran. The sleepers harness runs the hand-written version only.\n");
        md.append("\nFigures move between runs by more than JMH's error bars on this machine: compare peers as "
                + "ratios within this run. Error bars are JMH's 99.9% confidence half-width over the "
                + "measurement iterations (n/a where there were too few); with only three iterations in quick "
                + "mode that half-width is about 32 standard errors (Student's t, 2 degrees of freedom), so it often "
                + "exceeds the mean: one iteration that caught a GC or someone else's build widens it. "
                + "\"× Corio\" is the peer's time "
                + "divided by Corio's: above 1, Corio is faster.\n\n");

        md.append("## Targets\n\n");
        md.append(targets(d));

        for (Workload w : WORKLOADS) {
            md.append("\n## ").append(w.title()).append("\n\n");
            List<Figure> fs = figures(d, w);
            if (fs.isEmpty()) {
                md.append("Not run.\n");
                continue;
            }
            double corio = fs.stream().filter(f -> f.peer().equals("corio")).mapToDouble(Figure::value)
                    .findFirst().orElse(Double.NaN);
            md.append("| peer | ").append(w.unit()).append(" | ± | × Corio | scheduling order | raw |\n");
            md.append("|---|---:|---:|---:|---|---|\n");
            for (Figure f : fs) {
                md.append("| ").append(label(f.peer())).append(" | ").append(fmt(f.value())).append(" | ")
                        .append(fmt(f.error())).append(" | ").append(ratio(f.value(), corio)).append(" | ")
                        .append(order(f.peer())).append(" | ").append(f.detail()).append(" |\n");
            }
            md.append("\nMethod: ").append(w.method()).append('\n');
        }

        md.append("\n## 3. A million concurrent sleepers\n\n");
        md.append(sleepersTable(d));
        md.append("""

                Method: a separate JVM per peer (same heap options), `dev.corio.bench.Sleepers`. Start \
                1,000,000 tasks that each sleep an hour (`await sleep(3600)`, `delay`, `Thread.sleep`, a \
                `CompletableFuture` completed by a `ScheduledThreadPoolExecutor` timer) and time until all of \
                them have started; while they sleep, `System.gc()` twice and read the heap in use \
                (`MemoryMXBean`); then cancel all (`Task.cancel`, `Job.cancel` then `join`, \
                `Thread.interrupt` then `join`, `CompletableFuture.cancel` with remove-on-cancel timers) and time \
                until all are done. Heap per task = (heap after GC while sleeping − heap after GC before) / n; \
                every peer holds one array of handles, as a program would. RSS per task is the growth of the \
                process's resident set over the same span (thread stacks live outside the Java heap; the heap \
                itself is pre-touched, so it does not grow the RSS). Each peer runs the whole cycle several \
                times; the first is a warm-up and is left out; the table shows the mean ± standard deviation of \
                the rest. Platform threads: 10,000.
                """);

        md.append("\n## Issue 2: the loop itself (Corio only)\n\n");
        md.append("| benchmark | figure | ± | target |\n|---|---:|---:|---|\n");
        md.append("| call-soon throughput: `callSoon` + one tick running it | ")
                .append(fmt(value(d, "LoopBench.callSoon"))).append(" ns per callback | ")
                .append(fmt(error(d, "LoopBench.callSoon"))).append(" | |\n");
        md.append("| task switch through the loop (`sleep(0)`, 100 tasks) | ")
                .append(fmt(value(d, "SwitchBench.corio"))).append(" ns | ")
                .append(fmt(error(d, "SwitchBench.corio"))).append(" | ≤ 50 ns |\n");
        md.append("| a million timers: `callLater` (random delays in 0–10 s) then all fire, virtual clock | ")
                .append(fmt(value(d, "LoopBench.timers"))).append(" ns per timer | ")
                .append(fmt(error(d, "LoopBench.timers"))).append(" | |\n");
        Map<String, Object> cs = d.sleepers.get("corio");
        if (cs != null) {
            md.append("| retained heap per sleeping task (table 3) | ").append(fmt(series(cs, "heapBytesPerTask")[0]))
                    .append(" bytes | ").append(fmt(series(cs, "heapBytesPerTask")[1])).append(" | ≤ 300 B |\n");
        }
        md.append("\nThe timers are one binary heap (`TimerHandle[]`, ties broken by scheduling order); no other "
                + "structure was compared. A callback batch is 10,000 callbacks on a fresh loop.\n");

        md.append("\n## Issue 3: awaits that do not suspend\n\n");
        md.append("| benchmark | ns per await | ± | target |\n|---|---:|---:|---|\n");
        String[][] awaits = {
            {"handWrittenCompletedFuture", "hand-written: `await done[i & 7]` (completed `AsyncFuture`s)", "< 5 ns"},
            {"asyncCompletedFuture", "`@Async`: `await(done[i & 7])`", "< 5 ns, ≤ 1.2× hand-written"},
            {"handWrittenNonSuspendingCoroutine", "hand-written: `await plusOne(i)` (returns at once)", "< 20 ns"},
            {"asyncNonSuspendingCoroutine", "`@Async`: `await(plusOne(i))` on an `@Async` method", "< 20 ns, ≤ 1.2× hand-written"},
        };
        for (String[] a : awaits) {
            String b = "AwaitBench." + a[0];
            if (!d.jmh.containsKey(b)) {
                md.append("| ").append(a[1]).append(" | not run (the processor could not build it yet) | | ")
                        .append(a[2]).append(" |\n");
                continue;
            }
            md.append("| ").append(a[1]).append(" | ").append(fmt(value(d, b))).append(" | ")
                    .append(fmt(error(d, b))).append(" | ").append(a[2]).append(" |\n");
        }
        md.append("\nMethod: one task on a running loop awaits 1,000 times per invocation "
                + "(`@OperationsPerInvocation(1000)`), so the task's creation and the loop tick are amortised; "
                + "each await adds the awaited value to a sum the benchmark checks. The completed futures are eight "
                + "different ones taken in turn: with a single future the JIT hoisted the whole await out of the "
                + "hand-written loop, which then measured an empty loop (0.24 ns).\n");

        md.append("\n## Scheduling order of each runtime\n\n| peer | order |\n|---|---|\n");
        for (String[] p : PEERS) {
            md.append("| ").append(p[1]).append(" | ").append(p[2]).append(" |\n");
        }
        md.append("\nFirst-in-first-out schedulers run a fan-out breadth first: every node's tasks exist before "
                + "any finishes, so nearly the whole tree is alive at once. Last-in-first-out ones go depth first "
                + "and keep only a path alive.\n");

        md.append("\n## Fairness\n\n"
                + "- Every peer does the same work and returns a figure (yields made, tasks joined, nodes counted, "
                + "items summed) that the benchmark checks and returns to JMH, so nothing is dead code; a wrong "
                + "count fails the run.\n"
                + "- Same warm-up, iterations and forks for every peer; a fresh JVM per benchmark; the "
                + "one-carrier virtual-thread runs get `-Djdk.virtualThreadScheduler.parallelism=1` in their own "
                + "fork.\n"
                + "- `mvn -B -ntp verify` (CI) compiles all of this and runs every benchmark and peer once on small "
                + "sizes (`JmhSmokeTest`, `PeersSmokeTest`); it measures nothing.\n");

        Path analysis = Path.of("benchmarks/analysis.md");
        if (Files.exists(analysis)) {
            try {
                md.append('\n').append(Files.readString(analysis));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return md.toString();
    }

    static String sleepersTable(Data d) {
        if (d.sleepers.isEmpty()) {
            return "Not run.\n";
        }
        StringBuilder md = new StringBuilder();
        double corioStart = Double.NaN;
        double corioHeap = Double.NaN;
        double corioCancel = Double.NaN;
        Map<String, Object> c = d.sleepers.get("corio");
        if (c != null) {
            double n = Json.num(c.get("n"));
            corioStart = series(c, "startMs")[0] * 1e6 / n;
            corioCancel = series(c, "cancelMs")[0] * 1e6 / n;
            corioHeap = series(c, "heapBytesPerTask")[0];
        }
        md.append("| peer | tasks | heap bytes per task | × Corio | RSS bytes per task | start ns per task | × Corio "
                + "| start, total | cancel ns per task | × Corio | cancel, total |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String[] p : PEERS) {
            Map<String, Object> s = d.sleepers.get(p[0]);
            if (s == null) {
                continue;
            }
            if (s.containsKey("skipped")) {
                md.append("| ").append(p[1]).append(" | skipped: ").append(s.get("skipped")).append(" |||||||||\n");
                continue;
            }
            double n = Json.num(s.get("n"));
            double[] heap = series(s, "heapBytesPerTask");
            double[] rss = series(s, "rssBytesPerTask");
            double[] start = series(s, "startMs");
            double[] cancel = series(s, "cancelMs");
            md.append("| ").append(p[1]).append(" | ").append(String.format(Locale.ROOT, "%,.0f", n))
                    .append(p[0].equals("platform") ? " (capped)" : "").append(" | ")
                    .append(fmt(heap[0])).append(" ± ").append(fmt(heap[1])).append(" | ")
                    .append(ratio(heap[0], corioHeap)).append(" | ")
                    .append(fmt(rss[0])).append(" | ")
                    .append(fmt(start[0] * 1e6 / n)).append(" ± ").append(fmt(start[1] * 1e6 / n)).append(" | ")
                    .append(ratio(start[0] * 1e6 / n, corioStart)).append(" | ")
                    .append(fmt(start[0])).append(" ms | ")
                    .append(fmt(cancel[0] * 1e6 / n)).append(" ± ").append(fmt(cancel[1] * 1e6 / n)).append(" | ")
                    .append(ratio(cancel[0] * 1e6 / n, corioCancel)).append(" | ")
                    .append(fmt(cancel[0])).append(" ms |\n");
        }
        return md.toString();
    }

    static String targets(Data d) {
        StringBuilder md = new StringBuilder("| target | measured | met? |\n|---|---|---|\n");
        double sw = value(d, "SwitchBench.corio");
        target(md, "switch ≥ 10× cheaper than platform threads", value(d, "SwitchBench.platform") / sw, 10, true,
                "× cheaper");
        target(md, "switch ≥ 3× cheaper than virtual threads, 1 carrier", value(d, "SwitchBench.virtual1") / sw, 3,
                true, "× cheaper");
        target(md, "switch ≥ 3× cheaper than virtual threads, default carriers",
                value(d, "SwitchBench.virtualDefault") / sw, 3, true, "× cheaper");
        target(md, "switch within 1.2× of Kotlin on one thread (runBlocking loop)",
                sw / value(d, "SwitchBench.kotlinLoop"), 1.2, false, "× Kotlin's time");
        target(md, "switch within 1.2× of Kotlin on one thread (single-thread dispatcher)",
                sw / value(d, "SwitchBench.kotlinSingle"), 1.2, false, "× Kotlin's time");
        target(md, "switch ≤ 50 ns (issue 2)", sw, 50, false, " ns");
        target(md, "switch ≤ 50 ns, `@Async` version", value(d, "SwitchBench.corioAsync"), 50, false, " ns");
        target(md, "switch ≥ 3× cheaper than virtual threads (1 carrier), `@Async` version",
                value(d, "SwitchBench.virtual1") / value(d, "SwitchBench.corioAsync"), 3, true, "× cheaper");
        Map<String, Object> cs = d.sleepers.get("corio");
        Map<String, Object> vs = d.sleepers.get("virtualDefault");
        if (cs != null) {
            double h = series(cs, "heapBytesPerTask")[0];
            String vt = vs == null || vs.containsKey("skipped") ? "virtual threads not run"
                    : "virtual threads: " + fmt(series(vs, "heapBytesPerTask")[0]) + " B";
            md.append("| ≤ 300 bytes per sleeping task (issues 2 and 5) | ").append(fmt(h)).append(" B (")
                    .append(vt).append(") | ").append(h <= 300 ? "yes" : "no, " + fmt(h - 300) + " B over")
                    .append(" |\n");
        }
        target(md, "fan-out ≥ 2× faster than CompletableFuture", value(d, "FanOutBench.cf")
                / value(d, "FanOutBench.corio"), 2, true, "× faster");
        target(md, "fan-out ≥ 2× faster than CompletableFuture, `@Async` version", value(d, "FanOutBench.cf")
                / value(d, "FanOutBench.corioAsync"), 2, true, "× faster");
        target(md, "await a completed future < 5 ns (issue 3)", value(d, "AwaitBench.handWrittenCompletedFuture"), 5,
                false, " ns (hand-written)");
        target(md, "await a non-suspending coroutine < 20 ns (issue 3)",
                value(d, "AwaitBench.handWrittenNonSuspendingCoroutine"), 20, false, " ns (hand-written)");
        if (d.jmh.containsKey("AwaitBench.asyncCompletedFuture")) {
            target(md, "@Async await of a completed future ≤ 1.2× hand-written",
                    value(d, "AwaitBench.asyncCompletedFuture") / value(d, "AwaitBench.handWrittenCompletedFuture"),
                    1.2, false, "×");
            target(md, "@Async await of a non-suspending @Async method ≤ 1.2× hand-written",
                    value(d, "AwaitBench.asyncNonSuspendingCoroutine")
                            / value(d, "AwaitBench.handWrittenNonSuspendingCoroutine"), 1.2, false, "×");
        } else {
            md.append("| `@Async` ≤ 1.2× hand-written (issue 3) | not measured: the processor could not build the "
                    + "`@Async` versions in time | no |\n");
        }
        return md.toString();
    }

    private static void target(StringBuilder md, String what, double v, double bound, boolean atLeast, String unit) {
        md.append("| ").append(what).append(" | ");
        if (Double.isNaN(v)) {
            md.append("not run | no |\n");
            return;
        }
        md.append(fmt(v)).append(unit).append(" | ");
        boolean met = atLeast ? v >= bound : v <= bound;
        if (met) {
            md.append("yes");
        } else {
            md.append("no, missed by ").append(String.format(Locale.ROOT, "%.2f×", atLeast ? bound / v : v / bound));
        }
        md.append(" |\n");
    }

    // ------------------------------------------------------------------ chart

    static void chart(Data d, Path png) throws IOException {
        List<String> titles = new ArrayList<>();
        List<List<Figure>> panels = new ArrayList<>();
        for (Workload w : WORKLOADS) {
            titles.add(w.title().replaceFirst("^\\d\\. ", "") + " — " + w.unit());
            panels.add(figures(d, w));
        }
        for (String[] k : new String[][] {{"heapBytesPerTask", "1M sleepers — retained heap, bytes per task", "1"},
                {"startMs", "1M sleepers — start, ns per task", "1e6"},
                {"cancelMs", "1M sleepers — cancel, ns per task", "1e6"}}) {
            List<Figure> fs = new ArrayList<>();
            for (String[] p : PEERS) {
                Map<String, Object> s = d.sleepers.get(p[0]);
                if (s == null || s.containsKey("skipped")) {
                    continue;
                }
                double scale = Double.parseDouble(k[2]) / (k[2].equals("1") ? 1 : Json.num(s.get("n")));
                double[] m = series(s, k[0]);
                fs.add(new Figure(p[0], m[0] * scale, m[1] * scale, ""));
            }
            titles.add(k[1]);
            panels.add(fs);
        }
        int cols = 2;
        int rows = (panels.size() + cols - 1) / cols;
        int pw = 760;
        int ph = 330;
        int top = 60;
        BufferedImage img = new BufferedImage(cols * pw, top + rows * ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("Corio vs threads, virtual threads, CompletableFuture, Kotlin — lower is better (log scale)",
                16, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(d.meta("date") + " · " + d.meta("nproc") + " cores · " + d.meta("cpu") + " · " + d.meta("jdk")
                + " · run.sh " + d.meta("mode"), 16, 48);
        for (int i = 0; i < panels.size(); i++) {
            panel(g, (i % cols) * pw, top + (i / cols) * ph, pw, ph, titles.get(i), panels.get(i));
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String title, List<Figure> fs) {
        g.setColor(new Color(0xDDDDDD));
        g.drawRect(x + 6, y + 4, w - 12, h - 10);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, x + 14, y + 24);
        if (fs.isEmpty()) {
            g.drawString("not run", x + 14, y + 50);
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int labelW = 250;
        int barX = x + 14 + labelW;
        int barMax = w - labelW - 110;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Figure f : fs) {
            if (f.value() > 0) {
                min = Math.min(min, f.value());
                max = Math.max(max, f.value());
            }
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min)) - 0.3);
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        double span = Math.log10(hi) - Math.log10(lo);
        int rowH = Math.min(30, (h - 50) / fs.size());
        for (int i = 0; i < fs.size(); i++) {
            Figure f = fs.get(i);
            int ry = y + 38 + i * rowH;
            g.setColor(Color.DARK_GRAY);
            String lbl = label(f.peer());
            while (fm.stringWidth(lbl) > labelW - 8) {
                lbl = lbl.substring(0, lbl.length() - 2);
            }
            g.drawString(lbl, x + 14, ry + rowH / 2 + 4);
            if (!(f.value() > 0)) {
                continue;
            }
            int len = (int) Math.max(2, barMax * (Math.log10(f.value()) - Math.log10(lo)) / span);
            g.setColor(f.peer().startsWith("corio") ? new Color(0xD9480F) : new Color(0x4C6EF5));
            g.fillRect(barX, ry + 4, len, rowH - 8);
            int textX = barX + len + 8;
            if (f.error() > 0 && !Double.isNaN(f.error())) {
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.2f));
                double l1 = Math.max(lo, f.value() - f.error());
                double l2 = f.value() + f.error();
                int e1 = barX + (int) (barMax * (Math.log10(l1) - Math.log10(lo)) / span);
                int e2 = barX + (int) (barMax * (Math.log10(l2) - Math.log10(lo)) / span);
                int cy = ry + rowH / 2;
                g.drawLine(e1, cy, e2, cy);
                g.drawLine(e1, cy - 4, e1, cy + 4);
                g.drawLine(e2, cy - 4, e2, cy + 4);
                textX = Math.max(textX, e2 + 8);
            }
            g.setColor(Color.BLACK);
            g.drawString(fmt(f.value()), textX, ry + rowH / 2 + 4);
        }
    }
}
