package dev.corio.net;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.internal.IoStep;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * asyncio's {@code Server} (3.12, with 3.13's {@code close_clients} and {@code abort_clients}): listening
 * sockets on the loop, made by {@link Net#createServer} or {@link Streams#startServer}.
 *
 * <p>{@link #close()} stops listening; connections already accepted go on until they close.
 * {@link #waitClosed()} completes once the server is closed and its last connection is gone.
 * {@link #serveForever()} serves until cancelled, then closes the server. As an
 * {@link AsyncContextManager}, leaving the block closes the server and waits for it to be closed (asyncio's
 * {@code async with server:}).
 *
 * <p>Accepting: up to {@code backlog} connections per readiness of a socket. When the process is out of
 * descriptors (or another resource), the error is reported to the loop's exception handler and the socket
 * stops accepting for one second, so that the loop keeps serving the connections it has; it then retries,
 * and reports the error again only after a later shortage (once an accept found the backlog empty).
 */
public final class Server implements AsyncContextManager<Server> {
    /** asyncio's {@code constants.ACCEPT_RETRY_DELAY}, in seconds. */
    static final double ACCEPT_RETRY_DELAY = 1.0;

    private final EventLoop loop;
    private final LoopSelector selector;
    /** An accept failed for lack of resources and was reported; cleared once the backlog is drained. */
    private boolean acceptErrorReported;
    private List<ServerSocketChannel> sockets;
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final Supplier<? extends Protocol> factory;
    private final int backlog;
    private boolean serving;
    private final Set<SocketTransport> clients = new LinkedHashSet<>();
    private List<AsyncFuture<Void>> waiters = new ArrayList<>();
    private AsyncFuture<Void> servingForever;

    Server(EventLoop loop, List<ServerSocketChannel> sockets, Supplier<? extends Protocol> factory, int backlog) {
        this.loop = loop;
        this.selector = LoopSelector.of(loop);
        this.sockets = sockets;
        this.factory = factory;
        this.backlog = backlog;
        for (ServerSocketChannel s : sockets) {
            try {
                addresses.add((InetSocketAddress) s.getLocalAddress());
            } catch (IOException e) {
                // not bound after all: left out
            }
        }
    }

    /** The loop the server runs on. */
    public EventLoop getLoop() {
        return loop;
    }

    /** The listening channels; empty once closed. */
    public List<ServerSocketChannel> sockets() {
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    /** The addresses the server listens on (with the ports chosen for port 0), as bound; kept after close. */
    public List<InetSocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    /** Whether the server accepts connections. */
    public boolean isServing() {
        return serving;
    }

    /** Starts accepting (servers are created serving unless asked otherwise); no-op when serving or closed. */
    public void startServing() {
        IoStep.checkThread(loop, "startServing");
        if (serving || sockets == null) {
            return;
        }
        serving = true;
        for (ServerSocketChannel s : sockets) {
            selector.addReader(s, () -> acceptReady(s));
        }
    }

    private void acceptReady(ServerSocketChannel s) {
        for (int i = 0; i < backlog && serving; i++) {
            SocketChannel ch;
            try {
                ch = s.accept();
                if (ch == null) {
                    acceptErrorReported = false; // the backlog is drained: the shortage is over
                    return;
                }
            } catch (IOException e) {
                // EMFILE, ENFILE, ENOBUFS, ENOMEM: report and let the backlog wait a little. Once per
                // shortage: a flood retried every second would otherwise report the same error each time.
                if (!acceptErrorReported) {
                    acceptErrorReported = true;
                    loop.callExceptionHandler(new ExceptionContext("socket.accept() out of system resource on "
                            + addressOf(s) + " (" + e.getMessage() + "); the server retries every "
                            + ACCEPT_RETRY_DELAY + " s meanwhile and reports this again only after its backlog"
                            + " was drained", e, null, null));
                }
                selector.removeReader(s);
                loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                    if (serving && s.isOpen()) {
                        selector.addReader(s, () -> acceptReady(s));
                    }
                });
                return;
            }
            accepted(ch);
        }
    }

    private void accepted(SocketChannel ch) {
        Protocol protocol;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            protocol = factory.get();
            if (protocol == null) {
                throw new NullPointerException("the protocol factory returned null");
            }
        } catch (Throwable e) {
            Net.closeQuietly(loop, ch);
            loop.callExceptionHandler(new ExceptionContext("Error on transport creation for incoming connection",
                    e, null, null));
            return;
        }
        new SocketTransport(loop, ch, protocol, null, this);
    }

    private String addressOf(ServerSocketChannel s) {
        try {
            return Net.format((InetSocketAddress) s.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            return s.toString();
        }
    }

    void attach(SocketTransport t) {
        clients.add(t);
    }

    void detach(SocketTransport t) {
        clients.remove(t);
        if (clients.isEmpty() && sockets == null) {
            wakeup();
        }
    }

    /** The connections open now (for tests: a group server's loops each serve their own). */
    int clientCount() {
        return clients.size();
    }

    /**
     * Stops listening and closes the listening sockets; accepted connections stay open. A
     * {@link #serveForever()} in progress is cancelled. Closing twice does nothing.
     */
    public void close() {
        IoStep.checkThread(loop, "close");
        List<ServerSocketChannel> s = sockets;
        if (s == null) {
            return;
        }
        sockets = null;
        serving = false;
        for (ServerSocketChannel ch : s) {
            Net.closeQuietly(loop, ch);
        }
        AsyncFuture<Void> f = servingForever;
        if (f != null && !f.isDone()) {
            servingForever = null;
            f.cancel();
        }
        if (clients.isEmpty()) {
            wakeup();
        }
    }

    /** Closes every accepted connection (each flushes its buffer first); 3.13's {@code close_clients}. */
    public void closeClients() {
        IoStep.checkThread(loop, "closeClients");
        for (SocketTransport t : new ArrayList<>(clients)) {
            t.close();
        }
    }

    /** Aborts every accepted connection (buffers dropped); 3.13's {@code abort_clients}. */
    public void abortClients() {
        IoStep.checkThread(loop, "abortClients");
        for (SocketTransport t : new ArrayList<>(clients)) {
            t.abort();
        }
    }

    private void wakeup() {
        List<AsyncFuture<Void>> w = waiters;
        if (w == null) {
            return;
        }
        waiters = null;
        for (AsyncFuture<Void> f : w) {
            Futures.succeed(f, null);
        }
    }

    /**
     * Completes once the server is closed and all its connections are gone (at once if they are);
     * asyncio 3.12.1's rule, so it also waits while the server has not been closed yet.
     */
    public AsyncFuture<Void> waitClosed() {
        IoStep.checkThread(loop, "waitClosed");
        AsyncFuture<Void> f = loop.createFuture();
        if (waiters == null) {
            f.setResult(null);
        } else {
            waiters.add(f);
        }
        return f;
    }

    /**
     * Serves until cancelled (asyncio's {@code serve_forever}): starts serving if needed and never completes
     * normally; cancelling it closes the server and waits for {@link #waitClosed()}, then ends with the
     * {@code CancelledError}.
     *
     * @throws IllegalStateException if the server is closed, or another {@code serveForever} runs
     */
    public Coroutine<Void> serveForever() {
        return new ServeForever();
    }

    /** The state machine of {@link #serveForever()}. */
    private final class ServeForever extends Coroutine<Void> {
        private int state;
        private Throwable ended;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            switch (state) {
                case 0: {
                    if (servingForever != null) {
                        throw new IllegalStateException("server " + Server.this
                                + " is already being awaited on serveForever()");
                    }
                    if (sockets == null) {
                        throw new IllegalStateException("server " + Server.this + " is closed");
                    }
                    startServing();
                    AsyncFuture<Void> f = loop.createFuture();
                    servingForever = f;
                    state = 1;
                    Object r = f.awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    error = new IllegalStateException("serveForever's future completed"); // never happens
                }
                // fall through
                case 1: {
                    ended = error;
                    servingForever = null;
                    Server.this.close(); // not Coroutine.close()
                    state = 2;
                    Object r = waitClosed().awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                }
                // fall through
                case 2:
                    state = 3;
                    if (error != null && ended != error) {
                        ended.addSuppressed(error);
                    }
                    if (ended != null) {
                        throw ended;
                    }
                    return null;
                default:
                    throw new IllegalStateException("serveForever resumed after it finished");
            }
        }
    }

    @Override
    public Awaitable<Server> aenter() {
        AsyncFuture<Server> f = loop.createFuture();
        f.setResult(this);
        return f;
    }

    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        close();
        return Futures.map(loop, waitClosed(), v -> false);
    }

    @Override
    public String toString() {
        return "Server[" + (sockets == null ? "closed" : serving ? "serving" : "not serving") + ", " + addresses
                + ", " + clients.size() + " connections]";
    }
}
