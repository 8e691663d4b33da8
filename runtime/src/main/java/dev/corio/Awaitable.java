package dev.corio;

/**
 * Something a coroutine can {@link Corio#await(Awaitable) await}: an {@link AsyncFuture} (a {@link Task}
 * is one), another {@link Coroutine}, or a runtime primitive such as {@link Corio#sleep(double)}.
 *
 * <p>The single method is the protocol between generated state machines and the runtime (public only
 * because interface methods are). User code never calls it; it writes {@code Corio.await(x)} and the
 * annotation processor emits the call. To make an object awaitable by hand, extend
 * {@link AwaitableObject}; to write a coroutine by hand, extend {@link StateMachine}.
 *
 * @param <T> the type of the value the await produces
 */
public interface Awaitable<T> {

    /**
     * Starts awaiting this from {@code frame}, which must be running on its task.
     *
     * <p>Returns the value at once when it is already available, or throws the exception the awaitable
     * completed with (same instance, never wrapped). Otherwise arranges for the frame's task to resume
     * the innermost frame with the outcome later, and returns {@link Coroutine#SUSPENDED}; the caller
     * must then return {@code SUSPENDED} from its own {@code resume}.
     *
     * @param frame the coroutine frame that awaits; its {@link Coroutine#task()} is set
     * @return the value, or {@link Coroutine#SUSPENDED}
     */
    Object awaitFrom(Coroutine<?> frame);
}
