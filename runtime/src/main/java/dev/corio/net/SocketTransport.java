package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.internal.IoStep;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * asyncio's {@code _SelectorSocketTransport}: a connected, non-blocking {@link SocketChannel} on the loop's
 * selector, driving a {@link Protocol}.
 *
 * <p>Reads: when the socket is readable, one read of up to 256 KiB into the loop's shared direct buffer,
 * copied into a fresh array for {@link Protocol#dataReceived}; a {@link BufferedProtocol} gets the read in
 * its own buffer instead. Writes: sent at once while the buffer is empty (a small one through the loop's
 * direct write buffer); what the socket does not take is copied into the buffer and sent when it becomes
 * writable, with gathering writes. The protocol is paused above the high-water mark and resumed at the low one.
 */
final class SocketTransport extends LoopSelector.Registration implements Transport {
    static final long DEFAULT_HIGH = 64 * 1024;
    /** Gathering writes hand at most this many buffers to the socket at once. */
    private static final int MAX_GATHER = 64;
    /** Writes after the connection is lost that are ignored silently before a warning (asyncio's constant). */
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    private final EventLoop loop;
    private final LoopSelector selector;
    private final SocketChannel socket;
    private Protocol protocol;
    private final Server server;
    private final Runnable onReadable = this::readReady;
    private final Runnable onWritable = this::writeReady;

    private final ArrayDeque<ByteBuffer> buffer = new ArrayDeque<>();
    private long bufferSize;
    private long high = DEFAULT_HIGH;
    private long low = DEFAULT_HIGH / 4;
    private boolean protocolPaused;
    private boolean protocolConnected;
    private boolean closing;
    private boolean eof;
    private boolean paused;
    private int connLost;
    private SocketAddress peer;
    private SocketAddress local;

    /**
     * Makes the transport; in the next tick the protocol gets {@code connectionMade}, then reading starts
     * and {@code waiter} (if any) gets this transport.
     */
    SocketTransport(EventLoop loop, SocketChannel socket, Protocol protocol, AsyncFuture<Transport> waiter,
            Server server) {
        super(socket); // this transport is its socket's registration on the selector (LoopSelector.Registration)
        this.loop = loop;
        this.selector = LoopSelector.of(loop);
        this.socket = socket;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.server = server;
        try {
            peer = socket.getRemoteAddress();
            local = socket.getLocalAddress();
        } catch (IOException e) {
            // left null: getExtraInfo gives null, as asyncio does when getpeername fails
        }
        if (server != null) {
            server.attach(this);
        }
        loop.callSoon(() -> {
            if (closing) {
                return;
            }
            protocolConnected = true;
            try {
                this.protocol.connectionMade(this);
            } catch (Throwable e) {
                fatalError(e, "Fatal error: protocol.connectionMade() call failed.");
                if (waiter != null && !waiter.isDone()) {
                    waiter.setException(e);
                }
                return;
            }
            loop.callSoon(() -> {
                if (!closing && !paused) {
                    selector.addReader(this, onReadable);
                }
                if (waiter != null && !waiter.isDone()) {
                    waiter.setResult(this);
                }
            });
        });
    }

    private void check(String what) {
        IoStep.checkThread(loop, what);
    }

    // ------------------------------------------------------------------ reading

    /** The selector's ready event, straight to this transport (a reader set by anyone else runs as usual). */
    @Override
    void readable() {
        if (reader == onReadable) {
            readReady();
        } else {
            super.readable();
        }
    }

    @Override
    void writable() {
        if (writer == onWritable) {
            writeReady();
        } else {
            super.writable();
        }
    }

    private void readReady() {
        if (closing || paused) {
            return;
        }
        if (protocol instanceof BufferedProtocol bp) {
            readIntoProtocol(bp);
            return;
        }
        ByteBuffer buf = selector.readBuffer();
        buf.clear();
        int n = readSome(buf);
        if (n == 0) {
            return;
        }
        byte[] data = new byte[n];
        buf.flip();
        buf.get(data);
        try {
            protocol.dataReceived(data);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
        }
    }

    /**
     * One read from the socket into {@code buf}: the bytes read, or 0 when there is nothing to hand to the
     * protocol (none ready, or the end of the stream or a read error, both dealt with here).
     */
    private int readSome(ByteBuffer buf) {
        int n;
        try {
            n = socket.read(buf);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return 0;
        }
        if (n < 0) {
            readEof();
            return 0;
        }
        return n;
    }

    /** asyncio's {@code _read_ready__get_buffer}: the read goes straight into the protocol's buffer. */
    private void readIntoProtocol(BufferedProtocol bp) {
        ByteBuffer buf;
        try {
            buf = bp.getBuffer(LoopSelector.READ_SIZE);
            if (buf == null || !buf.hasRemaining()) {
                throw new IllegalStateException("getBuffer() returned "
                        + (buf == null ? "null" : "a buffer with no room: " + buf));
            }
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.getBuffer() call failed.");
            return;
        }
        int n = readSome(buf);
        if (n == 0) {
            return;
        }
        try {
            bp.bufferUpdated(n);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.bufferUpdated() call failed.");
        }
    }

    private void readEof() {
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (keepOpen) {
            // the socket stays readable at EOF: stop watching it, or the loop would spin on it
            selector.removeReader(socket);
        } else {
            close();
        }
    }

    @Override
    public void pauseReading() {
        check("pauseReading");
        if (closing || paused) {
            return;
        }
        paused = true;
        selector.removeReader(socket);
    }

    @Override
    public void resumeReading() {
        check("resumeReading");
        if (closing || !paused) {
            return;
        }
        paused = false;
        if (protocolConnected) {
            selector.addReader(this, onReadable);
        }
    }

    @Override
    public boolean isReading() {
        return !paused && !closing;
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        check("write");
        Objects.checkFromIndexSize(offset, length, data.length);
        if (eof) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (length == 0) {
            return;
        }
        if (connLost > 0) {
            if (++connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                System.getLogger("dev.corio").log(System.Logger.Level.WARNING, "socket.send() raised exception.");
            }
            return;
        }
        if (bufferSize == 0) { // the buffer is empty (its size, not the deque: one object fewer touched per write)
            int n;
            try {
                n = socket.write(outgoing(data, offset, length));
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (n == length) {
                return;
            }
            offset += n;
            length -= n;
            selector.addWriter(this, onWritable);
        }
        // a copy: the caller may reuse its array as soon as write returns
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        buffer.add(ByteBuffer.wrap(copy));
        bufferSize += length;
        maybePauseProtocol();
    }

    /**
     * What a write with an empty buffer hands to the socket: a small write copied into the loop's direct
     * write buffer (the copy the JDK would make into a temporary direct buffer anyway, without the wrapper
     * object and the JDK's per-thread buffer cache), a large one wrapped.
     */
    private ByteBuffer outgoing(byte[] data, int offset, int length) {
        ByteBuffer out = selector.writeBuffer();
        if (length > out.capacity()) {
            return ByteBuffer.wrap(data, offset, length);
        }
        out.clear();
        out.put(data, offset, length);
        out.flip();
        return out;
    }

    @Override
    public void writelines(List<byte[]> data) {
        for (byte[] d : data) {
            write(d);
        }
    }

    private void writeReady() {
        if (connLost > 0 || buffer.isEmpty()) {
            selector.removeWriter(socket);
            return;
        }
        int count = Math.min(buffer.size(), MAX_GATHER);
        ByteBuffer[] bufs = new ByteBuffer[count];
        int i = 0;
        for (ByteBuffer b : buffer) {
            if (i == count) {
                break;
            }
            bufs[i++] = b;
        }
        long n;
        try {
            n = socket.write(bufs);
        } catch (IOException e) {
            selector.removeWriter(socket);
            buffer.clear();
            bufferSize = 0;
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        bufferSize -= n;
        while (!buffer.isEmpty() && !buffer.peekFirst().hasRemaining()) {
            buffer.pollFirst();
        }
        maybeResumeProtocol();
        if (buffer.isEmpty()) {
            selector.removeWriter(socket);
            if (closing) {
                callConnectionLostSoon(null);
            } else if (eof) {
                shutdownOutput();
            }
        }
    }

    private void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on shutdown of the socket's output");
        }
    }

    @Override
    public void writeEof() {
        check("writeEof");
        if (closing || eof) {
            return;
        }
        eof = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    private void maybePauseProtocol() {
        if (bufferSize <= high || protocolPaused) {
            return;
        }
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(new ExceptionContext("protocol.pauseWriting() failed", e, null, null));
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= low) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable e) {
                loop.callExceptionHandler(new ExceptionContext("protocol.resumeWriting() failed", e, null, null));
            }
        }
    }

    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        check("setWriteBufferLimits");
        long h;
        long l;
        if (high == null) {
            h = low == null ? DEFAULT_HIGH : 4 * low;
        } else {
            h = high;
        }
        l = low == null ? h / 4 : low;
        WriteBufferLimits checked = new WriteBufferLimits(l, h);
        this.high = checked.high();
        this.low = checked.low();
        maybePauseProtocol();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return new WriteBufferLimits(low, high);
    }

    @Override
    public long getWriteBufferSize() {
        return bufferSize;
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void close() {
        check("close");
        if (closing) {
            return;
        }
        closing = true;
        selector.removeReader(socket);
        if (buffer.isEmpty()) {
            callConnectionLostSoon(null);
        }
    }

    @Override
    public void abort() {
        check("abort");
        forceClose(null);
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    /** asyncio's {@code _fatal_error}: reports what is not an I/O error, then closes at once. */
    private void fatalError(Throwable e, String message) {
        if (!(e instanceof IOException)) {
            loop.callExceptionHandler(new ExceptionContext(message + " (transport " + this + ")", e, null, null));
        }
        forceClose(e);
    }

    private void forceClose(Throwable exc) {
        if (connLost > 0) {
            return;
        }
        if (!buffer.isEmpty()) {
            buffer.clear();
            bufferSize = 0;
            selector.removeWriter(socket);
        }
        if (!closing) {
            closing = true;
            selector.removeReader(socket);
        }
        callConnectionLostSoon(exc);
    }

    private void callConnectionLostSoon(Throwable exc) {
        if (connLost > 0) {
            return;
        }
        connLost++;
        loop.callSoon(() -> callConnectionLost(exc));
    }

    private void callConnectionLost(Throwable exc) {
        try {
            if (protocolConnected) {
                protocol.connectionLost(exc);
            }
        } finally {
            selector.forget(socket);
            try {
                socket.close();
            } catch (IOException e) {
                loop.callExceptionHandler(new ExceptionContext("Failed to close " + socket, e, null, null));
            }
            if (server != null) {
                server.detach(this);
            }
        }
    }

    // ------------------------------------------------------------------ information

    @Override
    public Object getExtraInfo(String name) {
        switch (name) {
            case "peername":
                return peer;
            case "sockname":
                return local;
            case "socket":
                return socket;
            default:
                return null;
        }
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        check("setProtocol");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String toString() {
        return "SocketTransport[" + (connLost > 0 ? "closed" : closing ? "closing" : "open") + ", local=" + local
                + ", peer=" + peer + (bufferSize > 0 ? ", buffered=" + bufferSize : "") + "]";
    }
}
