package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.Task;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * asyncio's {@code StreamReaderProtocol} with its {@code FlowControlMixin}: the protocol between a transport
 * and a {@link StreamReader} / {@link StreamWriter} pair. It feeds the reader, tracks the transport's
 * pause/resume-writing for {@link StreamWriter#drain()}, and on a server starts the client-connected
 * callback.
 */
final class StreamReaderProtocol implements Protocol {
    private final EventLoop loop;
    private final StreamReader reader;
    private final ClientConnected clientConnected;
    private StreamWriter writer;
    private Transport transport;
    private boolean paused;
    private boolean connectionLost;
    private Throwable lostWith;
    private final List<AsyncFuture<Void>> drainWaiters = new ArrayList<>();
    private final AsyncFuture<Void> closed;

    StreamReaderProtocol(EventLoop loop, StreamReader reader, ClientConnected clientConnected) {
        this.loop = loop;
        this.reader = reader;
        this.clientConnected = clientConnected;
        this.closed = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        reader.setTransport(transport);
        if (clientConnected == null) {
            return;
        }
        writer = new StreamWriter(transport, this, reader, loop);
        Awaitable<?> r;
        try {
            r = clientConnected.connected(reader, writer);
        } catch (Throwable e) {
            loop.callExceptionHandler(new ExceptionContext("Unhandled exception in client_connected_cb", e, null, null));
            transport.close();
            return;
        }
        if (r == null) {
            return;
        }
        Coroutine<?> body = r instanceof Coroutine<?> c ? c : awaiting(r);
        Task<?> task = loop.createTask(body);
        task.addDoneCallback(t -> {
            if (t.isCancelled()) {
                transport.close();
                return;
            }
            Throwable e = t.exception();
            if (e != null) {
                loop.callExceptionHandler(new ExceptionContext("Unhandled exception in client_connected_cb", e,
                        null, t));
                transport.close();
            }
        });
    }

    /** A coroutine that awaits {@code a} (for callbacks that return a future rather than a coroutine). */
    private static <T> Coroutine<T> awaiting(Awaitable<T> a) {
        return new Coroutine<T>() {
            private boolean started;

            @Override
            protected Object resume(Object value, Throwable error) throws Throwable {
                if (started) {
                    if (error != null) {
                        throw error;
                    }
                    return value;
                }
                started = true;
                return a.awaitFrom(this);
            }
        };
    }

    /** After start-TLS: the TLS transport replaces the socket's (asyncio's {@code _replace_writer}). */
    void replaceTransport(Transport tls) {
        this.transport = tls;
    }

    /** The writer of a client-side connection (made by {@link Streams#openConnection}). */
    StreamWriter writer() {
        if (writer == null) {
            writer = new StreamWriter(transport, this, reader, loop);
        }
        return writer;
    }

    @Override
    public void dataReceived(byte[] data) {
        reader.feedData(data);
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        return true; // keep the transport open for writing: the peer only half-closed
    }

    @Override
    public void connectionLost(Throwable exc) {
        connectionLost = true;
        lostWith = exc;
        if (exc == null) {
            reader.feedEof();
            Futures.succeed(closed, null);
        } else {
            reader.setException(exc);
            if (!closed.isDone()) {
                closed.setException(exc);
                closed.exception(); // retrieved: a waitClosed() nobody calls is not an unhandled error
            }
        }
        // wake drain() waiters (asyncio's FlowControlMixin.connection_lost)
        if (paused) {
            paused = false;
        }
        List<AsyncFuture<Void>> w = new ArrayList<>(drainWaiters);
        drainWaiters.clear();
        for (AsyncFuture<Void> f : w) {
            if (exc == null) {
                Futures.succeed(f, null);
            } else {
                Futures.fail(f, exc);
            }
        }
    }

    @Override
    public void pauseWriting() {
        paused = true;
    }

    @Override
    public void resumeWriting() {
        paused = false;
        List<AsyncFuture<Void>> w = new ArrayList<>(drainWaiters);
        drainWaiters.clear();
        for (AsyncFuture<Void> f : w) {
            Futures.succeed(f, null);
        }
    }

    /** asyncio's {@code _drain_helper}: completes at once unless writing is paused. */
    void drainHelper(AsyncFuture<Void> f) {
        if (connectionLost) {
            SocketException e = new SocketException("Connection lost");
            if (lostWith != null) {
                e.initCause(lostWith);
            }
            Futures.fail(f, e);
            return;
        }
        if (!paused) {
            Futures.succeed(f, null);
            return;
        }
        drainWaiters.add(f);
        f.addDoneCallback(d -> drainWaiters.remove(d));
    }

    AsyncFuture<Void> closedFuture() {
        return closed;
    }
}
