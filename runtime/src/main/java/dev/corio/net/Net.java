package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.net.tls.TlsOptions;
import dev.corio.net.tls.TlsProtocol;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * asyncio's networking methods of the loop, for the loop running on the calling thread: connections and
 * servers over transports and protocols ({@link #createConnection}, {@link #createServer}), and the
 * low-level socket operations on non-blocking channels ({@link #sockConnect}, {@link #sockAccept},
 * {@link #sockRecv}, {@link #sockSendall}). Everything returns a future of the running loop, to
 * {@code await}; call from a coroutine or callback on the loop. Streams are in {@link Streams}.
 */
public final class Net {
    /** asyncio's default listen backlog. */
    public static final int DEFAULT_BACKLOG = 100;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Net() {
    }

    // ------------------------------------------------------------------ connections

    /**
     * asyncio's {@code loop.create_connection(protocol_factory, host, port)}: resolves {@code host} off the
     * loop (a literal IPv4 or IPv6 address is used as is), tries its addresses in order until one accepts,
     * and gives the transport and the protocol {@code factory} made, after the protocol's
     * {@code connectionMade} ran. Fails with a {@link ConnectException} naming the address (or every
     * address, "Multiple exceptions: ..."), or the resolver's {@link java.net.UnknownHostException}.
     * Cancelling the future abandons the attempt and closes its socket.
     */
    public static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> createConnection(Supplier<P> factory,
            String host, int port) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(host, "host");
        checkPort(port);
        EventLoop loop = EventLoop.running();
        return connect(loop, factory, resolve(loop, host, port));
    }

    /**
     * {@link #createConnection} with asyncio's {@code happy_eyeballs_delay} and {@code interleave} (RFC 8305):
     * the addresses are reordered to alternate between families ({@code interleave} addresses of the first
     * family, then one of each in turn; 0 keeps the resolver's order), and a new attempt starts every
     * {@code happyEyeballsDelay} seconds of loop time, or at once when the previous one failed, while the
     * earlier ones go on; the first to connect wins and the others are abandoned and closed. Fails as
     * {@link #createConnection} does when every attempt failed. See {@link HappyEyeballs}.
     *
     * @throws IllegalArgumentException if {@code happyEyeballsDelay} is not a finite number {@code >= 0} or
     *         {@code interleave < 0}
     */
    public static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> createConnection(Supplier<P> factory,
            String host, int port, double happyEyeballsDelay, int interleave) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(host, "host");
        checkPort(port);
        HappyEyeballs.check(happyEyeballsDelay, interleave);
        EventLoop loop = EventLoop.running();
        return HappyEyeballs.connect(loop, factory, resolve(loop, host, port), happyEyeballsDelay, interleave);
    }

    /** The happy-eyeballs {@link #createConnection} to {@code addresses} (for tests). */
    static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> createConnection(Supplier<P> factory,
            List<InetSocketAddress> addresses, double happyEyeballsDelay, int interleave) {
        HappyEyeballs.check(happyEyeballsDelay, interleave);
        EventLoop loop = EventLoop.running();
        AsyncFuture<List<InetSocketAddress>> a = loop.createFuture();
        a.setResult(List.copyOf(addresses));
        return HappyEyeballs.connect(loop, factory, a, happyEyeballsDelay, interleave);
    }

    /**
     * {@link #createConnection(Supplier, String, int)} over TLS (asyncio's {@code ssl=}): once connected, the
     * TLS handshake runs (within the options' timeout) and the future completes after it, with the TLS
     * transport (plaintext) and the protocol, whose {@code connectionMade} got that transport. The server's
     * certificate is checked against {@code host} (or the options' server name) unless turned off. A failed
     * handshake fails the future with an {@link javax.net.ssl.SSLHandshakeException} naming the host and the
     * reason; a timeout with a {@link java.net.SocketTimeoutException}.
     *
     * @throws IllegalArgumentException if {@code tls} are server options
     */
    public static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> createConnection(Supplier<P> factory,
            String host, int port, TlsOptions tls) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(tls, "tls");
        if (tls.isServerSide()) {
            throw new IllegalArgumentException("createConnection needs client TLS options (TlsOptions.client()), "
                    + "not server ones");
        }
        EventLoop loop = EventLoop.running();
        AsyncFuture<Transport> handshake = loop.createFuture();
        List<P> made = new ArrayList<>(1);
        AsyncFuture<TransportAndProtocol<TlsProtocol>> raw = createConnection(() -> {
            P app = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
            made.add(app);
            return dev.corio.internal.TlsLayers.create(loop, app, tls, host, port, handshake, true);
        }, host, port);
        AsyncFuture<TransportAndProtocol<P>> result = loop.createFuture();
        raw.addDoneCallback(r -> {
            if (r.isCancelled()) {
                result.cancel();
            } else if (r.exception() != null) {
                Futures.fail(result, r.exception());
            }
        });
        handshake.addDoneCallback(h -> {
            if (h.exception() != null) {
                Futures.fail(result, h.exception());
            } else if (!h.isCancelled()) {
                if (result.isDone()) {
                    h.result().abort(); // cancelled meanwhile: nobody will use it
                } else {
                    result.setResult(new TransportAndProtocol<>(h.result(), made.get(0)));
                }
            }
        });
        result.addDoneCallback(f -> {
            if (f.isCancelled()) {
                raw.cancel();
                if (raw.isDone() && !raw.isCancelled() && raw.exception() == null) {
                    raw.result().transport().abort(); // abandoned during the handshake
                }
            }
        });
        return result;
    }

    /**
     * asyncio's {@code loop.start_tls(transport, protocol, sslcontext, server_side=, server_hostname=)}:
     * upgrades an open connection to TLS. {@code transport}'s protocol becomes the TLS layer; {@code protocol}
     * (the connection's, which gets no second {@code connectionMade}) receives plaintext from the transport
     * this future completes with, after the handshake. The old transport must not be used any more. Client
     * options need a server name ({@link TlsOptions#withServerHostname}) unless the peer's address is to be
     * checked against the certificate. Errors as for {@link #createConnection(Supplier, String, int, TlsOptions)}.
     */
    public static AsyncFuture<Transport> startTls(Transport transport, Protocol protocol, TlsOptions tls) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(tls, "tls");
        EventLoop loop = EventLoop.running();
        if (transport.isClosing()) {
            throw new IllegalStateException("startTls on a closing transport: " + transport);
        }
        if (transport.getExtraInfo("ssl_object") != null) {
            throw new IllegalStateException("the transport already speaks TLS: " + transport);
        }
        String host = tls.serverHostname();
        int port = 0;
        Object peer = transport.getExtraInfo("peername");
        if (peer instanceof InetSocketAddress a) {
            port = a.getPort();
            if (host == null && a.getAddress() != null) {
                host = a.getAddress().getHostAddress();
            }
        }
        AsyncFuture<Transport> waiter = loop.createFuture();
        TlsProtocol layer = dev.corio.internal.TlsLayers.create(loop, protocol, tls, host, port, waiter, false);
        transport.pauseReading();
        transport.setProtocol(layer);
        loop.callSoon(() -> layer.connectionMade(transport));
        loop.callSoon(transport::resumeReading);
        waiter.addDoneCallback(w -> {
            if (w.isCancelled()) {
                transport.abort();
            }
        });
        return waiter;
    }

    /** {@link #createConnection} to {@code addresses}, tried in order (for tests of the order). */
    static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> createConnection(Supplier<P> factory,
            List<InetSocketAddress> addresses) {
        EventLoop loop = EventLoop.running();
        AsyncFuture<List<InetSocketAddress>> a = loop.createFuture();
        a.setResult(List.copyOf(addresses));
        return connect(loop, factory, a);
    }

    private static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> connect(EventLoop loop,
            Supplier<P> factory, AsyncFuture<List<InetSocketAddress>> addresses) {
        return whenResolved(loop, addresses, (list, result) -> new Connector<>(loop, list, factory, result).tryNext());
    }

    /**
     * The future of a connection to the addresses {@code addresses} resolves to: {@code start} gets them and
     * the future to complete, once they are there; cancelling the future cancels the resolution, and a failed
     * or cancelled resolution fails or cancels the future.
     */
    static <P extends Protocol> AsyncFuture<TransportAndProtocol<P>> whenResolved(EventLoop loop,
            AsyncFuture<List<InetSocketAddress>> addresses,
            java.util.function.BiConsumer<List<InetSocketAddress>, AsyncFuture<TransportAndProtocol<P>>> start) {
        AsyncFuture<TransportAndProtocol<P>> result = loop.createFuture();
        result.addDoneCallback(f -> {
            if (f.isCancelled()) {
                addresses.cancel();
            }
        });
        addresses.addDoneCallback(a -> {
            if (result.isDone()) {
                return;
            }
            if (a.isCancelled()) {
                result.cancel();
                return;
            }
            if (a.exception() != null) {
                result.setException(a.exception());
                return;
            }
            start.accept(a.result(), result);
        });
        return result;
    }

    /** Tries the addresses of a {@link #createConnection} in order. */
    private static final class Connector<P extends Protocol> {
        private final EventLoop loop;
        private final List<InetSocketAddress> addresses;
        private final Supplier<P> factory;
        private final AsyncFuture<TransportAndProtocol<P>> result;
        private final List<IOException> errors = new ArrayList<>();
        private int next;

        Connector(EventLoop loop, List<InetSocketAddress> addresses, Supplier<P> factory,
                AsyncFuture<TransportAndProtocol<P>> result) {
            this.loop = loop;
            this.addresses = addresses;
            this.factory = factory;
            this.result = result;
        }

        void tryNext() {
            if (result.isDone()) {
                return;
            }
            if (next == addresses.size()) {
                result.setException(connectFailure(errors));
                return;
            }
            InetSocketAddress address = addresses.get(next++);
            SocketChannel ch;
            try {
                ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                errors.add(e);
                tryNext();
                return;
            }
            AsyncFuture<Void> connected = sockConnect(loop, ch, address);
            result.addDoneCallback(f -> {
                if (f.isCancelled()) {
                    connected.cancel();
                }
            });
            connected.addDoneCallback(c -> {
                if (result.isDone() || c.isCancelled()) {
                    closeQuietly(loop, ch);
                    return;
                }
                if (c.exception() != null) {
                    closeQuietly(loop, ch);
                    errors.add((IOException) c.exception());
                    tryNext();
                    return;
                }
                connected(loop, ch, factory, result);
            });
        }
    }

    /** A connected channel: its protocol from {@code factory}, its transport, then {@code result}. */
    static <P extends Protocol> void connected(EventLoop loop, SocketChannel ch, Supplier<P> factory,
            AsyncFuture<TransportAndProtocol<P>> result) {
        P protocol;
        try {
            protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
        } catch (Throwable e) {
            closeQuietly(loop, ch);
            result.setException(e);
            return;
        }
        AsyncFuture<Transport> waiter = loop.createFuture();
        new SocketTransport(loop, ch, protocol, waiter, null);
        waiter.addDoneCallback(w -> {
            if (w.isCancelled() || w.exception() != null) {
                Futures.fail(result, w.isCancelled() ? new ConnectException("connection abandoned")
                        : w.exception());
                return;
            }
            if (result.isDone()) {
                w.result().close(); // cancelled meanwhile: nobody will use it
                return;
            }
            result.setResult(new TransportAndProtocol<>(w.result(), protocol));
        });
    }

    /** One error as it is, several as "Multiple exceptions: ..." (asyncio's rule: unless all say the same). */
    static IOException connectFailure(List<IOException> errors) {
        if (errors.isEmpty()) {
            return new ConnectException("no address to connect to");
        }
        IOException first = errors.get(0);
        boolean same = true;
        for (IOException e : errors) {
            same &= Objects.equals(e.getMessage(), first.getMessage());
        }
        if (same) {
            return first;
        }
        StringBuilder sb = new StringBuilder("Multiple exceptions: ");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(errors.get(i).getMessage());
        }
        ConnectException e = new ConnectException(sb.toString());
        for (IOException each : errors) {
            e.addSuppressed(each);
        }
        return e;
    }

    // ------------------------------------------------------------------ servers

    /**
     * asyncio's {@code loop.create_server(protocol_factory, host, port)} with its defaults (backlog 100,
     * address reuse, serving at once): listens on every address {@code host} resolves to ({@code null}: all
     * interfaces, one dual-stack socket; port 0: a free port, see {@link Server#addresses()}); each accepted
     * connection gets a protocol from {@code factory}. Fails with a {@link BindException} naming the address.
     */
    public static AsyncFuture<Server> createServer(Supplier<? extends Protocol> factory, String host, int port) {
        return createServer(factory, host, port, DEFAULT_BACKLOG, true);
    }

    /** {@link #createServer(Supplier, String, int)} with a backlog, and not serving yet if {@code startServing} is false. */
    public static AsyncFuture<Server> createServer(Supplier<? extends Protocol> factory, String host, int port,
            int backlog, boolean startServing) {
        return createServer(factory, host, port, backlog, startServing, false);
    }

    /**
     * {@link #createServer(Supplier, String, int, int, boolean)} with asyncio's {@code reuse_port}: with
     * {@code reusePort} true each listening socket sets {@code SO_REUSEPORT} before it binds, so that other
     * sockets that set it too (in this process or another, of the same user) may listen on the same address
     * and port; on Linux the kernel then spreads incoming connections over them. One server per loop of a
     * {@link dev.corio.group.LoopGroup} on one port is what {@link dev.corio.net.group.GroupServer} builds
     * on this.
     *
     * <p>Where the JDK does not support {@code SO_REUSEPORT} (Windows; see {@link #isReusePortSupported()})
     * the future fails with an {@link UnsupportedOperationException} saying so (asyncio raises
     * {@code ValueError} there).
     */
    public static AsyncFuture<Server> createServer(Supplier<? extends Protocol> factory, String host, int port,
            int backlog, boolean startServing, boolean reusePort) {
        Objects.requireNonNull(factory, "factory");
        checkPort(port);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        EventLoop loop = EventLoop.running();
        return Futures.map(loop, resolve(loop, host, port), addresses -> {
            List<ServerSocketChannel> sockets = new ArrayList<>();
            try {
                for (InetSocketAddress a : addresses) {
                    ServerSocketChannel s = ServerSocketChannel.open();
                    sockets.add(s);
                    s.configureBlocking(false);
                    s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    if (reusePort) {
                        setReusePort(s);
                    }
                    try {
                        s.bind(a, backlog);
                    } catch (IOException e) {
                        BindException b = new BindException("error while attempting to bind on address "
                                + format(a) + ": " + e.getMessage());
                        b.initCause(e);
                        throw b;
                    }
                }
            } catch (IOException | RuntimeException e) { // RuntimeException: reusePort unsupported
                for (ServerSocketChannel s : sockets) {
                    closeQuietly(loop, s);
                }
                throw dev.corio.internal.Intrinsics.sneakyThrow(e);
            }
            Server server = new Server(loop, sockets, factory, backlog);
            if (startServing) {
                server.startServing();
            }
            return server;
        });
    }

    /**
     * Whether server sockets support {@code SO_REUSEPORT} here ({@code reusePort}): Linux, macOS and the BSDs
     * (only Linux spreads connections over the sockets; elsewhere one of them gets them all). Opens and
     * closes a socket to ask.
     */
    public static boolean isReusePortSupported() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            return s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    private static void setReusePort(ServerSocketChannel s) throws IOException {
        try {
            s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException("reusePort is not supported on this platform: the JDK has no "
                    + "SO_REUSEPORT for server sockets here (see Net.isReusePortSupported())", e);
        }
    }

    /**
     * {@link #createServer(Supplier, String, int)} over TLS: each accepted connection first does the TLS
     * handshake (server side, with {@code tls}'s context, within its timeout); its protocol gets
     * {@code connectionMade} only once that succeeded. A client that fails the handshake (it sends garbage,
     * nothing, or rejects our certificate) is closed and logged at DEBUG on {@code dev.corio.net.tls}, as
     * asyncio does; the server goes on serving.
     *
     * @throws IllegalArgumentException if {@code tls} are client options
     */
    public static AsyncFuture<Server> createServer(Supplier<? extends Protocol> factory, String host, int port,
            int backlog, boolean startServing, TlsOptions tls) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(tls, "tls");
        if (!tls.isServerSide()) {
            throw new IllegalArgumentException("createServer needs server TLS options (TlsOptions.server(context)), "
                    + "not client ones");
        }
        EventLoop loop = EventLoop.running();
        return createServer(() -> {
            Protocol app = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
            return dev.corio.internal.TlsLayers.create(loop, app, tls, null, 0, null, true);
        }, host, port, backlog, startServing);
    }

    // ------------------------------------------------------------------ resolution

    /**
     * The socket addresses of {@code host}: a literal address or {@code null} (the wildcard) at once, a name
     * through {@link InetAddress#getAllByName} on the loop's default executor, never on the loop's thread.
     */
    static AsyncFuture<List<InetSocketAddress>> resolve(EventLoop loop, String host, int port) {
        if (host == null || host.isEmpty()) {
            AsyncFuture<List<InetSocketAddress>> f = loop.createFuture();
            f.setResult(List.of(new InetSocketAddress(port)));
            return f;
        }
        if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
            AsyncFuture<List<InetSocketAddress>> f = loop.createFuture();
            try {
                f.setResult(List.of(new InetSocketAddress(InetAddress.getByName(host), port))); // a literal: no lookup
            } catch (IOException e) {
                f.setException(e);
            }
            return f;
        }
        return loop.runInExecutor(null, () -> {
            List<InetSocketAddress> r = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                r.add(new InetSocketAddress(a, port));
            }
            return r;
        });
    }

    // ------------------------------------------------------------------ low-level socket operations

    /**
     * asyncio's {@code loop.sock_connect(sock, address)}: connects a non-blocking channel. Fails with a
     * {@link ConnectException} "Connect call failed 127.0.0.1:1: Connection refused" (the cause is the
     * JDK's exception). Cancelling it leaves the channel open, its connection abandoned.
     */
    public static AsyncFuture<Void> sockConnect(SocketChannel channel, InetSocketAddress address) {
        return sockConnect(EventLoop.running(), channel, address);
    }

    static AsyncFuture<Void> sockConnect(EventLoop loop, SocketChannel channel, InetSocketAddress address) {
        checkNonBlocking(channel);
        AsyncFuture<Void> f = loop.createFuture();
        if (address.isUnresolved()) {
            f.setException(new java.net.UnknownHostException("sockConnect() needs a resolved address: " + address));
            return f;
        }
        try {
            if (channel.connect(address)) {
                f.setResult(null);
                return f;
            }
        } catch (IOException e) {
            f.setException(connectError(address, e));
            return f;
        }
        LoopSelector selector = LoopSelector.of(loop);
        selector.addWriter(channel, () -> {
            selector.removeWriter(channel);
            if (f.isDone()) {
                return;
            }
            try {
                channel.finishConnect();
                f.setResult(null);
            } catch (IOException e) {
                f.setException(connectError(address, e));
            }
        });
        f.addDoneCallback(done -> {
            if (done.isCancelled()) {
                selector.removeWriter(channel);
            }
        });
        return f;
    }

    private static IOException connectError(InetSocketAddress address, IOException e) {
        ConnectException c = new ConnectException("Connect call failed " + format(address) + ": " + e.getMessage());
        c.initCause(e);
        return c;
    }

    /**
     * asyncio's {@code loop.sock_accept(sock)}: the next connection of a non-blocking server channel, itself
     * non-blocking.
     */
    public static AsyncFuture<SocketChannel> sockAccept(ServerSocketChannel server) {
        EventLoop loop = EventLoop.running();
        checkNonBlocking(server);
        AsyncFuture<SocketChannel> f = loop.createFuture();
        if (tryAccept(server, f)) {
            return f;
        }
        LoopSelector selector = LoopSelector.of(loop);
        selector.addReader(server, () -> {
            if (f.isDone() || tryAccept(server, f)) {
                selector.removeReader(server);
            }
        });
        f.addDoneCallback(done -> {
            if (done.isCancelled()) {
                selector.removeReader(server);
            }
        });
        return f;
    }

    private static boolean tryAccept(ServerSocketChannel server, AsyncFuture<SocketChannel> f) {
        try {
            SocketChannel ch = server.accept();
            if (ch == null) {
                return false;
            }
            ch.configureBlocking(false);
            f.setResult(ch);
        } catch (IOException e) {
            f.setException(e);
        }
        return true;
    }

    /**
     * asyncio's {@code loop.sock_recv(sock, nbytes)}: up to {@code nbytes} bytes, as soon as any arrive; an
     * empty array at EOF.
     */
    public static AsyncFuture<byte[]> sockRecv(SocketChannel channel, int nbytes) {
        if (nbytes < 0) {
            throw new IllegalArgumentException("nbytes must be >= 0: " + nbytes);
        }
        ByteBuffer buf = ByteBuffer.allocate(nbytes);
        EventLoop loop = EventLoop.running();
        return Futures.map(loop, sockRecvInto(channel, buf), n -> {
            byte[] data = new byte[Math.max(n, 0)];
            buf.flip();
            buf.get(data);
            return data;
        });
    }

    /**
     * asyncio's {@code loop.sock_recv_into(sock, buf)}: reads into {@code buffer} as soon as bytes arrive
     * and gives how many, -1 at EOF (Java's convention; asyncio gives 0).
     */
    public static AsyncFuture<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer) {
        EventLoop loop = EventLoop.running();
        checkNonBlocking(channel);
        AsyncFuture<Integer> f = loop.createFuture();
        if (!buffer.hasRemaining() || tryRead(channel, buffer, f)) {
            if (!f.isDone()) {
                f.setResult(0);
            }
            return f;
        }
        LoopSelector selector = LoopSelector.of(loop);
        selector.addReader(channel, () -> {
            if (f.isDone() || tryRead(channel, buffer, f)) {
                selector.removeReader(channel);
            }
        });
        f.addDoneCallback(done -> {
            if (done.isCancelled()) {
                selector.removeReader(channel);
            }
        });
        return f;
    }

    private static boolean tryRead(SocketChannel channel, ByteBuffer buffer, AsyncFuture<Integer> f) {
        try {
            int n = channel.read(buffer);
            if (n == 0) {
                return false;
            }
            f.setResult(n);
        } catch (IOException e) {
            f.setException(e);
        }
        return true;
    }

    /** asyncio's {@code loop.sock_sendall(sock, data)}: sends all of {@code data}, waiting while the socket is full. */
    public static AsyncFuture<Void> sockSendall(SocketChannel channel, byte[] data) {
        return sockSendall(channel, ByteBuffer.wrap(data));
    }

    /** {@link #sockSendall(SocketChannel, byte[])} of a buffer's remaining bytes. */
    public static AsyncFuture<Void> sockSendall(SocketChannel channel, ByteBuffer data) {
        EventLoop loop = EventLoop.running();
        checkNonBlocking(channel);
        AsyncFuture<Void> f = loop.createFuture();
        if (tryWrite(channel, data, f)) {
            return f;
        }
        LoopSelector selector = LoopSelector.of(loop);
        selector.addWriter(channel, () -> {
            if (f.isDone() || tryWrite(channel, data, f)) {
                selector.removeWriter(channel);
            }
        });
        f.addDoneCallback(done -> {
            if (done.isCancelled()) {
                selector.removeWriter(channel);
            }
        });
        return f;
    }

    private static boolean tryWrite(SocketChannel channel, ByteBuffer data, AsyncFuture<Void> f) {
        try {
            channel.write(data);
            if (data.hasRemaining()) {
                return false;
            }
            f.setResult(null);
        } catch (IOException e) {
            f.setException(e);
        }
        return true;
    }

    /**
     * Closes a channel and forgets it in the loop's selector, so that its descriptor is released (a channel
     * registered with a selector keeps its descriptor until the selector deregisters it). Use it for
     * channels of the {@code sock*} methods.
     */
    public static void closeChannel(java.nio.channels.SelectableChannel channel) throws IOException {
        EventLoop loop = EventLoop.running();
        LoopSelector.of(loop).forget(channel);
        channel.close();
    }

    // ------------------------------------------------------------------ UDP

    /**
     * asyncio's {@code create_datagram_endpoint(protocol_factory, local_addr, remote_addr, allow_broadcast)}:
     * a UDP socket bound to {@code localAddr} (or to an ephemeral port; {@code null}: any, chosen by the
     * system), connected to {@code remoteAddr} if given (then it receives only from there, and
     * {@code sendto(data)} needs no address), with {@code SO_BROADCAST} if {@code allowBroadcast}. Addresses
     * must be resolved ({@code new InetSocketAddress("127.0.0.1", port)}). Completes after the protocol's
     * {@code connectionMade}; fails with the bind or connect error, naming the address.
     */
    public static <P extends DatagramProtocol> AsyncFuture<DatagramEndpoint<P>> createDatagramEndpoint(
            java.util.function.Supplier<P> protocolFactory, InetSocketAddress localAddr, InetSocketAddress remoteAddr,
            boolean allowBroadcast) {
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        EventLoop loop = EventLoop.running();
        AsyncFuture<DatagramEndpoint<P>> f = loop.createFuture();
        if (localAddr == null && remoteAddr == null) {
            throw new IllegalArgumentException("a datagram endpoint needs a local or a remote address");
        }
        for (InetSocketAddress a : new InetSocketAddress[] {localAddr, remoteAddr}) {
            if (a != null && a.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address " + a + ": resolve it first");
            }
        }
        InetSocketAddress family = remoteAddr != null ? remoteAddr : localAddr;
        java.nio.channels.DatagramChannel ch;
        try {
            ch = java.nio.channels.DatagramChannel.open(family.getAddress() instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        } catch (IOException e) {
            f.setException(e);
            return f;
        }
        InetSocketAddress step = localAddr;
        try {
            ch.configureBlocking(false);
            if (allowBroadcast) {
                ch.setOption(java.net.StandardSocketOptions.SO_BROADCAST, true);
            }
            if (localAddr != null) {
                ch.bind(localAddr);
            }
            step = remoteAddr;
            if (remoteAddr != null) {
                ch.connect(remoteAddr);
            }
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            java.net.SocketException named = new java.net.SocketException("error while attempting to "
                    + (step == localAddr ? "bind on" : "connect to") + " address " + format(step) + ": " + e.getMessage());
            named.initCause(e);
            f.setException(named);
            return f;
        }
        P protocol = protocolFactory.get();
        DatagramChannelTransport t = new DatagramChannelTransport(loop, ch, remoteAddr, protocol);
        try {
            t.start();
        } catch (Throwable e) {
            closeQuietly(loop, ch);
            f.setException(e);
            return f;
        }
        f.setResult(new DatagramEndpoint<>(t, protocol));
        return f;
    }

    // ------------------------------------------------------------------ helpers

    static void closeQuietly(EventLoop loop, java.nio.channels.SelectableChannel ch) {
        try {
            LoopSelector.of(loop).forget(ch);
            ch.close();
        } catch (IOException e) {
            loop.callExceptionHandler(new dev.corio.ExceptionContext("Failed to close " + ch, e, null, null));
        }
    }

    private static void checkNonBlocking(java.nio.channels.SelectableChannel ch) {
        Objects.requireNonNull(ch, "channel");
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking (configureBlocking(false)): " + ch);
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    /** An address as "127.0.0.1:80" or "[::1]:80". */
    static String format(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
