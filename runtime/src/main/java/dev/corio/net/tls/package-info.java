/**
 * TLS over the transports and streams of {@code dev.corio.net}, through {@link javax.net.ssl.SSLEngine}:
 * asyncio's {@code sslproto}. {@link dev.corio.net.tls.TlsOptions} says how (context, server name, ALPN,
 * timeouts); {@code Net.createConnection}, {@code Net.createServer}, {@code Streams.openConnection},
 * {@code Streams.startServer}, {@code Net.startTls} and {@code StreamWriter.startTls} take it.
 * {@link dev.corio.net.tls.TlsProtocol} is the layer itself. See docs/tls.md.
 */
package dev.corio.net.tls;
