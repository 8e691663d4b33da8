package dev.corio.subprocess;

import dev.corio.EventLoop;
import dev.corio.internal.IoStep;
import dev.corio.net.Protocol;
import dev.corio.net.StreamReader;
import dev.corio.net.Transport;
import dev.corio.net.WriteBufferLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The read end of a subprocess's stdout or stderr pipe, feeding a {@link StreamReader}: asyncio's
 * {@code ReadSubprocessPipeProto} with its read pipe transport. {@link PipePump}'s poller reads it; the
 * reader pauses and resumes it (its only use of the transport), which the poller honours.
 */
final class PipeReadTransport implements Transport {
    private final EventLoop loop;
    private final Process process;
    private final InputStream in;
    private final StreamReader reader;
    /** Run on the loop thread when the pipe ends, and when it is paused or resumed. */
    private final Runnable onClosed;
    private volatile boolean paused;
    private volatile boolean done;
    /** A chunk handed to the loop and not fed to the reader yet: the poller reads no more until it is. */
    private volatile boolean inFlight;
    /** When the poller first saw the process exited (0: not yet); the poller's own field. */
    long exitSeenNanos;

    PipeReadTransport(EventLoop loop, Process process, InputStream in, StreamReader reader, Runnable onClosed) {
        this.loop = loop;
        this.process = process;
        this.in = in;
        this.reader = reader;
        this.onClosed = onClosed;
        reader.setTransport(this);
    }

    InputStream stream() {
        return in;
    }

    Process process() {
        return process;
    }

    boolean isDone() {
        return done;
    }

    boolean isPausedForPoller() {
        return paused || inFlight;
    }

    // --- from the pump's threads

    void deliver(byte[] data) {
        inFlight = true;
        post(() -> {
            inFlight = false;
            if (!done) {
                reader.feedData(data);
            }
            if (!paused) {
                PipePump.get().nudge();
            }
        });
    }

    void deliverEof() {
        post(() -> {
            if (!done) {
                reader.feedEof();
                finish();
            }
        });
    }

    void deliverError(Throwable e) {
        post(() -> {
            if (!done) {
                reader.setException(e);
                finish();
            }
        });
    }

    private void post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException closedLoop) {
            done = true; // the loop is closed: nobody can read this any more
            closeQuietly();
        }
    }

    private void finish() {
        done = true;
        closeQuietly();
        onClosed.run();
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing our end of a pipe: nothing a caller could do about it
        }
    }

    // --- Transport (loop thread)

    @Override
    public void pauseReading() {
        if (!paused) {
            paused = true;
            onClosed.run(); // the owner's in-flight count: a paused pipe delivers nothing by itself
        }
    }

    @Override
    public void resumeReading() {
        if (paused) {
            paused = false;
            PipePump.get().nudge();
            onClosed.run();
        }
    }

    /** Whether this pipe may still deliver something without anyone's help (not done, not paused). */
    boolean mayDeliver() {
        return !done && !paused;
    }

    @Override
    public boolean isReading() {
        return !paused && !done;
    }

    @Override
    public void close() {
        IoStep.checkThread(loop, "close");
        if (!done) {
            reader.feedEof();
            finish();
        }
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return done;
    }

    @Override
    public void write(byte[] data) {
        throw new UnsupportedOperationException("a read pipe cannot be written");
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        throw new UnsupportedOperationException("a read pipe cannot be written");
    }

    @Override
    public void writelines(List<byte[]> data) {
        throw new UnsupportedOperationException("a read pipe cannot be written");
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a read pipe cannot be written");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        throw new UnsupportedOperationException("a read pipe has no write buffer");
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        throw new UnsupportedOperationException("a read pipe has no write buffer");
    }

    @Override
    public long getWriteBufferSize() {
        return 0;
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? in : null;
    }

    @Override
    public Protocol getProtocol() {
        return null;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        throw new UnsupportedOperationException("a read pipe feeds its StreamReader directly");
    }

    @Override
    public String toString() {
        return "PipeReadTransport[pid " + process.pid() + (done ? ", closed" : paused ? ", paused" : "") + "]";
    }
}
