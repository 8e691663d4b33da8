package dev.corio.net;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.CancelledError;
import dev.corio.Co.Step;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.TimeoutError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams over loopback: {@code open_connection} / {@code start_server} with readers and writers, drain's
 * backpressure, bad peers, cancellation and the server's life cycle (CPython's test_streams.py and
 * test_server.py cases that pin behaviour, ported).
 */
@Timeout(60)
class StreamsTest {
    @RegisterExtension
    final NetFixture net = new NetFixture();

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The server side of the echo: one line back per line, until EOF. */
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

    @Test
    void echoWithStreams() {
        Server s = net.streamServer((r, w) -> co(() -> echoLines(r, w)));
        ReaderAndWriter rw = net.openConnection(s);
        List<String> got = net.run(() -> co(() -> {
            List<String> lines = new ArrayList<>();
            rw.writer().write(b("one\n"));
            rw.writer().writelines(List.of(b("tw"), b("o\nthree\n")));
            return await(rw.writer().drain(), v -> await(rw.reader().readline(), l1 -> {
                lines.add(s(l1));
                return await(rw.reader().readline(), l2 -> {
                    lines.add(s(l2));
                    return await(rw.reader().readuntil(b("e\n")), l3 -> {
                        lines.add(s(l3));
                        rw.writer().writeEof();
                        return await(rw.reader().read(), rest -> {
                            lines.add("rest=" + s(rest));
                            return done(lines);
                        });
                    });
                });
            }));
        }));
        assertEquals(List.of("one\n", "two\n", "three\n", "rest="), got);
        assertTrue(rw.reader().atEof());
        net.closeWriter(rw.writer());
        net.close(s);
        assertTrue(net.errors.contexts.isEmpty(), net.errors.contexts.toString());
    }

    @Test
    void writerKnowsBothAddresses() {
        List<InetSocketAddress> serverSide = new ArrayList<>();
        Server s = net.streamServer((r, w) -> {
            serverSide.add(w.peername());
            serverSide.add(w.sockname());
            w.close();
            return null;
        });
        ReaderAndWriter rw = net.openConnection(s);
        net.run(() -> rw.reader().read());
        assertEquals(NetFixture.port(s), rw.writer().peername().getPort());
        assertEquals(rw.writer().sockname(), serverSide.get(0));
        assertEquals(rw.writer().peername(), serverSide.get(1));
        assertInstanceOf(SocketChannel.class, rw.writer().getExtraInfo("socket"));
        net.closeWriter(rw.writer());
        net.close(s);
    }

