package dev.corio.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Await chains of one and ten million levels (a coroutine awaiting itself recursively), with and without
 * suspensions on the way down and up, failing at the bottom, and cancelled at the bottom. Each level is a
 * hand-written state machine of the shape the processor generates; the Java stack never holds more than
 * a few hundred of them (the runtime's trampoline), so none of this can overflow it.
 */
@Tag("stress")
@Timeout(600)
class DeepRecursionStressTest {

    /** Shared by the levels of one chain. */
    static final class Chain {
        final boolean sleepDown;
        final boolean sleepUp;
        final boolean fail;
        final boolean park;
        int maxStack;
        int finallies;
        AsyncFuture<Void> bottom;

        Chain(boolean sleepDown, boolean sleepUp, boolean fail, boolean park) {
            this.sleepDown = sleepDown;
            this.sleepUp = sleepUp;
            this.fail = fail;
            this.park = park;
        }
    }

    /** {@code [await sleep(0)]; if n == 0 ...; try { v = await rec(n-1) } finally { finallies++ }; [await sleep(0)]; return v+1}. */
    static final class Rec extends Coroutine<Long> {
        private final int n;
        private final Chain chain;
        private int state;
        private long v;

        Rec(int n, Chain chain) {
            this.n = n;
            this.chain = chain;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            Object r;
            switch (state) {
                case 0:
                    if (chain.sleepDown) {
                        state = 1;
                        if (Corio.sleep(0).awaitFrom(this) == SUSPENDED) {
                            return SUSPENDED;
                        }
                    }
                    // fall through
                case 1:
                    if (error != null) {
                        throw error;
                    }
                    if (n == 0) {
                        chain.maxStack = StackWalker.getInstance().walk(s -> (int) s.count());
                        if (chain.fail) {
                            throw new IllegalStateException("bottom");
                        }
                        if (chain.park) {
                            chain.bottom = new AsyncFuture<>(EventLoop.running());
                            state = 4;
                            if (chain.bottom.awaitFrom(this) == SUSPENDED) {
                                return SUSPENDED;
                            }
                        }
                        state = 5;
                        return 0L;
                    }
                    state = 2;
                    try {
                        r = new Rec(n - 1, chain).awaitFrom(this);
                    } catch (Throwable e) {
                        r = null;
                        error = e;
                    }
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    value = r;
                    // fall through
                case 2:
                    try {
                        if (error != null) {
                            throw error;
                        }
                    } finally {
                        chain.finallies++;
                    }
                    v = (Long) value + 1;
                    if (chain.sleepUp) {
                        state = 3;
                        if (Corio.sleep(0).awaitFrom(this) == SUSPENDED) {
                            return SUSPENDED;
                        }
                    }
                    // fall through
                case 3:
                    if (error != null) {
                        throw error;
                    }
                    state = 5;
                    return v;
                case 4:
                    if (error != null) {
                        throw error;
                    }
                    state = 5;
                    return 0L;
                default:
                    throw new IllegalStateException("resumed after completion");
            }
        }
    }

    private static long run(int depth, Chain chain) {
        EventLoop loop = EventLoop.virtual();
        try {
            return loop.runUntilComplete(new Rec(depth, chain));
        } finally {
            loop.close();
        }
    }

    private static void assertShortStack(Chain c) {
        assertTrue(c.maxStack > 0 && c.maxStack < 2_000, "Java frames at the bottom: " + c.maxStack);
    }

    @Test
    void tenMillionLevelsThatNeverSuspend() {
        Chain c = new Chain(false, false, false, false);
        assertEquals(10_000_000L, run(10_000_000, c));
        assertEquals(10_000_000, c.finallies);
        assertShortStack(c);
    }

    @Test
    void aMillionLevelsWithEveryCombinationOfSuspensions() {
        for (boolean down : new boolean[] {false, true}) {
            for (boolean up : new boolean[] {false, true}) {
                Chain c = new Chain(down, up, false, false);
                assertEquals(1_000_000L, run(1_000_000, c), "down " + down + " up " + up);
                assertEquals(1_000_000, c.finallies);
                assertShortStack(c);
            }
        }
    }

    @Test
    void aMillionLevelsFailingAtTheBottom() {
        for (boolean down : new boolean[] {false, true}) {
            Chain c = new Chain(down, false, true, false);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(1_000_000, c));
            assertEquals("bottom", e.getMessage());
            assertEquals(1_000_000, c.finallies);
            assertTrue(e.getStackTrace().length < 2_000, "trace of " + e.getStackTrace().length + " frames");
        }
    }

    @Test
    void aMillionLevelsParkedAtTheBottomThenResumedOrCancelled() {
        for (boolean cancel : new boolean[] {false, true}) {
            EventLoop loop = EventLoop.virtual();
            Chain c = new Chain(false, false, false, true);
            Task<Long> t = loop.createTask(new Rec(1_000_000, c));
            loop.runUntilComplete(Corio.sleep(1));
            assertTrue(c.bottom != null && !c.bottom.isDone());
            if (cancel) {
                assertTrue(t.cancel("deep"));
                CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
                assertEquals("deep", e.getMessage());
                assertTrue(t.isCancelled());
            } else {
                c.bottom.setResult(null);
                assertEquals(1_000_000L, loop.runUntilComplete(t));
            }
            assertEquals(1_000_000, c.finallies);
            loop.close();
        }
    }

    /** A task awaiting a new task awaiting a new task... {@code n} deep; the innermost awaits {@code bottom}. */
    static final class Nest extends Coroutine<Integer> {
        private final int n;
        private final AsyncFuture<Void> ready;
        private final AsyncFuture<Integer>[] bottom;
        private int state;

        Nest(int n, AsyncFuture<Void> ready, AsyncFuture<Integer>[] bottom) {
            this.n = n;
            this.ready = ready;
            this.bottom = bottom;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (state == 0) {
                state = 1;
                AsyncFuture<Integer> next;
                if (n == 0) {
                    next = bottom[0] = new AsyncFuture<>(EventLoop.running());
                    ready.setResult(null);
                } else {
                    next = Corio.createTask(new Nest(n - 1, ready, bottom));
                }
                Object r = next.awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                value = r;
            } else if (error != null) {
                throw error;
            }
            return (Integer) value + 1;
        }
    }

    @Test
    void aMillionTasksAwaitingEachOtherCompleteOrAreCancelledFromTheTop() {
        for (boolean cancel : new boolean[] {false, true}) {
            EventLoop loop = EventLoop.virtual();
            AsyncFuture<Void> ready = loop.createFuture();
            @SuppressWarnings("unchecked")
            AsyncFuture<Integer>[] bottom = new AsyncFuture[1];
            Task<Integer> top = loop.createTask(new Nest(1_000_000, ready, bottom));
            loop.runUntilComplete(ready); // one tick per level: a million ticks to build the chain
            if (cancel) {
                assertTrue(top.cancel("chain"));
                assertTrue(bottom[0].isCancelled());
                CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(top));
                assertEquals("chain", e.getMessage());
            } else {
                bottom[0].setResult(0);
                assertEquals(1_000_001, loop.runUntilComplete(top)); // n + 1 levels, each adds one
            }
            loop.close();
        }
    }
}
