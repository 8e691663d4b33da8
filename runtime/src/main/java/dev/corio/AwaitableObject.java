package dev.corio;

/**
 * The base for awaitable objects written by hand: asyncio's objects with an {@code __await__}. A
 * subclass says what awaiting it means by returning, from {@link #awaited()}, something the runtime
 * already knows how to await: a future it completes (an {@link AsyncFuture} from
 * {@code loop.createFuture()}, completed from a callback), a fresh coroutine (an {@code @Async} method's,
 * or a {@link StateMachine}), or a runtime primitive ({@code sleep}, a lock's {@code acquire()}).
 * {@code await(x)} on the object then behaves exactly as {@code await(x.awaited())}: it suspends only if
 * that does, and gives its value or throws its exception unchanged.
 *
 * <pre>{@code
 * final class Job extends AwaitableObject<Report> {
 *     private final AsyncFuture<Report> done = EventLoop.running().createFuture();
 *
 *     void finish(Report r) { done.setResult(r); }              // loop thread, as every future
 *
 *     @Override
 *     protected Awaitable<Report> awaited() { return done; }    // await(job) waits for finish
 * }
 * }</pre>
 * {@code awaited()} is called once per await, on the loop, from the awaiting task. Return a future to be
 * awaitable many times (a coroutine runs only once, so return a new one on each call).
 *
 * <p>Implementing {@link Awaitable#awaitFrom} directly is the runtime's own protocol (see
 * {@link Coroutine}); this class keeps hand-written code on the part of it that is stable.
 *
 * @param <T> the type of the value an await of this object gives
 */
public abstract class AwaitableObject<T> implements Awaitable<T> {
    protected AwaitableObject() {
    }

    /** What an await of this object awaits; never {@code null}. */
    protected abstract Awaitable<? extends T> awaited();

    @Override
    public final Object awaitFrom(Coroutine<?> frame) {
        Awaitable<? extends T> a = awaited();
        if (a == null) {
            throw new NullPointerException(getClass().getName() + ".awaited() returned null: it must return"
                    + " the future, coroutine or primitive that awaiting this object awaits");
        }
        return a.awaitFrom(frame);
    }
}
