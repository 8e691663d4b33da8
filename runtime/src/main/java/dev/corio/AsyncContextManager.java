package dev.corio;

/**
 * An asynchronous context manager: Python's {@code async with} protocol, for {@link Timeout} and
 * {@link TaskGroup} (and user types).
 *
 * <p>{@code async with m as v: body} runs as: {@code v = await m.aenter()}; then the body; then
 * {@code await m.aexit(e)}, where {@code e} is what the body threw ({@code null} if it completed). When the
 * body threw, {@code aexit} returning {@code true} suppresses the exception (the block then completes
 * normally), {@code false} lets it propagate, and an exception thrown by {@code aexit} replaces it. When
 * {@code aenter} fails, {@code aexit} is not called.
 *
 * <p>Two ways to use one:
 * <ul>
 *   <li>{@link Corio#asyncWith(AsyncContextManager, java.util.function.Function)} (and the shortcuts
 *       {@link Corio#timeout(double, java.util.function.Function)}, {@link Corio#taskGroup}) run a body given
 *       as a function returning an awaitable, inline on the current task; this works today.</li>
 *   <li>In an {@code @Async} method, {@code try (var t = timeout(1)) { ... }}: the processor lowers such a
 *       {@code try} to the protocol above. Outside it, the plain {@link #close()} Java would call is an
 *       error.</li>
 * </ul>
 *
 * @param <T> what {@code aenter} gives the block ({@link Timeout} and {@link TaskGroup} give themselves)
 */
public interface AsyncContextManager<T> extends AutoCloseable {

    /** Enters the context; awaited once, before the body. */
    Awaitable<T> aenter();

    /**
     * Exits the context; awaited once, after the body.
     *
     * @param error what the body threw, or {@code null} if it completed normally
     * @return an awaitable giving {@code true} to suppress {@code error}; it may throw to replace it
     */
    Awaitable<Boolean> aexit(Throwable error);

    /**
     * Always throws: an async context manager needs {@code aenter}/{@code aexit}, which only an
     * {@code @Async} method's {@code try}-with-resources (rewritten by the processor) or
     * {@link Corio#asyncWith} call. Reaching this means the block ran untransformed.
     */
    @Override
    default void close() {
        throw new IllegalStateException(getClass().getSimpleName() + ".close() called: an async context manager"
                + " works only inside an @Async try (...) block, which the corio-processor rewrites into"
                + " aenter()/aexit(); outside @Async code, use Corio.asyncWith(manager, body)");
    }
}
