package dev.corio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Which calls hand out a fresh step: {@code anext}/{@code asend}/{@code athrow}/{@code aclose} always (so a
 * kept step awaited again fails, as Python's "cannot reuse already awaited __anext__()/asend()"), the
 * transient {@code anextTransient} of an async {@code for} and the operators re-arms its finished one.
 */
class AsyncGeneratorStepTest {
    /** {@code while True: yield n; n += 1}. */
    static final class Naturals extends AsyncGenerator<Integer> {
        int n;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            return produced(n++);
        }
    }

    /** Awaits {@code call(g)} three times as a frame of its own task; gives the values and distinct steps. */
    private static String drive(Function<Naturals, Awaitable<Integer>> call) {
        Naturals g = new Naturals();
        EventLoop loop = EventLoop.virtual();
        try {
            return loop.runUntilComplete(new Coroutine<String>() {
                @Override
                protected Object resume(Object value, Throwable error) throws Throwable {
                    List<Object> values = new ArrayList<>();
                    IdentityHashMap<Object, Boolean> steps = new IdentityHashMap<>();
                    for (int i = 0; i < 3; i++) {
                        Awaitable<Integer> s = call.apply(g);
                        steps.put(s, true);
                        values.add(s.awaitFrom(this)); // Naturals never suspends
                    }
                    Object closed = g.aclose().awaitFrom(this);
                    return values + " in " + steps.size() + " step(s), closed=" + g.isClosed() + closed;
                }
            });
        } finally {
            loop.close();
        }
    }

    @Test
    void anextGivesAStepOfItsOwnEachCall() {
        assertEquals("[0, 1, 2] in 3 step(s), closed=truenull", drive(AsyncGenerator::anext));
        assertEquals("[0, 1, 2] in 3 step(s), closed=truenull", drive(g -> g.asend(null)));
    }

    @Test
    void theTransientCallOfAnAsyncForReusesItsFinishedStep() {
        assertEquals("[0, 1, 2] in 1 step(s), closed=truenull", drive(AsyncGenerator::anextTransient));
    }

    @Test
    void aKeptStepAwaitedAfterALaterCallFailsAndTheLaterCallStillRuns() {
        Naturals g = new Naturals();
        EventLoop loop = EventLoop.virtual();
        try {
            String r = loop.runUntilComplete(new Coroutine<String>() {
                @Override
                protected Object resume(Object value, Throwable error) throws Throwable {
                    Coroutine<Integer> a = g.anext();
                    Object x = a.awaitFrom(this);
                    Coroutine<Integer> b = g.anext();
                    String stale;
                    try {
                        a.awaitFrom(this);
                        stale = "ran as the later call";
                    } catch (IllegalStateException e) {
                        stale = e.getMessage();
                    }
                    Object y = b.awaitFrom(this);
                    return x + "," + y + " | " + stale;
                }
            });
            assertEquals("0,1 | coroutine anext() of " + g + " was already awaited or wrapped in a task; a coroutine"
                    + " runs once (wrap it in a task to await its result several times)", r);
        } finally {
            loop.close();
        }
    }
}
