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
import dev.corio.Awaitable;
import dev.corio.Co.Step;
import dev.corio.EventLoop;
import dev.corio.net.tls.TlsOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS over loopback with a self-signed key pair made for the test ({@link TlsCerts}): echo over streams and
 * protocols, certificate and host-name checks, start-TLS, ALPN, close-notify (seen by the JDK's own
 * {@link SSLSocket}), a large transfer with bounded buffers, a handshake timeout, a client that sends
 * garbage. The cases of CPython's test_asyncio/test_ssl.py and test_sslproto.py that pin behaviour.
 */
@Timeout(60)
class TlsTest {
    private EventLoop loop;
    private final NetTesting.Recorder errors = new NetTesting.Recorder();
    private static SSLContext serverCtx;
    private static SSLContext clientCtx;

    @BeforeAll
    static void keys() throws Exception {
        // the JDK's SSLSocket then tells a close-notify from a bare FIN (the close-notify tests need it)
        System.setProperty("com.sun.net.ssl.requireCloseNotify", "true");
        serverCtx = TlsCerts.serverContext();
        clientCtx = TlsCerts.clientContext();
    }

    @BeforeEach
    void setUp() {
        loop = EventLoop.create();
        loop.setExceptionHandler(errors);
    }

    @AfterEach
    void tearDown() {
        loop.close();
        assertEquals(List.of(), errors.contexts, "nothing reached the loop's exception handler");
    }

