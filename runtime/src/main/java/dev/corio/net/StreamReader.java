package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.internal.IoStep;
import dev.corio.generators.AsyncIterable;
import dev.corio.generators.AsyncIterator;
import java.util.Arrays;
import java.util.Objects;

/**
 * asyncio's {@code StreamReader}: the bytes of a connection, read with futures to {@code await}.
 *
 * <p>The reader buffers what arrives. When the buffer holds more than twice its {@link #limit()} it pauses
 * the transport, and resumes it once the buffer is down to the limit: a peer that sends faster than the
 * program reads is held back by TCP's flow control, and memory stays bounded.
 *
 * <p>One read at a time: a read that must wait makes the next read call fail with
 * {@link IllegalStateException} until it completes (asyncio's rule). Cancelling a waiting read consumes
 * nothing: the data stays in the reader and the connection stays usable. Unlike asyncio's coroutines, a read
 * method starts when it is called, not when awaited.
 *
 * <p>Every read fails with the connection's error once one is set ({@link #setException}), e.g. a reset by
 * the peer.
 */
public final class StreamReader implements AsyncIterable<byte[]> {
    /** asyncio's {@code _DEFAULT_LIMIT}: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final EventLoop loop;
    private final int limit;
    private byte[] buf = new byte[256];
    private int start;
    private int end;
    private boolean eof;
    private Throwable exception;
    private Transport transport;
    private boolean paused;
    private Request<?> waiting;

    /** A reader with asyncio's default limit, on the running loop. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /** A reader with the given limit (bytes) for {@link #readuntil} and the buffer, on the running loop. */
    public StreamReader(int limit) {
        this(limit, EventLoop.running());
    }

