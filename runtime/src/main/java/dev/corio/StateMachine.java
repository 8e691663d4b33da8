package dev.corio;

/**
 * The base for coroutines written by hand, in the shape the {@code @Async} processor generates: a
 * {@code switch} over resume points, with the bookkeeping of the coroutine contract (see
 * {@link Coroutine}) done here. Use it where an {@code @Async} method cannot go (a library compiled
 * without the processor, a hand-tuned hot path); anywhere else an {@code @Async} method is shorter.
 *
 * <p>A subclass writes its body in {@link #step()} as {@code switch (pc)}; at each await it writes
 * <pre>{@code
 * final class Comments extends StateMachine<Integer> {
 *     private final HackerNews api;
 *     private final long id;
 *
 *     Comments(HackerNews api, long id) { this.api = api; this.id = id; }
 *
 *     @Override
 *     protected Object step() throws Throwable {
 *         switch (pc) {
 *             case 0:
 *                 if (await(api.item(id), 1)) return SUSPENDED;  // suspends, or falls through at once
 *             case 1:
 *                 Item item = (Item) take();                      // the await's value, or throws its exception
 *                 return item.kids().size();                      // the coroutine's value
 *             default:
 *                 throw new IllegalStateException("resumed after completion");
 *         }
 *     }
 * }
 * }</pre>
 * {@link #await(Awaitable, int)} sets where to go on and says whether the frame suspended; when the
 * awaitable was already done, control falls through to the next state at once (no trip through the
 * loop). Whatever the awaitable threw, at once or later, comes out of {@link #take()}, so a
 * {@code try}/{@code catch} around {@code take()} sees it where an {@code @Async} method's {@code catch}
 * around the {@code await} would. Like every coroutine it runs once, awaited or in a task:
 * {@code Corio.run(new Comments(api, 8863))}.
 *
 * <p>Inside a subclass, the member {@code await(a, next)} hides {@code Corio.await} from a static
 * import; that marker only works in {@code @Async} methods anyway.
 *
 * @param <T> the type of the coroutine's value
 */
public abstract class StateMachine<T> extends Coroutine<T> {
    /** The resume point: where {@link #step()} goes on after the next resume; 0 at the start. */
    protected int pc;
    private Object value;
    private Throwable error;

    protected StateMachine() {
    }

    @Override
    protected final Object resume(Object v, Throwable e) throws Throwable {
        value = v;
        error = e;
        return step();
    }

    /**
     * The body: runs from {@link #pc} until it returns the coroutine's value or {@link #SUSPENDED} (only
     * right after {@link #await(Awaitable, int)} returned {@code true}), or throws the coroutine's exception.
     */
    protected abstract Object step() throws Throwable;

    /**
     * Awaits {@code awaitable}, going on at state {@code next}: returns {@code true} when the frame must
     * return {@link #SUSPENDED} now, {@code false} when the outcome is already there for {@link #take()}.
     */
    protected final boolean await(Awaitable<?> awaitable, int next) {
        pc = next;
        try {
            Object r = awaitable.awaitFrom(this);
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

    /** The outcome of the last await: its value, or its exception thrown here (unchanged). */
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