    private <T> T run(Supplier<? extends Awaitable<T>> make) {
        return NetTesting.run(loop, make);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static TlsOptions server() {
        return TlsOptions.server(serverCtx);
    }

    private static TlsOptions client() {
        return TlsOptions.client(clientCtx);
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

    /** The server side of the echo: one line back per line, until EOF; then close. */
    static Step<Void> echoLines(StreamReader r, StreamWriter w) {
        return await(r.readline(), line -> {
            if (line.length == 0) {
                w.close();
                return await(w.waitClosed(), v -> done(null));
            }
            w.write(line);
            return await(w.drain(), v -> echoLines(r, w));
        });
    }

    private Server echoServer(TlsOptions tls) {
        return run(() -> Streams.startServer((r, w) -> co(() -> echoLines(r, w)), "127.0.0.1", 0, tls));
    }

    @Test
    void echoOverStreams() {
        Server s = echoServer(server());
        ReaderAndWriter rw = run(() -> Streams.openConnection("localhost", port(s), client()));
        StreamWriter w = rw.writer();
        String line = run(() -> co(() -> {
            w.write("hello over TLS\n");
            return await(w.drain(), v -> await(rw.reader().readline(), l -> done(s(l))));
        }));
        assertEquals("hello over TLS\n", line);
        assertEquals("TLSv1.3", w.getExtraInfo("tls_version"));
        assertNotNull(w.getExtraInfo("cipher"));
        Certificate[] chain = (Certificate[]) w.getExtraInfo("peercert");
        assertEquals(chain[0], certificateOrFail());
        assertInstanceOf(javax.net.ssl.SSLEngine.class, w.getExtraInfo("ssl_object"));
        assertInstanceOf(InetSocketAddress.class, w.getExtraInfo("peername"), "the socket's information too");
        assertFalse(w.canWriteEof());
        assertThrows(UnsupportedOperationException.class, w::writeEof);
        byte[] rest = run(() -> co(() -> {
            w.close();
            return await(w.waitClosed(), v -> await(rw.reader().read(-1), d -> done(d)));
        }));
        assertEquals(0, rest.length);
        close(s);
    }

    private static Certificate certificateOrFail() {
        try {
            return TlsCerts.certificate();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWrongHostNameFailsTheHandshakeNamingTheHostAndTheReason() {
        Server s = echoServer(server());
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> run(() -> Streams.openConnection(
                "127.0.0.1", port(s), client().withServerHostname("wrong.example"))));
        assertTrue(e.getMessage().startsWith("TLS handshake with wrong.example (127.0.0.1:" + port(s) + ") failed: "
                + "the certificate was rejected: "), e.getMessage());
        assertTrue(e.getMessage().contains("No subject alternative DNS name matching wrong.example"), e.getMessage());
        assertInstanceOf(SSLHandshakeException.class, e.getCause(), "the JDK's exception is the cause");
        // turning the check off (asyncio's check_hostname=False) lets the same certificate through
        ReaderAndWriter rw = run(() -> Streams.openConnection("127.0.0.1", port(s),
                client().withServerHostname("wrong.example").withCheckHostname(false)));
        run(() -> {
            rw.writer().close();
            return rw.writer().waitClosed();
        });
        close(s);
    }

    @Test
    void verificationIsOnByDefault() {
        // TlsOptions.client(): the JDK's default trust store, which does not know the self-signed certificate
        Server s = echoServer(server());
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> run(() -> Streams.openConnection("localhost", port(s), TlsOptions.client())));
        assertTrue(e.getMessage().startsWith("TLS handshake with localhost (127.0.0.1:" + port(s) + ") failed: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
        close(s);
    }

    @Test
    void theIpAddressIsCheckedAgainstTheCertificatesIpNames() {
        Server s = echoServer(server());
        ReaderAndWriter rw = run(() -> Streams.openConnection("127.0.0.1", port(s), client()));
        run(() -> {
            rw.writer().close();
            return rw.writer().waitClosed();
        });
        close(s);
    }

    @Test
    void wrongOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> run(() -> Streams.openConnection("localhost", 1, server())));
        assertThrows(IllegalArgumentException.class,
                () -> run(() -> Streams.startServer((r, w) -> null, "127.0.0.1", 0, client())));
        assertThrows(IllegalStateException.class, () -> server().withServerHostname("x"));
        assertThrows(IllegalArgumentException.class, () -> client().withHandshakeTimeout(0));
    }

    @Test
    void alpnNegotiation() {
        Server s = run(() -> Streams.startServer((r, w) -> co(() -> {
            w.write(String.valueOf(w.getExtraInfo("alpn_protocol")) + "\n");
            return await(w.drain(), v -> echoLines(r, w));
        }), "127.0.0.1", 0, server().withAlpn("h2", "http/1.1")));
        ReaderAndWriter rw = run(() -> Streams.openConnection("localhost", port(s), client().withAlpn("http/1.1", "x")));
        String serverSaw = run(() -> co(() -> await(rw.reader().readline(), l -> done(s(l)))));
        assertEquals("http/1.1\n", serverSaw);
        assertEquals("http/1.1", rw.writer().getExtraInfo("alpn_protocol"));
        run(() -> {
            rw.writer().close();
            return rw.writer().waitClosed();
        });
        // no ALPN offered: none chosen
        ReaderAndWriter plain = run(() -> Streams.openConnection("localhost", port(s), client()));
        assertNull(plain.writer().getExtraInfo("alpn_protocol"));
        assertEquals("null\n", run(() -> co(() -> await(plain.reader().readline(), l -> done(s(l))))));
        run(() -> {
            plain.writer().close();
            return plain.writer().waitClosed();
        });
        close(s);
    }

    @Test
    void alpnWithNoProtocolInCommonFailsTheHandshake() {
        Server s = echoServer(server().withAlpn("h2"));
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> run(() -> Streams.openConnection("localhost", port(s), client().withAlpn("imap"))));
        assertTrue(e.getMessage().startsWith("TLS handshake with localhost"), e.getMessage());
        close(s);
    }

    @Test
    void startTlsOnAnOpenConnection() {
        // a STARTTLS exchange in clear, then the same streams over TLS, both sides
        Server s = run(() -> Streams.startServer((r, w) -> co(() -> await(r.readline(), l -> {
            assertEquals("STARTTLS\n", s(l));
            w.write("GO\n");
            return await(w.startTls(server()), v -> echoLines(r, w));
        })), "127.0.0.1", 0));
        ReaderAndWriter rw = run(() -> Streams.openConnection("127.0.0.1", port(s)));
        StreamWriter w = rw.writer();
        assertNull(w.getExtraInfo("ssl_object"));
        String echoed = run(() -> co(() -> {
            w.write("STARTTLS\n");
            return await(rw.reader().readline(), go -> {
                assertEquals("GO\n", s(go));
                return await(w.startTls(client().withServerHostname("localhost")), v -> {
                    w.write("secret\n");
                    return await(rw.reader().readline(), l -> done(s(l)));
                });
            });
        }));
        assertEquals("secret\n", echoed);
        assertEquals("TLSv1.3", w.getExtraInfo("tls_version"));
        assertThrows(IllegalStateException.class, () -> run(() -> w.startTls(client())));
        run(() -> {
            w.close();
            return w.waitClosed();
        });
        close(s);
    }

    @Test
    void startTlsWithAWrongNameFails() {
        Server s = run(() -> Streams.startServer((r, w) -> co(() -> await(w.startTls(server()), v -> echoLines(r, w),
                e -> done(null))), "127.0.0.1", 0));
        ReaderAndWriter rw = run(() -> Streams.openConnection("127.0.0.1", port(s)));
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> run(() -> rw.writer().startTls(client().withServerHostname("other.example"))));
        assertTrue(e.getMessage().contains("other.example"), e.getMessage());
        close(s);
    }

