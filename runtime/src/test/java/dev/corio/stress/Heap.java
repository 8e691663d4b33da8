package dev.corio.stress;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap figures for the stress tests. */
final class Heap {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Heap() {
    }

    /** Nanoseconds spent in {@link #usedAfterGc()} so far, for timings that should leave it out. */
    static long gcNanos;

    /** Bytes of heap in use after a few full collections. */
    static long usedAfterGc() {
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        gcNanos += System.nanoTime() - t0;
        return used;
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }

    /** Prints a figure for docs/stress.md, one line per figure, prefixed so it can be grepped from the log. */
    static void figure(String test, String text) {
        System.out.println("STRESS " + test + ": " + text);
    }
}
