package dev.corio;

import java.util.Arrays;

/**
 * The loop's timers in deadline order, ties in scheduling order (asyncio's {@code _scheduled} heap), exact:
 * a small four-ary min-heap holds the timers of the current slot (about a millisecond, see
 * {@link TimerWheel}) and everything before it, and a hierarchical timing wheel holds the rest, unsorted,
 * in buckets. Every entry of the heap is due before every entry of the wheel, so the heap's top is the next
 * timer; when the heap runs dry and time has reached the wheel's first bucket, that bucket is taken
 * ({@link #advance}) and its entries go to the heap or to finer buckets. Scheduling a timer is an append;
 * only the heap, one slot's worth of timers, is ever sifted. Loop thread only.
 *
 * <p>An entry is a {@link TimerHandle} ({@code callLater}, {@code callAt}), a task asleep in {@code sleep(d)}
 * ({@link Task#SLEEPING}: the task is its own timer) or the future of a sleep with a value
 * ({@link Sleep.SleepFuture}), its own timer too: a sleeping task holds no handle. An entry that can no
 * longer fire (a cancelled handle, a done sleep) is <em>inert</em>: it stays where it is until it reaches the
 * top of the heap, until its bucket is taken, or until inert entries are most of the queue and a sweep drops
 * them all (asyncio's rule, with its thresholds).
 *
 * <p>Why the heap has parallel arrays: sifting compares the longs of one array instead of dereferencing two
 * entries per level; only equal deadlines read the entries' scheduling numbers, an {@code int} that fits in
 * the padding of both entry classes. When it would overflow, the entries are renumbered in their order,
 * which keeps every comparison the same (see {@link #renumber}).
 *
 * <p>The next deadline when the heap is empty ({@link #peekDeadline}) is the earliest live one of the
 * wheel's first bucket, found by a scan of that bucket and cached with the entry it belongs to until that
 * entry becomes inert or the wheel changes; taking a bucket early would move time-ordered work before it
 * is due (and the queue's current slot past the loop's time). What was measured against the heap alone is in
 * "Timers" in docs/benchmarks.md.
 */
final class TimerQueue {
    static final byte OUT = 0;
    static final byte IN = 1;
    /** In the queue, made inert on the loop's thread and counted in {@link #inert}. */
    static final byte IN_COUNTED = 2;

    private Object[] entries = new Object[64];
    /** deadlines[i]: the deadline of entries[i], in loop nanoseconds. */
    private long[] deadlines = new long[64];
    /** Entries in the heap (the wheel counts its own). */
    private int size;
    /** The timers after the current slot. */
    private final TimerWheel wheel = new TimerWheel();
    /** The current slot: the heap holds the entries of this slot and before, the wheel those after; never negative. */
    private long cur;
    /** The wheel's earliest live deadline and its entry, while {@link #wheelMinEntry} is not null. */
    private long wheelMin;
    private Object wheelMinEntry;
    /** Entries made inert on the loop's thread while in the queue (an upper bound of the real count). */
    private int inert;
    private int nextSeq;
    /** The scheduling number past which {@link #renumber} runs; lowered by tests. */
    int seqLimit = Integer.MAX_VALUE;

    /** Number of entries, inert ones included. */
    int size() {
        return size + wheel.size();
    }

    boolean isEmpty() {
        return size == 0 && wheel.isEmpty();
    }

    /** Adds {@code entry} (a {@link TimerHandle}, a sleeping {@link Task} or a {@link Sleep.SleepFuture}) due at {@code when}. */
    void add(Object entry, long when) {
        if (nextSeq >= seqLimit) {
            renumber();
        }
        int seq = nextSeq++;
        setSeq(entry, seq);
        setState(entry, IN);
        long t = TimerWheel.slotOf(when);
        if (t > cur) {
            wheel.add(entry, when, t, cur);
            if (wheelMinEntry != null && when < wheelMin) {
                wheelMin = when;
                wheelMinEntry = entry;
            }
            return;
        }
        heapAdd(entry, when, seq);
    }

    /** Adds {@code entry} (its slot at or before {@link #cur}) to the heap. */
    private void heapAdd(Object entry, long when, int seq) {
        if (size == entries.length) {
            int cap = size * 2;
            entries = Arrays.copyOf(entries, cap);
            deadlines = Arrays.copyOf(deadlines, cap);
        }
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
    }

    /**
     * Drops the inert entries from the top, and sweeps them all out when they are more than 64 and more
     * than half of the queue (asyncio's rule in {@code _run_once}, with its fraction of one half). Then the
     * queue is empty or {@link #peekDeadline} is a live timer's.
     */
    void dropInert() {
        if (inert > 64 && inert * 2 > size()) {
            sweep();
        }
        while (size > 0 && isInert(entries[0])) {
            pollTop();
        }
        if (size == 0 && !wheel.isEmpty() && (wheelMinEntry == null || isInert(wheelMinEntry))) {
            findWheelMin(); // cached until its entry becomes inert or the wheel changes
        }
    }

    /** The deadline of the next live timer; the queue must not be empty, and {@link #dropInert} must have run. */
    long peekDeadline() {
        if (size > 0) {
            return deadlines[0];
        }
        if (wheelMinEntry == null || isInert(wheelMinEntry)) {
            findWheelMin(); // dropInert ran, but a cancellation from another thread may have come since
        }
        return wheelMin;
    }

