package dev.corio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corio.EventLoop;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code createConnection} with a happy-eyeballs delay (RFC 8305 / asyncio's {@code staggered_race}) over
 * loopback: a "black hole" (a listening socket whose accept queue is full, so connects to it hang) before a
 * good address, a refused address before a good one, every address failing, and the interleaving of
 * families. On the real clock: a hanging connect is I/O in flight, which holds a virtual clock still.
 */
class HappyEyeballsTest {
    private EventLoop loop;
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private long fdsBefore;

    @BeforeEach
    void setUp() {
        fdsBefore = NetTesting.openFds();
        loop = EventLoop.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
        for (AutoCloseable c : closeLater) {
            c.close();
        }
        assertEquals(fdsBefore, NetTesting.fdsSettled(fdsBefore), "open file descriptors after the test");
    }

    /** A listening socket on {@code host} that nobody accepts from, its queue full: connects to it hang. */
    private InetSocketAddress blackHole(String host) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        closeLater.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 1);
        InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
        for (int i = 0; i < 16; i++) {
            Socket c = new Socket();
            closeLater.add(c);
            try {
                c.connect(a, 300);
            } catch (SocketTimeoutException full) {
                return a;
            }
        }
        throw new AssertionError("could not fill the accept queue of " + a);
    }

    private InetSocketAddress refused() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return (InetSocketAddress) s.getLocalAddress();
        }
    }

    private Server good(String host) {
        Server s = NetTesting.run(loop, () -> Net.createServer(() -> new Protocol() {
        }, host, 0));
        return s;
    }

    private static InetSocketAddress address(Server s) {
        return s.addresses().get(0);
    }

    /** Connects to {@code addresses}; gives the peer it got and the loop time it took. */
    private String race(List<InetSocketAddress> addresses, double delay, int interleave) {
        return NetTesting.run(loop, () -> {
            double start = loop.time();
            return Futures.map(loop, Net.createConnection(() -> new Protocol() {
            }, addresses, delay, interleave), tp -> {
                InetSocketAddress peer = (InetSocketAddress) tp.transport().getExtraInfo("peername");
                tp.transport().close();
                return Net.format(peer) + " after " + (loop.time() - start);
            });
        });
    }

    private static double took(String r) {
        return Double.parseDouble(r.substring(r.indexOf(" after ") + 7));
    }

    @Test
    void aHangingAddressIsOvertakenAfterTheDelay() throws Exception {
        InetSocketAddress hole = blackHole("127.0.0.1");
        Server s = good("127.0.0.1");
        String r = race(List.of(hole, address(s)), 0.2, 0);
        assertTrue(r.startsWith(Net.format(address(s)) + " after "), r);
        double t = took(r);
        assertTrue(t >= 0.2 && t < 5, () -> "the second attempt starts after the delay, not after the first gave up: " + r);
        closeServer(s);
    }

    @Test
    void aFailedAttemptStartsTheNextAtOnce() throws Exception {
        Server s = good("127.0.0.1");
        String r = race(List.of(refused(), address(s)), 30, 0);
        assertTrue(r.startsWith(Net.format(address(s)) + " after "), r);
        assertTrue(took(r) < 5, () -> "the next attempt did not wait for the 30 s delay: " + r);
        closeServer(s);
    }

    @Test
    void everyAttemptFailingGivesEveryError() throws Exception {
        InetSocketAddress a = refused();
        InetSocketAddress b = refused();
        ConnectException e = assertThrows(ConnectException.class, () -> race(List.of(a, b), 0.05, 0));
        assertEquals("Multiple exceptions: Connect call failed " + Net.format(a) + ": Connection refused,"
                + " Connect call failed " + Net.format(b) + ": Connection refused", e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void interleavingAlternatesTheFamiliesAsAsyncioDoes() throws Exception {
        InetSocketAddress v6a = new InetSocketAddress(InetAddress.getByName("::1"), 1);
        InetSocketAddress v6b = new InetSocketAddress(InetAddress.getByName("::2"), 1);
        InetSocketAddress v6c = new InetSocketAddress(InetAddress.getByName("::3"), 1);
        InetSocketAddress v4a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1);
        InetSocketAddress v4b = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 1);
        List<InetSocketAddress> resolved = List.of(v6a, v6b, v6c, v4a, v4b);
        assertEquals(List.of(v6a, v4a, v6b, v4b, v6c), HappyEyeballs.interleave(resolved, 1));
        assertEquals(List.of(v6a, v6b, v4a, v6c, v4b), HappyEyeballs.interleave(resolved, 2));
        assertEquals(List.of(v4a, v6a, v4b, v6b, v6c), HappyEyeballs.interleave(List.of(v4a, v4b, v6a, v6b, v6c), 1));
        assertEquals(List.of(v4a, v4b), HappyEyeballs.interleave(List.of(v4a, v4b), 1));
    }

    @Test
    void anIpv6AddressInterleavedAfterAHangingIpv4OneWins() throws Exception {
        Server v6;
        try {
            v6 = good("::1");
        } catch (RuntimeException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        InetSocketAddress hole = blackHole("127.0.0.1");
        InetSocketAddress hole2 = blackHole("127.0.0.1");
        // resolver order: the two IPv4 black holes, then ::1; interleaved, ::1 is tried second
        String r = race(List.of(hole, hole2, address(v6)), 0.2, 1);
        assertTrue(r.startsWith(Net.format(address(v6)) + " after "), r);
        double t = took(r);
        assertTrue(t >= 0.2 && t < 0.4 + 2, () -> "::1 started second, after one delay: " + r);
        closeServer(v6);
    }

    @Test
    void badArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetTesting.run(loop, () -> Net.createConnection(() -> new Protocol() {
                }, "127.0.0.1", 1, -1, 1)));
        assertEquals("happyEyeballsDelay must be a finite number of seconds >= 0, got -1.0", e.getMessage());
        IllegalArgumentException i = assertThrows(IllegalArgumentException.class,
                () -> NetTesting.run(loop, () -> Net.createConnection(() -> new Protocol() {
                }, "127.0.0.1", 1, 0.25, -1)));
        assertEquals("interleave must be >= 0, got -1", i.getMessage());
    }

    private void closeServer(Server s) {
        NetTesting.run(loop, () -> {
            s.close();
            return s.waitClosed();
        });
    }
}
