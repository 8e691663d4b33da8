package dev.corio.net;

import dev.corio.Awaitable;

/**
 * The callback of {@link Streams#startServer}: called once per accepted connection with its reader and
 * writer. It may return an awaitable (an {@code @Async} method's coroutine, typically), which runs as a task
 * of its own; if that task fails, the error goes to the loop's exception handler and the connection is
 * closed. Returning {@code null} is allowed (a plain callback).
 */
@FunctionalInterface
public interface ClientConnected {
    Awaitable<?> connected(StreamReader reader, StreamWriter writer) throws Exception;
}
