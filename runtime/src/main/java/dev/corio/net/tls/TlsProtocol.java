package dev.corio.net.tls;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.TimerHandle;
import dev.corio.net.BufferedProtocol;
import dev.corio.net.Protocol;
import dev.corio.net.Transport;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * asyncio's {@code sslproto.SSLProtocol}: TLS as a {@link Protocol} between a socket's transport and the
 * user's protocol. Toward the socket it is the protocol (it receives ciphertext and writes ciphertext);
 * toward the user's protocol it is a {@link Transport} ({@link #appTransport()}), which sees plaintext. The
 * cryptography is the JDK's {@link SSLEngine}; its delegated tasks (certificate checks) run on the loop
 * thread, as asyncio runs OpenSSL's.
 *
 * <p>States, as asyncio's: {@code UNWRAPPED} (not started), {@code HANDSHAKE} (the user's protocol knows
 * nothing yet), {@code WRAPPED} (its {@code connectionMade} ran: data flows), {@code SHUTDOWN} (our
 * close-notify is sent, the peer's awaited for at most the shutdown timeout), {@code CLOSED}.
 *
 * <p>Copies: the socket transport reads ciphertext straight into the engine's input buffer (a direct one: this
 * is a {@link BufferedProtocol}); the engine decrypts into the plaintext buffer, of which the user's protocol
 * gets a copy; writes are encrypted from the caller's array into the output buffer, which the socket
 * transport sends (and copies only what the socket does not take at once).
 *
 * <p>Flow control passes through: the socket transport's pause/resume-writing reaches the user's protocol,
 * and pausing the user's transport's reading pauses the socket's. Made by {@code Net.createConnection},
 * {@code Net.createServer}, {@code Net.startTls} and the {@code Streams} functions with {@link TlsOptions}
 * (through {@code dev.corio.internal.TlsLayers}: the factory is not API). The class is public because a
 * socket transport's {@code getProtocol()} may return it.
 */
public final class TlsProtocol implements BufferedProtocol {
    private enum State { UNWRAPPED, HANDSHAKE, WRAPPED, SHUTDOWN, CLOSED }

    private static final System.Logger LOG = System.getLogger("dev.corio.net.tls");
    /** Ciphertext is handed to the socket transport in chunks of about this size. */
    private static final int OUT_CHUNK = 64 * 1024;
    private static final ByteBuffer[] NOTHING = new ByteBuffer[0];

    private final EventLoop loop;
    private final TlsOptions options;
    private final String peerName;
    private final SSLEngine engine;
    private final AsyncFuture<Transport> waiter;
    private final boolean callConnectionMade;
    private final TlsTransport appTransport;
    private Protocol app;
    private Transport transport;
    private State state = State.UNWRAPPED;

    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    /** Plaintext written while the engine cannot take it (renegotiation, a post-handshake message). */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingSize;

    private boolean processing;
    private boolean readingPaused;
    private boolean appPausedWriting;
    private boolean socketPausedWriting;
    private boolean appConnected;
    private boolean appLost;
    private Throwable failure;
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;
    private boolean closeRequested;
    private int writesAfterClose;

