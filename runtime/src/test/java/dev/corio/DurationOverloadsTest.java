package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Every place that takes a delay in {@code double} seconds also takes a {@link Duration}, converted by the
 * loop's one saturating conversion: the overloads agree with their seconds twins on the virtual clock, a
 * {@code null} Duration means "no timeout" where asyncio takes {@code None}, and the extreme Durations
 * (about ±292 billion years, far beyond a {@code long} of nanoseconds) clamp instead of overflowing.
 */
class DurationOverloadsTest {
    /** Beyond a long of nanoseconds both ways: the most extreme Durations there are. */
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final Duration HUGE_NEGATIVE = Duration.ofSeconds(Long.MIN_VALUE);
    /** The end of the loop's time range in seconds, where a saturated deadline lands. */
    private static final double END = Long.MAX_VALUE / 1e9;

    /** What an await gave (value or exception) and the loop time it gave it at. */
    private record Outcome(Object value, Throwable error, double at) {
    }

    /** Awaits what {@code make} builds (inside the task, so it sees the running loop) on a fresh virtual loop. */
    private static Outcome outcome(Supplier<? extends Awaitable<?>> make) {
        EventLoop loop = EventLoop.virtual();
        try {
            return loop.runUntilComplete(co(() -> await(make.get(),
                    v -> done(new Outcome(v, null, EventLoop.running().time())),
                    e -> done(new Outcome(null, e, EventLoop.running().time())))));
        } finally {
            loop.close();
        }
    }

    private static Awaitable<Void> never() {
        return EventLoop.running().createFuture();
    }

    // ---------------------------------------------------------------- sleep

    @Test
    void sleepWithResultTakesADuration() {
        Outcome o = outcome(() -> Corio.sleep(Duration.ofMillis(1500), "woke"));
        assertEquals("woke", o.value());
        assertEquals(1.5, o.at(), 1e-9);
        Outcome twin = outcome(() -> Corio.sleep(1.5, "woke"));
        assertEquals(o, twin);
    }

    @Test
    void sleepWithResultSaturatesBothWays() {
        Outcome past = outcome(() -> Corio.sleep(HUGE_NEGATIVE, "at once"));
        assertEquals("at once", past.value());
        assertEquals(0.0, past.at());
        Outcome zero = outcome(() -> Corio.sleep(Duration.ZERO, "yield"));
        assertEquals(new Outcome("yield", null, 0.0), zero);
        // Nothing else to do: the virtual clock jumps to the end of its range, and the sleep still ends.
        Outcome future = outcome(() -> Corio.sleep(HUGE, "at the end"));
        assertEquals("at the end", future.value());
        assertEquals(END, future.at());
        assertThrows(NullPointerException.class, () -> Corio.sleep((Duration) null, "x"));
    }

    // ---------------------------------------------------------------- waitFor

    @Test
    void waitForTakesADuration() {
        Outcome late = outcome(() -> Corio.waitFor(Corio.sleep(10, "late"), Duration.ofSeconds(2)));
        assertInstanceOf(TimeoutError.class, late.error());
        assertEquals(2.0, late.at(), 1e-9);
        Outcome inTime = outcome(() -> Corio.waitFor(Corio.sleep(1, "ok"), Duration.ofMillis(2500)));
        assertEquals(new Outcome("ok", null, 1.0), inTime);
    }

    @Test
    void waitForWithANullDurationJustAwaits() { // asyncio's wait_for(aw, None)
        assertEquals(new Outcome("ok", null, 100.0), outcome(() -> Corio.waitFor(Corio.sleep(100, "ok"), null)));
        Duration none = null;
        assertEquals(new Outcome("ok", null, 100.0), outcome(() -> Corio.waitFor(Corio.sleep(100, "ok"), none)));
    }

