/**
 * Async generators, async iteration and generator-based async context managers: Python's
 * {@code async def ... yield}, {@code async for}, {@code contextlib.asynccontextmanager} and
 * {@code contextlib.aclosing}, for {@code @Async} methods.
 *
 * <ul>
 *   <li>{@link dev.corio.generators.AsyncIterable} / {@link dev.corio.generators.AsyncIterator}: the
 *       protocol of {@code async for} ({@code __aiter__} / {@code __anext__}); the end of iteration is
 *       {@link dev.corio.generators.StopAsyncIteration}.</li>
 *   <li>{@link dev.corio.generators.AsyncGenerator}: an {@code @Async} method that returns one is a
 *       generator; {@code anext}, {@code asend}, {@code athrow}, {@code aclose} as in asyncio;
 *       {@link dev.corio.generators.GeneratorExit} is the close signal.</li>
 *   <li>{@link dev.corio.generators.Generators}: the markers a generator body and an async {@code for} are
 *       written with ({@code emit}, {@code done}, {@code awaitEach}) and the context-manager adapters
 *       ({@code asyncContextManager}, {@code aclosing}).</li>
 *   <li>{@link dev.corio.generators.AsyncIterables}: operators over async iterables (map, filter, take,
 *       zip, toList, ...), each closing its source when it stops early.</li>
 * </ul>
 *
 * <p>A family of its own (as {@code kotlinx.coroutines.flow}) on top of the core package: the core knows
 * only that a loop finalizes the generators still running when {@code Corio.run} ends
 * ({@code EventLoop.shutdownAsyncgens}). User guide: {@code docs/generators.md}.
 */
package dev.corio.generators;
