package dev.corio.net;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The low-level socket coroutines' cases of CPython's test_sock_lowlevel.py not pinned in TransportTest:
 * {@code sock_connect} to a closed port ({@code test_sock_client_fail}), a cancelled {@code sock_accept}
 * ({@code test_cancel_sock_accept}), {@code sock_recv_into} ({@code test_sock_client_ops}).
 */
@Timeout(60)
class SockLowLevelTest {
    @RegisterExtension
    final NetFixture net = new NetFixture();

    @Test
    void sockConnectToAClosedPortFailsNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (SocketChannel ch = SocketChannel.open()) {
            ch.configureBlocking(false);
            ConnectException e = assertThrows(ConnectException.class,
                    () -> net.run(() -> Net.sockConnect(ch, new InetSocketAddress("127.0.0.1", port))));
            assertTrue(e.getMessage().startsWith("Connect call failed 127.0.0.1:" + port + ": "), e.getMessage());
        }
    }

    @Test
    void aCancelledSockAcceptLeavesTheServerSocketUsable() throws Exception {
        try (ServerSocketChannel ss = NetFixture.listening(); SocketChannel client = SocketChannel.open()) {
            client.configureBlocking(false);
            AsyncFuture<SocketChannel>[] second = new AsyncFuture[1];
            boolean cancelled = net.run(() -> co(() -> {
                AsyncFuture<SocketChannel> first = Net.sockAccept(ss);
                return await(Corio.sleep(0.01), v -> {
                    first.cancel();
                    return done(first.isCancelled());
                });
            }));
            assertTrue(cancelled);
            InetSocketAddress address = (InetSocketAddress) ss.getLocalAddress();
            net.run(() -> {
                second[0] = Net.sockAccept(ss);
                return Net.sockConnect(client, address);
            });
            try (SocketChannel accepted = net.run(() -> second[0])) {
                assertEquals(client.getLocalAddress(), accepted.getRemoteAddress(),
                        "the accept after the cancelled one got the client");
            }
        }
    }

    @Test
    void sockRecvIntoFillsTheBufferAndGivesMinusOneAtEof() throws Exception {
        try (ServerSocketChannel ss = NetFixture.listening(); SocketChannel client = SocketChannel.open()) {
            client.configureBlocking(false);
            AsyncFuture<SocketChannel>[] accepted = new AsyncFuture[1];
            InetSocketAddress address = (InetSocketAddress) ss.getLocalAddress();
            net.run(() -> {
                accepted[0] = Net.sockAccept(ss);
                return Net.sockConnect(client, address);
            });
            try (SocketChannel conn = net.run(() -> accepted[0])) {
                ByteBuffer into = ByteBuffer.allocate(16);
                into.put((byte) 9); // reads go after what the buffer holds
                int n = net.run(() -> co(() -> {
                    AsyncFuture<Integer> pending = Net.sockRecvInto(conn, into); // nothing yet: it waits
                    return await(Net.sockSendall(client, new byte[] {1, 2, 3}), v -> await(pending, r -> done(r)));
                }));
                assertEquals(3, n);
                assertEquals(4, into.position());
                assertEquals(9, into.get(0));
                assertEquals(3, into.get(3));
                client.shutdownOutput();
                int eof = net.run(() -> Net.sockRecvInto(conn, into));
                assertEquals(-1, eof, "EOF is -1 (asyncio gives 0)");
                ByteBuffer full = ByteBuffer.allocate(0);
                assertEquals(0, (int) net.run(() -> Net.sockRecvInto(conn, full)), "a buffer with no room reads nothing");
            }
        }
    }
}
