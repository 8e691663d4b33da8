package dev.corio;

import java.time.Duration;
import java.util.Objects;

/**
 * Loop time arithmetic: a loop keeps time in nanoseconds in a {@code long}, and every conversion and sum
 * into it saturates at the ends of that range instead of wrapping or throwing, so that no deadline, however
 * far ({@code ±Infinity} seconds, {@code Duration}s of billions of years), makes the loop wake too early or
 * sleep for centuries (see "Time arguments" in docs/runtime.md).
 */
final class LoopTime {
    private LoopTime() {
    }

    /** {@code a + b}, clamped to {@code [Long.MIN_VALUE, Long.MAX_VALUE]} instead of wrapping. */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) { // both operands have the sign the result lacks: it overflowed
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    /** How long from {@code now} until {@code when}: 0 if it passed, saturated at {@code Long.MAX_VALUE}. */
    static long nanosUntil(long when, long now) {
        if (when <= now) {
            return 0;
        }
        long r = when - now;
        return r < 0 ? Long.MAX_VALUE : r; // wrapped: when is far in the future of a very negative now
    }

    /**
     * Seconds to nanoseconds, rounded up (a timer never fires early) and saturated: {@code ±Infinity} and
     * anything beyond about &plusmn;292 years become {@code Long.MAX_VALUE} / {@code Long.MIN_VALUE}. NaN
     * throws {@link IllegalArgumentException}.
     */
    static long toNanos(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("Invalid delay: NaN (not a number)");
        }
        return (long) Math.ceil(seconds * 1e9); // the cast saturates: ±Infinity and huge values clamp
    }

    /** A duration in nanoseconds, saturated at the ends of {@code long} instead of throwing. */
    static long toNanos(Duration d) {
        Objects.requireNonNull(d, "duration");
        long s = d.getSeconds();
        long n = d.getNano(); // 0..999,999,999, added to the (possibly negative) seconds
        if (s < 0) {
            s++; // keeps s * 1e9 in range for the most negative durations that still fit in a long
            n -= 1_000_000_000L;
        }
        try {
            return Math.addExact(Math.multiplyExact(s, 1_000_000_000L), n);
        } catch (ArithmeticException beyondALong) {
            return s < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Saturated nanoseconds ({@link #toNanos}) as loop seconds; the ends of the range stay beyond ±292 years. */
    static double toSeconds(long nanos) {
        return nanos / 1e9;
    }

    /** {@code d} in seconds through {@link #toNanos(Duration)}, so saturated the same way; {@code null} stays. */
    static Double toSecondsOrNull(Duration d) {
        return d == null ? null : toSeconds(toNanos(d));
    }
}
