package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The wheel's placement on its own: the level of the highest digit that differs from the current slot. */
class TimerWheelTest {
    private static final Object E = new Object();

    @Test
    void anEntrySitsAtTheLevelOfTheHighestDigitItDiffersIn() {
        TimerWheel w = new TimerWheel();
        long cur = 0b000011_000001L; // digits (level 1, level 0) = (3, 1)
        w.add(E, 0, 0b000100_000000L, cur); // differs at level 1: (1 << 6) | 4
        w.add(E, 0, 0b000011_000111L, cur); // differs at level 0 only: bucket 7
        assertEquals(7, w.firstBucket(), "level 0 comes first");
        assertEquals(0b000011_000111L, TimerWheel.firstSlot(7, cur));
        w.release(7);
        assertEquals((1 << TimerWheel.BITS) | 4, w.firstBucket());
        assertEquals(0b000100_000000L, TimerWheel.firstSlot((1 << TimerWheel.BITS) | 4, cur),
                "a level-1 bucket starts at its digit, lower digits zero");
        w.release((1 << TimerWheel.BITS) | 4);
        assertTrue(w.isEmpty());
    }

    @Test
    void theLargestDeadlineHasABucketOfTheTopLevel() {
        TimerWheel w = new TimerWheel();
        long t = TimerWheel.slotOf(Long.MAX_VALUE);
        w.add(E, Long.MAX_VALUE, t, 0);
        int b = w.firstBucket();
        assertEquals(TimerWheel.LEVELS - 1, b >>> TimerWheel.BITS, "2^43 slots: the eighth level, no overflow list");
        assertTrue(TimerWheel.firstSlot(b, 0) <= t, "the bucket's first slot is not after its entry");
        assertEquals(1, w.size());
    }
}
