package dev.corio.subprocess;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads behind every subprocess pipe of the JVM: Java's process pipes are blocking streams that no
 * selector takes, so the loops cannot watch them. There are at most {@link #POOL_SIZE} + 1 of them,
 * whatever the number of processes and loops, all daemons, started on first use:
 *
 * <ul>
 *   <li>one <b>poller</b> ({@code corio-subprocess-poller}) reads every stdout and stderr pipe without
 *   blocking: it reads only what {@link InputStream#available()} says is there, hands it to the pipe's
 *   loop with {@code callSoonThreadsafe}, and sleeps (100 µs growing to 5 ms) when a round found nothing;
 *   it parks while no pipe is open. A paused pipe (its reader is full) is skipped: the child then blocks
 *   on its own write, and memory stays bounded.</li>
 *   <li>a <b>pool</b> of {@link #POOL_SIZE} threads ({@code corio-subprocess-io-N}, idle ones end after 30
 *   s) for what must block: writes to stdin pipes (one chunk of at most 64 KiB per task) and the last read
 *   of a pipe once its process has exited (to see its end).</li>
 * </ul>
 */
final class PipePump {
    /** Threads of the blocking pool. */
    static final int POOL_SIZE = 4;
    /** Most bytes read or written per step. */
    static final int CHUNK = 64 * 1024;
    /**
     * How long the poller keeps reading a pipe without blocking after its process has exited, before the
     * last, blocking read. The JDK's reaper thread marks the process exited and only then drains each
     * pipe into memory and closes it ({@code processExited}), under the stream's lock: a blocking read
     * started in between holds that lock, so when a grandchild keeps the pipe open the drain (and the end
     * of the pipe) waits for the grandchild. The grace lets the reaper finish first.
     */
    static final long EXIT_GRACE_NANOS = 2_000_000;

    private static final PipePump INSTANCE = new PipePump();

    private final ConcurrentLinkedQueue<PipeReadTransport> readers = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private volatile Thread poller;

    private PipePump() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "corio-subprocess-io-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        pool = p;
    }

    static PipePump get() {
        return INSTANCE;
    }

    /** Runs blocking work on the pool. */
    void execute(Runnable work) {
        pool.execute(work);
    }

    /** Starts polling {@code r}. */
    void register(PipeReadTransport r) {
        readers.add(r);
        Thread t = poller;
        if (t == null) {
            synchronized (this) {
                if (poller == null) {
                    t = new Thread(this::poll, "corio-subprocess-poller");
                    t.setDaemon(true);
                    poller = t;
                    t.start();
                    return;
                }
                t = poller;
            }
        }
        LockSupport.unpark(t);
    }

    /** Makes the poller look again soon (a pipe was resumed). */
    void nudge() {
        Thread t = poller;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void poll() {
        long idleNanos = 100_000;
        while (true) {
            if (readers.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            boolean progress = false;
            for (PipeReadTransport r : readers) {
                if (r.isDone()) {
                    readers.remove(r);
                    continue;
                }
                if (r.isPausedForPoller()) {
                    continue;
                }
                try {
                    progress |= step(r);
                } catch (Throwable e) {
                    readers.remove(r);
                    r.deliverError(e);
                }
            }
            if (progress) {
                idleNanos = 100_000;
            } else {
                LockSupport.parkNanos(this, idleNanos);
                idleNanos = Math.min(idleNanos * 2, 5_000_000);
            }
        }
    }

    /** Reads what {@code r} has without blocking; true if it read anything. */
    private boolean step(PipeReadTransport r) throws IOException {
        InputStream in = r.stream();
        int available = in.available();
        if (available > 0) {
            byte[] data = new byte[Math.min(available, CHUNK)];
            int n = in.read(data, 0, data.length); // never blocks: no more than available
            if (n < 0) {
                readers.remove(r);
                r.deliverEof();
                return true;
            }
            r.deliver(n == data.length ? data : java.util.Arrays.copyOf(data, n));
            return true;
        }
        if (!r.process().isAlive()) {
            // the process is gone: what is left ends soon (the JDK drains and closes the pipe at exit);
            // after the grace (see EXIT_GRACE_NANOS), read it to the end on the pool, which may block a moment
            long now = System.nanoTime();
            if (r.exitSeenNanos == 0) {
                r.exitSeenNanos = now | 1; // never 0
                return true; // look again soon: the poller's back-off starts over
            }
            if (now - r.exitSeenNanos < EXIT_GRACE_NANOS) {
                return false;
            }
            readers.remove(r);
            pool.execute(() -> drainToEof(r));
            return true;
        }
        return false;
    }

    private static void drainToEof(PipeReadTransport r) {
        InputStream in = r.stream();
        byte[] buf = new byte[CHUNK];
        try {
            while (!r.isDone()) {
                while (r.isPausedForPoller() && !r.isDone()) {
                    LockSupport.parkNanos(1_000_000);
                }
                int n = in.read(buf);
                if (n < 0) {
                    r.deliverEof();
                    return;
                }
                r.deliver(java.util.Arrays.copyOf(buf, n));
            }
        } catch (Throwable e) {
            r.deliverError(e);
        }
    }
}