    @Test
    void waitForSaturatesBothWays() {
        assertEquals(new Outcome("ok", null, 1.0), outcome(() -> Corio.waitFor(Corio.sleep(1, "ok"), HUGE)));
        // A timeout <= 0: the awaitable is cancelled at once, as waitFor(aw, 0).
        Outcome past = outcome(() -> Corio.waitFor(Corio.sleep(1, "ok"), HUGE_NEGATIVE));
        assertInstanceOf(TimeoutError.class, past.error());
        assertEquals(0.0, past.at());
        // A huge timeout still comes on the virtual clock once nothing else can happen first.
        Outcome end = outcome(() -> Corio.waitFor(never(), HUGE));
        assertInstanceOf(TimeoutError.class, end.error());
        assertEquals(END, end.at());
    }

    // ---------------------------------------------------------------- timeout

    @Test
    void timeoutScopeTakesADuration() {
        EventLoop loop = EventLoop.virtual();
        loop.runUntilComplete(co(() -> await(Corio.sleep(1), v -> {
            assertEquals(3.5, Corio.timeout(Duration.ofMillis(2500)).when(), 1e-9);
            assertEquals(Corio.timeout(2.5).when(), Corio.timeout(Duration.ofMillis(2500)).when(), 1e-9);
            assertNull(Corio.timeout((Duration) null).when()); // asyncio's timeout(None)
            assertNull(Corio.timeout(null).when()); // the literal still compiles: one reference overload
            assertEquals(END, Corio.timeout(HUGE).when());
            // Clamped to the most negative delay, then added to now (1 s) without wrapping around.
            assertEquals((Long.MIN_VALUE + 1_000_000_000L) / 1e9, Corio.timeout(HUGE_NEGATIVE).when());
            // The seconds twin goes through the same conversion, so it saturates to the same deadlines.
            assertEquals(Corio.timeout(HUGE).when(), Corio.timeout(Double.POSITIVE_INFINITY).when());
            assertEquals(Corio.timeout(HUGE_NEGATIVE).when(), Corio.timeout(Double.NEGATIVE_INFINITY).when());
            assertEquals(Corio.timeout(HUGE).when(), Corio.timeout(1e300).when());
            return done(null);
        })));
        loop.close();
    }

    @Test
    void timeoutWithABodyTakesADuration() {
        Outcome late = outcome(() -> Corio.timeout(Duration.ofSeconds(2), t -> Corio.sleep(10, "late")));
        assertInstanceOf(TimeoutError.class, late.error());
        assertEquals(2.0, late.at(), 1e-9);
        assertEquals(new Outcome("ok", null, 1.0),
                outcome(() -> Corio.timeout(Duration.ofSeconds(2), t -> Corio.sleep(1, "ok"))));
        assertEquals(new Outcome("ok", null, 50.0),
                outcome(() -> Corio.timeout((Duration) null, t -> Corio.sleep(50, "ok"))));
    }

    @Test
    void timeoutSaturatesBothWays() {
        Outcome past = outcome(() -> Corio.timeout(HUGE_NEGATIVE, t -> Corio.sleep(10, "late")));
        assertInstanceOf(TimeoutError.class, past.error());
        assertEquals(0.0, past.at());
        assertEquals(new Outcome("ok", null, 1.0), outcome(() -> Corio.timeout(HUGE, t -> Corio.sleep(1, "ok"))));
        Outcome end = outcome(() -> Corio.timeout(HUGE, t -> never()));
        assertInstanceOf(TimeoutError.class, end.error());
        assertEquals(END, end.at());
    }

    // ---------------------------------------------------------------- waitTasks

    @Test
    void waitTasksTakesADuration() {
        Outcome o = outcome(() -> Corio.waitTasks(List.of(EventLoop.running().createFuture()),
                Duration.ofSeconds(3)));
        DoneAndPending<?> r = (DoneAndPending<?>) o.value();
        assertEquals(3.0, o.at(), 1e-9);
        assertEquals(0, r.done().size());
        assertEquals(1, r.pending().size());
        Outcome first = outcome(() -> Corio.waitTasks(List.of(EventLoop.running().createFuture()),
                Corio.FIRST_COMPLETED, Duration.ofMillis(500)));
        assertEquals(0.5, first.at(), 1e-9);
    }

