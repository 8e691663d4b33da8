package dev.corio.sync;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.internal.LoopBinding;
import java.util.ArrayList;

/**
 * A meeting point for a fixed number of tasks: asyncio's {@code Barrier} (3.11). Each of {@link #parties()}
 * tasks calls {@link #await()}; they all go on together once the last one arrives, each with its own index
 * from {@code 0} (the first to arrive) to {@code parties - 1} (the one that tripped it). The barrier can be
 * used again after that: tasks arriving while the previous round still drains wait for the next round.
 *
 * <pre>{@code
 * Barrier ready = new Barrier(3);
 * int index = await(ready.await());            // in each of three tasks
 * try (var b = ready) { ... }                  // or: async with barrier (enters with await())
 * }</pre>
 *
 * <p>{@link #reset()} sends the tasks waiting now a {@link BrokenBarrierError} and starts afresh;
 * {@link #abort()} breaks the barrier for good: waiting and later tasks get {@link BrokenBarrierError}.
 * A waiter cancelled while waiting leaves the round (it is no longer counted).
 *
 * <p>Unlike asyncio, {@code reset()} and {@code abort()} are plain methods, not coroutines: asyncio awaits
 * only to take the barrier's internal condition lock, which this implementation (all on the loop thread)
 * does not need. {@code wait()} is {@code await()} because {@code Object.wait()} is final.
 */
public final class Barrier implements AsyncContextManager<Integer> {
    /** The loop this primitive is bound to (asyncio's _LoopBoundMixin). */
    private final LoopBinding binding = new LoopBinding();
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final int parties;
    private State state = State.FILLING;
    /** Tasks inside {@link #await()} (filling or draining). */
    private int count;
    /** Tasks waiting for the state to change. */
    private ArrayList<AsyncFuture<Boolean>> waiters = new ArrayList<>();

    /** A barrier for {@code parties} tasks; {@link IllegalArgumentException} if fewer than one. */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        }
        this.parties = parties;
    }

    /** The number of tasks needed to trip the barrier. */
    public int parties() {
        return parties;
    }

    /** The number of tasks waiting in the current round (0 while draining or resetting). */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** Whether the barrier is broken ({@link #abort()}; asyncio's {@code broken}). */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    /**
     * asyncio's spelling of {@link #isBroken()}.
     *
     * @deprecated boolean queries are {@code isX} (docs/runtime.md, "Names"); use {@link #isBroken()}
     */
    @Deprecated
    public boolean broken() {
        return isBroken();
    }

    /**
     * Waits until {@link #parties()} tasks wait; gives this task's index (0 for the first to arrive).
     * Throws {@link BrokenBarrierError} if the barrier is broken, or is reset or aborted meanwhile.
     */
    public Awaitable<Integer> await() {
        return frame -> new Waiting().awaitFrom(frame);
    }

    /**
     * Resets the barrier to its initial, empty state; tasks waiting in it get {@link BrokenBarrierError}.
     * Also repairs a broken barrier.
     */
    public void reset() {
        if (count > 0) {
            state = State.RESETTING; // the last task to leave sets it back to FILLING
        } else {
            state = State.FILLING;
        }
        wakeAll();
    }

    /** Breaks the barrier: waiting tasks and any later {@link #await()} get {@link BrokenBarrierError}. */
    public void abort() {
        state = State.BROKEN;
        wakeAll();
    }

    /** {@code async with barrier}: waits at the barrier; the block gets the index. */
    @Override
    public Awaitable<Integer> aenter() {
        return await();
    }

    /** {@code async with barrier}: nothing to do on the way out. */
    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        return frame -> Boolean.FALSE;
    }

    private void wakeAll() {
        ArrayList<AsyncFuture<Boolean>> w = waiters;
        if (w.isEmpty()) {
            return;
        }
        waiters = new ArrayList<>();
        for (AsyncFuture<Boolean> f : w) {
            if (!f.isDone()) {
                f.setResult(Boolean.TRUE);
            }
        }
    }

    private void leave() {
        count--;
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            wakeAll(); // tasks blocked while the round drained may enter now
        }
    }

    /** One {@link #await()}: block while draining or resetting, then count in and wait for the round. */
    private final class Waiting extends Coroutine<Integer> {
        private static final int BLOCKED = 0;
        private static final int IN_ROUND = 1;
        private static final int DONE = 2;
        private int phase = BLOCKED;
        private int index;
        private AsyncFuture<Boolean> fut;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (fut != null) {
                waiters.remove(fut);
                fut = null;
            }
            if (phase == BLOCKED) {
                if (error != null) {
                    phase = DONE;
                    throw error; // not counted in yet
                }
                if (state == State.DRAINING || state == State.RESETTING) {
                    return suspend();
                }
                if (state == State.BROKEN) {
                    phase = DONE;
                    throw new BrokenBarrierError("Barrier aborted");
                }
                index = count++;
                phase = IN_ROUND;
                if (index + 1 == parties) {
                    state = State.DRAINING; // this task trips the barrier
                    wakeAll();
                    return finish(null);
                }
                return suspend();
            }
            if (phase == IN_ROUND) {
                if (error != null) {
                    return finish(error);
                }
                if (state == State.FILLING) {
                    return suspend();
                }
                if (state == State.BROKEN || state == State.RESETTING) {
                    return finish(new BrokenBarrierError("Abort or reset of barrier"));
                }
                return finish(null);
            }
            throw new IllegalStateException("Barrier.await() resumed after it completed");
        }

        private Object suspend() {
            fut = new AsyncFuture<>(binding.bind(task().getLoop(), Barrier.this));
            waiters.add(fut);
            return fut.awaitFrom(this);
        }

        private Object finish(Throwable error) throws Throwable {
            phase = DONE;
            leave();
            if (error != null) {
                throw error;
            }
            return index;
        }

        @Override
        public String toString() {
            return "Barrier.await()";
        }
    }

    @Override
    public String toString() {
        String s = state.name().toLowerCase(java.util.Locale.ROOT);
        if (state != State.BROKEN) {
            s += ", waiters:" + nWaiting() + "/" + parties;
        }
        return "Barrier[" + s + "]";
    }
}
