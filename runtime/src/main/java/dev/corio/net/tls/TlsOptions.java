package dev.corio.net.tls;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a connection speaks TLS: asyncio's {@code ssl=} argument (an {@code ssl.SSLContext}) with
 * {@code server_hostname=}, {@code ssl_handshake_timeout=} and {@code ssl_shutdown_timeout=}, in one
 * immutable value. Made by {@link #client()} (the JDK's default context: the certificate chain is verified
 * against the default trust store and the host name against the certificate) or {@link #server(SSLContext)}
 * (a context with the server's key), then refined with the {@code with...} methods, each of which returns a
 * copy.
 *
 * <pre>{@code
 * TlsOptions.client()                                   // verify chain and host name (asyncio's default)
 * TlsOptions.client(myContext).withAlpn("h2", "http/1.1")
 * TlsOptions.server(serverContext).withHandshakeTimeout(10)
 * }</pre>
 */
public final class TlsOptions {
    /** asyncio's {@code constants.SSL_HANDSHAKE_TIMEOUT}, in seconds. */
    public static final double DEFAULT_HANDSHAKE_TIMEOUT = 60.0;
    /** asyncio's {@code constants.SSL_SHUTDOWN_TIMEOUT}, in seconds. */
    public static final double DEFAULT_SHUTDOWN_TIMEOUT = 30.0;

    /** Whether a server asks the client for a certificate. */
    public enum ClientAuth {
        /** The client is not asked (the default). */
        NONE,
        /** The client is asked; the handshake goes on without one. */
        WANT,
        /** The client must present a certificate its trust managers accept. */
        NEED
    }

    private final SSLContext context;
    private final boolean serverSide;
    private final String serverHostname;
    private final boolean checkHostname;
    private final List<String> alpn;
    private final double handshakeTimeout;
    private final double shutdownTimeout;
    private final ClientAuth clientAuth;

    private TlsOptions(SSLContext context, boolean serverSide, String serverHostname, boolean checkHostname,
            List<String> alpn, double handshakeTimeout, double shutdownTimeout, ClientAuth clientAuth) {
        this.context = context;
        this.serverSide = serverSide;
        this.serverHostname = serverHostname;
        this.checkHostname = checkHostname;
        this.alpn = alpn;
        this.handshakeTimeout = handshakeTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.clientAuth = clientAuth;
    }

    /**
     * Client options on the JDK's default context ({@link SSLContext#getDefault()}): the server's chain is
     * verified against the default trust store, and its certificate must name the host (endpoint
     * identification "HTTPS"), as {@code ssl.create_default_context()} does.
     */
    public static TlsOptions client() {
        try {
            return client(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Client options on {@code context} (its trust managers decide which chains are accepted); the host name
     * is checked against the certificate unless {@link #withCheckHostname(boolean) turned off}.
     */
    public static TlsOptions client(SSLContext context) {
        Objects.requireNonNull(context, "context");
        return new TlsOptions(context, false, null, true, List.of(), DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_SHUTDOWN_TIMEOUT, ClientAuth.NONE);
    }

    /** Server options on {@code context}, which must hold the server's key and certificate chain. */
    public static TlsOptions server(SSLContext context) {
        Objects.requireNonNull(context, "context");
        return new TlsOptions(context, true, null, false, List.of(), DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_SHUTDOWN_TIMEOUT, ClientAuth.NONE);
    }

    /**
     * The name the client sends as server name indication and checks the certificate against (asyncio's
     * {@code server_hostname}); by default the host the connection was opened to. An IP literal is checked
     * against the certificate's IP addresses and sent as no SNI.
     *
     * @throws IllegalStateException on server options
     */
    public TlsOptions withServerHostname(String serverHostname) {
        Objects.requireNonNull(serverHostname, "serverHostname");
        if (serverSide) {
            throw new IllegalStateException("serverHostname is for clients only (asyncio: server_hostname is only "
                    + "meaningful with client-side TLS)");
        }
        return new TlsOptions(context, serverSide, serverHostname, checkHostname, alpn, handshakeTimeout,
                shutdownTimeout, clientAuth);
    }

    /**
     * Whether the client checks that the certificate names the host (asyncio's {@code check_hostname}; on by
     * default). Off, any certificate the trust managers accept will do, whoever it was issued to.
     */
    public TlsOptions withCheckHostname(boolean check) {
        return new TlsOptions(context, serverSide, serverHostname, check, alpn, handshakeTimeout, shutdownTimeout,
                clientAuth);
    }

    /**
     * The application protocols offered (client) or accepted (server) through ALPN, in order of preference
     * (asyncio: {@code context.set_alpn_protocols}). After the handshake, the one chosen is the transport's
     * {@code getExtraInfo("alpn_protocol")}, {@code null} if none was.
     */
    public TlsOptions withAlpn(String... protocols) {
        List<String> list = List.of(protocols);
        for (String p : list) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("an ALPN protocol name cannot be empty");
            }
        }
        return new TlsOptions(context, serverSide, serverHostname, checkHostname, list, handshakeTimeout,
                shutdownTimeout, clientAuth);
    }

    /**
     * Seconds the handshake may take before the connection is aborted with a
     * {@link java.net.SocketTimeoutException} (asyncio's {@code ssl_handshake_timeout}, 60 by default).
     */
    public TlsOptions withHandshakeTimeout(double seconds) {
        checkTimeout("handshakeTimeout", seconds);
        return new TlsOptions(context, serverSide, serverHostname, checkHostname, alpn, seconds, shutdownTimeout,
                clientAuth);
    }

    /**
     * Seconds a close waits for the peer's close-notify after sending its own before it closes the socket
     * anyway (asyncio's {@code ssl_shutdown_timeout}, 30 by default).
     */
    public TlsOptions withShutdownTimeout(double seconds) {
        checkTimeout("shutdownTimeout", seconds);
        return new TlsOptions(context, serverSide, serverHostname, checkHostname, alpn, handshakeTimeout, seconds,
                clientAuth);
    }

    /**
     * Whether a server asks clients for certificates.
     *
     * @throws IllegalStateException on client options
     */
    public TlsOptions withClientAuth(ClientAuth auth) {
        Objects.requireNonNull(auth, "auth");
        if (!serverSide) {
            throw new IllegalStateException("clientAuth is for servers only");
        }
        return new TlsOptions(context, serverSide, serverHostname, checkHostname, alpn, handshakeTimeout,
                shutdownTimeout, auth);
    }

    private static void checkTimeout(String name, double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(name + " must be a positive number of seconds: " + seconds);
        }
    }

    /** The context engines are made from. */
    public SSLContext context() {
        return context;
    }

    /** Whether these are server options. */
    public boolean isServerSide() {
        return serverSide;
    }

    /** The server name set with {@link #withServerHostname}, or {@code null} (the connection's host). */
    public String serverHostname() {
        return serverHostname;
    }

    /** Whether the client checks the host name (asyncio's {@code SSLContext.check_hostname}). */
    public boolean isCheckHostname() {
        return checkHostname;
    }

    /** The ALPN protocols, empty if none. */
    public List<String> alpn() {
        return alpn;
    }

    /** The handshake timeout in seconds. */
    public double handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The shutdown timeout in seconds. */
    public double shutdownTimeout() {
        return shutdownTimeout;
    }

    /** Whether a server asks for client certificates. */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    @Override
    public String toString() {
        return "TlsOptions[" + (serverSide ? "server" : "client") + ", " + context.getProtocol()
                + (serverHostname != null ? ", serverHostname=" + serverHostname : "")
                + (serverSide ? "" : ", checkHostname=" + checkHostname)
                + (alpn.isEmpty() ? "" : ", alpn=" + alpn) + ", handshakeTimeout=" + handshakeTimeout + "s]";
    }
}
