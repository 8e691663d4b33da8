package dev.corio.net;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.EventLoop;
import dev.corio.internal.IoStep;
import dev.corio.net.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * asyncio's {@code StreamWriter}: writes to a connection, with {@link #drain()} for flow control.
 *
 * <p>{@link #write} never blocks: it queues in the transport. {@code await(writer.drain())} after writing
 * suspends while the transport's buffer is above its high-water mark (64 KiB by default) and resumes when it
 * is down to the low one, so that a peer that does not read holds the writer back instead of filling memory.
 * Once the connection is lost, {@code drain()} fails with its error (or {@link java.net.SocketException}
 * "Connection lost").
 *
 * <p>As an {@link AsyncContextManager} (a Corio addition: asyncio's writer has none), leaving the block
 * closes the writer and waits until the connection is closed, whatever the block threw.
 */
public final class StreamWriter implements AsyncContextManager<StreamWriter> {
    private Transport transport;
    private final StreamReaderProtocol protocol;
    private final StreamReader reader;
    private final EventLoop loop;

    StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader, EventLoop loop) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
        this.loop = loop;
    }

    /** The transport under this writer. */
    public Transport transport() {
        return transport;
    }

    /** Queues {@code data}; see {@link Transport#write(byte[])}. */
    public void write(byte[] data) {
        transport.write(data);
    }

    /** Queues {@code text} in UTF-8 (a convenience; asyncio takes bytes only). */
    public void write(String text) {
        transport.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Queues each array in order. */
    public void writelines(List<byte[]> data) {
        transport.writelines(data);
    }

    /** Half-closes: see {@link Transport#writeEof()}. */
    public void writeEof() {
        transport.writeEof();
    }

    /** Whether {@link #writeEof()} is supported (always, for TCP). */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the connection once the buffer is flushed; {@link #waitClosed()} tells when it is closed. */
    public void close() {
        transport.close();
    }

    /** Whether the writer is closing or closed. */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Completes when the connection is closed: normally after a close or EOF, with the connection's error if
     * it broke.
     */
    public AsyncFuture<Void> waitClosed() {
        AsyncFuture<Void> closed = protocol.closedFuture();
        AsyncFuture<Void> f = loop.createFuture();
        closed.addDoneCallback(c -> {
            if (c.exception() != null) {
                Futures.fail(f, c.exception());
            } else {
                Futures.succeed(f, null);
            }
        });
        return f;
    }

    /**
     * Waits until the transport's buffer is below its low-water mark if it went over the high one; completes
     * at once otherwise. Fails with the reader's error if the connection broke, or with
     * {@link java.net.SocketException} "Connection lost" once it is closed. A drain cancelled while waiting
     * leaves the connection usable (what was written stays queued).
     */
    public AsyncFuture<Void> drain() {
        IoStep.checkThread(loop, "drain");
        AsyncFuture<Void> f = loop.createFuture();
        Throwable exc = reader == null ? null : reader.exception();
        if (exc != null) {
            f.setException(exc);
            return f;
        }
        if (transport.isClosing()) {
            // let connectionLost run first (asyncio's sleep(0)), so that drain reports the connection's fate
            loop.callSoon(() -> protocol.drainHelper(f));
            return f;
        }
        protocol.drainHelper(f);
        return f;
    }

    /**
     * asyncio's {@code StreamWriter.start_tls(sslcontext, server_hostname=)}: drains, then upgrades the
     * connection to TLS ({@link Net#startTls}); from then on this writer and its reader speak plaintext over
     * TLS. The future completes after the handshake, or fails as the handshake did. Client options check the
     * certificate against their server name ({@link TlsOptions#withServerHostname}), or the peer's address.
     *
     * @throws IllegalStateException if the connection already speaks TLS
     */
    public AsyncFuture<Void> startTls(TlsOptions tls) {
        IoStep.checkThread(loop, "startTls");
        java.util.Objects.requireNonNull(tls, "tls");
        if (transport.getExtraInfo("ssl_object") != null) {
            throw new IllegalStateException("Transport already uses SSL"); // asyncio's message
        }
        AsyncFuture<Void> result = loop.createFuture();
        drain().addDoneCallback(d -> {
            if (d.isCancelled()) {
                result.cancel();
                return;
            }
            if (d.exception() != null) {
                Futures.fail(result, d.exception());
                return;
            }
            AsyncFuture<Transport> upgraded;
            try {
                upgraded = Net.startTls(transport, protocol, tls);
            } catch (RuntimeException e) {
                Futures.fail(result, e);
                return;
            }
            upgraded.addDoneCallback(u -> {
                if (u.isCancelled()) {
                    result.cancel();
                } else if (u.exception() != null) {
                    Futures.fail(result, u.exception());
                } else {
                    transport = u.result();
                    protocol.replaceTransport(u.result());
                    Futures.succeed(result, null);
                }
            });
            result.addDoneCallback(r -> {
                if (r.isCancelled()) {
                    upgraded.cancel();
                }
            });
        });
        return result;
    }

    /** asyncio's {@code get_extra_info}: see {@link Transport#getExtraInfo}. */
    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    /** The peer's address ({@code getExtraInfo("peername")}). */
    public InetSocketAddress peername() {
        return (InetSocketAddress) transport.getExtraInfo("peername");
    }

    /** This side's address ({@code getExtraInfo("sockname")}). */
    public InetSocketAddress sockname() {
        return (InetSocketAddress) transport.getExtraInfo("sockname");
    }

    @Override
    public Awaitable<StreamWriter> aenter() {
        AsyncFuture<StreamWriter> f = loop.createFuture();
        f.setResult(this);
        return f;
    }

    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        transport.close();
        AsyncFuture<Boolean> f = loop.createFuture();
        protocol.closedFuture().addDoneCallback(c -> Futures.succeed(f, false));
        return f;
    }

    @Override
    public String toString() {
        return "StreamWriter[" + transport + (reader != null ? ", " + reader : "") + "]";
    }
}
