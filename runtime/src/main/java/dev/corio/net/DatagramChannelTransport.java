package dev.corio.net;

import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * asyncio's {@code _SelectorDatagramTransport}: a non-blocking {@link DatagramChannel} in the loop's
 * selector. It reads one datagram per readiness into the loop's read buffer, and sends at once while its
 * buffer is empty, buffering what the socket does not take.
 */
final class DatagramChannelTransport implements DatagramTransport {
    /** The largest UDP payload over IPv4 (65,535 - 8 - 20); over IPv6 65,527. */
    static final int MAX_IPV4 = 65_507;
    static final int MAX_IPV6 = 65_527;

    private record Pending(ByteBuffer data, InetSocketAddress addr) {
    }

    private final EventLoop loop;
    private final LoopSelector selector;
    private final DatagramChannel channel;
    private final InetSocketAddress peer;
    private final DatagramProtocol protocol;
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private long bufferSize;
    private final long high = 64 * 1024;
    private final long low = 16 * 1024;
    private boolean paused;
    private boolean closing;
    private boolean lost;

    DatagramChannelTransport(EventLoop loop, DatagramChannel channel, InetSocketAddress peer, DatagramProtocol protocol) {
        this.loop = loop;
        this.selector = LoopSelector.of(loop);
        this.channel = channel;
        this.peer = peer;
        this.protocol = protocol;
    }

    void start() {
        protocol.connectionMade(this);
        if (!closing) {
            selector.addReader(channel, this::readReady);
        }
    }

    private void readReady() {
        if (closing) {
            return;
        }
        ByteBuffer buf = selector.readBuffer();
        buf.clear();
        InetSocketAddress from;
        try {
            from = (InetSocketAddress) channel.receive(buf);
        } catch (IOException e) {
            errorReceived(e); // e.g. PortUnreachableException on a connected endpoint
            return;
        }
        if (from == null) {
            return;
        }
        buf.flip();
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        try {
            protocol.datagramReceived(data, from);
        } catch (Throwable e) {
            fatal(e, "Fatal error: protocol.datagramReceived() call failed.");
        }
    }

    private void errorReceived(Exception e) {
        try {
            protocol.errorReceived(e);
        } catch (Throwable t) {
            fatal(t, "Fatal error: protocol.errorReceived() call failed.");
        }
    }

    @Override
    public void sendto(byte[] data) {
        sendto(data, null);
    }

    @Override
    public void sendto(byte[] data, InetSocketAddress addr) {
        dev.corio.internal.IoStep.checkThread(loop, "sendto");
        Objects.requireNonNull(data, "data");
        if (peer != null && addr != null && !addr.equals(peer)) {
            throw new IllegalArgumentException("Invalid address: must be null or " + Net.format(peer));
        }
        if (peer == null && addr == null) {
            throw new IllegalArgumentException("sendto() without an address needs a connected endpoint"
                    + " (createDatagramEndpoint with a remote address)");
        }
        if (lost || closing) {
            return; // asyncio logs a warning after a few of these; nothing is sent
        }
        InetSocketAddress to = addr != null ? addr : peer;
        int max = to.getAddress() instanceof Inet6Address ? MAX_IPV6 : MAX_IPV4;
        if (data.length > max) {
            errorReceived(new SocketException("datagram of " + data.length + " bytes is too large for UDP to "
                    + Net.format(to) + " (at most " + max + "): Message too long"));
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(data, data.length));
        if (buffer.isEmpty()) {
            try {
                if (send(b, to)) {
                    return;
                }
            } catch (IOException e) {
                errorReceived(withAddress(e, to, data.length));
                return;
            }
        }
        buffer.add(new Pending(b, to));
        bufferSize += data.length;
        if (buffer.size() == 1) {
            selector.addWriter(channel, this::writeReady);
        }
        if (!paused && bufferSize > high) {
            paused = true;
            try {
                protocol.pauseWriting();
            } catch (Throwable e) {
                loop.callExceptionHandler(new ExceptionContext("protocol.pauseWriting() failed", e, null, null));
            }
        }
    }

    /** Sends one datagram; false if the socket had no room (nothing sent). */
    private boolean send(ByteBuffer b, InetSocketAddress to) throws IOException {
        // send() also on a connected channel (to its peer): write() silently sends nothing for an empty buffer
        int n = channel.send(b, to);
        return n > 0 || !b.hasRemaining();
    }

    private static Exception withAddress(IOException e, InetSocketAddress to, int length) {
        if (e instanceof java.net.PortUnreachableException) {
            return e;
        }
        SocketException s = new SocketException("sending a datagram of " + length + " bytes to " + Net.format(to)
                + " failed: " + e.getMessage());
        s.initCause(e);
        return s;
    }

    private void writeReady() {
        while (!buffer.isEmpty()) {
            Pending p = buffer.peek();
            int length = p.data().remaining();
            try {
                if (!send(p.data(), p.addr())) {
                    return;
                }
            } catch (IOException e) {
                errorReceived(withAddress(e, p.addr(), length));
            }
            buffer.poll();
            bufferSize -= length;
        }
        selector.removeWriter(channel);
        if (paused && bufferSize <= low) {
            paused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable e) {
                loop.callExceptionHandler(new ExceptionContext("protocol.resumeWriting() failed", e, null, null));
            }
        }
        if (closing) {
            lose(null);
        }
    }

    @Override
    public void close() {
        dev.corio.internal.IoStep.checkThread(loop, "close");
        if (closing) {
            return;
        }
        closing = true;
        selector.removeReader(channel);
        if (buffer.isEmpty()) {
            lose(null);
        }
    }

    @Override
    public void abort() {
        dev.corio.internal.IoStep.checkThread(loop, "abort");
        buffer.clear();
        bufferSize = 0;
        closing = true;
        lose(null);
    }

    private void fatal(Throwable e, String message) {
        loop.callExceptionHandler(new ExceptionContext(message, e, null, null));
        buffer.clear();
        bufferSize = 0;
        closing = true;
        lose(e);
    }

    private void lose(Throwable exc) {
        if (lost) {
            return;
        }
        lost = true;
        loop.callSoon(() -> {
            try {
                protocol.connectionLost(exc);
            } finally {
                Net.closeQuietly(loop, channel);
            }
        });
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public long getWriteBufferSize() {
        return bufferSize;
    }

    @Override
    public Object getExtraInfo(String name) {
        switch (name) {
            case "sockname":
                try {
                    return channel.getLocalAddress();
                } catch (IOException e) {
                    return null;
                }
            case "peername":
                return peer;
            case "socket":
                return channel;
            default:
                return null;
        }
    }

    @Override
    public DatagramProtocol getProtocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "DatagramTransport[" + (lost ? "closed" : closing ? "closing" : "open") + ", local="
                + getExtraInfo("sockname") + (peer != null ? ", peer=" + peer : "") + "]";
    }
}