    // ------------------------------------------------------------------ close-notify, seen by the JDK's SSLSocket

    /** One connection to a JDK SSLSocket server: what it read, and how its reading ended. */
    private record Peer(int port, CompletableFuture<String> outcome, ServerSocket socket) {
    }

    private static Peer sslSocketServer() throws Exception {
        SSLServerSocket ss = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getLoopbackAddress());
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (SSLSocket c = (SSLSocket) ss.accept()) {
                InputStream in = c.getInputStream();
                StringBuilder got = new StringBuilder();
                int ch;
                try {
                    while ((ch = in.read()) >= 0) {
                        got.append((char) ch);
                    }
                    outcome.complete(got + "|close-notify");
                } catch (java.io.IOException e) {
                    outcome.complete(got + "|" + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "sslsocket-peer");
        t.setDaemon(true);
        t.start();
        return new Peer(ss.getLocalPort(), outcome, ss);
    }

    @Test
    void closeSendsCloseNotify() throws Exception {
        Peer peer = sslSocketServer();
        ReaderAndWriter rw = run(() -> Streams.openConnection("localhost", peer.port(), client()));
        run(() -> {
            rw.writer().write("bye");
            rw.writer().close();
            return rw.writer().waitClosed(); // the peer answers with its own close-notify when it closes
        });
        assertEquals("bye|close-notify", peer.outcome().get(20, TimeUnit.SECONDS));
        peer.socket().close();
    }

    @Test
    void abortSendsNoCloseNotify() throws Exception {
        // the control of the test above: without close-notify the JDK's socket says so
        Peer peer = sslSocketServer();
        ReaderAndWriter rw = run(() -> Streams.openConnection("localhost", peer.port(), client()));
        run(() -> co(() -> {
            rw.writer().write("bye");
            return await(rw.writer().drain(), v -> {
                rw.writer().transport().abort();
                return await(rw.writer().waitClosed(), x -> done(null), e -> done(null));
            });
        }));
        String outcome = peer.outcome().get(20, TimeUnit.SECONDS);
        assertTrue(outcome.startsWith("bye|") && !outcome.endsWith("|close-notify"), outcome);
        peer.socket().close();
    }

    @Test
    void thePeersCloseNotifyIsAnEof() throws Exception {
        // a JDK SSLSocket client writes a line and closes: our reader sees the line, then EOF
        AsyncFuture<String>[] got = new AsyncFuture[1];
        Server s = run(() -> {
            got[0] = loop.createFuture();
            return Streams.startServer((r, w) -> co(() -> await(r.read(-1), all -> {
                got[0].setResult(s(all));
                w.close();
                return await(w.waitClosed(), v -> done(null));
            })), "127.0.0.1", 0, server());
        });
        Thread t = new Thread(() -> {
            try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket("localhost", port(s))) {
                c.getOutputStream().write(b("line one\nline two\n"));
                c.getOutputStream().flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        assertEquals("line one\nline two\n", run(() -> got[0]));
        t.join(10_000);
        close(s);
    }

    // ------------------------------------------------------------------ flow control and a large transfer

    /** Echoes through TLS, pausing its reading while its own writing is paused. */
    static final class EchoProtocol implements Protocol {
        Transport t;
        long maxBuffered;

        @Override
        public void connectionMade(Transport transport) {
            t = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            t.write(data);
            maxBuffered = Math.max(maxBuffered, t.getWriteBufferSize());
        }

        @Override
        public void pauseWriting() {
            t.pauseReading();
        }

        @Override
        public void resumeWriting() {
            t.resumeReading();
        }
    }

    /** Sends {@code total} bytes while not paused, and checks what comes back. */
    static final class Sender implements Protocol {
        final long total;
        final AsyncFuture<Long> done;
        final CRC32 sent = new CRC32();
        final CRC32 received = new CRC32();
        long written;
        long read;
        int pauses;
        boolean paused;
        long maxBuffered;
        Transport t;
        final byte[] chunk = new byte[64 * 1024];

        Sender(long total, AsyncFuture<Long> done) {
            this.total = total;
            this.done = done;
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + 7);
            }
        }

        @Override
        public void connectionMade(Transport transport) {
            t = transport;
            pump();
        }

        void pump() {
            while (!paused && written < total) {
                int n = (int) Math.min(chunk.length, total - written);
                chunk[0] = (byte) written; // not all chunks alike
                sent.update(chunk, 0, n);
                t.write(chunk, 0, n);
                written += n;
                maxBuffered = Math.max(maxBuffered, t.getWriteBufferSize());
            }
        }

        @Override
        public void pauseWriting() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeWriting() {
            paused = false;
            pump();
        }

        @Override
        public void dataReceived(byte[] data) {
            received.update(data);
            read += data.length;
            if (read == total) {
                t.close();
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            if (exc != null) {
                done.setException(exc);
            } else {
                done.setResult(read);
            }
        }
    }

    @Test
    void aLargeTransferWithBoundedBuffers() {
        long total = 32L << 20;
        List<EchoProtocol> echoes = new ArrayList<>();
        Server s = run(() -> Net.createServer(() -> {
            EchoProtocol e = new EchoProtocol();
            echoes.add(e);
            return e;
        }, "127.0.0.1", 0, Net.DEFAULT_BACKLOG, true, server()));
        Sender[] sender = new Sender[1];
        long read = run(() -> co(() -> {
            AsyncFuture<Long> done = loop.createFuture();
            return await(Net.createConnection(() -> sender[0] = new Sender(total, done), "localhost", port(s),
                    client()), tp -> await(done, n -> done(n)));
        }));
        assertEquals(total, read);
        assertEquals(sender[0].sent.getValue(), sender[0].received.getValue(), "the echo is what was sent");
        assertTrue(sender[0].pauses > 0, "the sender was paused: backpressure reaches the protocol through TLS");
        // the write buffers stay near the high-water mark (64 KiB) plus one write's ciphertext
        assertTrue(sender[0].maxBuffered < 512 * 1024, "sender buffered " + sender[0].maxBuffered);
        assertTrue(echoes.get(0).maxBuffered < 1024 * 1024, "echo buffered " + echoes.get(0).maxBuffered);
        close(s);
    }

    // ------------------------------------------------------------------ bad peers

    @Test
    void aHandshakeTimeoutAgainstAPeerThatSendsNothing() throws Exception {
        // a listening socket that never answers: the kernel completes the TCP connection, nobody speaks TLS.
        // On the virtual clock, so the timeout costs no time.
        loop.close();
        loop = EventLoop.virtual();
        loop.setExceptionHandler(errors);
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            double before = loop.time();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> run(() ->
                    Streams.openConnection("localhost", silent.getLocalPort(), client().withHandshakeTimeout(5))));
            assertEquals("TLS handshake with localhost (127.0.0.1:" + silent.getLocalPort()
                    + ") is taking longer than 5.0 seconds: aborting the connection", e.getMessage());
            assertEquals(5.0, loop.time() - before, 0.5);
        }
    }