    /**
     * Removes and returns the next live entry due at or before {@code now}, dropping inert ones on the way;
     * {@code null} when none is due.
     */
    Object pollDue(long now) {
        for (;;) {
            if (size > 0) {
                if (deadlines[0] > now) {
                    return null;
                }
                Object top = pollTop();
                if (!isInert(top)) {
                    return top;
                }
            } else if (wheel.isEmpty()) {
                long t = TimerWheel.slotOf(now);
                if (t > cur) {
                    cur = t; // nothing is queued: later timers are placed from the loop's time, not an old slot
                }
                return null;
            } else if (!advance(now)) {
                return null;
            }
        }
    }

    /**
     * Takes the wheel's first bucket if time has reached the first slot it covers: {@link #cur} moves there
     * and each entry goes to the heap (its slot is that one) or to a bucket of a lower level; inert ones are
     * dropped. Returns false, changing nothing, if the bucket is still ahead of {@code now}.
     */
    private boolean advance(long now) {
        int b = wheel.firstBucket();
        long first = TimerWheel.firstSlot(b, cur);
        if (first > TimerWheel.slotOf(now)) {
            return false;
        }
        cur = first;
        wheelMinEntry = null;
        Object[] es = wheel.entries(b);
        long[] ws = wheel.deadlines(b);
        int n = wheel.count(b);
        for (int i = 0; i < n; i++) { // each goes to the heap or a lower level, never to bucket b again
            Object e = es[i];
            if (isInert(e)) {
                if (state(e) == IN_COUNTED) {
                    inert--;
                }
                setState(e, OUT);
                continue;
            }
            long w = ws[i];
            long t = TimerWheel.slotOf(w);
            if (t > first) {
                wheel.add(e, w, t, first);
            } else {
                heapAdd(e, w, seq(e));
            }
        }
        wheel.release(b);
        return true;
    }

    /**
     * The earliest live deadline of the wheel (the queue's next one while the heap is empty), into
     * {@link #wheelMin}: a scan of the first bucket, whose entries come before all others; a bucket of only
     * inert entries is dropped and the next one scanned.
     */
    private void findWheelMin() {
        while (!wheel.isEmpty()) {
            int b = wheel.firstBucket();
            Object[] es = wheel.entries(b);
            long[] ws = wheel.deadlines(b);
            int n = wheel.count(b);
            Object best = null;
            long min = 0;
            for (int i = 0; i < n; i++) {
                Object e = es[i];
                if (!isInert(e) && (best == null || ws[i] < min)) {
                    best = e;
                    min = ws[i];
                }
            }
            if (best != null) {
                wheelMin = min;
                wheelMinEntry = best;
                return;
            }
            for (int i = 0; i < n; i++) {
                if (state(es[i]) == IN_COUNTED) {
                    inert--;
                }
                setState(es[i], OUT);
            }
            wheel.release(b);
        }
        wheelMinEntry = null;
    }

    /** {@code entry} became inert on the loop's thread: count it toward the next sweep. */
    void madeInert(Object entry) {
        if (state(entry) == IN) {
            setState(entry, IN_COUNTED);
            inert++;
        }
        if (entry == wheelMinEntry) {
            wheelMinEntry = null; // the next peek scans the first bucket again
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
        wheel.clear();
        wheelMinEntry = null;
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

    /** Drops every inert entry of the wheel and of the heap, and rebuilds the heap from what is left. */
    private void sweep() {
        wheel.sweep();
        wheelMinEntry = null;
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
        int total = size();
        Object[] all = new Object[total];
        long[] when = new long[total];
        System.arraycopy(entries, 0, all, 0, size);
        System.arraycopy(deadlines, 0, when, 0, size);
        int[] k = {size};
        wheel.forEach((e, w) -> {
            all[k[0]] = e;
            when[k[0]++] = w;
        });
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> when[a] != when[b]
                ? Long.compare(when[a], when[b]) : Integer.compare(seq(all[a]), seq(all[b])));
        for (int r = 0; r < total; r++) {
            setSeq(all[order[r]], r);
        }
        nextSeq = total;
    }

    static boolean isInert(Object e) {
        if (e instanceof TimerHandle h) {
            return h.cancelled;
        }
        return e instanceof Task<?> t ? t.timerInert() : ((Sleep.SleepFuture<?>) e).isDone();
    }

    private static int seq(Object e) {
        if (e instanceof TimerHandle h) {
            return h.seq;
        }
        return e instanceof Task<?> t ? t.seq : ((Sleep.SleepFuture<?>) e).seq;
    }

    private static void setSeq(Object e, int seq) {
        if (e instanceof TimerHandle h) {
            h.seq = seq;
        } else if (e instanceof Task<?> t) {
            t.seq = seq;
        } else {
            ((Sleep.SleepFuture<?>) e).seq = seq;
        }
    }

    static byte state(Object e) {
        if (e instanceof TimerHandle h) {
            return h.queueState;
        }
        return e instanceof Task<?> t ? t.timerState() : ((Sleep.SleepFuture<?>) e).queueState;
    }

    static void setState(Object e, byte s) {
        if (e instanceof TimerHandle h) {
            h.queueState = s;
        } else if (e instanceof Task<?> t) {
            t.setTimerState(s);
        } else {
            ((Sleep.SleepFuture<?>) e).queueState = s;
        }
    }
}
