package dev.corio.sample.support;

import dev.corio.Awaitable;
import dev.corio.Coroutine;

/**
 * A base for coroutines written by hand as state machines, in the shape the {@code @Async} processor
 * generates, with the bookkeeping of the coroutine contract in one place. A subclass writes its body in
 * {@link #step()} as {@code switch (pc)} over resume points; at each await it writes
 * <pre>{@code
 *     case 3:
 *         if (await(api.item(id), 4)) return SUSPENDED;
 *     case 4:
 *         Item item = (Item) take();   // the await's value, or throws what it failed with
 * }</pre>
 * {@link #await(Awaitable, int)} sets where to go on and tells whether the frame suspended; when the
 * awaitable was already done, control falls through to the next state at once (no trip through the loop).
 * Whatever the awaitable threw, synchronously or later, comes out of {@link #take()}, so a
 * {@code try}/{@code catch} around {@code take()} sees it where Java code would.
 */
public abstract class StateMachine<T> extends Coroutine<T> {
    /** The resume point: where {@link #step()} goes on after the next resume. */
    protected int pc;
    private Object value;
    private Throwable error;

    @Override
    protected final Object resume(Object v, Throwable e) throws Throwable {
        value = v;
        error = e;
        return step();
    }

    /** The body: runs from {@link #pc} until it returns the coroutine's value or {@link #SUSPENDED}. */
    protected abstract Object step() throws Throwable;

    /**
     * Awaits {@code a}, going on at state {@code next}: returns {@code true} when the frame must return
     * {@link #SUSPENDED}, {@code false} when the outcome is already there for {@link #take()}.
     */
    protected final boolean await(Awaitable<?> a, int next) {
        pc = next;
        try {
            Object r = a.awaitFrom(this);
            if (r == SUSPENDED) {
                return true;
            }
            value = r;
            error = null;
        } catch (Throwable t) {
            value = null;
            error = t;
        }
        return false;
    }

    /** The outcome of the last await: its value, or its exception thrown here. */
    protected final Object take() throws Throwable {
        Throwable e = error;
        Object v = value;
        error = null;
        value = null;
        if (e != null) {
            throw e;
        }
        return v;
    }
}
