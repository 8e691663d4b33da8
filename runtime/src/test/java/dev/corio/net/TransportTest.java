package dev.corio.net;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transports and protocols over loopback: asyncio's {@code create_server} / {@code create_connection} with
 * protocol callbacks (ported from test_events.py's and test_selector_events.py's socket transport cases).
 */
@Timeout(60)
class TransportTest {
    private EventLoop loop;
    private long fdsBefore;
    private final NetTesting.Recorder errors = new NetTesting.Recorder();

    @BeforeEach
    void setUp() {
        fdsBefore = NetTesting.openFds();
        loop = EventLoop.create();
        loop.setExceptionHandler(errors);
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
        if (fdsBefore >= 0) {
            long after = NetTesting.fdsSettled(fdsBefore);
            assertTrue(after <= fdsBefore, "file descriptors leaked: " + fdsBefore + " before, " + after + " after");
        }
    }

    /** Records every callback, in order. */
    static class Recording implements Protocol {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        Transport transport;
        boolean keepOpenOnEof;
        Throwable lost;
        final AsyncFuture<Void> made = EventLoop.running().createFuture();
        final AsyncFuture<Void> closed = EventLoop.running().createFuture();

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            events.add("made");
            made.setResult(null);
        }

        @Override
        public void dataReceived(byte[] data) {
            if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
                events.add("data");
            }
            received.writeBytes(data);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return keepOpenOnEof;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lost = exc;
            closed.setResult(null);
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        String text() {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Echoes what it receives; closes when the peer half-closes. */
    static final class Echo extends Recording {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport.write(data);
        }
    }

    private <T> T run(Supplier<? extends dev.corio.Awaitable<T>> make) {
        return NetTesting.run(loop, make);
    }

    private Server server(Supplier<? extends Protocol> factory) {
        return run(() -> Net.createServer(factory, "127.0.0.1", 0));
    }

    private static int port(Server s) {
        return s.addresses().get(0).getPort();
    }

    private void close(Server s) {
        run(() -> {
            s.close();
            return s.waitClosed();
        });
    }

