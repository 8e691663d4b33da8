package dev.corio.bench;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.Task;
import dev.corio.queues.AsyncQueue;
import dev.corio.sync.Lock;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Corio and thread sides of the issue-11 workloads (the runtime's own queue and lock, a context-variable
 * read), as hand-written state machines, what the processor generates for the {@code async def}s quoted on
 * each class. The Kotlin sides are in {@code KotlinPeers}.
 */
public final class SyncPeers {
    private SyncPeers() {
    }

    private static final Integer ONE = 1;

    // ------------------------------------------------------------------ producer and consumer, AsyncQueue

    /** One producer puts {@code 0..n-1} into an {@link AsyncQueue} of {@code capacity}, one consumer sums them. */
    public static long producerConsumer(int n, int capacity) {
        return Corio.run(new PipeMain(new AsyncQueue<>(capacity), n));
    }

    static final class PipeMain extends Coroutine<Long> {
        private final AsyncQueue<Integer> q;
        private final int n;
        private Task<?> consumer;

        PipeMain(AsyncQueue<Integer> q, int n) {
            this.q = q;
            this.n = n;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (consumer == null) {
                consumer = loop().createTask(new Consumer(q, n));
                loop().createTask(new Producer(q, n));
                return consumer.awaitFrom(this);
            }
            return value;
        }
    }

    /** {@code for i in range(n): await q.put(i)} */
    static final class Producer extends Coroutine<Integer> {
        private final AsyncQueue<Integer> q;
        private final int n;
        private int i;
        private boolean waiting;

        Producer(AsyncQueue<Integer> q, int n) {
            this.q = q;
            this.n = n;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (waiting) {
                waiting = false; // the put that suspended has put its item
                i++;
            }
            while (i < n) {
                if (q.put(i).awaitFrom(this) == SUSPENDED) {
                    waiting = true;
                    return SUSPENDED;
                }
                i++;
            }
            return ONE;
        }
    }

    /** {@code s = 0; for _ in range(n): s += await q.get(); return s} */
    static final class Consumer extends Coroutine<Long> {
        private final AsyncQueue<Integer> q;
        private final int n;
        private int i;
        private long sum;
        private boolean waiting;

        Consumer(AsyncQueue<Integer> q, int n) {
            this.q = q;
            this.n = n;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (waiting) {
                waiting = false;
                sum += (Integer) value;
                i++;
            }
            while (i < n) {
                Object v = q.get().awaitFrom(this);
                if (v == SUSPENDED) {
                    waiting = true;
                    return SUSPENDED;
                }
                sum += (Integer) v;
                i++;
            }
            return sum;
        }
    }

    // ------------------------------------------------------------------ lock hand-off

    /**
     * {@code tasks} tasks each take the lock {@code rounds} times and yield once while holding it, so every
     * other task queues on the lock and each release hands it to the next in line; returns the holds made.
     */
    public static long lockHandoff(int tasks, int rounds) {
        return Corio.run(new LockMain(new Lock(), tasks, rounds));
    }

    static final class LockMain extends Coroutine<Long> {
        private final Lock lock;
        private final int tasks;
        private final int rounds;
        private final long[] holds = new long[1];
        private Task<?>[] workers;
        private int joined;

        LockMain(Lock lock, int tasks, int rounds) {
            this.lock = lock;
            this.tasks = tasks;
            this.rounds = rounds;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (workers == null) {
                workers = new Task<?>[tasks];
                for (int k = 0; k < tasks; k++) {
                    workers[k] = loop().createTask(new LockWorker(lock, rounds, holds));
                }
            }
            while (joined < tasks) {
                if (workers[joined++].awaitFrom(this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return holds[0];
        }
    }

    /** {@code for _ in range(rounds): async with lock: await sleep(0)} */
    static final class LockWorker extends Coroutine<Integer> {
        private final Lock lock;
        private final int rounds;
        private final long[] holds;
        private int i;
        /** 0: acquire next; 1: suspended in acquire; 2: suspended in the yield, holding the lock. */
        private int state;

        LockWorker(Lock lock, int rounds, long[] holds) {
            this.lock = lock;
            this.rounds = rounds;
            this.holds = holds;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                if (state == 2) {
                    lock.release();
                }
                throw error;
            }
            for (;;) {
                switch (state) {
                    case 0:
                        if (i == rounds) {
                            return ONE;
                        }
                        state = 1;
                        if (lock.acquire().awaitFrom(this) == SUSPENDED) {
                            return SUSPENDED;
                        }
                        // fall through: acquired without waiting
                    case 1:
                        holds[0]++;
                        state = 2;
                        if (Corio.sleep(0).awaitFrom(this) == SUSPENDED) {
                            return SUSPENDED;
                        }
                        // fall through
                    case 2:
                        lock.release();
                        i++;
                        state = 0;
                        break;
                    default:
                        throw new IllegalStateException("state " + state);
                }
            }
        }
    }

    /** The thread side: {@code lock(); Thread.yield(); unlock();} {@code rounds} times in each of {@code tasks} threads. */
    public static long lockHandoff(ThreadFactory f, boolean fair, int tasks, int rounds) throws InterruptedException {
        ReentrantLock lock = new ReentrantLock(fair);
        AtomicLong total = new AtomicLong();
        long[] holds = new long[1];
        Thread[] ts = new Thread[tasks];
        for (int k = 0; k < tasks; k++) {
            ts[k] = f.newThread(() -> {
                int i = 0;
                for (; i < rounds; i++) {
                    lock.lock();
                    try {
                        holds[0]++;
                        Thread.yield();
                    } finally {
                        lock.unlock();
                    }
                }
                total.addAndGet(i);
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        lock.lock();
        try {
            Peers.check(total.get(), holds[0], "holds counted under the lock");
        } finally {
            lock.unlock();
        }
        return holds[0];
    }

}
