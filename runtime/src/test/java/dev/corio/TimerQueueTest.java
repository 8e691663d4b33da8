package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer queue on its own, without a tick: deadline order, ties in scheduling order, inert entries
 * (cancelled handles, done sleeps) skipped, the sweep, and the renumbering when scheduling numbers run out.
 */
class TimerQueueTest {
    private final EventLoop loop = EventLoop.virtual();

    @AfterEach
    void close() {
        loop.close();
    }

    private TimerHandle handle(long when) {
        return new TimerHandle(loop, when, () -> { }, null);
    }

    /** Pops everything due by {@code now}. */
    private static List<Object> drain(TimerQueue q, long now) {
        List<Object> out = new ArrayList<>();
        for (Object e; (e = q.pollDue(now)) != null; ) {
            out.add(e);
        }
        return out;
    }

    /** A reference model: (deadline, scheduling number, entry), sorted. */
    private record Ref(long when, int seq, Object entry) {
    }

    private static List<Object> sorted(List<Ref> refs) {
        List<Ref> copy = new ArrayList<>(refs);
        copy.sort(Comparator.comparingLong(Ref::when).thenComparingInt(Ref::seq));
        List<Object> out = new ArrayList<>();
        for (Ref r : copy) {
            out.add(r.entry());
        }
        return out;
    }

    @Test
    void popsOnlyWhatIsDueInOrder() {
        TimerQueue q = new TimerQueue();
        TimerHandle a = handle(30);
        TimerHandle b = handle(10);
        TimerHandle c = handle(30);
        TimerHandle d = handle(Long.MIN_VALUE);
        TimerHandle e = handle(Long.MAX_VALUE);
        for (TimerHandle h : List.of(a, b, c, d, e)) {
            q.add(h, h.when);
        }
        assertEquals(List.of(d), drain(q, 0));
        assertEquals(List.of(b), drain(q, 29));
        assertEquals(List.of(a, c), drain(q, 30), "equal deadlines: scheduling order");
        assertEquals(1, q.size());
        assertEquals(Long.MAX_VALUE, q.peekDeadline());
        assertEquals(List.of(e), drain(q, Long.MAX_VALUE));
        assertTrue(q.isEmpty());
    }

    @Test
    void inertEntriesAreSkippedAndDroppedFromTheTop() {
        TimerQueue q = new TimerQueue();
        TimerHandle a = handle(1);
        TimerHandle b = handle(2);
        Sleep.SleepFuture<String> s = new Sleep.SleepFuture<>(loop, "v");
        q.add(a, 1);
        q.add(s, 1);
        q.add(b, 2);
        a.cancel();
        q.dropInert();
        assertEquals(2, q.size(), "the cancelled top is gone");
        assertEquals(1, q.peekDeadline(), "the sleep is the top now");
        s.cancel();
        assertEquals(List.of(b), drain(q, 5), "a cancelled sleep is inert");
        assertTrue(q.isEmpty());
    }