    @Test
    void aClientThatSendsGarbageIsClosedAndTheServerGoesOn() throws Exception {
        AtomicInteger connected = new AtomicInteger();
        Server s = run(() -> Net.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(Transport transport) {
                connected.incrementAndGet();
            }
        }, "127.0.0.1", 0, Net.DEFAULT_BACKLOG, true, server()));
        CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port(s))) {
                c.setSoTimeout(20_000);
                OutputStream out = c.getOutputStream();
                out.write(b("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
                out.flush();
                InputStream in = c.getInputStream();
                byte[] reply = in.readAllBytes(); // until the server closes
                return reply.length == 0 ? "closed" : "alert " + (reply[0] & 0xff) + " then closed";
            } catch (java.net.SocketException reset) {
                return "reset";
            } catch (java.io.IOException e) {
                return "error " + e;
            }
        });
        // the loop runs while the client waits for the server to close it
        String outcome = run(() -> AsyncFuture.fromStage(seen, loop));
        assertTrue(outcome.equals("closed") || outcome.equals("reset") || outcome.equals("alert 21 then closed"),
                outcome); // 21: a TLS alert record
        assertEquals(0, connected.get(), "the protocol never saw a connection that failed its handshake");
        // and a real client is served
        TransportAndProtocol<Protocol> tp = run(() -> Net.createConnection(() -> new Protocol() {
        }, "localhost", port(s), client()));
        assertEquals(1, connected.get());
        run(() -> {
            tp.transport().close();
            return loop.createFuture().isDone() ? null : sleepBriefly();
        });
        close(s);
    }

    private AsyncFuture<Object> sleepBriefly() {
        AsyncFuture<Object> f = loop.createFuture();
        loop.callLater(0.05, () -> f.setResult(null));
        return f;
    }
}