    @Test
    void echoWithProtocols() {
        List<Echo> served = new ArrayList<>();
        Server s = server(() -> {
            Echo e = new Echo();
            served.add(e);
            return e;
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        Recording client = c.protocol();
        assertEquals(List.of("made"), client.events, "connectionMade ran before createConnection completed");
        c.transport().write("hello ".getBytes(StandardCharsets.UTF_8));
        c.transport().writelines(List.of("wor".getBytes(StandardCharsets.UTF_8), "ld".getBytes(StandardCharsets.UTF_8)));
        run(() -> co(() -> loopUntil(() -> client.text().equals("hello world"))));
        c.transport().close();
        assertTrue(c.transport().isClosing());
        run(() -> client.closed);
        run(() -> served.get(0).closed);
        assertEquals(List.of("made", "data", "lost"), client.events);
        assertNull(client.lost);
        assertEquals(List.of("made", "data", "eof", "lost"), served.get(0).events);
        assertNull(served.get(0).lost);
        close(s);
        assertTrue(errors.contexts.isEmpty(), errors.contexts.toString());
    }

    /** A coroutine that yields until {@code cond} holds (the loop runs I/O meanwhile). */
    static dev.corio.Co.Step<Void> loopUntil(java.util.function.BooleanSupplier cond) {
        if (cond.getAsBoolean()) {
            return done(null);
        }
        return await(Corio.sleep(0.001), v -> loopUntil(cond));
    }

    /**
     * The transport is its socket's selector registration (LoopSelector.Registration): a reader set on the
     * same socket by someone else runs instead of the transport's, and the transport's own comes back with
     * resumeReading.
     */
    @Test
    void aReaderSetOnATransportsSocketRunsInsteadOfTheTransports() throws Exception {
        Server s = server(Echo::new);
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        SocketChannel ch = (SocketChannel) c.transport().getExtraInfo("socket");
        ByteArrayOutputStream foreign = new ByteArrayOutputStream();
        run(() -> co(() -> {
            LoopSelector.of(loop).addReader(ch, () -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
                try {
                    int n = ch.read(b);
                    foreign.write(b.array(), 0, Math.max(n, 0));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            c.transport().write("one".getBytes(StandardCharsets.UTF_8));
            return done(null);
        }));
        run(() -> co(() -> loopUntil(() -> foreign.size() == 3)));
        assertEquals("one", foreign.toString(StandardCharsets.UTF_8));
        assertEquals("", c.protocol().text(), "the transport's reader did not run");
        run(() -> co(() -> {
            c.transport().pauseReading(); // removes the foreign reader with the transport's
            c.transport().resumeReading();
            c.transport().write("two".getBytes(StandardCharsets.UTF_8));
            return done(null);
        }));
        run(() -> co(() -> loopUntil(() -> c.protocol().text().equals("two"))));
        assertEquals("one", foreign.toString(StandardCharsets.UTF_8));
        c.transport().close();
        run(() -> c.protocol().closed);
        close(s);
        assertTrue(errors.contexts.isEmpty(), errors.contexts.toString());
    }

    @Test
    void extraInfoNamesBothEnds() throws Exception {
        Server s = server(Recording::new);
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        Transport t = c.transport();
        InetSocketAddress peer = (InetSocketAddress) t.getExtraInfo("peername");
        InetSocketAddress local = (InetSocketAddress) t.getExtraInfo("sockname");
        assertEquals(port(s), peer.getPort());
        assertEquals(InetAddress.getByName("127.0.0.1"), peer.getAddress());
        assertNotNull(local);
        SocketChannel ch = (SocketChannel) t.getExtraInfo("socket");
        assertEquals(local, ch.getLocalAddress());
        assertNull(t.getExtraInfo("nonsense"));
        t.close();
        run(() -> c.protocol().closed);
        close(s);
    }

    @Test
    void connectingToAClosedPortNamesTheAddress() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        ConnectException e = assertThrows(ConnectException.class,
                () -> run(() -> Net.createConnection(Recording::new, "127.0.0.1", port)));
        assertTrue(e.getMessage().startsWith("Connect call failed 127.0.0.1:" + port + ": "), e.getMessage());
        assertNotNull(e.getCause());
    }

    @Test
    void severalAddressesAreTriedInOrder() throws Exception {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = ss.getLocalPort();
        }
        Server s = server(Recording::new);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new,
                List.of(new InetSocketAddress(lo, closedPort), new InetSocketAddress(lo, port(s)))));
        assertEquals(port(s), ((InetSocketAddress) c.transport().getExtraInfo("peername")).getPort());
        c.transport().close();
        run(() -> c.protocol().closed);

        int closedPort2;
        try (ServerSocket ss = new ServerSocket(0, 1, lo)) {
            closedPort2 = ss.getLocalPort();
        }
        ConnectException all = assertThrows(ConnectException.class, () -> run(() -> Net.createConnection(
                Recording::new, List.of(new InetSocketAddress(lo, closedPort), new InetSocketAddress(lo, closedPort2)))));
        assertTrue(all.getMessage().startsWith("Multiple exceptions: Connect call failed 127.0.0.1:" + closedPort),
                all.getMessage());
        assertTrue(all.getMessage().contains("127.0.0.1:" + closedPort2), all.getMessage());
        assertEquals(2, all.getSuppressed().length);
        close(s);
    }

