package dev.corio;

import java.util.Arrays;

/**
 * The far part of the loop's {@link TimerQueue}: a hierarchical timing wheel (as the Linux kernel's and
 * Kafka's {@code TimingWheel}, but exact) that holds the timers not due in the current slot, unsorted, in
 * buckets, so that scheduling one costs an append and only the timers of the slot being reached are ever
 * sorted (by the queue's small heap). Loop thread only.
 *
 * <h2>Slots and levels</h2>
 * Time is cut into <em>slots</em> of 2^{@value #SLOT_SHIFT} ns (about a millisecond): the slot of a deadline
 * {@code w} is {@code w >> SLOT_SHIFT}. The queue has a current slot {@code cur}; the wheel holds only entries
 * whose slot is after it. Slots are numbers of {@value #LEVELS} digits of {@value #BITS} bits; an entry of slot
 * {@code t} sits at the level of the highest digit in which {@code t} differs from {@code cur}, in the bucket of
 * that digit's value in {@code t}. So every entry of level {@code L} shares {@code cur}'s digits above {@code L}
 * and has a larger digit {@code L}: the entries of level 0 come before those of level 1, and so on, and within a
 * level, bucket by bucket. The earliest entries are in the first non-empty bucket of the lowest non-empty
 * level ({@link #firstBucket}), found with one 64-bit occupancy mask per level.
 *
 * <p>Reaching a bucket (the queue's {@code advance}) moves {@code cur} to the first slot the bucket covers and
 * hands its entries back to the queue, which places each again: in its heap if its slot is {@code cur}, else in
 * a bucket of a lower level. An entry is moved at most once per level (at most {@value #LEVELS} times, in
 * practice two or three); the deadlines themselves are kept exactly, so the order stays asyncio's.
 *
 * <p>48 bits of slots cover every non-negative {@code long} deadline (2^63 ns is 2^43 slots), so there is no
 * overflow list: {@code Long.MAX_VALUE} has its bucket too. Negative deadlines (past or saturated at
 * {@code -Infinity}) are always at or before {@code cur}, which never goes below 0: they go to the heap.
 */
final class TimerWheel {
    /** log2 of a slot's width in nanoseconds: 2^20 ns = 1.05 ms. */
    static final int SLOT_SHIFT = 20;
    /** Bits per digit: 64 buckets per level, one {@code long} of occupancy. */
    static final int BITS = 6;
    static final int LEVELS = 8;
    private static final int MASK = (1 << BITS) - 1;
    /** A bucket whose arrays grew past this is given small ones again when it is emptied (after a burst). */
    private static final int KEEP_CAPACITY = 256;

    private final Object[][] entries = new Object[LEVELS << BITS][];
    private final long[][] deadlines = new long[LEVELS << BITS][];
    private final int[] counts = new int[LEVELS << BITS];
    /** Bit {@code i} of {@code occupied[L]}: bucket {@code i} of level {@code L} holds entries. */
    private final long[] occupied = new long[LEVELS];
    private int size;

    /** The slot of deadline {@code when} (negative for negative deadlines). */
    static long slotOf(long when) {
        return when >> SLOT_SHIFT;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds {@code e}, due at {@code when}, whose slot {@code t} is after {@code cur} (both non-negative). */
    void add(Object e, long when, long t, long cur) {
        int level = (63 - Long.numberOfLeadingZeros(t ^ cur)) / BITS;
        int digit = (int) (t >>> (level * BITS)) & MASK;
        int b = (level << BITS) | digit;
        int n = counts[b];
        Object[] es = entries[b];
        if (es == null) {
            entries[b] = es = new Object[8];
            deadlines[b] = new long[8];
        } else if (n == es.length) {
            entries[b] = es = Arrays.copyOf(es, n * 2);
            deadlines[b] = Arrays.copyOf(deadlines[b], n * 2);
        }
        es[n] = e;
        deadlines[b][n] = when;
        counts[b] = n + 1;
        occupied[level] |= 1L << digit;
        size++;
    }

    /** The bucket holding the earliest entries ({@code level << BITS | digit}), or -1 if the wheel is empty. */
    int firstBucket() {
        for (int level = 0; level < LEVELS; level++) {
            long o = occupied[level];
            if (o != 0) {
                return (level << BITS) | Long.numberOfTrailingZeros(o);
            }
        }
        return -1;
    }

    /** The first slot bucket {@code b} covers, given the current slot {@code cur}: where {@code cur} moves to reach it. */
    static long firstSlot(int b, long cur) {
        int level = b >>> BITS;
        int above = (level + 1) * BITS;
        long high = above >= 64 ? 0 : (cur >>> above) << above;
        return high | ((long) (b & MASK) << (level * BITS));
    }

    int count(int b) {
        return counts[b];
    }

    Object[] entries(int b) {
        return entries[b];
    }

    long[] deadlines(int b) {
        return deadlines[b];
    }

    /**
     * Empties bucket {@code b} once the queue has taken its entries (see {@link #entries}); an array that a
     * burst grew is dropped rather than kept for the loop's life.
     */
    void release(int b) {
        size -= counts[b];
        empty(b);
    }

    private void empty(int b) {
        Object[] es = entries[b];
        if (es.length > KEEP_CAPACITY) {
            entries[b] = null;
            deadlines[b] = null;
        } else {
            Arrays.fill(es, 0, counts[b], null);
        }
        counts[b] = 0;
        occupied[b >>> BITS] &= ~(1L << (b & MASK));
    }

    /**
     * Drops the inert entries of every bucket (setting them {@link TimerQueue#OUT}); the others keep their
     * buckets. Returns how many were dropped.
     */
    int sweep() {
        int dropped = 0;
        for (int level = 0; level < LEVELS; level++) {
            for (long o = occupied[level]; o != 0; o &= o - 1) {
                int b = (level << BITS) | Long.numberOfTrailingZeros(o);
                Object[] es = entries[b];
                long[] ws = deadlines[b];
                int n = counts[b];
                int j = 0;
                for (int i = 0; i < n; i++) {
                    Object e = es[i];
                    if (TimerQueue.isInert(e)) {
                        TimerQueue.setState(e, TimerQueue.OUT);
                    } else {
                        es[j] = e;
                        ws[j] = ws[i];
                        j++;
                    }
                }
                dropped += n - j;
                size -= n - j;
                Arrays.fill(es, j, n, null);
                counts[b] = j;
                if (j == 0) {
                    empty(b);
                }
            }
        }
        return dropped;
    }

    /** Calls {@code visit} with every entry and its deadline (renumbering). */
    void forEach(java.util.function.ObjLongConsumer<Object> visit) {
        for (int level = 0; level < LEVELS; level++) {
            for (long o = occupied[level]; o != 0; o &= o - 1) {
                int b = (level << BITS) | Long.numberOfTrailingZeros(o);
                for (int i = 0; i < counts[b]; i++) {
                    visit.accept(entries[b][i], deadlines[b][i]);
                }
            }
        }
    }

    /** Forgets every entry, setting each {@link TimerQueue#OUT}. */
    void clear() {
        for (int b = 0; b < counts.length; b++) {
            for (int i = 0; i < counts[b]; i++) {
                TimerQueue.setState(entries[b][i], TimerQueue.OUT);
            }
            entries[b] = null;
            deadlines[b] = null;
            counts[b] = 0;
        }
        Arrays.fill(occupied, 0);
        size = 0;
    }
}