    StreamReader(int limit, EventLoop loop) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
        this.loop = loop;
    }

    /** The limit given at construction. */
    public int limit() {
        return limit;
    }

    /** The exception set with {@link #setException}, or {@code null}. */
    public Throwable exception() {
        return exception;
    }

    /** Makes every read fail with {@code exc} from now on; a waiting read fails at once. */
    public void setException(Throwable exc) {
        check("setException");
        exception = Objects.requireNonNull(exc, "exc");
        Request<?> w = waiting;
        if (w != null) {
            waiting = null;
            Futures.fail(w.future, exc);
        }
    }

    /** Sets the transport this reader pauses and resumes. */
    public void setTransport(Transport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        this.transport = transport;
    }

    /** Marks the end of the stream: waiting reads complete with what there is. */
    public void feedEof() {
        check("feedEof");
        eof = true;
        wakeWaiter();
    }

    /** Whether the stream ended and everything was read (asyncio's {@code at_eof()}). */
    public boolean isAtEof() {
        return eof && start == end;
    }

    /**
     * asyncio's spelling of {@link #isAtEof()}.
     *
     * @deprecated boolean queries are {@code isX} (docs/runtime.md, "Names"); use {@link #isAtEof()}
     */
    @Deprecated
    public boolean atEof() {
        return isAtEof();
    }

    /** Adds {@code data} to the buffer (what the protocol does for each {@code dataReceived}). */
    public void feedData(byte[] data) {
        check("feedData");
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (data.length == 0) {
            return;
        }
        append(data);
        if (transport != null && !paused && end - start > 2L * limit) {
            transport.pauseReading();
            paused = true;
        }
        wakeWaiter(); // after pausing: a read that still has to wait resumes the transport (Request.run)
    }

    /** Bytes buffered and not read yet. */
    public int buffered() {
        return end - start;
    }

    private void append(byte[] data) {
        int n = end - start;
        if (end + data.length > buf.length) {
            if (n + data.length <= buf.length / 2) {
                System.arraycopy(buf, start, buf, 0, n); // mostly consumed: slide down instead of growing
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, n + data.length)];
                System.arraycopy(buf, start, bigger, 0, n);
                buf = bigger;
            }
            start = 0;
            end = n;
        }
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    private byte[] take(int n) {
        byte[] r = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = end = 0;
            if (buf.length > 4 * limit && buf.length > 4096) {
                buf = new byte[256]; // a burst made it big: give the memory back
            }
        }
        maybeResumeTransport();
        return r;
    }

    private void maybeResumeTransport() {
        if (paused && end - start <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    private void wakeWaiter() {
        Request<?> w = waiting;
        if (w != null) {
            waiting = null;
            w.run();
        }
    }

    private void check(String what) {
        IoStep.checkThread(loop, what);
    }

    // ------------------------------------------------------------------ reads

    /** A read in progress: tries to complete its future from the buffer, and waits for more data if it cannot. */
    private abstract class Request<T> {
        final AsyncFuture<T> future = loop.createFuture();
        private final String name;

        Request(String name) {
            this.name = name;
        }

        /** Completes the future if the buffer (or EOF) allows; returns whether it did. */
        abstract boolean attempt() throws Throwable;

        AsyncFuture<T> start() {
            check(name);
            if (waiting != null && !waiting.future.isDone()) {
                throw new IllegalStateException(name + "() called while another coroutine is already waiting for"
                        + " incoming data");
            }
            waiting = null;
            run();
            return future;
        }

        final void run() {
            if (future.isDone()) {
                return; // cancelled while it waited: it consumes nothing
            }
            if (exception != null) {
                future.setException(exception);
                return;
            }
            try {
                if (attempt()) {
                    return;
                }
            } catch (Throwable e) {
                future.setException(e);
                return;
            }
            if (eof) {
                throw new IllegalStateException(name + "(): nothing to wait for at EOF"); // attempt() handles EOF
            }
            waiting = this;
            if (paused) {
                paused = false;
                transport.resumeReading();
            }
        }
    }

    /**
     * Up to {@code n} bytes, as soon as any are buffered; {@code n == -1} reads to EOF. An empty array at
     * EOF, and for {@code n == 0}.
     */
    public AsyncFuture<byte[]> read(int n) {
        if (n < -1) {
            throw new IllegalArgumentException("read(n): n must be >= -1: " + n);
        }
        if (n == -1) {
            return read();
        }
        return new Request<byte[]>("read") {
            @Override
            boolean attempt() {
                if (n == 0) {
                    future.setResult(EMPTY);
                    return true;
                }
                if (start == end) {
                    if (eof) {
                        future.setResult(EMPTY);
                        return true;
                    }
                    return false;
                }
                future.setResult(take(Math.min(n, end - start)));
                return true;
            }
        }.start();
    }

    /** Everything until EOF. */
    public AsyncFuture<byte[]> read() {
        return new Request<byte[]>("read") {
            @Override
            boolean attempt() {
                if (!eof) {
                    return false; // run() resumes a paused transport: the whole stream is wanted
                }
                future.setResult(take(end - start));
                return true;
            }
        }.start();
    }

    /**
     * Exactly {@code n} bytes. At EOF before that, fails with {@link IncompleteReadError} holding what was
     * read (consumed).
     */
    public AsyncFuture<byte[]> readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        return new Request<byte[]>("readexactly") {
            @Override
            boolean attempt() throws IncompleteReadError {
                if (end - start >= n) {
                    future.setResult(take(n));
                    return true;
                }
                if (eof) {
                    throw new IncompleteReadError(take(end - start), n);
                }
                return false; // run() resumes a paused transport: n may be more than twice the limit
            }
        }.start();
    }

    /**
     * The lines as raw bytes, each with its {@code \n}, until EOF: asyncio's {@code async for line in reader},
     * here {@code for (byte[] line : awaitEach(reader))}. Each {@code anext()} is a {@link #readline()}; see
     * {@link StreamLines}. For text, {@link #lines()}.
     */
    @Override
    public AsyncIterator<byte[]> aiter() {
        return new StreamLines<>(this, false);
    }

    /**
     * The lines as text until EOF: each decoded as UTF-8 without its {@code \n} or {@code \r\n}, as
     * {@code BufferedReader.readLine} gives them: {@code for (String line : awaitEach(reader.lines()))}. A
     * Corio addition (asyncio iterates bytes only: {@link #aiter()}); see {@link StreamLines}.
     */
    public AsyncIterable<String> lines() {
        StreamReader reader = this;
        return new AsyncIterable<>() {
            @Override
            public AsyncIterator<String> aiter() {
                return new StreamLines<>(reader, true);
            }

            @Override
            public String toString() {
                return "lines() of " + reader;
            }
        };
    }

    /**
     * One line, with its {@code \n}; the rest of the stream without one at EOF; an empty array at EOF. A
     * line longer than the limit fails with {@link LimitOverrunError}, after discarding it (up to and
     * including its separator if it was found, or the whole buffer).
     */
    public AsyncFuture<byte[]> readline() {
        byte[] sep = {'\n'};
        return new Request<byte[]>("readline") {
            @Override
            boolean attempt() {
                try {
                    byte[] line = scan(sep);
                    if (line == null) {
                        return false;
                    }
                    future.setResult(line);
                } catch (IncompleteReadError e) {
                    future.setResult(e.partial());
                } catch (LimitOverrunError e) {
                    if (startsWith(sep, e.consumed())) {
                        take((int) e.consumed() + sep.length);
                    } else {
                        start = end = 0;
                        maybeResumeTransport();
                    }
                    future.setException(e);
                }
                return true;
            }
        }.start();
    }

    /**
     * The data up to and including {@code separator}. At EOF without it, fails with
     * {@link IncompleteReadError} holding the rest of the stream (consumed). If finding it would take more
     * than the limit, fails with {@link LimitOverrunError} and leaves the data in the reader.
     */
    public AsyncFuture<byte[]> readuntil(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        byte[] sep = separator.clone();
        return new Request<byte[]>("readuntil") {
            @Override
            boolean attempt() throws IncompleteReadError {
                byte[] chunk = scan(sep);
                if (chunk == null) {
                    return false;
                }
                future.setResult(chunk);
                return true;
            }
        }.start();
    }

    /** {@link #readuntil(byte[])} of {@code "\n"}. */
    public AsyncFuture<byte[]> readuntil() {
        return readuntil(new byte[] {'\n'});
    }

    /**
     * asyncio's {@code readuntil} search: the chunk through the separator, or null to wait for more; throws
     * at EOF and past the limit.
     */
    private byte[] scan(byte[] sep) throws IncompleteReadError {
        int n = end - start;
        int found = indexOf(sep);
        if (found >= 0) {
            if (found > limit) {
                throw new LimitOverrunError("Separator is found, but chunk is longer than limit", found);
            }
            return take(found + sep.length);
        }
        long offset = n + 1L - sep.length;
        if (offset > limit) {
            throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
        if (eof) {
            throw new IncompleteReadError(take(n), -1);
        }
        return null;
    }

    private int indexOf(byte[] sep) {
        int last = end - sep.length;
        outer:
        for (int i = start; i <= last; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    private boolean startsWith(byte[] sep, long at) {
        if (at + sep.length > end - start) {
            return false;
        }
        for (int j = 0; j < sep.length; j++) {
            if (buf[start + (int) at + j] != sep[j]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StreamReader[");
        sb.append(end - start).append(" bytes");
        if (eof) {
            sb.append(", eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(", limit=").append(limit);
        }
        if (waiting != null) {
            sb.append(", waiting");
        }
        if (exception != null) {
            sb.append(", exception=").append(exception);
        }
        if (paused) {
            sb.append(", paused");
        }
        return sb.append(']').toString();
    }
}
