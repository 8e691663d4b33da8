package dev.corio;

import java.util.Arrays;

/**
 * The loop's timers in deadline order, ties in scheduling order (asyncio's {@code _scheduled} heap): a
 * four-ary min-heap (each node has up to four children: half the levels of a binary heap, and the
 * children's deadlines side by side in memory) over two parallel arrays, the entries and their
 * deadlines; each entry carries its scheduling number.
 * Loop thread only.
 *
 * <p>An entry is a {@link TimerHandle} ({@code callLater}, {@code callAt}) or the future of a sleep
 * ({@link Sleep.SleepFuture}), which is its own timer: a sleeping task holds no handle. An entry that can no
 * longer fire (a cancelled handle, a done sleep) is <em>inert</em>: it stays where it is until it reaches the
 * top, or until inert entries are most of the heap and a sweep drops them all (asyncio's rule, with its
 * thresholds).
 *
 * <p>Why parallel arrays: sifting compares the longs of one array instead of dereferencing two entries per
 * level (with a million timers each dereference is a cache miss); only equal deadlines read the entries'
 * scheduling numbers, an {@code int} that fits in the padding of both entry classes. When it would
 * overflow, the entries are renumbered in their order, which keeps every
 * comparison the same (see {@link #renumber}).
 *
 * <p>The timing wheels of Netty ({@code HashedWheelTimer}) and Kafka ({@code TimingWheel}) were weighed
 * against this heap: see "Timers" in docs/benchmarks.md.
 */
final class TimerQueue {
    static final byte OUT = 0;
    static final byte IN = 1;
    /** In the queue, made inert on the loop's thread and counted in {@link #inert}. */
    static final byte IN_COUNTED = 2;

    private Object[] entries = new Object[64];
    /** deadlines[i]: the deadline of entries[i], in loop nanoseconds. */
    private long[] deadlines = new long[64];
    private int size;
    /** Entries made inert on the loop's thread while in the queue (an upper bound of the real count). */
    private int inert;
    private int nextSeq;
    /** The scheduling number past which {@link #renumber} runs; lowered by tests. */
    int seqLimit = Integer.MAX_VALUE;

    /** Number of entries, inert ones included. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds {@code entry} (a {@link TimerHandle} or a {@link Sleep.SleepFuture}) due at {@code when}. */
    void add(Object entry, long when) {
        if (nextSeq >= seqLimit) {
            renumber();
        }
        if (size == entries.length) {
            int cap = size * 2;
            entries = Arrays.copyOf(entries, cap);
            deadlines = Arrays.copyOf(deadlines, cap);
        }
        int seq = nextSeq++;
        setSeq(entry, seq);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pw = deadlines[parent];
            if (!(when < pw || (when == pw && seq < seq(entries[parent])))) { // does not fire before its parent
                break;
            }
            entries[i] = entries[parent];
            deadlines[i] = pw;
            i = parent;
        }
        entries[i] = entry;
        deadlines[i] = when;
        setState(entry, IN);
    }

    /**
     * Drops the inert entries from the top, and sweeps them all out when they are more than 64 and more
     * than half of the queue (asyncio's rule in {@code _run_once}, with its fraction of one half). Then
     * {@link #peekDeadline} is a live timer's.
     */
    void dropInert() {
        if (inert > 64 && inert * 2 > size) {
            sweep();
        }
        while (size > 0 && isInert(entries[0])) {
            pollTop();
        }
    }

    /** The deadline of the top entry; the queue must not be empty. */
    long peekDeadline() {
        return deadlines[0];
    }

    /**
     * Removes and returns the next live entry due at or before {@code now}, dropping inert ones on the way;
     * {@code null} when none is due.
     */
    Object pollDue(long now) {
        while (size > 0) {
            if (deadlines[0] > now) {
                return null;
            }
            Object top = pollTop();
            if (!isInert(top)) {
                return top;
            }
        }
        return null;
    }

    /** {@code entry} became inert on the loop's thread: count it toward the next sweep. */
    void madeInert(Object entry) {
        if (state(entry) == IN) {
            setState(entry, IN_COUNTED);
            inert++;
        }
    }

    /** Forgets every entry (the loop closes). */
    void clear() {
        for (int i = 0; i < size; i++) {
            setState(entries[i], OUT);
        }
        Arrays.fill(entries, 0, size, null);
        size = 0;
        inert = 0;
    }

    private Object pollTop() {
        Object top = entries[0];
        if (state(top) == IN_COUNTED) {
            inert--;
        }
        setState(top, OUT);
        int n = --size;
        Object last = entries[n];
        entries[n] = null;
        if (n > 0) {
            siftDown(0, last, deadlines[n], n);
        }
        return top;
    }

    private void siftDown(int i, Object e, long w, int n) {
        for (;;) {
            int first = 4 * i + 1;
            if (first >= n) {
                break;
            }
            // the earliest of up to four children, whose deadlines share one or two cache lines; only a tie
            // reads the entries' scheduling numbers
            int child = first;
            long cw = deadlines[first];
            int end = Math.min(first + 4, n);
            for (int c = first + 1; c < end; c++) {
                long rw = deadlines[c];
                if (rw < cw || (rw == cw && seq(entries[c]) < seq(entries[child]))) {
                    child = c;
                    cw = rw;
                }
            }
            if (!(cw < w || (cw == w && seq(entries[child]) < seq(e)))) {
                break;
            }
            entries[i] = entries[child];
            deadlines[i] = cw;
            i = child;
        }
        entries[i] = e;
        deadlines[i] = w;
    }

    /** Drops every inert entry and rebuilds the heap from what is left. */
    private void sweep() {
        int j = 0;
        for (int i = 0; i < size; i++) {
            Object e = entries[i];
            if (isInert(e)) {
                setState(e, OUT);
            } else {
                entries[j] = e;
                deadlines[j] = deadlines[i];
                j++;
            }
        }
        Arrays.fill(entries, j, size, null);
        size = j;
        inert = 0;
        for (int i = (j - 2) >> 2; i >= 0; i--) { // from the last parent up
            siftDown(i, entries[i], deadlines[i], j);
        }
    }

    /**
     * The scheduling numbers ran out: gives the entries the numbers 0..size-1 in (deadline, number) order.
     * Every comparison between two entries gives what it gave before, so the heap stays a heap; new entries
     * are numbered after them. Once per two billion timers.
     */
    private void renumber() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> deadlines[a] != deadlines[b]
                ? Long.compare(deadlines[a], deadlines[b]) : Integer.compare(seq(entries[a]), seq(entries[b])));
        for (int r = 0; r < size; r++) {
            setSeq(entries[order[r]], r);
        }
        nextSeq = size;
    }

    private static boolean isInert(Object e) {
        return e instanceof TimerHandle h ? h.cancelled : ((Sleep.SleepFuture<?>) e).isDone();
    }

    private static int seq(Object e) {
        return e instanceof TimerHandle h ? h.seq : ((Sleep.SleepFuture<?>) e).seq;
    }

    private static void setSeq(Object e, int seq) {
        if (e instanceof TimerHandle h) {
            h.seq = seq;
        } else {
            ((Sleep.SleepFuture<?>) e).seq = seq;
        }
    }

    private static byte state(Object e) {
        return e instanceof TimerHandle h ? h.queueState : ((Sleep.SleepFuture<?>) e).queueState;
    }

    private static void setState(Object e, byte s) {
        if (e instanceof TimerHandle h) {
            h.queueState = s;
        } else {
            ((Sleep.SleepFuture<?>) e).queueState = s;
        }
    }
}
