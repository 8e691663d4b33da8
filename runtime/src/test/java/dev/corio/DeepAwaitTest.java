package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Await chains deeper than the Java stack could hold if every await called the awaited coroutine:
 * past {@link Task#MAX_INLINE_DEPTH} inline starts the task's step loop starts the next frame itself.
 * The frames are hand-written state machines shaped as the processor generates them.
 */
@Timeout(120)
class DeepAwaitTest extends TestBase {
    static final int MILLION = 1_000_000;

    /** What a level does around its recursive await. */
    record Shape(boolean sleepBefore, boolean sleepAfter, boolean failAtBottom, boolean suspendAtBottom) {
    }

    /** Counters shared by all the levels of one chain. */
    static final class Counters {
        int maxStack;
        int caught;
        int finallies;
        AsyncFuture<Void> bottom;
    }

    /**
     * {@code async def rec(n): [await sleep(0)]; if n == 0: ...; try: v = await rec(n - 1) except X: caught++;
     * raise finally: finallies++; [await sleep(0)]; return v + 1}.
     */
    static final class Rec extends Coroutine<Long> {
        final int n;
        final Shape shape;
        final Counters counters;
        int state;
        long v;

        Rec(int n, Shape shape, Counters counters) {
            this.n = n;
            this.shape = shape;
            this.counters = counters;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            Object r;
            switch (state) {
                case 0:
                    if (shape.sleepBefore) {
                        state = 1;
                        if ((r = Corio.sleep(0).awaitFrom(this)) == SUSPENDED) {
                            return SUSPENDED;
                        }
                    }
                    // fall through
                case 1:
                    if (error != null) {
                        throw error;
                    }
                    if (n == 0) {
                        counters.maxStack = StackWalker.getInstance().walk(s -> (int) s.count());
                        if (shape.failAtBottom) {
                            throw new IllegalStateException("bottom");
                        }
                        if (shape.suspendAtBottom) {
                            counters.bottom = new AsyncFuture<>(loop());
                            state = 4;
                            if ((r = counters.bottom.awaitFrom(this)) == SUSPENDED) {
                                return SUSPENDED;
                            }
                            return 0L;
                        }
                        return 0L;
                    }
                    state = 2;
                    try {
                        r = new Rec(n - 1, shape, counters).awaitFrom(this); // an inline callee throws here
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
                            counters.caught++;
                            throw error;
                        }
                    } finally {
                        counters.finallies++;
                    }
                    v = (Long) value + 1;
                    if (shape.sleepAfter) {
                        state = 3;
                        if ((r = Corio.sleep(0).awaitFrom(this)) == SUSPENDED) {
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


    private long run(int depth, Shape shape, Counters c) {
        return loop.runUntilComplete(new Rec(depth, shape, c));
    }

    private static void assertShortStack(Counters c) {
        // Without the trampoline the bottom of a 1M chain would sit under 2M Java frames (it overflowed at
        // about 12,700 levels); with it the stack holds at most MAX_INLINE_DEPTH levels of two frames each.
        assertTrue(c.maxStack > 0 && c.maxStack < 3 * Task.MAX_INLINE_DEPTH + 100, "stack depth " + c.maxStack);
    }

    @Test
    void aMillionLevelsThatNeverSuspend() {
        Counters c = new Counters();
        assertEquals(MILLION, run(MILLION, new Shape(false, false, false, false), c));
        assertEquals(MILLION, c.finallies);
        assertShortStack(c);
    }

    @Test
    void aMillionLevelsThatSuspendBeforeRecursing() {
        Counters c = new Counters();
        assertEquals(MILLION, run(MILLION, new Shape(true, false, false, false), c));
        assertShortStack(c);
    }

    @Test
    void aMillionLevelsThatSuspendOnTheWayOut() {
        Counters c = new Counters();
        assertEquals(MILLION, run(MILLION, new Shape(false, true, false, false), c));
        assertEquals(MILLION, c.finallies);
        assertShortStack(c);
    }

    @Test
    void aChainSuspendedAtTheBottomResumesOutwardIteratively() {
        Counters c = new Counters();
        Task<Long> t = loop.createTask(new Rec(MILLION, new Shape(false, false, false, true), c));
        loop.runUntilComplete(loop.createTask(Co.co(() -> Co.await(Corio.sleep(1), v -> {
            c.bottom.setResult(null);
            return Co.done(null);
        }))));
        assertEquals(MILLION, loop.runUntilComplete(t));
        assertShortStack(c);
    }

    @Test
    void anExceptionAtTheBottomPropagatesThroughAMillionLevels() {
        Counters c = new Counters();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(MILLION, new Shape(false, false, true, false), c));
        assertEquals("bottom", e.getMessage());
        assertEquals(MILLION, c.caught);
        assertEquals(MILLION, c.finallies);
        assertShortStack(c);
        // Its stack trace was taken on the short stack: no million frames to print.
        assertTrue(e.getStackTrace().length < 3 * Task.MAX_INLINE_DEPTH + 100, "trace " + e.getStackTrace().length);
    }

    @Test
    void anExceptionThroughAMillionLevelsThatSuspended() {
        Counters c = new Counters();
        assertThrows(IllegalStateException.class, () -> run(MILLION, new Shape(true, false, true, false), c));
        assertEquals(MILLION, c.caught);
        assertEquals(MILLION, c.finallies);
    }

    @Test
    void cancellingAMillionDeepChainReachesTheBottomAndEveryLevel() {
        Counters c = new Counters();
        Task<Long> t = loop.createTask(new Rec(MILLION, new Shape(false, false, false, true), c));
        TestBase.runBriefly(loop);
        assertTrue(c.bottom != null && !c.bottom.isDone());
        assertTrue(t.cancel("deep"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("deep", e.getMessage());
        assertTrue(t.isCancelled());
        assertTrue(c.bottom.isCancelled());
        assertEquals(MILLION, c.caught);
        assertEquals(MILLION, c.finallies);
    }

    @Test
    void justBelowAndJustAboveTheInlineLimitGiveTheSameResults() {
        for (int depth = Task.MAX_INLINE_DEPTH - 2; depth <= 3 * Task.MAX_INLINE_DEPTH + 2; depth++) {
            Counters c = new Counters();
            assertEquals(depth, run(depth, new Shape(false, false, false, false), c));
            assertEquals(depth, c.finallies);
            Counters f = new Counters();
            int d = depth;
            assertThrows(IllegalStateException.class, () -> run(d, new Shape(false, false, true, false), f));
            assertEquals(depth, f.caught);
        }
    }

    @Test
    void theTrampolineDoesNotGoThroughTheEventLoop() {
        // A deep chain that never suspends finishes within its task's first step: no tick passes.
        TestBase.TickCounter ticks = new TestBase.TickCounter(loop);
        Counters c = new Counters();
        int[] seen = new int[2];
        Task<Long> t = loop.createTask(Co.co(() -> {
            seen[0] = ticks.now();
            return Co.await(new Rec(10 * Task.MAX_INLINE_DEPTH, new Shape(false, false, false, false), c), v -> {
                seen[1] = ticks.now();
                return Co.done(v);
            });
        }));
        assertEquals(10L * Task.MAX_INLINE_DEPTH, loop.runUntilComplete(t));
        ticks.stop();
        assertEquals(seen[0], seen[1]);
    }

    @Test
    void anAwaitedTaskOfADeepChainStillSeesTheSameException() {
        Counters c = new Counters();
        Task<Long> inner = loop.createTask(new Rec(MILLION, new Shape(false, false, true, false), c));
        Task<Object> outer = loop.createTask(Co.co(() -> Co.await(inner, v -> Co.done(v), e -> Co.done(e))));
        Object got = loop.runUntilComplete(outer);
        assertSame(inner.exception(), got);
    }

    /** A task that awaits a new task running {@code nest(n - 1)}; the innermost awaits {@code bottom[0]}. */
    static Coroutine<Integer> nest(int n, List<Task<?>> tasks, AsyncFuture<Integer>[] bottom) {
        if (n == 0) {
            return Co.co(() -> {
                bottom[0] = EventLoop.running().createFuture();
                return Co.await(bottom[0], v -> Co.done(v));
            });
        }
        return Co.co(() -> {
            Task<Integer> inner = Corio.createTask(nest(n - 1, tasks, bottom));
            tasks.add(inner);
            return Co.await(inner, v -> Co.done(v + 1));
        });
    }

    @Test
    void cancellingAChainOfAHundredThousandTasksAwaitingEachOther() {
        // Cancelling a task that awaits a task cancels that task, and so on down the chain: a loop, not a
        // recursion, so it cannot overflow the stack (it did at about 10,000 tasks).
        int n = 100_000;
        List<Task<?>> tasks = new ArrayList<>();
        @SuppressWarnings("unchecked")
        AsyncFuture<Integer>[] bottom = new AsyncFuture[1];
        Task<Integer> top = loop.createTask(nest(n, tasks, bottom));
        while (bottom[0] == null) {
            TestBase.runOnce(loop);
        }
        assertTrue(top.cancel("chain"));
        assertTrue(bottom[0].isCancelled(), "the innermost waiter is cancelled at once");
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(top));
        assertEquals("chain", e.getMessage());
        assertEquals(1, top.cancelling());
        for (Task<?> t : tasks) {
            assertTrue(t.isCancelled());
            assertEquals(1, t.cancelling());
        }
        assertTrue(top.cancel() == false);
    }

    @Test
    void cancellingAChainWhoseInnermostTaskIsNotWaitingMarksItToCancel() {
        List<Task<?>> tasks = new ArrayList<>();
        @SuppressWarnings("unchecked")
        AsyncFuture<Integer>[] bottom = new AsyncFuture[1];
        Task<Integer> top = loop.createTask(nest(3, tasks, bottom));
        while (bottom[0] == null) {
            TestBase.runOnce(loop);
        }
        bottom[0].setResult(7); // the innermost task is now scheduled, waiting on nothing that can be cancelled
        assertTrue(top.cancel("late"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(top));
        assertEquals("late", e.getMessage());
        for (Task<?> t : tasks) {
            assertTrue(t.isCancelled());
        }
    }
}
