package dev.corio.net;

/** What {@link Streams#openConnection} gives: asyncio's {@code (reader, writer)} pair. */
public record ReaderAndWriter(StreamReader reader, StreamWriter writer) {
}
