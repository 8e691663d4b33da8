package dev.corio.bench;

import dev.corio.Corio;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 6 (issue 8), a generator pipeline: produce {@code items} ints, map {@code x * 3}, keep the even
 * ones, sum. Corio: an {@code @Async} generator consumed by an async for with the map and filter inline
 * ({@code corioLoop}) or through {@code AsyncIterables} ({@code corioOperators}), each on a fresh loop;
 * baselines: a plain {@code Iterator} with the same loop ({@code iterator}), the same iterator through a
 * map/filter/map iterator chain and a boxed reduce ({@code iteratorChain}, the operators' shape), an
 * {@code IntStream}; Kotlin {@code Flow}
 * ({@code flow { emit }.map.filter.fold} under {@code runBlocking}); a virtual-thread producer handing each
 * item over a {@code SynchronousQueue} or an {@code ArrayBlockingQueue(128)}. Score: milliseconds per batch
 * (single shot); the report divides by the item count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GeneratorBench {
    @Param("1000000")
    public int items;

    private static final GeneratorWorkloads W = GeneratorWorkloads.create();

    @Benchmark
    public long corioLoop() {
        return checked(Corio.run(W.loopSum(items)));
    }

    @Benchmark
    public long corioOperators() {
        return checked(Corio.run(W.operatorSum(items)));
    }

    @Benchmark
    public long iterator() {
        Iterator<Integer> it = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < items;
            }

            @Override
            public Integer next() {
                if (i >= items) {
                    throw new NoSuchElementException();
                }
                return i++;
            }
        };
        long sum = 0;
        while (it.hasNext()) {
            int y = it.next() * 3;
            if ((y & 1) == 0) {
                sum += y;
            }
        }
        return checked(sum);
    }

    /**
     * The operators' shape with plain iterators: the same source, then a map, filter, map iterator chain
     * (generic classes over {@code Function}/{@code Predicate}, as {@code AsyncIterables}'), reduced with
     * {@code Long::sum} on boxed {@code Long}s, the peer of {@code corioOperators} as {@code iterator} is
     * of {@code corioLoop}.
     */
    @Benchmark
    public long iteratorChain() {
        Iterator<Long> it = new MapIterator<Integer, Long>(new FilterIterator<>(new MapIterator<Integer, Integer>(
                source(), x -> x * 3), y -> (y & 1) == 0), y -> (long) y);
        BinaryOperator<Long> op = Long::sum;
        Long acc = 0L;
        while (it.hasNext()) {
            acc = op.apply(acc, it.next());
        }
        return checked(acc);
    }

    private Iterator<Integer> source() {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < items;
            }

            @Override
            public Integer next() {
                if (i >= items) {
                    throw new NoSuchElementException();
                }
                return i++;
            }
        };
    }

    static final class MapIterator<T, R> implements Iterator<R> {
        private final Iterator<T> source;
        private final Function<? super T, ? extends R> f;

        MapIterator(Iterator<T> source, Function<? super T, ? extends R> f) {
            this.source = source;
            this.f = f;
        }

        @Override
        public boolean hasNext() {
            return source.hasNext();
        }

        @Override
        public R next() {
            return f.apply(source.next());
        }
    }

    /** Looks one value ahead, as a filter over an {@code Iterator} must. */
    static final class FilterIterator<T> implements Iterator<T> {
        private final Iterator<T> source;
        private final Predicate<? super T> p;
        private T next;
        private boolean ready;

        FilterIterator(Iterator<T> source, Predicate<? super T> p) {
            this.source = source;
            this.p = p;
        }

        @Override
        public boolean hasNext() {
            while (!ready && source.hasNext()) {
                T v = source.next();
                if (p.test(v)) {
                    next = v;
                    ready = true;
                }
            }
            return ready;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            T v = next;
            next = null;
            return v;
        }
    }

    /**
     * The floor of any protocol in which a generator stays a resumable object of its own (what docs/generators.md
     * argues with these numbers): a hand-written state machine shaped as the processor's {@code Ints} (a
     * {@code switch} on a state field, the counter a field, the value boxed and returned as an {@code Object},
     * a sentinel at the end), resumed by a plain loop with no Corio code at all. The machine is reachable from
     * outside the loop ({@link #escaped}), as a generator is (its loop tracks it for
     * {@code shutdownAsyncgens}, the consumer's machine holds it in a field), so its fields are real stores.
     */
    @Benchmark
    public long machineFloor() {
        IntsMachine m = new IntsMachine(items);
        escaped = m;
        long sum = 0;
        for (Object r; (r = m.resume()) != IntsMachine.FINISHED; ) {
            int y = (Integer) r * 3;
            if ((y & 1) == 0) {
                sum += y;
            }
        }
        return checked(sum);
    }

    /** {@link #machineFloor} with the value handed over in an {@code int} field instead of a box. */
    @Benchmark
    public long machineFloorUnboxed() {
        IntsMachine m = new IntsMachine(items);
        escaped = m;
        long sum = 0;
        while (m.resumeUnboxed()) {
            int y = m.out * 3;
            if ((y & 1) == 0) {
                sum += y;
            }
        }
        return checked(sum);
    }

    /** Where the floor peers' machine is reachable from, as a generator is from its loop. */
    public Object escaped;

    /** A hand-written generator machine: {@code for (int i = 0; i < n; i++) emit(i);}. */
    static final class IntsMachine {
        static final Object FINISHED = new Object();
        private final int n;
        private int i;
        private int state;
        int out;

        IntsMachine(int n) {
            this.n = n;
        }

        Object resume() {
            for (;;) {
                switch (state) {
                    case 0:
                        i = 0;
                        state = 1;
                        continue;
                    case 1:
                        if (i >= n) {
                            state = 3;
                            return FINISHED;
                        }
                        state = 2;
                        return Integer.valueOf(i);
                    case 2:
                        i++;
                        state = 1;
                        continue;
                    default:
                        return FINISHED;
                }
            }
        }

        boolean resumeUnboxed() {
            for (;;) {
                switch (state) {
                    case 0:
                        i = 0;
                        state = 1;
                        continue;
                    case 1:
                        if (i >= n) {
                            state = 3;
                            return false;
                        }
                        state = 2;
                        out = i;
                        return true;
                    case 2:
                        i++;
                        state = 1;
                        continue;
                    default:
                        return false;
                }
            }
        }
    }

    @Benchmark
    public long stream() {
        return checked(IntStream.range(0, items).map(x -> x * 3).filter(y -> (y & 1) == 0).asLongStream().sum());
    }

    @Benchmark
    public long kotlinFlow() {
        return checked(KotlinPeers.flowPipeline(items));
    }

    @Benchmark
    public long virtualSynchronousQueue() throws InterruptedException {
        return checked(handOff(new SynchronousQueue<>()));
    }

    @Benchmark
    public long virtualArrayBlockingQueue() throws InterruptedException {
        return checked(handOff(new ArrayBlockingQueue<>(128)));
    }

    /** A virtual-thread producer puts the items (then -1) into {@code q}; this thread maps, filters, sums. */
    private long handOff(BlockingQueue<Integer> q) throws InterruptedException {
        Thread producer = Threads.virtual().newThread(() -> {
            try {
                for (int i = 0; i < items; i++) {
                    q.put(i);
                }
                q.put(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        long sum = 0;
        for (int x; (x = q.take()) >= 0; ) {
            int y = x * 3;
            if ((y & 1) == 0) {
                sum += y;
            }
        }
        producer.join();
        return sum;
    }

    private long expected;

    /** The sum every peer must give, computed once: a check inside the timed call would cost as much as the iterator peer. */
    @Setup
    public void expect() {
        long e = 0;
        for (int i = 0; i < items; i++) {
            int y = i * 3;
            if ((y & 1) == 0) {
                e += y;
            }
        }
        expected = e;
    }

    private long checked(long sum) {
        Peers.check(expected, sum, "sum of the even x * 3");
        return sum;
    }
}
