package dev.corio.subprocess;

import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.internal.IoStep;
import dev.corio.net.Protocol;
import dev.corio.net.Transport;
import dev.corio.net.WriteBufferLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The write end of a subprocess's stdin pipe: asyncio's write pipe transport. Writes queue on the loop
 * thread; one chunk at a time (at most {@link PipePump#CHUNK} bytes) is written by a task on
 * {@link PipePump}'s pool, which reports back with {@code callSoonThreadsafe}. The protocol (the
 * {@code StreamWriter}'s) is paused above the high-water mark (64 KiB) and resumed at the low one (16 KiB).
 * A write error (the child closed its stdin or exited: a broken pipe) drops the buffer and reaches the
 * protocol's {@code connectionLost}.
 */
final class PipeWriteTransport implements Transport {
    private static final long DEFAULT_HIGH = 64 * 1024;

    private final EventLoop loop;
    private final OutputStream out;
    private final Runnable onClosed;
    private Protocol protocol;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int headOffset;
    private long size;
    private long high = DEFAULT_HIGH;
    private long low = DEFAULT_HIGH / 4;
    private boolean protocolPaused;
    private boolean inFlight;
    private boolean eofRequested;
    private boolean closing;
    private boolean lost;

    PipeWriteTransport(EventLoop loop, OutputStream out, Runnable onClosed) {
        this.loop = loop;
        this.out = out;
        this.onClosed = onClosed;
    }

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        IoStep.checkThread(loop, "write");
        if (eofRequested) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
        if (lost || closing || length == 0) {
            return;
        }
        pending.add(Arrays.copyOfRange(data, offset, offset + length));
        size += length;
        maybePause();
        kick();
    }

    @Override
    public void writelines(List<byte[]> data) {
        for (byte[] d : data) {
            write(d);
        }
    }

    private void kick() {
        if (inFlight || lost) {
            return;
        }
        if (pending.isEmpty()) {
            if (eofRequested || closing) {
                closeNow(null);
            }
            return;
        }
        byte[] head = pending.peek();
        int n = Math.min(head.length - headOffset, PipePump.CHUNK);
        byte[] chunk = headOffset == 0 && n == head.length ? head : Arrays.copyOfRange(head, headOffset, headOffset + n);
        headOffset += n;
        if (headOffset == head.length) {
            pending.poll();
            headOffset = 0;
        }
        inFlight = true;
        PipePump.get().execute(() -> {
            Throwable error = null;
            try {
                out.write(chunk);
                out.flush();
            } catch (Throwable e) {
                error = e;
            }
            Throwable err = error;
            try {
                loop.callSoonThreadsafe(() -> written(chunk.length, err));
            } catch (IllegalStateException closedLoop) {
                closeStream();
            }
        });
    }

    private void written(int n, Throwable error) {
        inFlight = false;
        if (lost) {
            return;
        }
        if (error != null) {
            pending.clear();
            headOffset = 0;
            size = 0;
            closeNow(error);
            return;
        }
        size -= n;
        maybeResume();
        kick();
    }

    private void maybePause() {
        if (!protocolPaused && size > high) {
            protocolPaused = true;
            try {
                protocol.pauseWriting();
            } catch (Throwable e) {
                loop.callExceptionHandler(new ExceptionContext("protocol.pauseWriting() failed", e, null, null));
            }
        }
    }

    private void maybeResume() {
        if (protocolPaused && size <= low) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable e) {
                loop.callExceptionHandler(new ExceptionContext("protocol.resumeWriting() failed", e, null, null));
            }
        }
    }

    private void closeNow(Throwable error) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        closeStream();
        loop.callSoon(() -> {
            try {
                protocol.connectionLost(error);
            } finally {
                onClosed.run();
            }
        });
    }

    private void closeStream() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the child is gone already: its stdin is closed either way
        }
    }

    @Override
    public void writeEof() {
        IoStep.checkThread(loop, "writeEof");
        if (eofRequested || closing) {
            return;
        }
        eofRequested = true;
        kick();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        IoStep.checkThread(loop, "close");
        if (closing) {
            return;
        }
        closing = true;
        kick();
    }

    @Override
    public void abort() {
        IoStep.checkThread(loop, "abort");
        pending.clear();
        headOffset = 0;
        size = 0;
        closeNow(null); // an in-flight write fails on the closed stream and is dropped
    }

    @Override
    public boolean isClosing() {
        return closing || eofRequested;
    }

    @Override
    public void pauseReading() {
        throw new UnsupportedOperationException("a write pipe is not read");
    }

    @Override
    public void resumeReading() {
        throw new UnsupportedOperationException("a write pipe is not read");
    }

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        long h;
        if (high == null) {
            h = low == null ? DEFAULT_HIGH : 4 * low;
        } else {
            h = high;
        }
        long l = low == null ? h / 4 : low;
        WriteBufferLimits checked = new WriteBufferLimits(l, h);
        this.high = checked.high();
        this.low = checked.low();
        maybePause();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return new WriteBufferLimits(low, high);
    }

    @Override
    public long getWriteBufferSize() {
        return size;
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? out : null;
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public String toString() {
        return "PipeWriteTransport[" + (lost ? "closed" : closing ? "closing" : "open") + ", buffered " + size + "]";
    }
}
