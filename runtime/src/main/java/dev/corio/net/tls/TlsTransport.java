package dev.corio.net.tls;

import dev.corio.internal.IoStep;
import dev.corio.net.Protocol;
import dev.corio.net.Transport;
import dev.corio.net.WriteBufferLimits;
import java.util.List;
import java.util.Objects;

/**
 * asyncio's {@code _SSLProtocolTransport}: the {@link Transport} the user's protocol sees over TLS. Writes
 * are plaintext, encrypted at once by its {@link TlsProtocol} and handed to the socket's transport; close
 * sends close-notify. Half-close is not supported (asyncio's rule for TLS): {@link #canWriteEof()} is false.
 */
final class TlsTransport implements Transport {
    private final TlsProtocol tls;

    TlsTransport(TlsProtocol tls) {
        this.tls = tls;
    }

    private void check(String what) {
        IoStep.checkThread(tls.loop(), what);
    }

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        check("write");
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) {
            return;
        }
        tls.appWrite(data, offset, length);
    }

    @Override
    public void writelines(List<byte[]> data) {
        for (byte[] d : data) {
            write(d);
        }
    }

    /** @throws UnsupportedOperationException always: TLS transports do not half-close (as in asyncio) */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a TLS transport cannot half-close (writeEof): close() it, which "
                + "sends close-notify");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        check("close");
        tls.appClose();
    }

    @Override
    public void abort() {
        check("abort");
        tls.appAbort();
    }

    @Override
    public boolean isClosing() {
        return tls.isClosing();
    }

    @Override
    public void pauseReading() {
        check("pauseReading");
        tls.pauseReading();
    }

    @Override
    public void resumeReading() {
        check("resumeReading");
        tls.resumeReading();
    }

    @Override
    public boolean isReading() {
        return tls.isReading();
    }

    /** The socket transport's marks: the ciphertext is buffered there. */
    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        check("setWriteBufferLimits");
        tls.socketTransport().setWriteBufferLimits(high, low);
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return tls.socketTransport().getWriteBufferLimits();
    }

    /** Plaintext not yet encrypted plus ciphertext not yet sent. */
    @Override
    public long getWriteBufferSize() {
        return tls.writeBufferSize();
    }

    /**
     * The socket's information ({@code "peername"}, {@code "sockname"}, {@code "socket"}) and TLS's:
     * {@code "sslcontext"} (the {@link javax.net.ssl.SSLContext}), {@code "ssl_object"} (the
     * {@link javax.net.ssl.SSLEngine}), {@code "peercert"} (the peer's {@link java.security.cert.Certificate}
     * chain, {@code null} if it sent none), {@code "cipher"} (the suite's name), {@code "tls_version"}
     * ({@code "TLSv1.3"}), {@code "alpn_protocol"} (the protocol ALPN chose, {@code null} if none).
     */
    @Override
    public Object getExtraInfo(String name) {
        return tls.extraInfo(name);
    }

    @Override
    public Protocol getProtocol() {
        return tls.app();
    }

    @Override
    public void setProtocol(Protocol protocol) {
        check("setProtocol");
        tls.setApp(protocol);
    }

    @Override
    public String toString() {
        return "TlsTransport[" + tls + "]";
    }
}