    @Test
    void openConnectionToAClosedPort() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        ConnectException e = assertThrows(ConnectException.class, () -> net.run(() -> Streams.openConnection("127.0.0.1",
                port)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    /** Sends {@code total} bytes in {@code chunk}-sized writes, draining after each, recording the buffer's peak. */
    static Step<Void> sendAll(StreamWriter w, byte[] chunk, long[] sent, long total, long[] peak) {
        if (sent[0] >= total) {
            return done(null);
        }
        int n = (int) Math.min(chunk.length, total - sent[0]);
        w.transport().write(chunk, 0, n);
        sent[0] += n;
        peak[0] = Math.max(peak[0], w.transport().getWriteBufferSize());
        return await(w.drain(), v -> sendAll(w, chunk, sent, total, peak));
    }

    static Step<Void> receiveAll(StreamReader r, CRC32 crc, long[] received, long total, long[] peak) {
        if (received[0] >= total) {
            return done(null);
        }
        return await(r.read(64 * 1024), data -> {
            if (data.length == 0) {
                throw new IOException("EOF after " + received[0] + " bytes");
            }
            crc.update(data);
            received[0] += data.length;
            peak[0] = Math.max(peak[0], r.buffered());
            return receiveAll(r, crc, received, total, peak);
        });
    }

    /** The server side of the byte echo: what arrives goes back, with drain, until EOF. */
    static Step<Void> echoBytes(StreamReader r, StreamWriter w, long[] peakBuffer, long[] peakReader) {
        return await(r.read(64 * 1024), data -> {
            peakReader[0] = Math.max(peakReader[0], r.buffered());
            if (data.length == 0) {
                w.close();
                return done(null);
            }
            w.write(data);
            peakBuffer[0] = Math.max(peakBuffer[0], w.transport().getWriteBufferSize());
            return await(w.drain(), v -> echoBytes(r, w, peakBuffer, peakReader));
        });
    }

    @Test
    void sixtyFourMebibytesThroughOneConnectionWithBoundedMemory() {
        long total = 64L << 20;
        long[] serverBufferPeak = new long[1];
        long[] serverReaderPeak = new long[1];
        Server s = net.streamServer((r, w) -> co(() -> echoBytes(r, w, serverBufferPeak, serverReaderPeak)));
        ReaderAndWriter rw = net.openConnection(s);
        byte[] chunk = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(chunk);
        CRC32 expected = new CRC32();
        for (long i = 0; i < total / chunk.length; i++) {
            expected.update(chunk);
        }
        CRC32 got = new CRC32();
        long[] sent = new long[1];
        long[] received = new long[1];
        long[] clientBufferPeak = new long[1];
        long[] clientReaderPeak = new long[1];
        net.run(() -> Corio.gather(co(() -> sendAll(rw.writer(), chunk, sent, total, clientBufferPeak)),
                co(() -> receiveAll(rw.reader(), got, received, total, clientReaderPeak))));
        assertEquals(total, received[0]);
        assertEquals(expected.getValue(), got.getValue(), "the bytes came back in order");
        long high = 64 * 1024;
        long limit = StreamReader.DEFAULT_LIMIT;
        // a drain lets a writer go at most one write above the high-water mark
        assertTrue(clientBufferPeak[0] <= high + chunk.length, "client write buffer peak " + clientBufferPeak[0]);
        assertTrue(serverBufferPeak[0] <= high + chunk.length, "server write buffer peak " + serverBufferPeak[0]);
        // a reader pauses its transport above twice its limit; one read of the socket may come on top
        assertTrue(clientReaderPeak[0] <= 2 * limit + LoopSelector.READ_SIZE, "client reader peak " + clientReaderPeak[0]);
        assertTrue(serverReaderPeak[0] <= 2 * limit + LoopSelector.READ_SIZE, "server reader peak " + serverReaderPeak[0]);
        rw.writer().writeEof();
        net.run(() -> rw.reader().read());
        net.closeWriter(rw.writer());
        net.close(s);
    }

    @Test
    void drainSuspendsWhileThePeerDoesNotReadAndACancelledDrainLeavesTheConnectionUsable() {
        List<StreamReader> serverReaders = new ArrayList<>();
        AsyncFuture<Void> release = net.loop().createFuture();
        Server s = net.streamServer((r, w) -> {
            serverReaders.add(r);
            return co(() -> await(release, v -> await(r.read(), all -> {
                w.write(b("got " + all.length));
                w.close();
                return done(null);
            })));
        });
        ReaderAndWriter rw = net.openConnection(s);
        StreamWriter w = rw.writer();
        byte[] chunk = new byte[64 * 1024];
        long[] written = new long[1];
        // write until a drain does not complete within 10 ms: the peer's buffers and ours are full
        AsyncFuture<Void> blocked = net.run(() -> co(() -> fillUntilDrainBlocks(w, chunk, written)));
        assertFalse(blocked.isDone());
        long buffered = w.transport().getWriteBufferSize();
        assertTrue(buffered > 64 * 1024 && buffered <= 64 * 1024 + chunk.length, "buffered " + buffered);
        assertTrue(serverReaders.get(0).buffered() <= 2 * StreamReader.DEFAULT_LIMIT + LoopSelector.READ_SIZE,
                "the server's reader paused its transport: " + serverReaders.get(0).buffered());
        net.run(() -> co(() -> {
            blocked.cancel();
            return await(Corio.sleep(0), v -> done(null));
        }));
        assertTrue(blocked.isCancelled());
        assertFalse(w.isClosing(), "a cancelled drain leaves the connection open");
        // the peer reads everything: a new drain completes, and the reply arrives
        release.setResult(null);
        w.writeEof();
        String reply = s(net.run(() -> co(() -> await(w.drain(), v -> await(rw.reader().read(), d -> done(d))))));
        assertEquals("got " + written[0], reply);
        net.closeWriter(w);
        net.close(s);
    }

    static Step<AsyncFuture<Void>> fillUntilDrainBlocks(StreamWriter w, byte[] chunk, long[] written) {
        w.write(chunk);
        written[0] += chunk.length;
        AsyncFuture<Void> d = w.drain();
        return await(Corio.sleep(0.01), v -> d.isDone() ? fillUntilDrainBlocks(w, chunk, written) : done(d));
    }

    @Test
    void aResetMidStreamFailsTheReadAndTheDrain() throws Exception {
        Server s = net.streamServer((r, w) -> co(() -> await(r.readexactly(5), got -> {
            ((SocketChannel) w.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
            w.transport().abort(); // linger 0: a reset
            return done(null);
        })));
        ReaderAndWriter rw = net.openConnection(s);
        rw.writer().write(b("hello"));
        IOException e = assertThrows(IOException.class, () -> net.run(() -> rw.reader().read()));
        assertFalse(e instanceof java.io.EOFException);
        IOException again = assertThrows(IOException.class, () -> net.run(() -> rw.reader().readline()));
        assertEquals(e, again, "the reader keeps the connection's error");
        assertEquals(e, assertThrows(IOException.class, () -> net.run(() -> rw.writer().drain())));
        assertEquals(e, assertThrows(IOException.class, () -> net.run(() -> rw.writer().waitClosed())));
        net.close(s);
        assertTrue(net.errors.contexts.isEmpty(), net.errors.contexts.toString());
    }

    @Test
    void drainAfterCloseSaysConnectionLost() {
        Server s = net.streamServer((r, w) -> null);
        ReaderAndWriter rw = net.openConnection(s);
        rw.writer().close();
        assertTrue(rw.writer().isClosing());
        SocketException e = assertThrows(SocketException.class, () -> net.run(() -> rw.writer().drain()));
        assertEquals("Connection lost", e.getMessage());
        net.run(() -> rw.writer().waitClosed());
        s.abortClients();
        net.close(s);
    }

    @Test
    void aLineLongerThanTheLimit() {
        List<Object> seen = new ArrayList<>();
        Server s = net.run(() -> Streams.startServer((r, w) -> co(() -> await(r.readline(), line -> done(line), e -> {
            seen.add(e);
            w.write(b("too long\n"));
            return await(r.readline(), next -> {
                seen.add(s(next));
                w.close();
                return done(null);
            });
        })), "127.0.0.1", 0, 1024));
        ReaderAndWriter rw = net.openConnection(s);
        byte[] longLine = new byte[5000];
        java.util.Arrays.fill(longLine, (byte) 'x');
        rw.writer().write(longLine);
        rw.writer().write(b("\nshort\n"));
        assertEquals("too long\n", s(net.run(() -> rw.reader().readline())));
        net.run(() -> rw.reader().read());
        assertInstanceOf(LimitOverrunError.class, seen.get(0));
        assertEquals("short\n", seen.get(1), "the long line was discarded, the next one read");
        net.closeWriter(rw.writer());
        net.close(s);
    }

    @Test
    void aClientThatSendsNothingTimesOutWhileOthersAreServed() {
        List<String> outcomes = new ArrayList<>();
        Server s = net.streamServer((r, w) -> co(() -> await(Corio.waitFor(r.readline(), 0.3), line -> {
            w.write(line);
            w.close();
            outcomes.add("served");
            return done(null);
        }, e -> {
            outcomes.add(e instanceof TimeoutError ? "timed out" : e.toString());
            w.close();
            return done(null);
        })));
        ReaderAndWriter silent = net.openConnection(s);
        ReaderAndWriter talker = net.openConnection(s);
        talker.writer().write(b("hi\n"));
        assertEquals("hi\n", s(net.run(() -> talker.reader().readline())));
        assertEquals(List.of("served"), outcomes, "served while the silent client waits");
        net.run(() -> silent.reader().read());
        assertEquals(List.of("served", "timed out"), outcomes);
        net.closeWriter(silent.writer());
        net.closeWriter(talker.writer());
        net.close(s);
    }

    @Test
    void aFailingClientCallbackIsReportedAndItsConnectionClosed() {
        Server s = net.streamServer((r, w) -> co(() -> await(r.readline(), line -> {
            throw new IllegalStateException("handler bug");
        })));
        ReaderAndWriter rw = net.openConnection(s);
        rw.writer().write(b("x\n"));
        assertArrayEquals(new byte[0], net.run(() -> rw.reader().read()), "the server closed the connection");
        assertEquals(1, net.errors.contexts.size());
        assertEquals("Unhandled exception in client_connected_cb", net.errors.contexts.get(0).message());
        assertEquals("handler bug", net.errors.contexts.get(0).exception().getMessage());
        net.closeWriter(rw.writer());
        net.close(s);
    }

    @Test
    void aThousandConcurrentConnections() {
        int n = 1000;
        // all thousand connect in one tick, before the server (on the same loop) accepts any: with asyncio's
        // backlog of 100 most would wait for the kernel's SYN retry (1 s and more)
        Server s = net.run(() -> Streams.startServer((r, w) -> co(() -> echoLines(r, w)), "127.0.0.1", 0,
                StreamReader.DEFAULT_LIMIT, n));
        List<Awaitable<String>> clients = new ArrayList<>();
        String result = net.run(() -> co(() -> {
            for (int i = 0; i < n; i++) {
                int id = i;
                clients.add(co(() -> await(Streams.openConnection("127.0.0.1", NetFixture.port(s)), rw -> {
                    rw.writer().write(b("client " + id + "\n"));
                    return await(rw.reader().readline(), line -> {
                        rw.writer().close();
                        return await(rw.writer().waitClosed(), v -> done(s(line)));
                    });
                })));
            }
            return await(Corio.gather(clients), lines -> {
                for (int i = 0; i < n; i++) {
                    assertEquals("client " + i + "\n", lines.get(i));
                }
                return done("ok");
            });
        }));
        assertEquals("ok", result);
        net.close(s);
    }

    @Test
    void waitClosedWaitsForTheConnections() {
        Server s = net.streamServer((r, w) -> null);
        ReaderAndWriter rw = net.openConnection(s);
        AsyncFuture<Void> closed = net.run(() -> co(() -> {
            AsyncFuture<Void> f = s.waitClosed();
            return await(Corio.sleep(0.01), v -> done(f));
        }));
        assertFalse(closed.isDone(), "3.12.1: waitClosed waits while the server is open");
        net.run(() -> co(() -> {
            s.close();
            return await(Corio.sleep(0.01), v -> done(null));
        }));
        assertFalse(s.isServing());
        assertTrue(s.sockets().isEmpty());
        assertFalse(closed.isDone(), "a connection is still open");
        s.closeClients();
        net.run(() -> closed);
        assertArrayEquals(new byte[0], net.run(() -> rw.reader().read()));
        net.closeWriter(rw.writer());
        net.run(() -> s.waitClosed()); // closed and empty: at once
    }

    @Test
    void serveForeverIsCancelledAndClosesTheServer() {
        Server s = net.run(() -> Net.createServer(() -> new Protocol() { }, "127.0.0.1", 0, 100, false));
        assertFalse(s.isServing());
        Task<?>[] t = new Task<?>[1];
        net.run(() -> co(() -> {
            t[0] = net.loop().createTask(s.serveForever());
            return await(Corio.sleep(0.01), v -> done(null));
        }));
        assertTrue(s.isServing());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> net.run(() -> s.serveForever()));
        assertTrue(twice.getMessage().endsWith("is already being awaited on serveForever()"), twice.getMessage());
        net.run(() -> co(() -> {
            t[0].cancel();
            return await(Corio.sleep(0.01), v -> done(null));
        }));
        assertTrue(t[0].isCancelled());
        assertFalse(s.isServing());
        assertTrue(s.sockets().isEmpty());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> net.run(() -> s.serveForever()));
        assertTrue(closed.getMessage().endsWith("is closed"), closed.getMessage());
    }

    @Test
    void serverAsAnAsyncContextManager() {
        Server s = net.streamServer((r, w) -> co(() -> echoLines(r, w)));
        String line = net.run(() -> Corio.asyncWith(s, server -> co(() -> await(Streams.openConnection("127.0.0.1",
                NetFixture.port(server)), rw -> {
                    rw.writer().write(b("inside\n"));
                    return await(rw.reader().readline(), l -> {
                        rw.writer().close();
                        return done(s(l));
                    });
                }))));
        assertEquals("inside\n", line);
        assertFalse(s.isServing(), "leaving the block closed the server");
        assertTrue(net.run(() -> s.waitClosed()) == null);
    }

    @Test
    void writerAsAnAsyncContextManagerClosesTheConnection() {
        Server s = net.streamServer((r, w) -> co(() -> echoLines(r, w)));
        ReaderAndWriter rw = net.openConnection(s);
        net.run(() -> Corio.asyncWith(rw.writer(), w -> {
            w.write(b("x\n"));
            return rw.reader().readline();
        }));
        assertTrue(rw.writer().isClosing());
        assertNull(net.run(() -> rw.writer().waitClosed()));
        net.close(s);
    }

    @Test
    void aTaskCancelledInAReadGetsCancelledErrorAndTheConnectionStaysUsable() {
        Server s = net.streamServer((r, w) -> co(() -> echoLines(r, w)));
        ReaderAndWriter rw = net.openConnection(s);
        Task<?>[] t = new Task<?>[1];
        net.run(() -> co(() -> {
            t[0] = net.loop().createTask(co(() -> await(rw.reader().readline(), l -> done(l))));
            return await(Corio.sleep(0.01), v -> {
                t[0].cancel();
                return await(Corio.sleep(0), w -> done(null));
            });
        }));
        assertThrows(CancelledError.class, () -> t[0].result());
        rw.writer().write(b("still works\n"));
        assertEquals("still works\n", s(net.run(() -> rw.reader().readline())));
        net.closeWriter(rw.writer());
        net.close(s);
    }

    @Test
    void theVirtualClockDoesNotJumpPastBytesInFlight() {
        net.replaceLoop(EventLoop.virtual());
        Server s = net.streamServer((r, w) -> co(() -> echoLines(r, w)));
        ReaderAndWriter rw = net.openConnection(s);
        String line = net.run(() -> co(() -> {
            rw.writer().write(b("ping\n"));
            return await(Corio.waitFor(rw.reader().readline(), 10), l -> done(s(l)));
        }));
        assertEquals("ping\n", line);
        assertEquals(0.0, net.loop().time(), "the echo came back without the clock moving");
        net.run(() -> Corio.sleep(5)); // and with nothing in flight, time jumps
        assertEquals(5.0, net.loop().time(), 1e-9);
        net.closeWriter(rw.writer());
        net.close(s);
    }
}
