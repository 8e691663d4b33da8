package dev.corio.sample.http;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.Corio.waitFor;

import dev.corio.Coroutine;
import dev.corio.TimeoutError;
import dev.corio.annotation.Async;
import dev.corio.net.LimitOverrunError;
import dev.corio.net.ReaderAndWriter;
import dev.corio.net.StreamReader;
import dev.corio.net.Streams;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small HTTP/1.1 client on Corio's own streams ({@link Streams#openConnection}), enough for the Hacker
 * News API: {@code GET} over plain {@code http://}, keep-alive connections reused through a small pool per
 * host ({@link ConnectionPool}), bodies delimited by {@code Content-Length}, by chunked transfer coding, or
 * by the server closing the connection. Each {@link #get} runs under a timeout on the loop's clock
 * ({@link dev.corio.Corio#waitFor}); every failure is an {@link HttpFetchException} naming the URL and the
 * cause. No TLS, no redirects, no request bodies: aiohttp's job, not this sample's.
 *
 * <p>Create one with {@link #create}; its coroutines run on whichever loop awaits them (loop thread only).
 * Its connections belong to that loop ({@link ConnectionPool}); {@link #close} closes the idle ones.
 */
public class CorioHttpClient implements AutoCloseable {
    /** Idle connections kept per host by default: enough for one level of a comment tree to reuse them. */
    public static final int DEFAULT_MAX_IDLE_PER_HOST = 8;
    /** The longest body accepted (the API's documents are a few KiB); a longer one is a protocol error. */
    static final int MAX_BODY = 16 * 1024 * 1024;
    /** The most header lines accepted in one answer. */
    static final int MAX_HEADERS = 100;

    private final ConnectionPool pool;
    private final double timeoutSeconds;
    private int opened;

    /** Use {@link #create}: the processor's subclass {@code Corio_CorioHttpClient} runs the coroutines. */
    protected CorioHttpClient(Duration timeout, int maxIdlePerHost) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
        this.timeoutSeconds = timeout.toNanos() / 1e9;
        this.pool = new ConnectionPool(maxIdlePerHost);
    }

    /** A client whose requests each take at most {@code timeout} of loop time, keeping a small pool per host. */
    public static CorioHttpClient create(Duration timeout, int maxIdlePerHost) {
        return new Corio_CorioHttpClient(timeout, maxIdlePerHost);
    }

    public static CorioHttpClient create(Duration timeout) {
        return create(timeout, DEFAULT_MAX_IDLE_PER_HOST);
    }

    /**
     * Fetches {@code url} ({@code http://host[:port]/path[?query]}): the answer whatever its status, or an
     * {@link HttpFetchException} when there is none (unknown host, refused connection, the timeout, a broken
     * or malformed answer). A connection from the pool that the server closed meanwhile is replaced once,
     * transparently (a GET may be sent again). Cancelling the coroutine closes the connection it was using.
     *
     * @throws IllegalArgumentException at once, for a URL that is not {@code http://} with a host
     */
    @Async
    public Coroutine<HttpResponse> get(String url) {
        URI uri = target(url);
        try {
            return result(await(waitFor(exchange(url, uri), timeoutSeconds), IOException.class));
        } catch (TimeoutError e) {
            SocketTimeoutException t = new SocketTimeoutException("no answer within " + seconds() + " seconds");
            t.initCause(e);
            throw new HttpFetchException(url, t);
        } catch (IOException e) {
            throw new HttpFetchException(url, e);
        } catch (LimitOverrunError e) {
            throw new HttpFetchException(url, new HttpProtocolException("a status or header line longer than "
                    + StreamReader.DEFAULT_LIMIT + " bytes", e));
        }
    }

    /** One request on a pooled connection, or on a new one when there is none or it turned out stale. */
    @Async
    Coroutine<HttpResponse> exchange(String url, URI uri) throws IOException {
        String origin = origin(uri);
        Connection pooled = pool.take(origin);
        if (pooled != null) {
            HttpResponse answer = await(request(pooled, uri, true), IOException.class);
            if (answer != null) {
                return result(answer);
            }
        }
        ReaderAndWriter rw = await(Streams.openConnection(uri.getHost(), port(uri)), IOException.class);
        opened++;
        Connection fresh = new Connection(origin, rw.reader(), rw.writer());
        return result(await(request(fresh, uri, false), IOException.class));
    }

    /**
     * Sends the request on {@code c} and reads the answer; the connection goes back to the pool when the
     * answer was complete and both sides keep it alive, and is closed otherwise (an error, a cancellation,
     * {@code Connection: close}, a body delimited by EOF). {@code null}: {@code c} came from the pool and the
     * server had closed it before answering (send again on a new connection).
     */
    @Async
    Coroutine<HttpResponse> request(Connection c, URI uri, boolean reused) throws IOException {
        boolean keep = false;
        try {
            c.writer.write(requestHead(uri));
            byte[] statusLine;
            try {
                await(c.writer.drain(), IOException.class);
                statusLine = await(c.reader.readline(), IOException.class);
            } catch (IOException e) {
                if (reused) {
                    return result(null); // reset while idle: not an answer to this request
                }
                throw e;
            }
            if (statusLine.length == 0) {
                if (reused) {
                    return result(null); // closed while idle
                }
                throw new EOFException("the server closed the connection without answering");
            }
            Status status = Status.parse(line(statusLine));
            Map<String, List<String>> headers = await(readHeaders(c.reader), IOException.class);
            while (status.code() >= 100 && status.code() < 200) { // 100 Continue and friends: skip to the answer
                statusLine = await(c.reader.readline(), IOException.class);
                if (statusLine.length == 0) {
                    throw new EOFException("the server closed the connection after an interim "
                            + status.code() + " answer");
                }
                status = Status.parse(line(statusLine));
                headers = await(readHeaders(c.reader), IOException.class);
            }
            byte[] body;
            boolean delimited = true;
            if (status.code() == 204 || status.code() == 304) {
                body = new byte[0];
            } else if (chunked(headers)) {
                body = await(readChunked(c.reader), IOException.class);
            } else {
                long length = contentLength(headers);
                if (length >= 0) {
                    body = length == 0 ? new byte[0] : await(c.reader.readexactly((int) length), IOException.class);
                } else {
                    delimited = false; // the body ends when the server closes the connection
                    body = await(readToEof(c.reader), IOException.class);
                }
            }
            c.answered++;
            keep = delimited && keepAlive(status, headers);
            return result(new HttpResponse(uri.toString(), status.code(), status.reason(), headers, body));
        } finally {
            if (keep) {
                pool.release(c);
            } else {
                c.close();
            }
        }
    }

    /** Header lines up to the empty one; names in lower case, values trimmed. */
    @Async
    static Coroutine<Map<String, List<String>>> readHeaders(StreamReader reader) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = 0;
        while (true) {
            byte[] raw = await(reader.readline(), IOException.class);
            if (raw.length == 0) {
                throw new EOFException("the server closed the connection in the headers");
            }
            String h = line(raw);
            if (h.isEmpty()) {
                return result(headers);
            }
            if (++count > MAX_HEADERS) {
                throw new HttpProtocolException("more than " + MAX_HEADERS + " header lines");
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new HttpProtocolException("bad header line: " + h);
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
        }
    }

    /** A chunked body: hex size lines (extensions ignored), each chunk followed by CRLF, trailers skipped. */
    @Async
    static Coroutine<byte[]> readChunked(StreamReader reader) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            byte[] raw = await(reader.readline(), IOException.class);
            if (raw.length == 0) {
                throw new EOFException("the server closed the connection in a chunked body");
            }
            int size = chunkSize(line(raw));
            if (size == 0) {
                await(readHeaders(reader), IOException.class); // the trailers: read past, not kept
                return result(body.toByteArray());
            }
            if (body.size() + (long) size > MAX_BODY) {
                throw new HttpProtocolException("a body longer than " + MAX_BODY + " bytes");
            }
            body.write(await(reader.readexactly(size), IOException.class));
            byte[] crlf = await(reader.readexactly(2), IOException.class);
            if (crlf[0] != '\r' || crlf[1] != '\n') {
                throw new HttpProtocolException("a chunk not followed by CRLF");
            }
        }
    }

    /** A body that ends at EOF (no Content-Length, not chunked), bounded by {@link #MAX_BODY}. */
    @Async
    static Coroutine<byte[]> readToEof(StreamReader reader) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            byte[] part = await(reader.read(64 * 1024), IOException.class);
            if (part.length == 0) {
                return result(body.toByteArray());
            }
            if (body.size() + (long) part.length > MAX_BODY) {
                throw new HttpProtocolException("a body longer than " + MAX_BODY + " bytes");
            }
            body.write(part);
        }
    }

    // ------------------------------------------------------------------ plain helpers

    /** Connections opened so far (tests: keep-alive reuses them). */
    public int connectionsOpened() {
        return opened;
    }

    /** Idle pooled connections to {@code url}'s host and port now (tests). */
    public int idleConnections(String url) {
        return pool.idle(origin(target(url)));
    }

    /** Closes the idle connections (see {@link ConnectionPool#closeAll}). */
    @Override
    public void close() {
        pool.closeAll();
    }

    private String seconds() {
        return timeoutSeconds == Math.rint(timeoutSeconds) ? String.valueOf((long) timeoutSeconds)
                : String.valueOf(timeoutSeconds);
    }

    static URI target(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getMessage() + ")", e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("CorioHttpClient fetches http://host[:port]/... URLs only, got " + url);
        }
        return uri;
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? 80 : uri.getPort();
    }

    private static String origin(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    }

    static byte[] requestHead(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
                + "User-Agent: corio-sample\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A line without its CRLF (or bare LF), as ISO-8859-1 (HTTP's header charset). */
    static String line(byte[] raw) {
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\n') {
            n--;
            if (n > 0 && raw[n - 1] == '\r') {
                n--;
            }
        }
        return new String(raw, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static boolean chunked(Map<String, List<String>> headers) {
        List<String> te = headers.get("transfer-encoding");
        if (te == null || te.isEmpty()) {
            return false;
        }
        String last = te.get(te.size() - 1);
        String[] codings = last.split(",");
        return codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
    }

    /** The Content-Length, or -1 when there is none; several different ones or a bad one: a protocol error. */
    static long contentLength(Map<String, List<String>> headers) throws HttpProtocolException {
        List<String> values = headers.get("content-length");
        if (values == null) {
            return -1;
        }
        long length = -1;
        for (String v : values) {
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new HttpProtocolException("bad Content-Length: " + v);
            }
            if (n < 0 || (length >= 0 && n != length)) {
                throw new HttpProtocolException("bad Content-Length: " + String.join(", ", values));
            }
            length = n;
        }
        if (length > MAX_BODY) {
            throw new HttpProtocolException("a body longer than " + MAX_BODY + " bytes (Content-Length " + length + ")");
        }
        return length;
    }

    static int chunkSize(String sizeLine) throws HttpProtocolException {
        int semi = sizeLine.indexOf(';');
        String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
        try {
            int size = Integer.parseInt(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new HttpProtocolException("bad chunk size line: " + sizeLine);
        }
    }

    /** HTTP/1.1 keeps the connection unless told {@code close}; HTTP/1.0 only when told {@code keep-alive}. */
    static boolean keepAlive(Status status, Map<String, List<String>> headers) {
        List<String> conn = headers.getOrDefault("connection", List.of());
        boolean close = false;
        boolean keep = false;
        for (String v : conn) {
            for (String token : v.split(",")) {
                close |= token.trim().equalsIgnoreCase("close");
                keep |= token.trim().equalsIgnoreCase("keep-alive");
            }
        }
        return !close && (status.version().equals("HTTP/1.1") || keep);
    }

    /** A status line: {@code HTTP/1.1 200 OK}. */
    record Status(String version, int code, String reason) {
        static Status parse(String line) throws HttpProtocolException {
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
                throw new HttpProtocolException("bad status line: " + line);
            }
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new HttpProtocolException("bad status line: " + line);
            }
            return new Status(parts[0], code, parts.length == 3 ? parts[2] : "");
        }
    }
}
