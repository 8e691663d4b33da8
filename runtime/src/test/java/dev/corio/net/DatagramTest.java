package dev.corio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP endpoints over loopback: CPython's datagram cases of test_events / test_sock_lowlevel that pin behaviour. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramTest {
    private EventLoop loop;
    private long fdsBefore;

    @BeforeEach
    void setUp() {
        fdsBefore = NetTesting.openFds();
        loop = EventLoop.create();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        loop.close();
        assertTrue(NetTesting.fdsSettled(fdsBefore) <= fdsBefore, "descriptors leaked");
    }

    /** Echoes each datagram to its sender (asyncio's MyDatagramProto server). */
    static final class Echo implements DatagramProtocol {
        DatagramTransport transport;
        final List<String> events = new ArrayList<>();
        final AsyncFuture<Void> done;

        Echo(EventLoop loop) {
            done = loop.createFuture();
        }

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
            events.add("made");
        }

        @Override
        public void datagramReceived(byte[] data, InetSocketAddress addr) {
            events.add("received " + new String(data, StandardCharsets.UTF_8));
            transport.sendto(data, addr);
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost " + exc);
            done.setResult(null);
        }
    }

    /** Records what comes back. */
    static final class Client implements DatagramProtocol {
        DatagramTransport transport;
        AsyncFuture<byte[]> next;
        final List<Exception> errors = new ArrayList<>();
        AsyncFuture<Exception> error;
        final AsyncFuture<Void> done;

        Client(EventLoop loop) {
            next = loop.createFuture();
            error = loop.createFuture();
            done = loop.createFuture();
        }

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(byte[] data, InetSocketAddress addr) {
            next.setResult(data);
        }

        @Override
        public void errorReceived(Exception exc) {
            errors.add(exc);
            if (!error.isDone()) {
                error.setResult(exc);
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            done.setResult(null);
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Test
    void echoOverAConnectedClient() { // test_create_datagram_endpoint
        DatagramEndpoint<Echo> server = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Echo(loop), loopback(0), null, false));
        InetSocketAddress at = (InetSocketAddress) server.transport().getExtraInfo("sockname");
        assertTrue(at.getPort() > 0);
        assertNull(server.transport().getExtraInfo("peername"));
        DatagramEndpoint<Client> client = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), null, at, false));
        assertEquals(at, client.transport().getExtraInfo("peername"));
        byte[] back = NetTesting.run(loop, () -> {
            client.protocol().transport.sendto("xxx".getBytes(StandardCharsets.UTF_8));
            return client.protocol().next;
        });
        assertArrayEquals("xxx".getBytes(StandardCharsets.UTF_8), back);
        NetTesting.run(loop, () -> {
            client.transport().close();
            server.transport().close();
            return server.protocol().done;
        });
        NetTesting.run(loop, () -> client.protocol().done);
        assertEquals(List.of("made", "received xxx", "lost null"), server.protocol().events);
        assertTrue(server.transport().isClosing());
    }

    @Test
    void sendtoAnAddressFromAnUnconnectedEndpoint() {
        DatagramEndpoint<Echo> server = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Echo(loop), loopback(0), null, false));
        InetSocketAddress at = (InetSocketAddress) server.transport().getExtraInfo("sockname");
        DatagramEndpoint<Client> client = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), loopback(0), null, false));
        byte[] back = NetTesting.run(loop, () -> {
            client.transport().sendto("ping".getBytes(StandardCharsets.UTF_8), at);
            return client.protocol().next;
        });
        assertEquals("ping", new String(back, StandardCharsets.UTF_8));
        client.protocol().next = loop.createFuture();
        byte[] empty = NetTesting.run(loop, () -> {
            client.transport().sendto(new byte[0], at); // a zero-length datagram is a datagram too
            return client.protocol().next;
        });
        assertEquals(0, empty.length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetTesting.run(loop, () -> {
                    client.transport().sendto(new byte[1]);
                    return client.protocol().next;
                }));
        assertTrue(e.getMessage().contains("connected"), e.getMessage());
        NetTesting.run(loop, () -> {
            client.transport().close();
            server.transport().close();
            return server.protocol().done;
        });
    }

    @Test
    void anOversizedDatagramIsAClearError() {
        DatagramEndpoint<Client> client = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), null, loopback(9), false));
        Exception e = NetTesting.run(loop, () -> {
            client.transport().sendto(new byte[70_000]);
            return client.protocol().error;
        });
        assertInstanceOf(SocketException.class, e);
        assertTrue(e.getMessage().contains("70000 bytes") && e.getMessage().contains("127.0.0.1:9"), e.getMessage());
        assertTrue(!client.transport().isClosing(), "the endpoint stays open");
        NetTesting.run(loop, () -> {
            client.transport().close();
            return client.protocol().done;
        });
    }

    @Test
    void aConnectedEndpointToAClosedPortGetsPortUnreachable() { // test_create_datagram_endpoint ... ICMP
        DatagramEndpoint<Client> probe = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), loopback(0), null, false));
        InetSocketAddress free = (InetSocketAddress) probe.transport().getExtraInfo("sockname");
        NetTesting.run(loop, () -> {
            probe.transport().close();
            return probe.protocol().done;
        });
        DatagramEndpoint<Client> client = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), null, free, false));
        Exception e = NetTesting.run(loop, () -> {
            client.transport().sendto(new byte[] {1});
            client.transport().sendto(new byte[] {2});
            return client.protocol().error;
        });
        assertInstanceOf(java.net.PortUnreachableException.class, e);
        NetTesting.run(loop, () -> {
            client.transport().close();
            return client.protocol().done;
        });
    }

    @Test
    void aBindErrorNamesTheAddress() {
        DatagramEndpoint<Client> first = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), loopback(0), null, false));
        InetSocketAddress taken = (InetSocketAddress) first.transport().getExtraInfo("sockname");
        SocketException e = assertThrows(SocketException.class, () -> NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), taken, null, false)));
        assertTrue(e.getMessage().contains("bind on address 127.0.0.1:" + taken.getPort()), e.getMessage());
        NetTesting.run(loop, () -> {
            first.transport().close();
            return first.protocol().done;
        });
    }

    @Test
    void broadcastIsAllowedWhenAsked() throws Exception { // allow_broadcast
        DatagramEndpoint<Client> b = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), loopback(0), null, true));
        var ch = (java.nio.channels.DatagramChannel) b.transport().getExtraInfo("socket");
        assertTrue(ch.getOption(java.net.StandardSocketOptions.SO_BROADCAST));
        NetTesting.run(loop, () -> {
            b.transport().close();
            return b.protocol().done;
        });
    }

    @Test
    void manyDatagramsEachWhole() {
        DatagramEndpoint<Echo> server = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Echo(loop), loopback(0), null, false));
        InetSocketAddress at = (InetSocketAddress) server.transport().getExtraInfo("sockname");
        DatagramEndpoint<Client> client = NetTesting.run(loop,
                () -> Net.createDatagramEndpoint(() -> new Client(loop), null, at, false));
        for (int size : new int[] {1, 1000, 8192, 65_507}) {
            byte[] data = new byte[size];
            data[size - 1] = 42;
            client.protocol().next = loop.createFuture();
            byte[] back = NetTesting.run(loop, () -> {
                client.transport().sendto(data);
                return client.protocol().next;
            });
            assertArrayEquals(data, back, "size " + size);
        }
        NetTesting.run(loop, () -> {
            client.transport().close();
            server.transport().close();
            return server.protocol().done;
        });
    }
}
