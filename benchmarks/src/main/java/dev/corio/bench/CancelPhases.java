package dev.corio.bench;

import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;

/**
 * Issue 14: {@code CancelBench.corio}'s invocation cut into its three phases, each timed on its own with
 * {@code System.nanoTime} (a diagnostic, not a JMH benchmark: the JMH figure is CancelBench's): the cancel
 * requests of 100k sleeping tasks, the loop tick that throws each cancellation and finishes the tasks (the
 * timer queue's sweep included), and the benchmark's own check. Prints ns per task, the mean over the second
 * half of {@code reps} repetitions. {@code java -cp corio-benchmarks.jar dev.corio.bench.CancelPhases 200}
 */
public final class CancelPhases {
    private CancelPhases() {
    }

    public static void main(String[] a) {
        int n = 100_000;
        EventLoop loop = EventLoop.create();
        int[] sleeping = new int[1];
        Task<?>[] tasks = new Task<?>[n];
        long[] sum = new long[3];
        int reps = Integer.parseInt(a[0]);
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < n; k++) {
                tasks[k] = loop.createTask(new CorioPeers.Sleeper(sleeping));
            }
            loop.runUntilComplete(Corio.sleep(0));
            long t0 = System.nanoTime();
            for (Task<?> t : tasks) {
                t.cancel();
            }
            long t1 = System.nanoTime();
            loop.runUntilComplete(Corio.sleep(0));
            long t2 = System.nanoTime();
            int c = 0;
            for (Task<?> t : tasks) {
                c += t.isCancelled() ? 1 : 0;
            }
            long t3 = System.nanoTime();
            if (c != n) throw new IllegalStateException();
            if (r >= reps / 2) {
                sum[0] += t1 - t0; sum[1] += t2 - t1; sum[2] += t3 - t2;
            }
        }
        int m = reps - reps / 2;
        System.out.printf("cancel %.1f  tick %.1f  check %.1f ns per task%n", sum[0] / (double) m / n, sum[1] / (double) m / n, sum[2] / (double) m / n);
    }
}
