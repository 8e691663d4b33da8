package dev.corio.stress;

import dev.corio.Awaitable;
import dev.corio.Coroutine;

/**
 * A hand-written coroutine for the stress tests (which see only the public API): awaits {@code next.at(i)}
 * for i = 0 .. n-1, one after the other, as an {@code @Async} loop {@code for (i...) try { v = await(x);
 * seen(i, v) } catch (e) { seen(i, e) }} would, and returns n. {@link Outcome#seen} may rethrow.
 */
final class Repeat extends Coroutine<Long> {
    interface Next {
        Awaitable<?> at(long i);
    }

    interface Outcome {
        void seen(long i, Object value, Throwable error) throws Throwable;
    }

    private final long n;
    private final Next next;
    private final Outcome outcome;
    private long i;
    private boolean waiting;

    Repeat(long n, Next next, Outcome outcome) {
        this.n = n;
        this.next = next;
        this.outcome = outcome;
    }

    @Override
    protected Object resume(Object value, Throwable error) throws Throwable {
        if (waiting) {
            waiting = false;
            outcome.seen(i, value, error);
            i++;
        } else if (error != null) {
            throw error;
        }
        for (; i < n; i++) {
            Object r;
            try {
                r = next.at(i).awaitFrom(this);
            } catch (Throwable t) {
                outcome.seen(i, null, t);
                continue;
            }
            if (r == SUSPENDED) {
                waiting = true;
                return SUSPENDED;
            }
            outcome.seen(i, r, null);
        }
        return n;
    }
}