    private TlsProtocol(EventLoop loop, Protocol app, TlsOptions options, String host, int port,
            AsyncFuture<Transport> waiter, boolean callConnectionMade) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.app = Objects.requireNonNull(app, "the protocol factory returned null");
        this.options = Objects.requireNonNull(options, "options");
        this.waiter = waiter;
        this.callConnectionMade = callConnectionMade;
        String name = options.serverHostname() != null ? options.serverHostname() : host;
        this.peerName = name == null ? "the peer" : name;
        if (options.isServerSide()) {
            engine = options.context().createSSLEngine();
            engine.setUseClientMode(false);
        } else {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("client-side TLS needs a host name to check the certificate "
                        + "against: give TlsOptions.withServerHostname(...)");
            }
            engine = options.context().createSSLEngine(name, port);
            engine.setUseClientMode(true);
        }
        SSLParameters p = engine.getSSLParameters();
        if (!options.isServerSide()) {
            if (options.isCheckHostname()) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!isIpLiteral(name)) {
                p.setServerNames(List.of(new SNIHostName(name)));
            }
        } else {
            switch (options.clientAuth()) {
                case NEED -> p.setNeedClientAuth(true);
                case WANT -> p.setWantClientAuth(true);
                default -> {
                }
            }
        }
        if (!options.alpn().isEmpty()) {
            p.setApplicationProtocols(options.alpn().toArray(new String[0]));
        }
        engine.setSSLParameters(p);
        int packet = engine.getSession().getPacketBufferSize();
        int appSize = engine.getSession().getApplicationBufferSize();
        // direct: the socket reads into it without the JDK's bounce through a temporary direct buffer; two
        // records' room, so that a read is not cut short by the partial record left from the previous one
        netIn = ByteBuffer.allocateDirect(2 * packet);
        appIn = ByteBuffer.allocate(Math.max(OUT_CHUNK, appSize) + appSize);
        netOut = ByteBuffer.allocate(OUT_CHUNK + packet);
        appTransport = new TlsTransport(this);
    }

    /**
     * A client-side layer for a connection to {@code host:port} (the name is checked against the certificate
     * and sent as SNI unless the options name another), or a server-side one if the options are a server's
     * ({@code host} and {@code port} are then ignored). {@code waiter} (if any) gets the user's transport once
     * the handshake is done, or fails with why it failed. Without {@code callConnectionMade} the user's
     * protocol does not get {@code connectionMade} (start-TLS: it was connected before).
     */
    static TlsProtocol create(EventLoop loop, Protocol app, TlsOptions options, String host, int port,
            AsyncFuture<Transport> waiter, boolean callConnectionMade) {
        return new TlsProtocol(loop, app, options, host, port, waiter, callConnectionMade);
    }

    static { // dev.corio.net builds layers through dev.corio.internal.TlsLayers: create is not public
        dev.corio.internal.TlsLayers.install(new Layers());
    }

    /** The factory, for dev.corio.net (see {@link dev.corio.internal.TlsLayers}). */
    private static final class Layers extends dev.corio.internal.TlsLayers {
        @Override
        protected TlsProtocol newLayer(EventLoop loop, Protocol app, TlsOptions options, String host, int port,
                AsyncFuture<Transport> waiter, boolean callConnectionMade) {
            return new TlsProtocol(loop, app, options, host, port, waiter, callConnectionMade);
        }
    }

    /** The transport the user's protocol writes plaintext to. */
    public Transport appTransport() {
        return appTransport;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    // ------------------------------------------------------------------ socket side

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        state = State.HANDSHAKE;
        handshakeTimer = loop.callLater(options.handshakeTimeout(), this::handshakeTimedOut);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fatal(e);
            return;
        }
        process();
    }

    @Override
    public void dataReceived(byte[] data) {
        if (state == State.CLOSED || state == State.UNWRAPPED) {
            return;
        }
        if (netIn.remaining() < data.length) {
            growNetIn(Math.max(netIn.capacity() * 2, netIn.position() + data.length));
        }
        netIn.put(data);
        process();
    }

    /** The socket transport reads the ciphertext into the engine's input buffer, from its position. */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        if (!netIn.hasRemaining()) {
            growNetIn(netIn.capacity() * 2);
        }
        return netIn;
    }

    @Override
    public void bufferUpdated(int nbytes) {
        if (state == State.CLOSED || state == State.UNWRAPPED) {
            netIn.clear(); // as dataReceived: nothing to do with ciphertext once the session is over
            return;
        }
        process();
    }

    /** Replaces the engine's input buffer by one of {@code capacity} bytes holding what it held. */
    private void growNetIn(int capacity) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(capacity);
        netIn.flip();
        bigger.put(netIn);
        netIn = bigger;
    }

    @Override
    public boolean eofReceived() {
        // a TCP FIN: without the peer's close-notify first, the peer did not end TLS properly
        switch (state) {
            case HANDSHAKE -> fatal(new SocketException("the connection was closed by " + describePeer()
                    + " during the TLS handshake"));
            case WRAPPED -> {
                try {
                    engine.closeInbound();
                } catch (SSLException truncated) {
                    // no close-notify before the FIN: asyncio passes this on as a plain EOF too
                    LOG.log(System.Logger.Level.DEBUG, "TLS connection to " + describePeer()
                            + " ended without close-notify", truncated);
                }
                callAppEof();
                startShutdown();
            }
            case SHUTDOWN -> finishShutdown();
            default -> {
            }
        }
        return true; // we close the transport ourselves, after our close-notify
    }

    @Override
    public void connectionLost(Throwable exc) {
        boolean peerClosedCleanly = state == State.SHUTDOWN && engine.isInboundDone() && failure == null;
        state = State.CLOSED;
        cancelTimers();
        // after the peer's close-notify the session ended well: a peer that closed its socket at once makes
        // sending our close-notify fail (a broken pipe, a reset), which is no error of the connection's
        Throwable why = failure != null ? failure : peerClosedCleanly ? null : exc;
        if (waiter != null && !waiter.isDone()) {
            waiter.setException(why != null ? why : new SocketException("the connection to " + describePeer()
                    + " was lost during the TLS handshake"));
        }
        if (appConnected && !appLost) {
            appLost = true;
            app.connectionLost(why);
        }
    }

    @Override
    public void pauseWriting() {
        socketPausedWriting = true;
        updateAppFlow();
    }

    @Override
    public void resumeWriting() {
        socketPausedWriting = false;
        updateAppFlow();
    }

    // ------------------------------------------------------------------ the engine

    /** Runs the engine over what came in and what waits to go out, as far as it goes now. */
    private void process() {
        if (processing) {
            return; // re-entered from a callback of the user's protocol: the outer call goes on
        }
        processing = true;
        try {
            step();
        } catch (SSLException e) {
            fatal(e);
        } finally {
            processing = false;
        }
    }

    private void step() throws SSLException {
        while (state == State.HANDSHAKE || state == State.WRAPPED || state == State.SHUTDOWN) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = wrap(NOTHING);
                flushNetOut();
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    handshakeDone();
                }
                if (r.getStatus() == SSLEngineResult.Status.OK && r.bytesProduced() == 0
                        && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    throw new SSLException("the TLS engine asks to wrap but produces nothing (" + r + ")");
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    if (state == State.SHUTDOWN && engine.isInboundDone()) {
                        finishShutdown();
                        return;
                    }
                    if (r.bytesProduced() == 0 || state != State.SHUTDOWN) {
                        return;
                    }
                }
                continue;
            }
            if (state == State.HANDSHAKE && hs == HandshakeStatus.NOT_HANDSHAKING) {
                handshakeDone();
                continue;
            }
            if (state == State.WRAPPED && !pending.isEmpty()) {
                flushPending();
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    continue;
                }
            }
            if (state == State.WRAPPED && readingPaused) {
                return;
            }
            if (!unwrapOnce()) {
                return;
            }
        }
    }

    /** One unwrap of what is in {@code netIn}; whether it made progress (so another step may). */
    private boolean unwrapOnce() throws SSLException {
        if (netIn.position() == 0) {
            deliver();
            if (state == State.SHUTDOWN && engine.isInboundDone()) {
                finishShutdown();
            }
            return false;
        }
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone();
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                int packet = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() < packet) {
                    growNetIn(packet);
                }
                deliver();
                return false; // a partial record: wait for the rest
            }
            case BUFFER_OVERFLOW -> {
                if (appIn.position() > 0) {
                    deliver();
                } else {
                    appIn = ByteBuffer.allocate(appIn.capacity() + engine.getSession().getApplicationBufferSize());
                }
                return true;
            }
            case CLOSED -> {
                deliver();
                // the peer's close-notify
                if (state == State.WRAPPED) {
                    callAppEof();
                    startShutdown();
                } else if (state == State.SHUTDOWN) {
                    finishShutdown();
                } else if (state == State.HANDSHAKE) {
                    fatal(new SSLHandshakeException(describePeer() + " closed the TLS session during the handshake"));
                }
                return false;
            }
            default -> {
                if (appIn.remaining() < engine.getSession().getApplicationBufferSize()) {
                    deliver();
                }
                HandshakeStatus after = r.getHandshakeStatus();
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || after == HandshakeStatus.NEED_WRAP
                        || after == HandshakeStatus.NEED_TASK || after == HandshakeStatus.FINISHED;
            }
        }
    }

    /** Hands the plaintext in {@code appIn} to the user's protocol (dropped once we are shutting down). */
    private void deliver() {
        if (appIn.position() == 0) {
            return;
        }
        byte[] data = new byte[appIn.position()];
        appIn.flip();
        appIn.get(data);
        appIn.clear();
        if (state == State.WRAPPED && appConnected) {
            app.dataReceived(data);
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        while (true) {
            makeRoomInNetOut();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                flushNetOut();
                continue;
            }
            return r;
        }
    }

    private void makeRoomInNetOut() {
        if (netOut.remaining() < engine.getSession().getPacketBufferSize()) {
            flushNetOut();
            if (netOut.remaining() < engine.getSession().getPacketBufferSize()) {
                netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() + OUT_CHUNK);
            }
        }
    }

    private SSLEngineResult wrap(ByteBuffer[] src) throws SSLException {
        while (true) {
            makeRoomInNetOut();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                flushNetOut();
                continue;
            }
            return r;
        }
    }

    /** Hands the ciphertext in {@code netOut} to the socket transport (which copies what it cannot send). */
    private void flushNetOut() {
        if (netOut.position() == 0) {
            return;
        }
        if (transport != null && !transport.isClosing()) {
            transport.write(netOut.array(), 0, netOut.position());
        }
        netOut.clear();
    }

    /** Encrypts the plaintext queued by the user's writes, as far as the engine takes it now. */
    private void flushPending() throws SSLException {
        while (!pending.isEmpty()) {
            // the usual case is one buffer (a write encrypted at once): no array of them to make
            SSLEngineResult r = pending.size() == 1 ? wrap(pending.peekFirst()) : wrap(pending.toArray(NOTHING));
            pendingSize -= r.bytesConsumed();
            while (!pending.isEmpty() && !pending.peekFirst().hasRemaining()) {
                pending.pollFirst();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                pending.clear();
                pendingSize = 0;
                break;
            }
            if (r.bytesConsumed() == 0) {
                break; // the engine is handshaking: the rest goes once it is done
            }
            if (netOut.position() >= OUT_CHUNK) {
                flushNetOut();
            }
        }
        flushNetOut();
        updateAppFlow();
    }

    private void handshakeDone() {
        if (state != State.HANDSHAKE) {
            return;
        }
        state = State.WRAPPED;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (callConnectionMade) {
            appConnected = true;
            app.connectionMade(appTransport);
        } else {
            appConnected = true;
        }
        if (waiter != null && !waiter.isDone()) {
            waiter.setResult(appTransport);
        }
        if (socketPausedWriting) {
            updateAppFlow();
        }
    }

    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (state != State.HANDSHAKE) {
            return;
        }
        SocketTimeoutException e = new SocketTimeoutException("TLS handshake with " + describePeer()
                + " is taking longer than " + options.handshakeTimeout() + " seconds: aborting the connection");
        failure = e;
        if (waiter != null && !waiter.isDone()) {
            waiter.setException(e);
        }
        if (options.isServerSide()) {
            LOG.log(System.Logger.Level.DEBUG, e.getMessage());
        }
        transport.abort();
    }

    // ------------------------------------------------------------------ the user's transport

    void appWrite(byte[] data, int offset, int length) {
        if (closeRequested || state == State.SHUTDOWN || state == State.CLOSED) {
            if (++writesAfterClose == 5) {
                LOG.log(System.Logger.Level.WARNING, "TLS connection to " + describePeer() + " is closed: writes ignored");
            }
            return; // asyncio ignores writes to a closed TLS transport (warning once they repeat)
        }
        if (pending.isEmpty() && state == State.WRAPPED) {
            // the common case: encrypted at once, no copy of the plaintext kept
            ByteBuffer src = ByteBuffer.wrap(data, offset, length);
            pending.add(src);
            pendingSize += length;
            try {
                flushPending();
            } catch (SSLException e) {
                fatal(e);
                return;
            }
            if (!pending.isEmpty()) {
                // the engine took part of it (it is handshaking again): keep a copy, the caller may reuse its array
                pending.clear();
                byte[] rest = new byte[src.remaining()];
                src.get(rest);
                pending.add(ByteBuffer.wrap(rest));
            }
        } else {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            pending.add(ByteBuffer.wrap(copy));
            pendingSize += length;
        }
        updateAppFlow();
    }

    long writeBufferSize() {
        return pendingSize + (transport == null ? 0 : transport.getWriteBufferSize());
    }

    /** The user's protocol is paused while the socket transport is (its buffer is above the high mark). */
    private void updateAppFlow() {
        if (!appConnected || appLost) {
            return;
        }
        boolean shouldPause = socketPausedWriting
                || pendingSize > transport.getWriteBufferLimits().high();
        if (shouldPause && !appPausedWriting) {
            appPausedWriting = true;
            app.pauseWriting();
        } else if (!shouldPause && appPausedWriting) {
            appPausedWriting = false;
            app.resumeWriting();
        }
    }

    void pauseReading() {
        if (readingPaused) {
            return;
        }
        readingPaused = true;
        transport.pauseReading();
    }

    void resumeReading() {
        if (!readingPaused) {
            return;
        }
        readingPaused = false;
        transport.resumeReading();
        loop.callSoon(this::process); // what came in before the pause and was not delivered yet
    }

    boolean isReading() {
        return !readingPaused && state == State.WRAPPED && !closeRequested;
    }

    boolean isClosing() {
        return closeRequested || state == State.SHUTDOWN || state == State.CLOSED;
    }

    /** The user's transport's close: the pending plaintext goes out, then our close-notify. */
    void appClose() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        if (state == State.HANDSHAKE || state == State.UNWRAPPED) {
            transport.abort();
            return;
        }
        startShutdown();
    }

    void appAbort() {
        closeRequested = true;
        if (transport != null) {
            transport.abort();
        }
    }

    private void startShutdown() {
        if (state != State.WRAPPED) {
            return;
        }
        try {
            flushPending();
            state = State.SHUTDOWN;
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                if (wrap(NOTHING).bytesProduced() == 0) {
                    break;
                }
            }
            flushNetOut(); // our close-notify
        } catch (SSLException e) {
            fatal(e);
            return;
        }
        if (state == State.SHUTDOWN) {
            if (engine.isInboundDone()) {
                finishShutdown();
            } else {
                shutdownTimer = loop.callLater(options.shutdownTimeout(), () -> {
                    shutdownTimer = null;
                    if (state == State.SHUTDOWN) {
                        LOG.log(System.Logger.Level.DEBUG, "no close-notify from " + describePeer() + " within "
                                + options.shutdownTimeout() + " s: closing the connection");
                        transport.abort();
                    }
                });
            }
        }
    }

    private void finishShutdown() {
        if (state != State.SHUTDOWN) {
            return;
        }
        flushNetOut();
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
        transport.close(); // flushes what is buffered (our close-notify), then connectionLost(null)
    }

    private void callAppEof() {
        if (appConnected && !appLost) {
            app.eofReceived(); // over TLS a half-open connection is not kept: the result does not matter
        }
    }

    private void cancelTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
    }

    /**
     * A TLS error: the waiter (or the user's {@code connectionLost}) gets an exception naming the peer and
     * the reason; the engine's alert, if it has one, is sent before the socket is closed.
     */
    private void fatal(Throwable e) {
        if (state == State.CLOSED) {
            return;
        }
        boolean handshaking = state == State.HANDSHAKE || state == State.UNWRAPPED;
        Throwable named = handshaking ? handshakeError(e) : e;
        if (failure == null) {
            failure = named;
        }
        if (waiter != null && !waiter.isDone()) {
            waiter.setException(named);
        }
        if (handshaking && options.isServerSide()) {
            LOG.log(System.Logger.Level.DEBUG, named.getMessage(), e);
        }
        state = State.SHUTDOWN;
        try {
            engine.closeOutbound();
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                wrap(NOTHING); // the alert telling the peer why
            }
        } catch (SSLException | RuntimeException ignored) {
            // no alert to send: the socket closes all the same
        }
        flushNetOut();
        state = State.CLOSED;
        cancelTimers();
        if (transport != null) {
            transport.close(); // the user's connectionLost(named) follows, from the socket's connectionLost
        }
    }

    private Throwable handshakeError(Throwable e) {
        if (e instanceof SocketTimeoutException || e instanceof SocketException) {
            return e;
        }
        String reason = e.getMessage();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateException) {
                reason = "the certificate was rejected: " + c.getMessage();
                break;
            }
        }
        SSLHandshakeException named = new SSLHandshakeException("TLS handshake with " + describePeer()
                + " failed: " + reason);
        named.initCause(e);
        return named;
    }

    private String describePeer() {
        Object peer = transport == null ? null : transport.getExtraInfo("peername");
        if (options.isServerSide()) {
            return peer != null ? "client " + format(peer) : "the client";
        }
        return peer != null ? peerName + " (" + format(peer) + ")" : peerName;
    }

    private static String format(Object peer) {
        if (peer instanceof java.net.InetSocketAddress a && a.getAddress() != null) {
            InetAddress ad = a.getAddress();
            String h = ad.getHostAddress();
            return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
        }
        return String.valueOf(peer);
    }

    // ------------------------------------------------------------------ information

    Object extraInfo(String name) {
        switch (name) {
            case "sslcontext":
                return options.context();
            case "ssl_object":
                return engine;
            case "peercert":
                try {
                    return state == State.WRAPPED || state == State.SHUTDOWN
                            ? engine.getSession().getPeerCertificates() : null;
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    return null;
                }
            case "cipher":
                return state == State.HANDSHAKE || state == State.UNWRAPPED ? null : engine.getSession().getCipherSuite();
            case "tls_version":
                return state == State.HANDSHAKE || state == State.UNWRAPPED ? null : engine.getSession().getProtocol();
            case "alpn_protocol": {
                String p = engine.getApplicationProtocol();
                return p == null || p.isEmpty() ? null : p;
            }
            default:
                return transport == null ? null : transport.getExtraInfo(name);
        }
    }

    Protocol app() {
        return app;
    }

    void setApp(Protocol protocol) {
        this.app = Objects.requireNonNull(protocol, "protocol");
    }

    Transport socketTransport() {
        return transport;
    }

    EventLoop loop() {
        return loop;
    }

    @Override
    public String toString() {
        return "TlsProtocol[" + state + ", " + (options.isServerSide() ? "server" : "client") + ", " + describePeer()
                + "]";
    }
}
