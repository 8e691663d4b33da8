package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Loop time saturates both ways: no deadline, delay or sleep computation overflows, a deadline in the past
 * (however far) is due at once, and timers keep their order at the ends of the range. NaN is refused, as
 * asyncio 3.13 refuses {@code sleep(nan)}. The property tests schedule extreme values against an oracle
 * computed with exact arithmetic.
 */
class TimeSaturationTest {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

    // ---------------------------------------------------------------- the arithmetic

    @Test
    void saturatedAddAndNanosUntilNeverWrap() {
        assertEquals(Long.MAX_VALUE, LoopTime.saturatedAdd(Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE, LoopTime.saturatedAdd(1, Long.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, LoopTime.saturatedAdd(Long.MIN_VALUE, -1));
        assertEquals(Long.MIN_VALUE, LoopTime.saturatedAdd(-5, Long.MIN_VALUE));
        assertEquals(-1, LoopTime.saturatedAdd(Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(0, LoopTime.nanosUntil(Long.MIN_VALUE, 10));
        assertEquals(0, LoopTime.nanosUntil(10, 10));
        assertEquals(Long.MAX_VALUE - 10, LoopTime.nanosUntil(Long.MAX_VALUE, 10));
        assertEquals(Long.MAX_VALUE, LoopTime.nanosUntil(Long.MAX_VALUE, -10));
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long a = extremeLong(rnd);
            long b = extremeLong(rnd);
            assertEquals(clamp(BigInteger.valueOf(a).add(BigInteger.valueOf(b))), LoopTime.saturatedAdd(a, b), a + " + " + b);
            BigInteger until = BigInteger.valueOf(a).subtract(BigInteger.valueOf(b)).max(BigInteger.ZERO);
            assertEquals(clamp(until), LoopTime.nanosUntil(a, b), a + " until " + b);
        }
    }

    @Test
    void secondsAndDurationsConvertToNanosSaturated() {
        assertEquals(Long.MAX_VALUE, LoopTime.toNanos(Double.POSITIVE_INFINITY));
        assertEquals(Long.MIN_VALUE, LoopTime.toNanos(Double.NEGATIVE_INFINITY));
        assertEquals(Long.MAX_VALUE, LoopTime.toNanos(Double.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, LoopTime.toNanos(-Double.MAX_VALUE));
        assertEquals(1, LoopTime.toNanos(Double.MIN_VALUE), "rounded up: a timer never fires early");
        assertEquals(0, LoopTime.toNanos(-Double.MIN_VALUE));
        assertEquals(1_500_000_000L, LoopTime.toNanos(1.5));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> LoopTime.toNanos(Double.NaN));
        assertEquals("Invalid delay: NaN (not a number)", nan.getMessage());
        assertEquals(Long.MAX_VALUE, LoopTime.toNanos(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
        assertEquals(Long.MIN_VALUE, LoopTime.toNanos(Duration.ofSeconds(Long.MIN_VALUE)));
        assertEquals(Long.MAX_VALUE, LoopTime.toNanos(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, LoopTime.toNanos(Duration.ofNanos(Long.MIN_VALUE)));
        assertEquals(Long.MAX_VALUE, LoopTime.toNanos(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)));
        assertEquals(Long.MIN_VALUE, LoopTime.toNanos(Duration.ofNanos(Long.MIN_VALUE).minusNanos(1)));
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            double s = extremeSeconds(rnd);
            assertEquals(oracleNanos(s), LoopTime.toNanos(s), "seconds " + s);
            Duration d = extremeDuration(rnd);
            assertEquals(clamp(nanosOf(d)), LoopTime.toNanos(d), "duration " + d);
        }
    }

    // ---------------------------------------------------------------- the bug: sleeping for centuries

    @Test
    void aDeadlineInTheFarPastRunsAtOnceOnTheRealClock() {
        // With nothing else ready the loop computes how long to sleep until the first timer: a deadline of
        // Long.MIN_VALUE used to overflow that into centuries (the test would then hit its timeout).
        EventLoop loop = EventLoop.create();
        List<String> log = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        loop.callAt(Double.NEGATIVE_INFINITY, () -> log.add("-inf"));
        loop.callLater(Duration.ofSeconds(Long.MIN_VALUE), () -> log.add("duration min"));
        loop.callLater(-1e300, () -> log.add("-1e300"));
        loop.callLater(Duration.ofNanos(Long.MIN_VALUE), () -> f.setResult("done"));
        assertEquals("done", loop.runUntilComplete(f));
        assertEquals(List.of("-inf", "duration min", "-1e300"), log, "equal saturated deadlines in scheduling order");
        loop.close();
    }

    @Test
    void anInfiniteDeadlineNeverComesOnTheRealClockAndDoesNotDelayOthers() {
        EventLoop loop = EventLoop.create();
        List<String> log = new ArrayList<>();
        TimerHandle never = loop.callAt(Double.POSITIVE_INFINITY, () -> log.add("never"));
        TimerHandle never2 = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> log.add("never"));
        AsyncFuture<String> f = loop.createFuture();
        loop.callLater(0.001, () -> f.setResult("soon"));
        assertEquals("soon", loop.runUntilComplete(f));
        assertEquals(List.of(), log);
        assertEquals(Double.POSITIVE_INFINITY, never.when());
        assertEquals(Double.POSITIVE_INFINITY, never2.when());
        assertEquals(Double.NEGATIVE_INFINITY, loop.callAt(-1e300, () -> { }).when());
        loop.close();
    }

    @Test
    void sleepsAndScopesWithExtremeValues() {
        List<String> log = new ArrayList<>();
        Corio.run(new Script<>()
                .then(v -> awaiting(Corio.sleep(Duration.ofSeconds(Long.MIN_VALUE)))) // a yield
                .then(v -> awaiting(Corio.sleep(Double.NEGATIVE_INFINITY)))
                .then(v -> awaiting(Corio.sleep(-Double.MAX_VALUE, "r")))
                .then(v -> {
                    log.add(v + "@" + EventLoop.running().time());
                    return awaiting(Corio.waitFor(Corio.sleep(1, "inner"), Double.POSITIVE_INFINITY));
                })
                .then(v -> {
                    log.add(v + "@" + EventLoop.running().time());
                    return awaiting(Corio.waitFor(Corio.sleep(1, "inner"), 1e300));
                })
                .then(v -> {
                    log.add(v + "@" + EventLoop.running().time());
                    return awaiting(Corio.waitFor(Corio.sleep(1, "inner"), Double.NEGATIVE_INFINITY));
                })
                .handle((v, e) -> {
                    log.add(e.getClass().getSimpleName() + "@" + EventLoop.running().time());
                    return awaiting(Corio.timeoutAt(Double.NEGATIVE_INFINITY, t -> Corio.sleep(1)));
                })
                .handle((v, e) -> {
                    log.add(e.getClass().getSimpleName() + "@" + EventLoop.running().time());
                    return awaiting(Corio.timeout(-Double.MAX_VALUE, t -> Corio.sleep(1)));
                })
                .handle((v, e) -> {
                    log.add(e.getClass().getSimpleName() + "@" + EventLoop.running().time());
                    return awaiting(Corio.timeout(Double.MAX_VALUE, t -> Corio.sleep(2, "in scope")));
                })
                .then(v -> {
                    log.add(v + "@" + EventLoop.running().time());
                    // Sleeping "forever" on the virtual clock: time jumps to the end of the range, saturated.
                    return awaiting(Corio.sleep(Duration.ofSeconds(Long.MAX_VALUE)));
                })
                .then(v -> {
                    log.add("forever@" + EventLoop.running().time());
                    return awaiting(Corio.sleep(Double.POSITIVE_INFINITY, "again"));
                })
                .then(v -> log.add(v + "@" + EventLoop.running().time())), EventLoop::virtual);
        double end = Long.MAX_VALUE / 1e9;
        assertEquals(List.of("r@0.0", "inner@1.0", "inner@2.0", "TimeoutError@2.0", "TimeoutError@2.0",
                "TimeoutError@2.0", "in scope@4.0", "forever@" + end, "again@" + end), log);
    }

    @Test
    void nanIsRefusedEverywhereATimeIsTaken() {
        EventLoop loop = EventLoop.virtual();
        Runnable r = () -> { };
        List<Runnable> calls = List.of(
                () -> loop.callLater(Double.NaN, r),
                () -> loop.callAt(Double.NaN, r),
                () -> Corio.sleep(Double.NaN),
                () -> Corio.sleep(Double.NaN, "x"),
                () -> Corio.timeoutAt(Double.NaN),
                () -> new Timeout(Double.NaN),
                () -> Corio.waitFor(Corio.sleep(1), Double.NaN),
                () -> Corio.waitTasks(List.of(loop.createFuture()), Double.NaN),
                () -> Corio.asCompleted(List.of(loop.createFuture()), Double.NaN));
        for (Runnable c : calls) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::run);
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
        // timeout(NaN) and reschedule(NaN) inside a task
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(loop.createTask(new Script<>()
                .then(v -> {
                    try {
                        Corio.timeout(Double.NaN);
                    } catch (IllegalArgumentException e) {
                        seen.add("timeout: " + e.getMessage());
                    }
                    return awaiting(Corio.timeout(10, t -> {
                        try {
                            t.reschedule(Double.NaN);
                        } catch (IllegalArgumentException e) {
                            seen.add("reschedule: " + e.getMessage());
                        }
                        return Corio.sleep(1);
                    }));
                })));
        assertEquals(List.of("timeout: Invalid delay: NaN (not a number)",
                "reschedule: Invalid deadline: NaN (not a number)"), seen);
        loop.close();
    }

    // ---------------------------------------------------------------- property tests

    /** One scheduled timer and what the oracle says about it. */
    private record Scheduled(int id, long when, boolean cancelled) {
    }

    @Test
    void randomExtremeSchedulesFireInDeadlineOrderOnTheVirtualClock() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            EventLoop loop = EventLoop.virtual();
            // Start from a clock that is not at 0, so "now + delay" really adds.
            loop.runUntilComplete(Corio.sleep(rnd.nextInt(1000)));
            List<Scheduled> all = new ArrayList<>();
            List<Integer> fired = new ArrayList<>();
            long[] lastFireTime = {Long.MIN_VALUE};
            boolean[] inOrderOfTime = {true};
            int n = 2000;
            List<TimerHandle> handles = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int id = k;
                long now = loop.nowNanos();
                Runnable cb = () -> {
                    fired.add(id);
                    long t = loop.nowNanos();
                    if (t < lastFireTime[0] || t < all.get(id).when()) {
                        inOrderOfTime[0] = false; // time went back, or a timer fired before its deadline
                    }
                    lastFireTime[0] = t;
                };
                TimerHandle h;
                long expected;
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        double s = extremeSeconds(rnd);
                        h = loop.callLater(s, cb);
                        expected = clamp(BigInteger.valueOf(now).add(BigInteger.valueOf(oracleNanos(s))));
                    }
                    case 1 -> {
                        double s = extremeSeconds(rnd);
                        h = loop.callAt(s, cb);
                        expected = oracleNanos(s);
                    }
                    default -> {
                        Duration d = extremeDuration(rnd);
                        h = loop.callLater(d, cb);
                        expected = clamp(BigInteger.valueOf(now).add(BigInteger.valueOf(clamp(nanosOf(d)))));
                    }
                }
                assertEquals(expected, h.when, "timer " + k + " seed " + seed);
                handles.add(h);
                all.add(new Scheduled(k, expected, false));
            }
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(4) == 0) {
                    handles.get(k).cancel();
                    all.set(k, new Scheduled(k, all.get(k).when(), true));
                }
            }
            AsyncFuture<Void> end = loop.createFuture();
            loop.callAt(Double.POSITIVE_INFINITY, () -> end.setResult(null)); // the last of all (ties: scheduled last)
            long ticks = loop.ticks;
            loop.runUntilComplete(end);
            assertTrue(loop.ticks - ticks < 4 * n, "the loop made progress every tick: " + (loop.ticks - ticks));
            List<Integer> want = all.stream().filter(s -> !s.cancelled())
                    .sorted(Comparator.comparingLong(Scheduled::when).thenComparingInt(Scheduled::id))
                    .map(Scheduled::id).toList();
            assertEquals(want, fired, "seed " + seed);
            assertTrue(inOrderOfTime[0], "seed " + seed);
            loop.close();
        }
    }

    @Test
    void randomExtremeSchedulesOnTheRealClockNeverHangAndKeepTheirOrder() {
        // Only deadlines at most a millisecond away can fire in a test; later ones must simply not fire and
        // not keep the loop from the ones that are due. Each run ends with a stop a few milliseconds later.
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            EventLoop loop = EventLoop.create();
            List<Scheduled> due = new ArrayList<>();
            List<Integer> fired = new ArrayList<>();
            int n = 500;
            for (int k = 0; k < n; k++) {
                int id = k;
                TimerHandle h = switch (rnd.nextInt(3)) {
                    case 0 -> loop.callLater(extremeSeconds(rnd), () -> fired.add(id));
                    case 1 -> loop.callLater(extremeDuration(rnd), () -> fired.add(id));
                    default -> loop.callAt(rnd.nextBoolean() ? extremeSeconds(rnd) : -rnd.nextDouble(), () -> fired.add(id));
                };
                if (h.when <= loop.nowNanos() + 1_000_000) { // due within the millisecond
                    due.add(new Scheduled(id, h.when, false));
                }
            }
            loop.callLater(0.005, loop::stop);
            loop.runForever(); // a deadline that overflowed into a long sleep would hang here
            List<Integer> want = due.stream()
                    .sorted(Comparator.comparingLong(Scheduled::when).thenComparingInt(Scheduled::id))
                    .map(Scheduled::id).toList();
            assertEquals(want, fired.subList(0, Math.min(fired.size(), want.size())), "seed " + seed);
            assertTrue(fired.size() >= want.size(), "every due timer fired, seed " + seed);
            loop.close();
        }
    }

    // ---------------------------------------------------------------- generators and the oracle

    /** Seconds from the interesting places: infinities, the ends of the long-nanosecond range, tiny, random. */
    static double extremeSeconds(SplittableRandom rnd) {
        double edge = Long.MAX_VALUE / 1e9;
        return switch (rnd.nextInt(14)) {
            case 0 -> Double.POSITIVE_INFINITY;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2 -> Double.MAX_VALUE * (rnd.nextBoolean() ? 1 : -1);
            case 3 -> Double.MIN_VALUE * (rnd.nextBoolean() ? 1 : -1);
            case 4 -> rnd.nextBoolean() ? 0.0 : -0.0;
            case 5 -> edge * (rnd.nextBoolean() ? 1 : -1) * (1 + (rnd.nextDouble() - 0.5) * 1e-12);
            case 6 -> Math.pow(10, rnd.nextDouble(-12, 300)) * (rnd.nextBoolean() ? 1 : -1);
            case 7 -> rnd.nextLong() / 1e9;
            case 8 -> (rnd.nextInt(2001) - 1000) / 1000.0; // collisions
            default -> rnd.nextDouble(-20, 20);
        };
    }

    static Duration extremeDuration(SplittableRandom rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> Duration.ofNanos(Long.MAX_VALUE);
            case 1 -> Duration.ofNanos(Long.MIN_VALUE);
            case 2 -> Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
            case 3 -> Duration.ofSeconds(Long.MIN_VALUE);
            case 4 -> Duration.ofSeconds(rnd.nextLong(), rnd.nextInt(1_000_000_000));
            case 5 -> Duration.ofNanos(rnd.nextLong());
            case 6 -> Duration.ofSeconds(rnd.nextBoolean() ? 9_223_372_036L : -9_223_372_037L, rnd.nextInt(1_000_000_000));
            default -> Duration.ofMillis(rnd.nextInt(-20_000, 20_000));
        };
    }

    static long extremeLong(SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Long.MAX_VALUE - rnd.nextInt(3);
            case 1 -> Long.MIN_VALUE + rnd.nextInt(3);
            case 2 -> rnd.nextInt(-3, 4);
            default -> rnd.nextLong();
        };
    }

    /** ceil(seconds * 1e9), computed as the double product (what the runtime rounds), then clamped exactly. */
    static long oracleNanos(double seconds) {
        if (seconds == Double.POSITIVE_INFINITY) {
            return Long.MAX_VALUE;
        }
        if (seconds == Double.NEGATIVE_INFINITY) {
            return Long.MIN_VALUE;
        }
        double product = seconds * 1e9;
        if (Double.isInfinite(product)) {
            return product > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return clamp(new BigDecimal(product).setScale(0, RoundingMode.CEILING).toBigInteger());
    }

    static BigInteger nanosOf(Duration d) {
        return BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(d.getNano()));
    }

    static long clamp(BigInteger v) {
        return v.max(MIN).min(MAX).longValueExact();
    }
}