    @Test
    void aSweepDropsInertEntriesOnceTheyAreMostOfTheQueue() {
        TimerQueue q = new TimerQueue();
        List<TimerHandle> hs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            TimerHandle h = handle(1000 + i);
            hs.add(h);
            q.add(h, h.when);
        }
        TimerHandle first = handle(1);
        q.add(first, 1);
        for (int i = 0; i < 150; i++) {
            hs.get(i).cancel();
            q.madeInert(hs.get(i)); // what the loop does for a cancel on its thread
        }
        q.dropInert();
        assertEquals(51, q.size(), "150 of 201 inert: swept");
        assertSame(first, q.pollDue(1));
        assertEquals(hs.subList(150, 200), drain(q, Long.MAX_VALUE));
    }

    @Test
    void randomMixAgainstASort() {
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            TimerQueue q = new TimerQueue();
            q.seqLimit = 700; // renumber several times on the way
            List<Ref> live = new ArrayList<>();
            List<Object> fired = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            int seq = 0;
            long now = 0;
            for (int step = 0; step < 5000; step++) {
                int op = rnd.nextInt(10);
                if (op < 6) {
                    long when = now + rnd.nextInt(50); // many ties
                    Object e = rnd.nextBoolean() ? handle(when) : new Sleep.SleepFuture<>(loop, null);
                    q.add(e, when);
                    live.add(new Ref(when, seq++, e));
                } else if (op < 8 && !live.isEmpty()) {
                    Ref r = live.remove(rnd.nextInt(live.size()));
                    if (r.entry() instanceof TimerHandle h) {
                        h.cancel();
                    } else {
                        ((Sleep.SleepFuture<?>) r.entry()).cancel();
                    }
                    q.madeInert(r.entry());
                } else {
                    now += rnd.nextInt(20);
                    q.dropInert();
                    fired.addAll(drain(q, now));
                    List<Object> order = sorted(live);
                    for (Object e : order) {
                        Ref r = live.stream().filter(x -> x.entry() == e).findFirst().orElseThrow();
                        if (r.when() <= now) {
                            expected.add(e);
                            live.remove(r);
                        }
                    }
                }
            }
            fired.addAll(drain(q, Long.MAX_VALUE));
            expected.addAll(sorted(live));
            assertEquals(expected.size(), fired.size(), "seed " + seed);
            for (int i = 0; i < expected.size(); i++) {
                assertSame(expected.get(i), fired.get(i), "seed " + seed + ", entry " + i);
            }
        }
    }

    @Test
    void renumberingKeepsTheOrderOfEqualDeadlines() {
        TimerQueue q = new TimerQueue();
        q.seqLimit = 4;
        List<TimerHandle> hs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TimerHandle h = handle(i % 3); // three deadlines, four handles each, across two renumberings
            hs.add(h);
            q.add(h, h.when);
        }
        List<Object> want = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            for (int i = w; i < 12; i += 3) {
                want.add(hs.get(i));
            }
        }
        assertEquals(want, drain(q, 10));
    }

    /** A deadline after {@code now} at one of the wheel's scales: the current slot, near, far, very far, never. */
    private static long spreadDeadline(SplittableRandom rnd, long now) {
        switch (rnd.nextInt(8)) {
            case 0:
                return now + rnd.nextInt(1 << 20); // within about a slot
            case 1:
                return now - rnd.nextInt(1 << 22); // in the past: due at once
            case 2:
                return now + rnd.nextLong(1L << 30); // within a second: levels 0 and 1
            case 3:
                return now + rnd.nextLong(1L << 40); // up to 18 minutes
            case 4:
                return now + rnd.nextLong(1L << 55);
            case 5:
                return Long.MAX_VALUE; // infinite delay
            default:
                return now + (rnd.nextInt(4) << 20); // equal deadlines on slot boundaries
        }
    }

    @Test
    void randomMixAcrossTheWheelsLevelsAgainstASort() {
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            TimerQueue q = new TimerQueue();
            q.seqLimit = 900;
            List<Ref> live = new ArrayList<>();
            List<Ref> all = new ArrayList<>();
            int seq = 0;
            long now = 0;
            for (int step = 0; step < 6000; step++) {
                int op = rnd.nextInt(10);
                if (op < 5) {
                    long when = spreadDeadline(rnd, now);
                    Object e = rnd.nextBoolean() ? handle(when) : new Sleep.SleepFuture<>(loop, null);
                    q.add(e, when);
                    Ref r = new Ref(when, seq++, e);
                    live.add(r);
                    all.add(r);
                } else if (op < 7 && !live.isEmpty()) {
                    Ref r = live.remove(rnd.nextInt(live.size()));
                    if (r.entry() instanceof TimerHandle h) {
                        h.cancel();
                    } else {
                        ((Sleep.SleepFuture<?>) r.entry()).cancel();
                    }
                    if (rnd.nextInt(4) != 0) {
                        q.madeInert(r.entry()); // else: as if cancelled on another thread, uncounted
                    }
                } else {
                    switch (rnd.nextInt(3)) {
                        case 0 -> now += rnd.nextInt(1 << 21);
                        case 1 -> now += rnd.nextLong(1L << 36);
                        default -> {
                            // as the virtual clock does when idle: jump to the next deadline
                            q.dropInert();
                            if (!q.isEmpty()) {
                                now = Math.max(now, q.peekDeadline());
                            }
                        }
                    }
                    q.dropInert();
                    List<Object> order = sorted(live);
                    if (!live.isEmpty()) {
                        long min = live.stream().mapToLong(Ref::when).min().orElseThrow();
                        assertTrue(!q.isEmpty(), "seed " + seed + " step " + step + ": live timers left");
                        assertEquals(min, q.peekDeadline(), "seed " + seed + " step " + step + ": the next deadline");
                    }
                    List<Object> want = new ArrayList<>();
                    for (Object e : order) {
                        Ref r = live.stream().filter(x -> x.entry() == e).findFirst().orElseThrow();
                        if (r.when() <= now) {
                            want.add(e);
                            live.remove(r);
                        }
                    }
                    List<Object> got = drain(q, now);
                    assertEquals(want.size(), got.size(), "seed " + seed + " step " + step + " now " + now);
                    for (int i = 0; i < want.size(); i++) {
                        assertSame(want.get(i), got.get(i), "seed " + seed + " step " + step + ", entry " + i);
                    }
                }
            }
            List<Object> rest = drain(q, Long.MAX_VALUE);
            assertEquals(sorted(live), rest, "seed " + seed + ": the rest, in order");
            q.dropInert();
            assertTrue(q.isEmpty(), "seed " + seed + ": nothing left but what was drained");
            for (Ref r : all) {
                assertEquals(TimerQueue.OUT, TimerQueue.state(r.entry()), "seed " + seed + ": every entry left the queue");
            }
        }
    }

    @Test
    void aSweepReachesTheWheelToo() {
        TimerQueue q = new TimerQueue();
        List<TimerHandle> far = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            TimerHandle h = handle((long) (i + 1) << 32); // seconds apart: buckets of several levels
            far.add(h);
            q.add(h, h.when);
        }
        for (int i = 0; i < 200; i++) {
            far.get(i).cancel();
            q.madeInert(far.get(i));
        }
        q.dropInert();
        assertEquals(100, q.size(), "200 of 300 inert: swept out of the wheel's buckets");
        assertEquals(far.get(200).when, q.peekDeadline());
        assertEquals(far.subList(200, 300), drain(q, Long.MAX_VALUE));
    }

    @Test
    void theNextDeadlineSkipsACancelledEarliestFarTimer() {
        TimerQueue q = new TimerQueue();
        TimerHandle a = handle(5L << 30);
        TimerHandle b = handle(7L << 30);
        q.add(a, a.when);
        q.add(b, b.when);
        q.dropInert();
        assertEquals(a.when, q.peekDeadline());
        a.cancel(); // from "another thread": not counted, the cached minimum must still not be used
        q.dropInert();
        assertEquals(b.when, q.peekDeadline());
        assertEquals(List.of(), drain(q, b.when - 1));
        assertEquals(List.of(b), drain(q, b.when));
    }
}
