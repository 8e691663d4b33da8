package dev.corio.net;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code StreamReader} on its own, fed by hand: CPython's test_streams.py reader cases, ported. */
@Timeout(30)
class StreamReaderTest {
    private static final byte[] DATA = b("line1\nline2\nline3\n");
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private StreamReader reader() {
        return new StreamReader(StreamReader.DEFAULT_LIMIT, loop);
    }

    private StreamReader reader(int limit) {
        return new StreamReader(limit, loop);
    }

    /** Runs {@code body} on the loop, in a callback. */
    private void onLoop(Runnable body) {
        AsyncFuture<Void> f = loop.createFuture();
        loop.callSoon(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                f.setException(e);
                return;
            }
            f.setResult(null);
        });
        loop.runUntilComplete(f);
    }

    private <T> T await1(AsyncFuture<T> f) {
        return loop.runUntilComplete(f);
    }

    /** Feeds {@code data} in the next tick, as the transport would. */
    private void feedSoon(StreamReader r, byte[] data) {
        loop.callSoon(() -> r.feedData(data));
    }

    @Test
    void feedEmptyData() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(new byte[0]));
        assertEquals(0, r.buffered());
    }

    @Test
    void feedNonemptyData() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(DATA));
        assertEquals(DATA.length, r.buffered());
    }

    @Test
    void readZero() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(DATA));
        assertArrayEquals(new byte[0], await1(r.read(0)));
        assertEquals(DATA.length, r.buffered());
    }

    @Test
    void readWaitsForData() {
        StreamReader r = reader();
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.read(30));
        assertFalse(f[0].isDone());
        feedSoon(r, DATA);
        assertArrayEquals(DATA, await1(f[0]));
        assertEquals(0, r.buffered());
    }

    @Test
    void readLineBreaks() {
        StreamReader r = reader();
        onLoop(() -> {
            r.feedData(b("line1"));
            r.feedData(b("line2"));
        });
        assertEquals("line1", s(await1(r.read(5))));
        assertEquals("line2", s(await1(r.read(5))));
    }

    @Test
    void readEof() {
        StreamReader r = reader();
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.read(1024));
        loop.callSoon(r::feedEof);
        assertArrayEquals(new byte[0], await1(f[0]));
        assertTrue(r.atEof());
    }

    @Test
    void readUntilEof() {
        StreamReader r = reader();
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.read(-1));
        loop.callSoon(() -> {
            r.feedData(b("chunk1\n"));
            r.feedData(b("chunk2"));
            r.feedEof();
        });
        assertEquals("chunk1\nchunk2", s(await1(f[0])));
        assertTrue(r.atEof());
    }

    @Test
    void readException() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(b("line\n")));
        assertEquals("li", s(await1(r.read(2))));
        IOException e = new IOException("boom");
        onLoop(() -> r.setException(e));
        assertSame(e, assertThrows(IOException.class, () -> await1(r.read(2))));
    }

    @Test
    void invalidLimit() {
        assertThrows(IllegalArgumentException.class, () -> reader(0));
        assertThrows(IllegalArgumentException.class, () -> reader(-1));
    }

    @Test
    void readLimit() {
        StreamReader r = reader(3);
        onLoop(() -> r.feedData(b("chunk")));
        assertEquals("chunk", s(await1(r.read(5))), "read(n) is not bounded by the limit");
    }

    @Test
    void readline() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(b("chunk1 ")));
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.readline());
        loop.callSoon(() -> {
            r.feedData(b("chunk2 "));
            r.feedData(b("chunk3 "));
            r.feedData(b("\n chunk4"));
        });
        assertEquals("chunk1 chunk2 chunk3 \n", s(await1(f[0])));
        assertEquals(" chunk4", s(await1(r.read(7))));
    }

    @Test
    void readlineLimitWithExistingData() {
        // as test_readline_limit_with_existing_data: a line longer than the limit is discarded up to its separator
        StreamReader r = reader(3);
        onLoop(() -> {
            r.feedData(b("li"));
            r.feedData(b("ne1\nline2\n"));
        });
        assertThrows(LimitOverrunError.class, () -> await1(r.readline()));
        assertEquals("line2\n", s(await1(r.read(100))), "the first line was discarded, the second kept");

        StreamReader r2 = reader(3);
        onLoop(() -> {
            r2.feedData(b("li"));
            r2.feedData(b("ne1"));
            r2.feedData(b("li"));
        });
        assertThrows(LimitOverrunError.class, () -> await1(r2.readline()));
        assertEquals(0, r2.buffered(), "without a separator in sight, the whole buffer is discarded");
    }

    @Test
    void readlineLimit() {
        StreamReader r = reader(7);
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.readline());
        loop.callSoon(() -> {
            r.feedData(b("chunk1"));
            r.feedData(b("chunk2"));
            r.feedData(b("chunk3\n"));
            r.feedEof();
        });
        LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> await1(f[0]));
        assertEquals("Separator is not found, and chunk exceed the limit", e.getMessage());
        assertArrayEquals(b("chunk3\n"), await1(r.read(-1)), "the overrun part was dropped, the rest kept");

        StreamReader r2 = reader(7);
        onLoop(() -> {
            r2.feedData(b("1234567\n"));
        });
        assertEquals("1234567\n", s(await1(r2.readline())), "exactly the limit, separator after it: fine");
        onLoop(() -> r2.feedData(b("12345678\n")));
        LimitOverrunError e2 = assertThrows(LimitOverrunError.class, () -> await1(r2.readline()));
        assertEquals("Separator is found, but chunk is longer than limit", e2.getMessage());
        assertEquals(0, r2.buffered());
    }

    @Test
    void readlineNolimitNowait() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(DATA));
        assertEquals("line1\n", s(await1(r.readline())));
        assertEquals("line2\nline3\n", s(await1(r.read(100))));
    }

    @Test
    void readlineEof() {
        StreamReader r = reader();
        onLoop(() -> {
            r.feedData(b("some data"));
            r.feedEof();
        });
        assertEquals("some data", s(await1(r.readline())));
        assertArrayEquals(new byte[0], await1(r.readline()), "empty at EOF");
    }

    @Test
    void readlineReadByteCount() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(DATA));
        await1(r.readline());
        assertEquals("line2\nl", s(await1(r.read(7))));
        assertEquals(DATA.length - 6 - 7, r.buffered());
    }

    @Test
    void readlineException() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(b("line\n")));
        assertEquals("line\n", s(await1(r.readline())));
        onLoop(() -> r.setException(new IllegalStateException("x")));
        assertThrows(IllegalStateException.class, () -> await1(r.readline()));
        assertEquals(0, r.buffered());
    }

    @Test
    void readuntilSeparator() {
        StreamReader r = reader();
        assertThrows(IllegalArgumentException.class, () -> onLoop(() -> r.readuntil(new byte[0])));
    }

    @Test
    void readuntilMultiChunks() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(b("lineAAA")));
        assertEquals("lineAAA", s(await1(r.readuntil(b("AAA")))));
        assertEquals(0, r.buffered());
        onLoop(() -> r.feedData(b("lineAAAxxx")));
        assertEquals("lineAAA", s(await1(r.readuntil(b("AAA")))));
        assertEquals("xxx", s(await1(r.read(3))));
    }

    @Test
    void readuntilMultiChunks1() {
        StreamReader r = reader();
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> {
            r.feedData(b("QWEaa"));
            r.feedData(b("XYaa"));
            r.feedData(b("a"));
            f[0] = r.readuntil(b("aaa"));
        });
        assertEquals("QWEaaXYaaa", s(await1(f[0])));
        onLoop(() -> {
            r.feedData(b("XYa"));
            r.feedData(b("aa"));
            f[0] = r.readuntil(b("aaa"));
        });
        assertEquals("XYaaa", s(await1(f[0])));
        onLoop(() -> f[0] = r.readuntil(b("aaa")));
        loop.callSoon(() -> {
            r.feedData(b("Xaaa"));
        });
        assertEquals("Xaaa", s(await1(f[0])), "a waiting readuntil completes when the separator arrives");
    }

    @Test
    void readuntilEof() {
        StreamReader r = reader();
        onLoop(() -> {
            r.feedData(b("some dataAA"));
            r.feedEof();
        });
        IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> await1(r.readuntil(b("AAA"))));
        assertEquals("some dataAA", s(e.partial()));
        assertEquals(-1, e.expected());
        assertEquals("11 bytes read on a total of undefined expected bytes", e.getMessage());
        assertEquals(0, r.buffered());
    }

    @Test
    void readuntilLimitFoundSep() {
        StreamReader r = reader(3);
        onLoop(() -> r.feedData(b("some dataAA")));
        LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> await1(r.readuntil(b("AAA"))));
        assertEquals("Separator is not found, and chunk exceed the limit", e.getMessage());
        assertEquals("some dataAA", s(peek(r)), "readuntil keeps the data");
        onLoop(() -> r.feedData(b("A")));
        LimitOverrunError e2 = assertThrows(LimitOverrunError.class, () -> await1(r.readuntil(b("AAA"))));
        assertEquals("Separator is found, but chunk is longer than limit", e2.getMessage());
        assertEquals(9, e2.consumed());
        assertEquals("some dataAAA", s(peek(r)));
    }

    /** The buffer's content, read without consuming it (through a second reader fed the same bytes). */
    private byte[] peek(StreamReader r) {
        int n = r.buffered();
        byte[] all = await1(r.readexactly(n));
        onLoop(() -> r.feedData(all));
        return all;
    }

    @Test
    void readexactlyZeroOrLess() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(DATA));
        assertArrayEquals(new byte[0], await1(r.readexactly(0)));
        assertEquals(DATA.length, r.buffered());
        assertThrows(IllegalArgumentException.class, () -> onLoop(() -> r.readexactly(-1)));
    }

    @Test
    void readexactly() {
        StreamReader r = reader();
        int n = 2 * DATA.length;
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.readexactly(n));
        loop.callSoon(() -> {
            r.feedData(DATA);
            r.feedData(DATA);
            r.feedData(DATA);
        });
        assertEquals(s(DATA) + s(DATA), s(await1(f[0])));
        assertEquals(DATA.length, r.buffered());
    }

    @Test
    void readexactlyLimit() {
        StreamReader r = reader(3);
        onLoop(() -> r.feedData(b("chunk")));
        assertEquals("chunk", s(await1(r.readexactly(5))), "readexactly is not bounded by the limit");
    }

    @Test
    void readexactlyEof() {
        StreamReader r = reader();
        int n = 2 * DATA.length;
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.readexactly(n));
        loop.callSoon(() -> {
            r.feedData(DATA);
            r.feedEof();
        });
        IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> await1(f[0]));
        assertArrayEquals(DATA, e.partial());
        assertEquals(n, e.expected());
        assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
        assertEquals(0, r.buffered());
    }

    @Test
    void readexactlyException() {
        StreamReader r = reader();
        onLoop(() -> r.feedData(b("line\n")));
        assertEquals("li", s(await1(r.readexactly(2))));
        onLoop(() -> r.setException(new IllegalStateException("x")));
        assertThrows(IllegalStateException.class, () -> await1(r.readexactly(2)));
    }

    @Test
    void exceptionWakesAWaiter() {
        StreamReader r = reader();
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.readline());
        IllegalStateException e = new IllegalStateException("broken");
        loop.callSoon(() -> r.setException(e));
        assertSame(e, assertThrows(IllegalStateException.class, () -> await1(f[0])));
        assertSame(e, r.exception());
    }

    @Test
    void cancellingAWaitingReadConsumesNothing() {
        // test_exception_cancel: cancelling a waiting readline leaves the reader usable
        StreamReader r = reader();
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> f[0] = r.readline());
        onLoop(() -> f[0].cancel());
        assertThrows(CancelledError.class, () -> await1(f[0]));
        onLoop(() -> r.feedData(b("after\n")));
        assertEquals("after\n", s(await1(r.readline())));
    }

    @Test
    void cancellingATaskInAReadConsumesNothing() {
        StreamReader r = reader();
        dev.corio.Task<?>[] t = new dev.corio.Task[1];
        onLoop(() -> t[0] = loop.createTask(co(() -> await(r.readexactly(10), d -> done(d)))));
        loop.runUntilComplete(co(() -> await(Corio.sleep(0), v -> done(null))));
        onLoop(() -> {
            r.feedData(b("12345"));
            t[0].cancel();
        });
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t[0]));
        onLoop(() -> r.feedData(b("67890")));
        assertEquals("1234567890", s(await1(r.readexactly(10))));
    }

    @Test
    void oneWaiterAtATime() {
        StreamReader r = reader();
        List<Throwable> errors = new ArrayList<>();
        onLoop(() -> {
            r.read(1);
            try {
                r.readline();
            } catch (IllegalStateException e) {
                errors.add(e);
            }
        });
        assertEquals(1, errors.size());
        assertEquals("readline() called while another coroutine is already waiting for incoming data",
                errors.get(0).getMessage());
    }

    @Test
    void feedDataAfterEofFails() {
        StreamReader r = reader();
        assertThrows(IllegalStateException.class, () -> onLoop(() -> {
            r.feedEof();
            r.feedData(b("x"));
        }));
    }

    /** A transport stub that records pause/resume. */
    static final class PauseRecorder implements Transport {
        final List<String> calls = new ArrayList<>();
        boolean reading = true;

        @Override public void write(byte[] data) { }
        @Override public void write(byte[] data, int offset, int length) { }
        @Override public void writelines(List<byte[]> data) { }
        @Override public void writeEof() { }
        @Override public boolean canWriteEof() { return true; }
        @Override public void close() { }
        @Override public void abort() { }
        @Override public boolean isClosing() { return false; }
        @Override public void pauseReading() { calls.add("pause"); reading = false; }
        @Override public void resumeReading() { calls.add("resume"); reading = true; }
        @Override public boolean isReading() { return reading; }
        @Override public void setWriteBufferLimits(Long high, Long low) { }
        @Override public WriteBufferLimits getWriteBufferLimits() { return new WriteBufferLimits(0, 0); }
        @Override public long getWriteBufferSize() { return 0; }
        @Override public Object getExtraInfo(String name) { return null; }
        @Override public Protocol getProtocol() { return null; }
        @Override public void setProtocol(Protocol protocol) { }
    }

    @Test
    void theTransportIsPausedAboveTwiceTheLimitAndResumedAtIt() {
        StreamReader r = reader(10);
        PauseRecorder t = new PauseRecorder();
        onLoop(() -> {
            r.setTransport(t);
            r.feedData(new byte[15]);
            r.feedData(new byte[6]); // 21 > 2 * 10
        });
        assertEquals(List.of("pause"), t.calls);
        await1(r.read(5)); // 16 left: still above the limit
        assertEquals(List.of("pause"), t.calls);
        await1(r.read(6)); // 10 left
        assertEquals(List.of("pause", "resume"), t.calls);
    }

    @Test
    void aReadThatMustWaitResumesAPausedTransport() {
        StreamReader r = reader(4);
        PauseRecorder t = new PauseRecorder();
        AsyncFuture<byte[]>[] f = new AsyncFuture[1];
        onLoop(() -> {
            r.setTransport(t);
            f[0] = r.readexactly(20);
            r.feedData(new byte[9]); // over twice the limit: paused, but readexactly needs more
        });
        assertEquals(List.of("pause", "resume"), t.calls, "else it would wait forever");
        assertFalse(f[0].isDone());
        onLoop(() -> r.feedData(new byte[11]));
        assertEquals(20, await1(f[0]).length);
    }
}
