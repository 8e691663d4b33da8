package dev.corio.sample.http;

import dev.corio.net.StreamReader;
import dev.corio.net.StreamWriter;

/** One keep-alive HTTP/1.1 connection of a {@link CorioHttpClient}: its streams and what it is for. */
final class Connection {
    /** {@code host:port}: the pool this connection goes back to. */
    final String origin;
    final StreamReader reader;
    final StreamWriter writer;
    /** Requests answered on it so far (a reused connection has answered at least one). */
    int answered;

    Connection(String origin, StreamReader reader, StreamWriter writer) {
        this.origin = origin;
        this.reader = reader;
        this.writer = writer;
    }

    /**
     * Whether it may carry another request: not closing, no error, no EOF from the server, and no bytes
     * nobody asked for (a server that sent more than its answer is not one to trust with the next one).
     */
    boolean reusable() {
        return !writer.isClosing() && reader.exception() == null && !reader.atEof() && reader.buffered() == 0;
    }

    void close() {
        writer.close();
    }

    @Override
    public String toString() {
        return "Connection[" + origin + ", answered " + answered + (writer.isClosing() ? ", closing]" : "]");
    }
}
