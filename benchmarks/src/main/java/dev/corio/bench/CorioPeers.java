package dev.corio.bench;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.util.ArrayDeque;
import java.util.function.IntFunction;

/**
 * The Corio side of every workload, written as the state machines the {@code @Async} processor generates
 * (subclasses of {@link Coroutine}; see the coroutine contract). Each public method runs one whole workload
 * on a fresh loop ({@link Corio#run}) and returns a figure the caller checks, so nothing can be optimised
 * away and a wrong result is caught by the smoke tests.
 *
 * <p>Corio's loop runs the ready queue first in, first out, like asyncio.
 */
public final class CorioPeers {
    private CorioPeers() {
    }

    static final Integer ONE = 1;

    // ------------------------------------------------------------------ (1) switch

    /** {@code tasks} tasks each {@code await sleep(0)} {@code rounds} times; returns the number of yields. */
    public static long switchYield(int tasks, int rounds) {
        return Corio.run(new JoinAll(tasks, k -> new Yielder(rounds)));
    }

    /** {@code for (i = 0; i < rounds; i++) await sleep(0); return rounds;} */
    static final class Yielder extends Coroutine<Integer> {
        private final int rounds;
        private int done;

        Yielder(int rounds) {
            this.rounds = rounds;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            while (done < rounds) {
                done++;
                if (Corio.sleep(0).awaitFrom(this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return rounds;
        }
    }

    /**
     * Creates {@code n} tasks, then awaits them in order and sums their integer results:
     * {@code tasks = [createTask(make(k)) for k]; for t in tasks: sum += await t}.
     */
    static final class JoinAll extends Coroutine<Long> {
        private final int n;
        private final IntFunction<Coroutine<Integer>> make;
        private Task<?>[] tasks;
        private int i;
        private long sum;

        JoinAll(int n, IntFunction<Coroutine<Integer>> make) {
            this.n = n;
            this.make = make;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (tasks == null) {
                EventLoop loop = loop();
                tasks = new Task<?>[n];
                for (int k = 0; k < n; k++) {
                    tasks[k] = loop.createTask(make.apply(k));
                }
            } else {
                sum += (Integer) value;
                tasks[i++] = null;
            }
            while (i < n) {
                Object r = tasks[i].awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                sum += (Integer) r;
                tasks[i++] = null;
            }
            return sum;
        }
    }

    // ------------------------------------------------------------------ (2) spawn and join

    /** Creates {@code n} tasks that each return 1 at once, awaits them all; returns the sum (n). */
    public static long spawnJoin(int n) {
        return Corio.run(new JoinAll(n, k -> new ReturnOne()));
    }

    /** {@code return 1;} */
    static final class ReturnOne extends Coroutine<Integer> {
        @Override
        protected Object resume(Object value, Throwable error) {
            return ONE;
        }
    }

    /** {@link #spawnJoin} on a loop with eager task start (issue 14's opt-in): each task is done when created. */
    public static long spawnJoinEager(int n) {
        return runEager(new JoinAll(n, k -> new ReturnOne()));
    }

    /** A fresh real-clock loop with {@link EventLoop#setEagerTaskStart} on, run until {@code main} completes. */
    static <T> T runEager(Coroutine<T> main) {
        EventLoop loop = EventLoop.create();
        loop.setEagerTaskStart(true);
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ (3) sleepers

    /**
     * Starts {@code n} tasks that each {@code await sleep(3600)}, runs {@code whileSleeping} once they all
     * sleep, then cancels them all and waits until they are done.
     *
     * @return {nanoseconds to start them all, nanoseconds to cancel them all}
     */
    public static long[] sleepers(int n, Runnable whileSleeping) {
        SleepersMain main = new SleepersMain(n, whileSleeping);
        Corio.run(main);
        return new long[] {main.startNanos, main.cancelNanos};
    }

    /** {@code sleeping++; await sleep(3600);} */
    static final class Sleeper extends Coroutine<Integer> {
        private final int[] sleeping;
        private boolean started;

        Sleeper(int[] sleeping) {
            this.sleeping = sleeping;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (!started) {
                started = true;
                sleeping[0]++;
                if (Corio.sleep(3600).awaitFrom(this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return ONE;
        }
    }

    static final class SleepersMain extends Coroutine<Void> {
        private final int n;
        private final Runnable whileSleeping;
        private final int[] sleeping = new int[1];
        private Task<?>[] tasks;
        private int state;
        private long t0;
        long startNanos;
        long cancelNanos;

        SleepersMain(int n, Runnable whileSleeping) {
            this.n = n;
            this.whileSleeping = whileSleeping;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            switch (state) {
                case 0 -> {
                    t0 = System.nanoTime();
                    EventLoop loop = loop();
                    tasks = new Task<?>[n];
                    for (int k = 0; k < n; k++) {
                        tasks[k] = loop.createTask(new Sleeper(sleeping));
                    }
                    state = 1;
                    return Corio.sleep(0).awaitFrom(this); // the tasks run their first step before we come back
                }
                case 1 -> {
                    if (sleeping[0] != n) {
                        return Corio.sleep(0).awaitFrom(this);
                    }
                    startNanos = System.nanoTime() - t0;
                    whileSleeping.run();
                    t0 = System.nanoTime();
                    for (Task<?> t : tasks) {
                        t.cancel();
                    }
                    state = 2;
                    return Corio.sleep(0).awaitFrom(this); // the cancelled tasks finish before we come back
                }
                default -> {
                    for (Task<?> t : tasks) {
                        if (!t.isCancelled()) {
                            return Corio.sleep(0).awaitFrom(this);
                        }
                    }
                    cancelNanos = System.nanoTime() - t0;
                    tasks = null;
                    return null;
                }
            }
        }
    }

    // ------------------------------------------------------------------ (4) fan-out

    /** Counts the tree's nodes with one task per node; returns the count. */
    public static int fanOut(Tree tree) {
        return Corio.run(new Count(tree.root));
    }

    /** {@link #fanOut} on a loop with eager task start: a leaf's task is done when created. */
    public static int fanOutEager(Tree tree) {
        return runEager(new Count(tree.root));
    }

    /**
     * {@code tasks = [createTask(count(c)) for c in node.children]; sum = 1; for t in tasks: sum += await t;
     * return sum}: the article's recursive comment count, with zero latency.
     */
    static final class Count extends Coroutine<Integer> {
        private final Tree.Node node;
        private Task<?>[] kids;
        private int i;
        private int sum;

        Count(Tree.Node node) {
            this.node = node;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (kids == null) {
                Tree.Node[] cs = node.children;
                if (cs.length == 0) {
                    return ONE;
                }
                EventLoop loop = loop();
                kids = new Task<?>[cs.length];
                for (int k = 0; k < cs.length; k++) {
                    kids[k] = loop.createTask(new Count(cs[k]));
                }
                sum = 1;
            } else {
                sum += (Integer) value;
                i++;
            }
            while (i < kids.length) {
                Object r = kids[i].awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                sum += (Integer) r;
                i++;
            }
            kids = null;
            return sum;
        }
    }

    // ------------------------------------------------------------------ (5) producer / consumer

    /**
     * One producer puts {@code n} integers into a {@link BenchQueue} of {@code capacity}, one consumer takes
     * them; returns the consumer's sum.
     */
    public static long producerConsumer(int n, int capacity) {
        BenchQueue<Integer> q = new BenchQueue<>(capacity);
        return Corio.run(new PipeMain(q, n));
    }

    static final class PipeMain extends Coroutine<Long> {
        private final BenchQueue<Integer> q;
        private final int n;
        private Task<?> consumer;

        PipeMain(BenchQueue<Integer> q, int n) {
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

    /** {@code for (i = 0; i < n; i++) await q.put(i);} */
    static final class Producer extends Coroutine<Integer> {
        private final BenchQueue<Integer> q;
        private final int n;
        private int i;

        Producer(BenchQueue<Integer> q, int n) {
            this.q = q;
            this.n = n;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            while (i < n) {
                if (q.tryPut(i)) {
                    i++;
                } else if (q.whenNotFull().awaitFrom(this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return ONE;
        }
    }

    /** {@code for (i = 0; i < n; i++) sum += await q.get(); return sum;} */
    static final class Consumer extends Coroutine<Long> {
        private final BenchQueue<Integer> q;
        private final int n;
        private int i;
        private long sum;

        Consumer(BenchQueue<Integer> q, int n) {
            this.q = q;
            this.n = n;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            while (i < n) {
                Integer v = q.tryGet();
                if (v != null) {
                    sum += v;
                    i++;
                } else if (q.whenNotEmpty().awaitFrom(this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return sum;
        }
    }

    /**
     * BENCHMARK-ONLY bounded queue: Corio has no {@code Queue} type yet, so this is the smallest asyncio-style
     * queue that does the job (a put waits while full, a get while empty, each woken through a future by the
     * other side, one loop tick later, as in asyncio). Single producer, single consumer; no cancellation
     * handling. Replace it with the runtime's queue when one lands.
     */
    public static final class BenchQueue<T> {
        private final ArrayDeque<T> items;
        private final int capacity;
        private AsyncFuture<Void> notFull;
        private AsyncFuture<Void> notEmpty;

        BenchQueue(int capacity) {
            this.capacity = capacity;
            this.items = new ArrayDeque<>(capacity);
        }

        boolean tryPut(T item) {
            if (items.size() >= capacity) {
                return false;
            }
            items.addLast(item);
            AsyncFuture<Void> w = notEmpty;
            if (w != null) {
                notEmpty = null;
                w.setResult(null);
            }
            return true;
        }

        T tryGet() {
            T item = items.pollFirst();
            if (item != null) {
                AsyncFuture<Void> w = notFull;
                if (w != null) {
                    notFull = null;
                    w.setResult(null);
                }
            }
            return item;
        }

        Awaitable<Void> whenNotFull() {
            return notFull = EventLoop.running().createFuture();
        }

        Awaitable<Void> whenNotEmpty() {
            return notEmpty = EventLoop.running().createFuture();
        }
    }

    // ------------------------------------------------------------------ issue 2: the loop itself

    /** Schedules {@code n} callbacks with callSoon and runs the loop until they ran; returns how many ran. */
    public static long callSoon(int n) {
        EventLoop loop = EventLoop.create();
        Counter c = new Counter();
        for (int i = 0; i < n; i++) {
            loop.callSoon(c);
        }
        loop.callSoon(loop::stop);
        loop.runForever();
        loop.close();
        return c.count;
    }

    /**
     * Schedules one timer per entry of {@code delays} (seconds) on a virtual-clock loop and runs until all
     * fired (the clock jumps, so this measures the heap and the loop, not waiting); returns how many fired.
     */
    public static long timers(double[] delays) {
        EventLoop loop = EventLoop.virtual();
        Counter c = new Counter();
        double max = 0;
        for (double d : delays) {
            loop.callLater(d, c);
            max = Math.max(max, d);
        }
        loop.callLater(max + 1, loop::stop);
        loop.runForever();
        loop.close();
        return c.count;
    }

    static final class Counter implements Runnable {
        long count;

        @Override
        public void run() {
            count++;
        }
    }

    // ------------------------------------------------------------------ issue 3: awaits that do not suspend

    /**
     * Hand-written baseline: {@code for (i = 0; i < n; i++) sum += await done[i & 7];} where every
     * {@code done[k]} is an already-completed future. Eight different futures (not one): with a single
     * future the JIT hoists its completed check and its result out of the loop and the figure measures an
     * empty loop (0.24 ns per "await"), which no generated machine can match and no real program sees.
     */
    public static final class AwaitDoneLoop extends Coroutine<Long> {
        private final AsyncFuture<Integer>[] done;
        private final int n;
        private int i;
        private long sum;
        /** 0: not suspended yet; 1: suspended at the await (what a hand-writer records for one await). */
        private int state;

        public AwaitDoneLoop(AsyncFuture<Integer>[] done, int n) {
            this.done = done;
            this.n = n;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (state == 1) {
                if (error != null) {
                    throw error;
                }
                sum += (Integer) value;
                i++;
            }
            while (i < n) {
                Object r = done[i & 7].awaitFrom(this);
                if (r == SUSPENDED) {
                    state = 1;
                    return SUSPENDED;
                }
                sum += (Integer) r;
                i++;
            }
            return sum;
        }
    }

    /** Hand-written baseline: {@code for (i = 0; i < n; i++) sum += await plusOne(i);}. */
    public static final class AwaitCoroutineLoop extends Coroutine<Long> {
        private final int n;
        private int i;
        private long sum;

        public AwaitCoroutineLoop(int n) {
            this.n = n;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (value != null) {
                sum += (Integer) value;
                i++;
            }
            while (i < n) {
                Object r = new PlusOne(i).awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                sum += (Integer) r;
                i++;
            }
            return sum;
        }
    }

    /** Hand-written {@code @Async int plusOne(int x) { return x + 1; }}: finishes without suspending. */
    static final class PlusOne extends Coroutine<Integer> {
        private final int x;

        PlusOne(int x) {
            this.x = x;
        }

        @Override
        protected Object resume(Object value, Throwable error) {
            return x + 1;
        }
    }
}
