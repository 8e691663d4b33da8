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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transports and protocols over loopback: asyncio's {@code create_server} / {@code create_connection} with
 * protocol callbacks (ported from test_events.py's and test_selector_events.py's socket transport cases).
 */
@Timeout(60)
class TransportTest {
    @RegisterExtension
    final NetFixture net = new NetFixture();

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

    @Test
    void echoWithProtocols() {
        List<Echo> served = new ArrayList<>();
        Server s = net.server(() -> {
            Echo e = new Echo();
            served.add(e);
            return e;
        });
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        Recording client = c.protocol();
        assertEquals(List.of("made"), client.events, "connectionMade ran before createConnection completed");
        c.transport().write("hello ".getBytes(StandardCharsets.UTF_8));
        c.transport().writelines(List.of("wor".getBytes(StandardCharsets.UTF_8), "ld".getBytes(StandardCharsets.UTF_8)));
        net.run(() -> co(() -> loopUntil(() -> client.text().equals("hello world"))));
        c.transport().close();
        assertTrue(c.transport().isClosing());
        net.run(() -> client.closed);
        net.run(() -> served.get(0).closed);
        assertEquals(List.of("made", "data", "lost"), client.events);
        assertNull(client.lost);
        assertEquals(List.of("made", "data", "eof", "lost"), served.get(0).events);
        assertNull(served.get(0).lost);
        net.close(s);
        assertTrue(net.errors.contexts.isEmpty(), net.errors.contexts.toString());
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
        Server s = net.server(Echo::new);
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        SocketChannel ch = (SocketChannel) c.transport().getExtraInfo("socket");
        ByteArrayOutputStream foreign = new ByteArrayOutputStream();
        net.run(() -> co(() -> {
            LoopSelector.of(net.loop()).addReader(ch, () -> {
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
        net.run(() -> co(() -> loopUntil(() -> foreign.size() == 3)));
        assertEquals("one", foreign.toString(StandardCharsets.UTF_8));
        assertEquals("", c.protocol().text(), "the transport's reader did not run");
        net.run(() -> co(() -> {
            c.transport().pauseReading(); // removes the foreign reader with the transport's
            c.transport().resumeReading();
            c.transport().write("two".getBytes(StandardCharsets.UTF_8));
            return done(null);
        }));
        net.run(() -> co(() -> loopUntil(() -> c.protocol().text().equals("two"))));
        assertEquals("one", foreign.toString(StandardCharsets.UTF_8));
        c.transport().close();
        net.run(() -> c.protocol().closed);
        net.close(s);
        assertTrue(net.errors.contexts.isEmpty(), net.errors.contexts.toString());
    }

    @Test
    void extraInfoNamesBothEnds() throws Exception {
        Server s = net.server(Recording::new);
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        Transport t = c.transport();
        InetSocketAddress peer = (InetSocketAddress) t.getExtraInfo("peername");
        InetSocketAddress local = (InetSocketAddress) t.getExtraInfo("sockname");
        assertEquals(NetFixture.port(s), peer.getPort());
        assertEquals(InetAddress.getByName("127.0.0.1"), peer.getAddress());
        assertNotNull(local);
        SocketChannel ch = (SocketChannel) t.getExtraInfo("socket");
        assertEquals(local, ch.getLocalAddress());
        assertNull(t.getExtraInfo("nonsense"));
        t.close();
        net.run(() -> c.protocol().closed);
        net.close(s);
    }

    /**
     * asyncio's {@code _set_nodelay}: every TCP transport, accepted or connected (by one address or by several
     * tried in turn), has Nagle's algorithm off, so that a small write goes out at once instead of waiting
     * for the ACK of the previous one (docs/net.md, "Socket options").
     */
    @Test
    void tcpTransportsHaveNagleOffOnBothEnds() throws Exception {
        List<Recording> served = new ArrayList<>();
        Server s = net.server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> byAddress = net.connect(Recording::new, s);
        TransportAndProtocol<Recording> byName = net.run(() -> Net.createConnection(Recording::new, "localhost",
                NetFixture.port(s))); // resolved, tried address by address
        net.run(() -> co(() -> loopUntil(() -> served.size() == 2 && served.get(1).transport != null)));
        for (Transport t : List.of(byAddress.transport(), byName.transport(), served.get(0).transport,
                served.get(1).transport)) {
            SocketChannel ch = (SocketChannel) t.getExtraInfo("socket");
            assertTrue(ch.getOption(StandardSocketOptions.TCP_NODELAY), "TCP_NODELAY on " + t.getExtraInfo("sockname"));
        }
        byAddress.transport().close();
        byName.transport().close();
        net.run(() -> byAddress.protocol().closed);
        net.run(() -> byName.protocol().closed);
        net.close(s);
    }

    @Test
    void connectingToAClosedPortNamesTheAddress() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        ConnectException e = assertThrows(ConnectException.class,
                () -> net.run(() -> Net.createConnection(Recording::new, "127.0.0.1", port)));
        assertTrue(e.getMessage().startsWith("Connect call failed 127.0.0.1:" + port + ": "), e.getMessage());
        assertNotNull(e.getCause());
    }

    @Test
    void severalAddressesAreTriedInOrder() throws Exception {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = ss.getLocalPort();
        }
        Server s = net.server(Recording::new);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        TransportAndProtocol<Recording> c = net.run(() -> Net.createConnection(Recording::new,
                List.of(new InetSocketAddress(lo, closedPort), new InetSocketAddress(lo, NetFixture.port(s)))));
        assertEquals(NetFixture.port(s), ((InetSocketAddress) c.transport().getExtraInfo("peername")).getPort());
        c.transport().close();
        net.run(() -> c.protocol().closed);

        int closedPort2;
        try (ServerSocket ss = new ServerSocket(0, 1, lo)) {
            closedPort2 = ss.getLocalPort();
        }
        ConnectException all = assertThrows(ConnectException.class, () -> net.run(() -> Net.createConnection(
                Recording::new, List.of(new InetSocketAddress(lo, closedPort), new InetSocketAddress(lo, closedPort2)))));
        assertTrue(all.getMessage().startsWith("Multiple exceptions: Connect call failed 127.0.0.1:" + closedPort),
                all.getMessage());
        assertTrue(all.getMessage().contains("127.0.0.1:" + closedPort2), all.getMessage());
        assertEquals(2, all.getSuppressed().length);
        net.close(s);
    }

    @Test
    void hostNamesAreResolvedOffTheLoop() {
        Server s = net.server(Recording::new);
        Thread loopThread = Thread.currentThread();
        TransportAndProtocol<Recording> c = net.run(() -> Net.createConnection(Recording::new, "localhost", NetFixture.port(s)));
        assertEquals(NetFixture.port(s), ((InetSocketAddress) c.transport().getExtraInfo("peername")).getPort());
        assertEquals(loopThread, Thread.currentThread());
        c.transport().close();
        net.run(() -> c.protocol().closed);
        net.close(s);
    }

    @Test
    void unknownHostFails() {
        assertThrows(java.net.UnknownHostException.class,
                () -> net.run(() -> Net.createConnection(Recording::new, "no-such-host.invalid", 80)));
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
        Server s = net.run(() -> Net.createServer(() -> {
            Echo e = new Echo();
            served.add(e);
            return e;
        }, "::1", 0));
        assertInstanceOf(Inet6Address.class, s.addresses().get(0).getAddress());
        TransportAndProtocol<Recording> c = net.run(() -> Net.createConnection(Recording::new, "::1", NetFixture.port(s)));
        c.transport().write("six".getBytes(StandardCharsets.UTF_8));
        net.run(() -> co(() -> loopUntil(() -> c.protocol().text().equals("six"))));
        c.transport().close();
        net.run(() -> c.protocol().closed);
        net.close(s);
    }

    @Test
    void bindErrorNamesTheAddress() throws Exception {
        Server s = net.server(Recording::new);
        BindException e = assertThrows(BindException.class,
                () -> net.run(() -> Net.createServer(Recording::new, "127.0.0.1", NetFixture.port(s))));
        assertTrue(e.getMessage().startsWith("error while attempting to bind on address 127.0.0.1:" + NetFixture.port(s) + ": "),
                e.getMessage());
        net.close(s);
    }

    @Test
    void reusePortLetsTwoServersListenOnOnePortAndEachServesConnections() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Net.isReusePortSupported(), "no SO_REUSEPORT on this platform");
        Server first = net.run(() -> Net.createServer(Recording::new, "127.0.0.1", 0, Net.DEFAULT_BACKLOG, true, true));
        Server second = net.run(() -> Net.createServer(Recording::new, "127.0.0.1", NetFixture.port(first), Net.DEFAULT_BACKLOG,
                true, true));
        assertEquals(NetFixture.port(first), NetFixture.port(second));
        assertTrue(first.sockets().get(0).getOption(StandardSocketOptions.SO_REUSEPORT));
        // a third without reusePort cannot join them: the kernel wants the option on every socket of the port
        BindException e = assertThrows(BindException.class,
                () -> net.run(() -> Net.createServer(Recording::new, "127.0.0.1", NetFixture.port(first))));
        assertTrue(e.getMessage().startsWith("error while attempting to bind on address 127.0.0.1:" + NetFixture.port(first)),
                e.getMessage());
        TransportAndProtocol<Recording> c = net.connect(Recording::new, first);
        c.transport().write("ping".getBytes(StandardCharsets.UTF_8));
        net.run(() -> co(() -> loopUntil(() -> first.clientCount() + second.clientCount() == 1)));
        c.transport().close();
        net.run(() -> c.protocol().closed);
        net.close(first);
        net.close(second);
    }

    @Test
    void withoutReusePortTheListeningSocketDoesNotSetIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Net.isReusePortSupported(), "no SO_REUSEPORT on this platform");
        Server s = net.server(Recording::new);
        assertFalse(s.sockets().get(0).getOption(StandardSocketOptions.SO_REUSEPORT));
        net.close(s);
    }

    @Test
    void halfCloseWithWriteEof() {
        List<Recording> served = new ArrayList<>();
        Server s = net.server(() -> {
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
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        assertTrue(c.transport().canWriteEof());
        c.transport().write("question".getBytes(StandardCharsets.UTF_8));
        c.transport().writeEof();
        assertThrows(IllegalStateException.class, () -> c.transport().write(new byte[1]));
        c.protocol().keepOpenOnEof = false;
        net.run(() -> c.protocol().closed);
        assertEquals("got question", c.protocol().text());
        assertEquals(List.of("made", "data", "eof", "lost"), c.protocol().events);
        assertEquals(List.of("made", "data", "eof", "lost"), served.get(0).events);
        net.close(s);
    }

    @Test
    void closeFlushesTheBufferFirst() {
        List<Recording> served = new ArrayList<>();
        Server s = net.server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        byte[] big = new byte[8 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        c.transport().write(big);
        assertTrue(c.transport().getWriteBufferSize() > 0, "8 MiB do not fit in a loopback socket's buffers");
        c.transport().close();
        assertFalse(c.transport().isReading());
        net.run(() -> served.get(0).closed);
        assertArrayEquals(big, served.get(0).received.toByteArray());
        assertTrue(c.protocol().events.contains("pause"));
        net.run(() -> c.protocol().closed);
        net.close(s);
    }

    @Test
    void abortDropsTheBuffer() {
        List<Recording> served = new ArrayList<>();
        Server s = net.server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        c.transport().write(new byte[8 << 20]);
        c.transport().abort();
        assertEquals(0, c.transport().getWriteBufferSize());
        net.run(() -> c.protocol().closed);
        assertNull(c.protocol().lost);
        net.run(() -> served.get(0).closed);
        assertTrue(served.get(0).received.size() < 8 << 20);
        net.close(s);
    }

    @Test
    void pauseAndResumeReading() {
        List<Recording> served = new ArrayList<>();
        Server s = net.server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        net.run(() -> co(() -> loopUntil(() -> !served.isEmpty() && served.get(0).transport != null)));
        Recording srv = served.get(0);
        srv.transport.pauseReading();
        assertFalse(srv.transport.isReading());
        srv.transport.pauseReading(); // twice: nothing
        c.transport().write("while paused".getBytes(StandardCharsets.UTF_8));
        net.run(() -> Corio.sleep(0.1));
        assertEquals(0, srv.received.size());
        srv.transport.resumeReading();
        assertTrue(srv.transport.isReading());
        net.run(() -> co(() -> loopUntil(() -> srv.text().equals("while paused"))));
        c.transport().close();
        net.run(() -> srv.closed);
        net.close(s);
    }

    @Test
    void writeBufferLimitsPauseAndResumeTheProtocol() {
        List<Recording> served = new ArrayList<>();
        Server s = net.server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        net.run(() -> co(() -> loopUntil(() -> !served.isEmpty() && served.get(0).transport != null)));
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
        net.run(() -> co(() -> loopUntil(() -> c.protocol().events.contains("resume"))));
        assertTrue(t.getWriteBufferSize() <= 1024);
        long total = (long) writes * chunk.length;
        net.run(() -> co(() -> loopUntil(() -> srv.received.size() == total)));
        t.close();
        net.run(() -> srv.closed);
        net.close(s);
    }

    @Test
    void aResetByThePeerReachesConnectionLost() throws Exception {
        List<Recording> served = new ArrayList<>();
        Server s = net.server(() -> {
            Recording r = new Recording();
            served.add(r);
            return r;
        });
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        net.run(() -> co(() -> loopUntil(() -> !served.isEmpty() && served.get(0).transport != null)));
        Recording srv = served.get(0);
        ((SocketChannel) srv.transport.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
        srv.transport.abort(); // linger 0: the close sends a reset
        net.run(() -> c.protocol().closed);
        assertInstanceOf(IOException.class, c.protocol().lost, String.valueOf(c.protocol().lost));
        net.run(() -> srv.closed);
        net.close(s);
        assertTrue(net.errors.contexts.isEmpty(), "an I/O error is not reported to the handler: " + net.errors.contexts);
    }

    @Test
    void aFailingProtocolCallbackIsReportedAndClosesTheConnection() {
        Server s = net.server(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                throw new IllegalStateException("boom");
            }
        });
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        c.transport().write(new byte[] {1});
        net.run(() -> c.protocol().closed);
        assertEquals(1, net.errors.contexts.size(), net.errors.contexts.toString());
        assertTrue(net.errors.contexts.get(0).message().startsWith("Fatal error: protocol.dataReceived() call failed."));
        assertEquals("boom", net.errors.contexts.get(0).exception().getMessage());
        net.close(s);
    }

    @Test
    void writesAfterTheConnectionIsLostAreIgnored() {
        Server s = net.server(Recording::new);
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        c.transport().abort();
        net.run(() -> c.protocol().closed);
        c.transport().write(new byte[10]); // asyncio: counted, logged after 5, never raised
        assertEquals(0, c.transport().getWriteBufferSize());
        net.close(s);
    }

    @Test
    void transportMethodsRefuseOtherThreads() throws Exception {
        Server s = net.server(Recording::new);
        TransportAndProtocol<Recording> c = net.connect(Recording::new, s);
        Thread runner = new Thread(net.loop()::runForever);
        runner.start();
        Thread.sleep(50);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.transport().write(new byte[1]));
        assertTrue(e.getMessage().startsWith("Non-thread-safe operation write()"), e.getMessage());
        net.loop().stop();
        runner.join();
        c.transport().close();
        net.run(() -> c.protocol().closed);
        net.close(s);
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
        net.run(() -> {
            accepted[0] = Net.sockAccept(ss);
            return Net.sockConnect(client, addr);
        });
        SocketChannel conn = net.run(() -> accepted[0]);
        assertFalse(conn.isBlocking());
        byte[] big = new byte[4 << 20];
        big[big.length - 1] = 42;
        AsyncFuture<Void>[] sent = new AsyncFuture[1];
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        net.run(() -> {
            sent[0] = Net.sockSendall(client, big);
            return co(() -> recvAll(conn, got, big.length));
        });
        net.run(() -> sent[0]);
        assertArrayEquals(big, got.toByteArray());
        net.run(() -> co(() -> {
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
                    () -> net.run(() -> Net.sockRecv(blocking, 1)));
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
        net.run(() -> {
            accepted[0] = Net.sockAccept(ss);
            return Net.sockConnect(client, addr);
        });
        SocketChannel conn = net.run(() -> accepted[0]);
        byte[] r = net.run(() -> co(() -> {
            AsyncFuture<byte[]> pending = Net.sockRecv(conn, 10);
            return await(Corio.sleep(0.01), v -> {
                pending.cancel();
                return await(Net.sockSendall(client, new byte[] {7}), w -> await(Net.sockRecv(conn, 10), d -> done(d)));
            });
        }));
        assertArrayEquals(new byte[] {7}, r);
        net.run(() -> co(() -> {
            Net.closeChannel(client);
            Net.closeChannel(conn);
            Net.closeChannel(ss);
            return done(null);
        }));
    }
}
