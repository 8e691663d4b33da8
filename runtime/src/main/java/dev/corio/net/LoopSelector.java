package dev.corio.net;

import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.internal.IoStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop's selector: asyncio's {@code BaseSelectorEventLoop} reader and writer registry over a
 * {@link Selector}, installed in the loop as its {@link IoStep} with the first socket.
 *
 * <p>A channel has at most one reader (readable, or acceptable for a server socket) and one writer
 * (writable, or connectable while a connection is pending), each a {@link Runnable} run on the loop's thread
 * when the channel is ready. Whatever a handler throws goes to the loop's exception handler.
 *
 * <p>Details taken from Netty's {@code NioEventLoop}: wake-ups are coalesced (one {@link Selector#wakeup()}
 * system call per sleep however many threads submit work), and a selector that keeps returning early with
 * nothing selected (the JDK's epoll spin bug) is rebuilt after {@value #SPIN_LIMIT} such returns in a row.
 * Reads go through one direct buffer per loop ({@link #readBuffer}), reused for every socket, and small
 * writes through another ({@link #writeBuffer}).
 */
final class LoopSelector implements IoStep {
    static {
        NetClasses.load(); // before any socket can run the process out of descriptors: see NetClasses
    }

    /** Early empty returns in a row after which the selector is rebuilt (Netty's default threshold). */
    static final int SPIN_LIMIT = 512;
    /** asyncio's {@code max_size} for one {@code recv} of a socket transport. */
    static final int READ_SIZE = 256 * 1024;

    final EventLoop loop;
    private Selector selector;
    /** Channels with a nonzero interest set. */
    private int interested;
    /** Writers waiting for a connection to complete (the virtual clock waits for them). */
    private int connecting;
    /** Channels deregistered since the last select: their file descriptors close at the next select. */
    private int deregistered;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private int earlyReturns;
    /** How many times {@link #wakeup()} reached the selector (for tests: wake-ups are coalesced). */
    private final java.util.concurrent.atomic.AtomicLong wakeupSyscalls = new java.util.concurrent.atomic.AtomicLong();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_SIZE);
    /** Writes up to this size go to the socket through {@link #writeBuffer}. */
    static final int WRITE_SIZE = 64 * 1024;
    private ByteBuffer writeBuffer;
    private boolean closed;

    private LoopSelector(EventLoop loop) {
        this.loop = loop;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
    }

    /** The selector of {@code loop} (created on first use). Loop thread only. */
    static LoopSelector of(EventLoop loop) {
        return IoStep.of(loop, LoopSelector.class, LoopSelector::new);
    }

    /** The loop running on this thread's selector; throws if no loop runs here. */
    static LoopSelector running() {
        return of(EventLoop.running());
    }

    /**
     * The registration of a channel: its key, its reader and its writer; the key's attachment. A transport
     * that owns its channel for the channel's whole life extends it ({@link SocketTransport}) and overrides
     * {@link #readable()} and {@link #writable()}: a ready event then reaches the transport from the key in
     * one step, instead of through a registration object and a handler object (two objects fewer to fetch
     * from memory per event, which is what a ready event costs at 10,000 connections: docs/net.md).
     */
    static class Registration {
        final SelectableChannel channel;
        SelectionKey key;
        Runnable reader;
        Runnable writer;
        boolean connectWriter;

        Registration(SelectableChannel channel) {
            this.channel = channel;
        }

        /** The channel is readable (acceptable) and has a reader: runs it. */
        void readable() {
            reader.run();
        }

        /** The channel is writable (connectable) and has a writer: runs it. */
        void writable() {
            writer.run();
        }

        int interest() {
            int ops = 0;
            if (reader != null) {
                ops |= channel instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
            }
            if (writer != null) {
                ops |= connectWriter ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
            }
            return ops;
        }
    }

    // ------------------------------------------------------------------ readers and writers

    /** Calls {@code reader} whenever {@code ch} is readable (acceptable), replacing a previous reader. */
    void addReader(SelectableChannel ch, Runnable reader) {
        Registration r = registration(ch);
        r.reader = reader;
        update(r);
    }

    /**
     * {@link #addReader(SelectableChannel, Runnable)} for a channel whose registration is {@code owner} (a
     * transport): {@code owner} becomes the key's attachment, taking over the handlers an earlier
     * registration of the channel had (a socket connected through {@code sock_connect} before it got its
     * transport).
     */
    void addReader(Registration owner, Runnable reader) {
        Registration r = adopt(owner);
        r.reader = reader;
        update(r);
    }

    /** {@link #addWriter(SelectableChannel, Runnable)} for a channel whose registration is {@code owner}. */
    void addWriter(Registration owner, Runnable writer) {
        adopt(owner);
        addWriter(owner.channel, writer);
    }

    /** Stops calling the reader of {@code ch}; says whether there was one. */
    boolean removeReader(SelectableChannel ch) {
        Registration r = existing(ch);
        if (r == null || r.reader == null) {
            return false;
        }
        r.reader = null;
        update(r);
        return true;
    }

    /**
     * Calls {@code writer} whenever {@code ch} is writable, or once its pending connection can be finished
     * when {@code ch} is a socket channel whose connection is pending.
     */
    void addWriter(SelectableChannel ch, Runnable writer) {
        Registration r = registration(ch);
        boolean connect = ch instanceof SocketChannel s && s.isConnectionPending();
        if (r.writer != null && r.connectWriter) {
            connecting--;
        }
        r.writer = writer;
        r.connectWriter = connect;
        if (connect) {
            connecting++;
        }
        update(r);
    }

    /** Stops calling the writer of {@code ch}; says whether there was one. */
    boolean removeWriter(SelectableChannel ch) {
        Registration r = existing(ch);
        if (r == null || r.writer == null) {
            return false;
        }
        if (r.connectWriter) {
            connecting--;
            r.connectWriter = false;
        }
        r.writer = null;
        update(r);
        return true;
    }

    /**
     * Forgets {@code ch} entirely (call it before or after closing the channel): its file descriptor is
     * released by the next select, which the loop runs in its next tick.
     */
    void forget(SelectableChannel ch) {
        Registration r = existing(ch);
        if (r == null) {
            return;
        }
        if (r.writer != null && r.connectWriter) {
            connecting--;
        }
        if (r.interest() != 0) {
            interested--;
        }
        r.reader = r.writer = null;
        r.key.cancel();
        deregistered++;
    }

    private Registration existing(SelectableChannel ch) {
        if (closed) {
            return null;
        }
        SelectionKey k = ch.keyFor(selector);
        return k == null || !k.isValid() ? null : (Registration) k.attachment();
    }

    private Registration registration(SelectableChannel ch) {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
        SelectionKey k = ch.keyFor(selector);
        if (k != null && k.isValid()) {
            return (Registration) k.attachment();
        }
        return register(new Registration(ch), k);
    }

    /** Registers {@code r}'s channel with no interest; {@code stale} is its cancelled key, if any. */
    private Registration register(Registration r, SelectionKey stale) {
        SelectableChannel ch = r.channel;
        if (stale != null) {
            // cancelled but not yet deregistered: a select deregisters it, so that the channel can register
            // again. Without dispatching (no handler runs inside this call): the selector is level-triggered,
            // so whatever this poll saw is reported again by the loop's next select.
            flushCancelledKeys();
        }
        try {
            if (ch.isBlocking()) {
                throw new IllegalArgumentException("the socket must be non-blocking: " + ch);
            }
            r.key = ch.register(selector, 0, r);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new IllegalStateException("the channel is closed: " + ch, e);
        }
        return r;
    }

    /** Makes {@code owner} the registration of its channel (registering the channel if it is not yet). */
    private Registration adopt(Registration owner) {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
        SelectionKey k = owner.channel.keyFor(selector);
        if (k != null && k.isValid()) {
            if (k.attachment() != owner) {
                Registration earlier = (Registration) k.attachment();
                owner.reader = earlier.reader;
                owner.writer = earlier.writer;
                owner.connectWriter = earlier.connectWriter;
                owner.key = k;
                k.attach(owner);
            }
            return owner;
        }
        return register(owner, k);
    }

    private void update(Registration r) {
        int before = r.key.interestOps();
        int after = r.interest();
        if (before == after) {
            return;
        }
        try {
            r.key.interestOps(after);
        } catch (CancelledKeyException e) {
            throw new IllegalStateException("the channel was closed: " + r.channel, e);
        }
        if (before == 0) {
            interested++;
        } else if (after == 0) {
            interested--;
        }
    }

    private void flushCancelledKeys() {
        try {
            selector.selectNow();
            selector.selectedKeys().clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The direct buffer small writes of this loop's sockets are copied into before the system call (made on
     * first use; cleared by the caller; what the socket does not take is copied out again at once).
     */
    ByteBuffer writeBuffer() {
        ByteBuffer b = writeBuffer;
        if (b == null) {
            writeBuffer = b = ByteBuffer.allocateDirect(WRITE_SIZE);
        }
        return b;
    }

    /** The direct buffer every socket of this loop reads into (cleared by the caller). */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    // ------------------------------------------------------------------ IoStep

    @Override
    public boolean isActive() {
        return interested > 0 || deregistered > 0;
    }

    @Override
    public boolean isIoInFlight() {
        return connecting > 0;
    }

    @Override
    public int select(long timeoutNanos) {
        int n;
        try {
            if (timeoutNanos == 0) {
                n = selector.selectNow(this::dispatch);
            } else if (timeoutNanos < 0) {
                n = selector.select(this::dispatch);
                checkSpin(n, Long.MAX_VALUE, 0);
            } else {
                long start = System.nanoTime();
                // milliseconds, rounded up so that the loop does not wake just before its timer and spin
                long millis = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
                n = selector.select(this::dispatch, millis);
                checkSpin(n, timeoutNanos, System.nanoTime() - start);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        } catch (ClosedSelectorException e) {
            throw new IllegalStateException("the loop's selector is closed", e);
        } finally {
            wakeupPending.set(false);
        }
        deregistered = 0;
        return n;
    }

    /** Counts selects that returned early with nothing selected and no wake-up; rebuilds after too many. */
    private void checkSpin(int selected, long timeoutNanos, long tookNanos) {
        if (selected > 0 || wakeupPending.get() || tookNanos >= timeoutNanos - 1_000_000 || deregistered > 0) {
            earlyReturns = 0;
            return;
        }
        if (++earlyReturns >= SPIN_LIMIT) {
            earlyReturns = 0;
            rebuild();
        }
    }

    /** Moves every registration to a new selector (the epoll spin bug work-around). */
    void rebuild() {
        Selector fresh;
        try {
            fresh = Selector.open();
        } catch (IOException e) {
            loop.callExceptionHandler(new ExceptionContext("Failed to rebuild the loop's selector", e, null, null));
            return;
        }
        Selector old = selector;
        for (SelectionKey k : old.keys()) {
            if (!k.isValid()) {
                continue;
            }
            Registration r = (Registration) k.attachment();
            int ops = k.interestOps();
            k.cancel();
            try {
                r.key = r.channel.register(fresh, ops, r);
            } catch (IOException e) {
                loop.callExceptionHandler(new ExceptionContext("Failed to move " + r.channel + " to a new selector",
                        e, null, null));
            }
        }
        selector = fresh;
        try {
            old.close();
        } catch (IOException e) {
            loop.callExceptionHandler(new ExceptionContext("Failed to close the old selector", e, null, null));
        }
    }

    private void dispatch(SelectionKey k) {
        Registration r = (Registration) k.attachment();
        int ops;
        try {
            ops = k.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && r.reader != null) {
            try {
                r.readable();
            } catch (Throwable e) {
                handlerFailed(r.reader, r, e);
            }
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && k.isValid() && r.writer != null) {
            try {
                r.writable();
            } catch (Throwable e) {
                handlerFailed(r.writer, r, e);
            }
        }
    }

    private void handlerFailed(Runnable handler, Registration r, Throwable e) {
        loop.callExceptionHandler(new ExceptionContext("Exception in I/O callback " + handler + " for "
                + r.channel, e, null, null));
    }

    @Override
    public void wakeup() {
        if (!wakeupPending.get() && wakeupPending.compareAndSet(false, true)) {
            wakeupSyscalls.incrementAndGet();
            selector.wakeup();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<SelectableChannel> open = new ArrayList<>();
        for (SelectionKey k : selector.keys()) {
            if (k.isValid()) {
                open.add(k.channel());
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            loop.callExceptionHandler(new ExceptionContext("Failed to close the loop's selector", e, null, null));
        }
        for (SelectableChannel ch : open) {
            try {
                ch.close(); // a socket still registered when the loop closes would otherwise leak its descriptor
            } catch (IOException e) {
                loop.callExceptionHandler(new ExceptionContext("Failed to close " + ch, e, null, null));
            }
        }
        interested = connecting = deregistered = 0;
    }

    /** How many wake-ups reached the selector (for tests). */
    long wakeupSyscalls() {
        return wakeupSyscalls.get();
    }

    /** Channels registered now (for tests). */
    int registeredCount() {
        int n = 0;
        for (SelectionKey k : selector.keys()) {
            if (k.isValid()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "LoopSelector[" + interested + " interested, " + connecting + " connecting]";
    }
}