    @Test
    void hostNamesAreResolvedOffTheLoop() {
        Server s = server(Recording::new);
        Thread loopThread = Thread.currentThread();
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "localhost", port(s)));
        assertEquals(port(s), ((InetSocketAddress) c.transport().getExtraInfo("peername")).getPort());
        assertEquals(loopThread, Thread.currentThread());
        c.transport().close();
        run(() -> c.protocol().closed);
        close(s);
    }

    @Test
    void unknownHostFails() {
        assertThrows(java.net.UnknownHostException.class,
                () -> run(() -> Net.createConnection(Recording::new, "no-such-host.invalid", 80)));
    }

    @Test
    void ipv6Loopback() throws Exception {
        boolean hasV6 = false;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                hasV6 |= a instanceof Inet6Address && a.isLoopbackAddress();
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(hasV6, "no IPv6 loopback on this machine");
        List<Echo> served = new ArrayList<>();
        Server s = run(() -> Net.createServer(() -> {
            Echo e = new Echo();
            served.add(e);
            return e;
        }, "::1", 0));
        assertInstanceOf(Inet6Address.class, s.addresses().get(0).getAddress());
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "::1", port(s)));
        c.transport().write("six".getBytes(StandardCharsets.UTF_8));
        run(() -> co(() -> loopUntil(() -> c.protocol().text().equals("six"))));
        c.transport().close();
        run(() -> c.protocol().closed);
        close(s);
    }

    @Test
    void bindErrorNamesTheAddress() throws Exception {
        Server s = server(Recording::new);
        BindException e = assertThrows(BindException.class,
                () -> run(() -> Net.createServer(Recording::new, "127.0.0.1", port(s))));
        assertTrue(e.getMessage().startsWith("error while attempting to bind on address 127.0.0.1:" + port(s) + ": "),
                e.getMessage());
        close(s);
    }

    @Test
    void reusePortLetsTwoServersListenOnOnePortAndEachServesConnections() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Net.isReusePortSupported(), "no SO_REUSEPORT on this platform");
        Server first = run(() -> Net.createServer(Recording::new, "127.0.0.1", 0, Net.DEFAULT_BACKLOG, true, true));
        Server second = run(() -> Net.createServer(Recording::new, "127.0.0.1", port(first), Net.DEFAULT_BACKLOG,
                true, true));
        assertEquals(port(first), port(second));
        assertTrue(first.sockets().get(0).getOption(StandardSocketOptions.SO_REUSEPORT));
        // a third without reusePort cannot join them: the kernel wants the option on every socket of the port
        BindException e = assertThrows(BindException.class,
                () -> run(() -> Net.createServer(Recording::new, "127.0.0.1", port(first))));
        assertTrue(e.getMessage().startsWith("error while attempting to bind on address 127.0.0.1:" + port(first)),
                e.getMessage());
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(first)));
        c.transport().write("ping".getBytes(StandardCharsets.UTF_8));
        run(() -> co(() -> loopUntil(() -> first.clientCount() + second.clientCount() == 1)));
        c.transport().close();
        run(() -> c.protocol().closed);
        close(first);
        close(second);
    }

    @Test
    void withoutReusePortTheListeningSocketDoesNotSetIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Net.isReusePortSupported(), "no SO_REUSEPORT on this platform");
        Server s = server(Recording::new);
        assertFalse(s.sockets().get(0).getOption(StandardSocketOptions.SO_REUSEPORT));
        close(s);
    }

    @Test
    void halfCloseWithWriteEof() {
        List<Recording> served = new ArrayList<>();
        Server s = server(() -> {
            Recording r = new Recording() {
                @Override
                public boolean eofReceived() {
                    super.eofReceived();
                    transport.write(("got " + text()).getBytes(StandardCharsets.UTF_8)); // still writable
                    transport.close();
                    return true;
                }
            };
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        assertTrue(c.transport().canWriteEof());
        c.transport().write("question".getBytes(StandardCharsets.UTF_8));
        c.transport().writeEof();
        assertThrows(IllegalStateException.class, () -> c.transport().write(new byte[1]));
        c.protocol().keepOpenOnEof = false;
        run(() -> c.protocol().closed);
        assertEquals("got question", c.protocol().text());
        assertEquals(List.of("made", "data", "eof", "lost"), c.protocol().events);
        assertEquals(List.of("made", "data", "eof", "lost"), served.get(0).events);
        close(s);
    }

    @Test
    void closeFlushesTheBufferFirst() {
        List<Recording> served = new ArrayList<>();
        Server s = server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        byte[] big = new byte[8 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        c.transport().write(big);
        assertTrue(c.transport().getWriteBufferSize() > 0, "8 MiB do not fit in a loopback socket's buffers");
        c.transport().close();
        assertFalse(c.transport().isReading());
        run(() -> served.get(0).closed);
        assertArrayEquals(big, served.get(0).received.toByteArray());
        assertTrue(c.protocol().events.contains("pause"));
        run(() -> c.protocol().closed);
        close(s);
    }

    @Test
    void abortDropsTheBuffer() {
        List<Recording> served = new ArrayList<>();
        Server s = server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        c.transport().write(new byte[8 << 20]);
        c.transport().abort();
        assertEquals(0, c.transport().getWriteBufferSize());
        run(() -> c.protocol().closed);
        assertNull(c.protocol().lost);
        run(() -> served.get(0).closed);
        assertTrue(served.get(0).received.size() < 8 << 20);
        close(s);
    }

    @Test
    void pauseAndResumeReading() {
        List<Recording> served = new ArrayList<>();
        Server s = server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        run(() -> co(() -> loopUntil(() -> !served.isEmpty() && served.get(0).transport != null)));
        Recording srv = served.get(0);
        srv.transport.pauseReading();
        assertFalse(srv.transport.isReading());
        srv.transport.pauseReading(); // twice: nothing
        c.transport().write("while paused".getBytes(StandardCharsets.UTF_8));
        run(() -> Corio.sleep(0.1));
        assertEquals(0, srv.received.size());
        srv.transport.resumeReading();
        assertTrue(srv.transport.isReading());
        run(() -> co(() -> loopUntil(() -> srv.text().equals("while paused"))));
        c.transport().close();
        run(() -> srv.closed);
        close(s);
    }

    @Test
    void writeBufferLimitsPauseAndResumeTheProtocol() {
        List<Recording> served = new ArrayList<>();
        Server s = server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        run(() -> co(() -> loopUntil(() -> !served.isEmpty() && served.get(0).transport != null)));
        Recording srv = served.get(0);
        srv.transport.pauseReading(); // a peer that does not read
        Transport t = c.transport();
        assertEquals(new WriteBufferLimits(16 * 1024, 64 * 1024), t.getWriteBufferLimits());
        t.setWriteBufferLimits(4096L, null);
        assertEquals(new WriteBufferLimits(1024, 4096), t.getWriteBufferLimits());
        assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10L, 20L));
        byte[] chunk = new byte[64 * 1024];
        int writes = 0;
        while (!c.protocol().events.contains("pause")) {
            t.write(chunk);
            writes++;
            assertTrue(writes < 10_000, "never paused");
        }
        assertTrue(t.getWriteBufferSize() > 4096);
        assertFalse(c.protocol().events.contains("resume"));
        srv.transport.resumeReading();
        run(() -> co(() -> loopUntil(() -> c.protocol().events.contains("resume"))));
        assertTrue(t.getWriteBufferSize() <= 1024);
        long total = (long) writes * chunk.length;
        run(() -> co(() -> loopUntil(() -> srv.received.size() == total)));
        t.close();
        run(() -> srv.closed);
        close(s);
    }

    @Test
    void aResetByThePeerReachesConnectionLost() throws Exception {
        List<Recording> served = new ArrayList<>();
        Server s = server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        run(() -> co(() -> loopUntil(() -> !served.isEmpty() && served.get(0).transport != null)));
        Recording srv = served.get(0);
        ((SocketChannel) srv.transport.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
        srv.transport.abort(); // linger 0: the close sends a reset
        run(() -> c.protocol().closed);
        assertInstanceOf(IOException.class, c.protocol().lost, String.valueOf(c.protocol().lost));
        run(() -> srv.closed);
        close(s);
        assertTrue(errors.contexts.isEmpty(), "an I/O error is not reported to the handler: " + errors.contexts);
    }

    @Test
    void aFailingProtocolCallbackIsReportedAndClosesTheConnection() {
        Server s = server(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                throw new IllegalStateException("boom");
            }
        });
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        c.transport().write(new byte[] {1});
        run(() -> c.protocol().closed);
        assertEquals(1, errors.contexts.size(), errors.contexts.toString());
        assertTrue(errors.contexts.get(0).message().startsWith("Fatal error: protocol.dataReceived() call failed."));
        assertEquals("boom", errors.contexts.get(0).exception().getMessage());
        close(s);
    }

    @Test
    void writesAfterTheConnectionIsLostAreIgnored() {
        Server s = server(Recording::new);
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        c.transport().abort();
        run(() -> c.protocol().closed);
        c.transport().write(new byte[10]); // asyncio: counted, logged after 5, never raised
        assertEquals(0, c.transport().getWriteBufferSize());
        close(s);
    }

    @Test
    void transportMethodsRefuseOtherThreads() throws Exception {
        Server s = server(Recording::new);
        TransportAndProtocol<Recording> c = run(() -> Net.createConnection(Recording::new, "127.0.0.1", port(s)));
        Thread runner = new Thread(loop::runForever);
        runner.start();
        Thread.sleep(50);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.transport().write(new byte[1]));
        assertTrue(e.getMessage().startsWith("Non-thread-safe operation write()"), e.getMessage());
        loop.stop();
        runner.join();
        c.transport().close();
        run(() -> c.protocol().closed);
        close(s);
    }

    @Test
    void lowLevelSocketOperations() throws Exception {
        java.nio.channels.ServerSocketChannel ss = java.nio.channels.ServerSocketChannel.open();
        ss.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        ss.configureBlocking(false);
        SocketChannel client = SocketChannel.open();
        client.configureBlocking(false);
        InetSocketAddress addr = (InetSocketAddress) ss.getLocalAddress();
        AsyncFuture<SocketChannel>[] accepted = new AsyncFuture[1];
        run(() -> {
            accepted[0] = Net.sockAccept(ss);
            return Net.sockConnect(client, addr);
        });
        SocketChannel conn = run(() -> accepted[0]);
        assertFalse(conn.isBlocking());
        byte[] big = new byte[4 << 20];
        big[big.length - 1] = 42;
        AsyncFuture<Void>[] sent = new AsyncFuture[1];
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        run(() -> {
            sent[0] = Net.sockSendall(client, big);
            return co(() -> recvAll(conn, got, big.length));
        });
        run(() -> sent[0]);
        assertArrayEquals(big, got.toByteArray());
        run(() -> co(() -> {
            Net.closeChannel(client);
            return await(Net.sockRecv(conn, 10), eof -> {
                assertEquals(0, eof.length, "EOF");
                Net.closeChannel(conn);
                Net.closeChannel(ss);
                return done(null);
            });
        }));
        try (SocketChannel blocking = SocketChannel.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> run(() -> Net.sockRecv(blocking, 1)));
            assertTrue(e.getMessage().startsWith("the socket must be non-blocking"), e.getMessage());
        }
    }

    private static dev.corio.Co.Step<Void> recvAll(SocketChannel ch, ByteArrayOutputStream out, int total) {
        if (out.size() >= total) {
            return done(null);
        }
        return await(Net.sockRecv(ch, 65536), data -> {
            out.writeBytes(data);
            return recvAll(ch, out, total);
        });
    }

    @Test
    void cancellingSockRecvLeavesTheSocketUsable() throws Exception {
        java.nio.channels.ServerSocketChannel ss = java.nio.channels.ServerSocketChannel.open();
        ss.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        ss.configureBlocking(false);
        SocketChannel client = SocketChannel.open();
        client.configureBlocking(false);
        AsyncFuture<SocketChannel>[] accepted = new AsyncFuture[1];
        InetSocketAddress addr = (InetSocketAddress) ss.getLocalAddress();
        run(() -> {
            accepted[0] = Net.sockAccept(ss);
            return Net.sockConnect(client, addr);
        });
        SocketChannel conn = run(() -> accepted[0]);
        byte[] r = run(() -> co(() -> {
            AsyncFuture<byte[]> pending = Net.sockRecv(conn, 10);
            return await(Corio.sleep(0.01), v -> {
                pending.cancel();
                return await(Net.sockSendall(client, new byte[] {7}), w -> await(Net.sockRecv(conn, 10), d -> done(d)));
            });
        }));
        assertArrayEquals(new byte[] {7}, r);
        run(() -> co(() -> {
            Net.closeChannel(client);
            Net.closeChannel(conn);
            Net.closeChannel(ss);
            return done(null);
        }));
    }
}
