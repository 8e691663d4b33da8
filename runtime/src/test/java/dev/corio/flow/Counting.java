package dev.corio.flow;

import dev.corio.Awaitable;
import dev.corio.Corio;
import dev.corio.generators.AsyncIterator;
import dev.corio.generators.StopAsyncIteration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A source of 0, 1, ... n-1 for the publisher side: each value at once, or after a zero sleep
 * ({@code suspend}); {@code failAt} fails that anext instead. It logs what the publisher asks of it.
 */
final class Counting implements AsyncIterator<Long> {
    final List<String> log = new CopyOnWriteArrayList<>();
    private final long n;
    private final boolean suspend;
    private final long failAt;
    private long next;
    volatile boolean closed;

    Counting(long n, boolean suspend, long failAt) {
        this.n = n;
        this.suspend = suspend;
        this.failAt = failAt;
    }

    Counting(long n) {
        this(n, false, -1);
    }

    @Override
    public Awaitable<Long> anext() {
        long v = next++;
        if (v == failAt) {
            return frame -> {
                throw new IllegalStateException("boom at " + v);
            };
        }
        if (v >= n) {
            return frame -> {
                throw new StopAsyncIteration();
            };
        }
        log.add("anext " + v);
        return suspend ? Corio.sleep(0, v) : frame -> v;
    }

    @Override
    public Awaitable<Void> aclose() {
        closed = true;
        log.add("aclose");
        return frame -> null;
    }
}
