package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.net.tls.TlsOptions;
import java.util.Objects;

/**
 * asyncio's stream functions: {@link #openConnection} and {@link #startServer}, for the loop running on
 * the calling thread. They wrap {@link Net#createConnection} and {@link Net#createServer} with a
 * {@link StreamReader} and a {@link StreamWriter} per connection.
 */
public final class Streams {
    private Streams() {
    }

    /**
     * asyncio's {@code open_connection(host, port)}: connects (see {@link Net#createConnection} for
     * resolution, addresses tried and errors) and gives the connection's reader (default limit) and writer.
     */
    public static AsyncFuture<ReaderAndWriter> openConnection(String host, int port) {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #openConnection(String, int)} with the reader's limit. */
    public static AsyncFuture<ReaderAndWriter> openConnection(String host, int port, int limit) {
        EventLoop loop = EventLoop.running();
        StreamReader reader = new StreamReader(limit, loop);
        return Futures.map(loop, Net.createConnection(() -> new StreamReaderProtocol(loop, reader, null), host, port),
                tp -> new ReaderAndWriter(reader, tp.protocol().writer()));
    }

    /**
     * {@link #openConnection(String, int, int)} with asyncio's {@code happy_eyeballs_delay} and
     * {@code interleave}: see {@link Net#createConnection(java.util.function.Supplier, String, int, double, int)}.
     */
    public static AsyncFuture<ReaderAndWriter> openConnection(String host, int port, int limit,
            double happyEyeballsDelay, int interleave) {
        EventLoop loop = EventLoop.running();
        StreamReader reader = new StreamReader(limit, loop);
        return Futures.map(loop, Net.createConnection(() -> new StreamReaderProtocol(loop, reader, null), host, port,
                happyEyeballsDelay, interleave), tp -> new ReaderAndWriter(reader, tp.protocol().writer()));
    }

    /**
     * {@link #openConnection(String, int)} over TLS (asyncio's {@code open_connection(host, port, ssl=)}):
     * completes after the handshake; see {@link Net#createConnection(java.util.function.Supplier, String, int,
     * TlsOptions)} for the checks and errors. The writer cannot {@code writeEof} (TLS has no half-close);
     * closing it sends close-notify.
     */
    public static AsyncFuture<ReaderAndWriter> openConnection(String host, int port, TlsOptions tls) {
        return openConnection(host, port, tls, StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #openConnection(String, int, TlsOptions)} with the reader's limit. */
    public static AsyncFuture<ReaderAndWriter> openConnection(String host, int port, TlsOptions tls, int limit) {
        EventLoop loop = EventLoop.running();
        StreamReader reader = new StreamReader(limit, loop);
        return Futures.map(loop, Net.createConnection(() -> new StreamReaderProtocol(loop, reader, null), host, port,
                tls), tp -> new ReaderAndWriter(reader, tp.protocol().writer()));
    }

    /**
     * {@link #startServer(ClientConnected, String, int)} over TLS (asyncio's {@code start_server(..., ssl=)}):
     * {@code clientConnected} runs once a client's handshake succeeded; see
     * {@link Net#createServer(java.util.function.Supplier, String, int, int, boolean, TlsOptions)}.
     */
    public static AsyncFuture<Server> startServer(ClientConnected clientConnected, String host, int port,
            TlsOptions tls) {
        Objects.requireNonNull(clientConnected, "clientConnected");
        EventLoop loop = EventLoop.running();
        return Net.createServer(() -> new StreamReaderProtocol(loop, new StreamReader(StreamReader.DEFAULT_LIMIT, loop),
                clientConnected), host, port, Net.DEFAULT_BACKLOG, true, tls);
    }

    /**
     * asyncio's {@code start_server(client_connected_cb, host, port)}: a serving {@link Server} whose every
     * connection gets a reader and a writer and calls {@code clientConnected} with them.
     */
    public static AsyncFuture<Server> startServer(ClientConnected clientConnected, String host, int port) {
        return startServer(clientConnected, host, port, StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #startServer(ClientConnected, String, int)} with the readers' limit. */
    public static AsyncFuture<Server> startServer(ClientConnected clientConnected, String host, int port, int limit) {
        return startServer(clientConnected, host, port, limit, Net.DEFAULT_BACKLOG);
    }

    /**
     * {@link #startServer(ClientConnected, String, int)} with the readers' limit and the listen backlog
     * (asyncio's {@code backlog} keyword, 100 by default; the kernel caps it, at {@code somaxconn} on Linux).
     */
    public static AsyncFuture<Server> startServer(ClientConnected clientConnected, String host, int port, int limit,
            int backlog) {
        return startServer(clientConnected, host, port, limit, backlog, false);
    }

    /**
     * {@link #startServer(ClientConnected, String, int, int, int)} with asyncio's {@code reuse_port}; see
     * {@link Net#createServer(java.util.function.Supplier, String, int, int, boolean, boolean)}.
     */
    public static AsyncFuture<Server> startServer(ClientConnected clientConnected, String host, int port, int limit,
            int backlog, boolean reusePort) {
        Objects.requireNonNull(clientConnected, "clientConnected");
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        EventLoop loop = EventLoop.running();
        return Net.createServer(() -> new StreamReaderProtocol(loop, new StreamReader(limit, loop), clientConnected),
                host, port, backlog, true, reusePort);
    }

    /**
     * A {@link StreamWriter} over a write-only transport that is not a socket (a subprocess's stdin, see
     * {@code dev.corio.subprocess}): it becomes the transport's protocol, so that {@link StreamWriter#drain()}
     * follows the transport's pause/resume-writing and {@link StreamWriter#waitClosed()} its connection-lost.
     * asyncio's {@code StreamWriter(transport, protocol, None, loop)}. Loop thread only.
     */
    public static StreamWriter writerFor(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        EventLoop loop = EventLoop.running();
        StreamReaderProtocol protocol = new StreamReaderProtocol(loop, new StreamReader(StreamReader.DEFAULT_LIMIT, loop),
                null);
        transport.setProtocol(protocol);
        protocol.connectionMade(transport);
        return new StreamWriter(transport, protocol, null, loop);
    }
}
