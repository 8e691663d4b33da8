package dev.corio.internal;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.net.Protocol;
import dev.corio.net.Transport;
import dev.corio.net.tls.TlsOptions;
import dev.corio.net.tls.TlsProtocol;

/**
 * How {@code dev.corio.net} builds the TLS layer of {@code dev.corio.net.tls} ({@code TlsProtocol}'s
 * package-private factory), so that the factory is not public: users get a TLS connection from
 * {@code Net.createConnection}, {@code Net.createServer}, {@code Net.startTls} and the {@code Streams}
 * functions. Installed when {@code TlsProtocol} is initialized, as {@link CoreAccess} is by the loop. Not API
 * (see the package documentation).
 */
public abstract class TlsLayers {
    private static volatile TlsLayers instance;

    protected TlsLayers() {
    }

    /** Installs the implementation; once, by {@code dev.corio.net.tls} (a second call throws). */
    public static void install(TlsLayers layers) {
        synchronized (TlsLayers.class) {
            if (instance != null) {
                throw new IllegalStateException("TlsLayers is installed already");
            }
            instance = layers;
        }
    }

    /**
     * A client-side layer for a connection to {@code host:port}, or a server-side one if the options are a
     * server's; see {@code TlsProtocol}'s factory for the arguments.
     */
    public static TlsProtocol create(EventLoop loop, Protocol app, TlsOptions options, String host, int port,
            AsyncFuture<Transport> waiter, boolean callConnectionMade) {
        TlsLayers l = instance;
        if (l == null) {
            try { // initializing TlsProtocol installs it
                Class.forName(TlsProtocol.class.getName(), true, TlsProtocol.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            l = instance;
        }
        return l.newLayer(loop, app, options, host, port, waiter, callConnectionMade);
    }

    /** The implementation of {@link #create}. */
    protected abstract TlsProtocol newLayer(EventLoop loop, Protocol app, TlsOptions options, String host, int port,
            AsyncFuture<Transport> waiter, boolean callConnectionMade);
}