    @Test
    void waitTasksWithANullDurationWaitsWithoutLimit() {
        Outcome o = outcome(() -> {
            AsyncFuture<String> f = EventLoop.running().createFuture();
            EventLoop.running().callLater(7, () -> f.setResult("x"));
            return Corio.waitTasks(List.of(f), Corio.ALL_COMPLETED, (Duration) null);
        });
        assertEquals(7.0, o.at(), 1e-9);
        assertEquals(1, ((DoneAndPending<?>) o.value()).done().size());
    }

    @Test
    void waitTasksSaturatesBothWays() {
        Outcome past = outcome(() -> Corio.waitTasks(List.of(EventLoop.running().createFuture()),
                Corio.FIRST_COMPLETED, HUGE_NEGATIVE));
        assertEquals(0.0, past.at());
        assertEquals(1, ((DoneAndPending<?>) past.value()).pending().size());
        Outcome end = outcome(() -> Corio.waitTasks(List.of(EventLoop.running().createFuture()), HUGE));
        assertEquals(END, end.at());
        assertEquals(1, ((DoneAndPending<?>) end.value()).pending().size());
    }

    // ---------------------------------------------------------------- asCompleted

    @Test
    void asCompletedTakesADuration() {
        Outcome o = outcome(() -> Corio.asCompleted(List.of(never()), Duration.ofSeconds(2)).iterator().next());
        assertInstanceOf(TimeoutError.class, o.error());
        assertEquals(2.0, o.at(), 1e-9);
        Outcome none = outcome(() -> Corio.asCompleted(List.of(Corio.sleep(9, "ok")), (Duration) null)
                .iterator().next());
        assertEquals(new Outcome("ok", null, 9.0), none);
    }

    @Test
    void asCompletedSaturatesBothWays() {
        Outcome past = outcome(() -> Corio.asCompleted(List.of(never()), HUGE_NEGATIVE).iterator().next());
        assertInstanceOf(TimeoutError.class, past.error());
        assertEquals(0.0, past.at());
        Outcome end = outcome(() -> Corio.asCompleted(List.of(never()), HUGE).iterator().next());
        assertInstanceOf(TimeoutError.class, end.error());
        assertEquals(END, end.at());
    }

    // ---------------------------------------------------------------- the loop

    @Test
    void callLaterAgreesWithItsSecondsTwinAtTheExtremes() {
        EventLoop loop = EventLoop.virtual();
        assertEquals(loop.callLater(Double.POSITIVE_INFINITY, () -> { }).when(),
                loop.callLater(HUGE, () -> { }).when());
        assertEquals(loop.callLater(Double.NEGATIVE_INFINITY, () -> { }).when(),
                loop.callLater(HUGE_NEGATIVE, () -> { }).when());
        assertEquals(loop.callLater(0.25, () -> { }).when(), loop.callLater(Duration.ofMillis(250), () -> { }).when());
        loop.close();
    }

    @Test
    void slowCallbackDurationTakesADuration() {
        try (TestBase.LogCapture log = TestBase.captureLog(false)) {
            for (Duration limit : new Duration[] {HUGE, Duration.ofMillis(5)}) {
                EventLoop loop = EventLoop.virtual();
                loop.setDebug(true);
                loop.setSlowCallbackDuration(limit);
                loop.callSoon(() -> TestBase.sleepQuietly(20));
                loop.runUntilComplete(Corio.sleep(0));
                loop.close();
            }
            // Only the 5 ms limit reported the 20 ms callback; the saturated one never does.
            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("Executing Handle["), warnings.get(0));
        }
    }
}
