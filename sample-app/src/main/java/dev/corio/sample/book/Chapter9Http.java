package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.Corio.waitFor;

import dev.corio.Coroutine;
import dev.corio.TimeoutError;
import dev.corio.annotation.Async;
import dev.corio.net.ReaderAndWriter;
import dev.corio.net.Server;
import dev.corio.net.StreamReader;
import dev.corio.net.StreamWriter;
import dev.corio.net.Streams;
import dev.corio.sample.cli.Env;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The book's chapter 9, "Writing a Simple HTTP Server": an {@code AsyncioHTTPHandler} on
 * {@code start_server} with GET routes, 404, 405 (with {@code Allow}) and a 408 when the request does not
 * come within the timeout. The book parses with the third-party {@code httptools}; here a small parser of
 * the request line and headers stands in (the book's parser future is kept: it completes when the
 * message is complete). The processor generates {@code Corio_Chapter9Http}.
 */
public class Chapter9Http {
    final Env env;

    public Chapter9Http(Env env) {
        this.env = env;
    }

    static final int MAX_PAYLOAD_LEN = 65536;
    static final String DEFAULT_HTTP_VERSION = "HTTP/1.1";
    static final String NOT_FOUND = """
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="UTF-8">
            <title>404 | Page not found</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="description" content="404 Error page">
            </head>
            <body>
            <p>"Sorry ! the page you are looking for can't be found"</p>
            </body>
            </html>""";
    static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(400, "Bad Request"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Time-out"),
            Map.entry(500, "Internal Server Error"), Map.entry(505, "HTTP Version not supported"));

    /** The book's {@code HTTPError} (a {@code BaseException} there: here unchecked). */
    public static final class HttpError extends RuntimeException {
        final int statusCode;

        HttpError(int statusCode) {
            super(statusCode + " - " + REASONS.getOrDefault(statusCode, ""));
            if (statusCode < 400) {
                throw new IllegalArgumentException("an HTTP error has a status of 400 or more, not " + statusCode);
            }
            this.statusCode = statusCode;
        }
    }

    /** The book's {@code Response}; {@link #toString()} is what goes on the wire. */
    public record Response(int statusCode, Map<String, String> headers, String httpVersion, String body) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(httpVersion + " " + statusCode + " "
                    + REASONS.getOrDefault(statusCode, "") + "\r\n");
            headers.forEach((k, v) -> s.append(k).append(": ").append(v).append("\r\n"));
            return s.append("\r\n").append(body).toString();
        }
    }

    static final String BANNER = "AsyncioHTTPServer/1.0";

    static Map<String, String> defaultHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        h.put("Server", BANNER);
        return h;
    }

    public static Response response(Map<String, String> headers, int statusCode, String contentType, String body) {
        Map<String, String> h = headers != null ? headers : defaultHeaders();
        h.put("Content-Type", contentType);
        h.put("Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
        h.put("Connection", "close"); // not in the book: the server closes after each answer
        return new Response(statusCode, h, DEFAULT_HTTP_VERSION, body);
    }

    /** {@code json(...)}: the body is a JSON object, built by hand from a map of simple values. */
    public static Response json(Map<String, String> headers, int statusCode, Map<String, Object> body) {
        StringBuilder s = new StringBuilder("{");
        body.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
        return response(headers, statusCode, "application/json", s.append('}').toString());
    }

    /** The parsed request: what {@code httptools} hands the book's {@code HTTPProtocol}. */
    public record Request(String method, String url, Map<String, String> headers) {
    }

    static Request parse(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new HttpError(400);
        }
        List<String> lines = List.of(text.substring(0, end).split("\r\n"));
        String[] requestLine = lines.get(0).split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new HttpError(400);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
        }
        return new Request(requestLine[0], requestLine[1], headers);
    }

    /** The book's {@code AsyncioHTTPHandler}. */
    public final class Handler {
        static final List<String> ALLOWED_METHODS = List.of("GET");
        final double timeout;
        final Map<String, Map<String, Function<Handler, Coroutine<Response>>>> routes = new HashMap<>();

        public Handler(double timeout) {
            this.timeout = timeout;
        }

        /** {@code @server.route(method=..., path=...)}: registers {@code f} for the path. */
        public void route(String method, String path, Function<Handler, Coroutine<Response>> f) {
            String httpMethod = method.toUpperCase();
            if (!ALLOWED_METHODS.contains(httpMethod)) {
                throw new IllegalArgumentException("method " + method + " is not one of " + ALLOWED_METHODS);
            }
            routes.computeIfAbsent(httpMethod, m -> new HashMap<>()).put(path.startsWith("/") ? path : "/" + path, f);
        }

        Coroutine<Void> onConnection(StreamReader reader, StreamWriter writer) {
            return Corio_Chapter9Http.onConnection(this, reader, writer);
        }
    }

    @Async
    static Coroutine<Void> onConnection(Handler h, StreamReader reader, StreamWriter writer) {
        try {
            byte[] request = await(waitFor(reader.read(MAX_PAYLOAD_LEN), h.timeout));
            await(send(writer, await(handle(h, request))));
        } catch (HttpError err) {
            if (err.statusCode == 404) {
                await(send(writer, response(null, err.statusCode, "text/html", NOT_FOUND)));
            } else if (err.statusCode == 405) {
                Map<String, String> headers = defaultHeaders();
                headers.put("Allow", String.join(", ", Handler.ALLOWED_METHODS));
                await(send(writer, json(headers, err.statusCode, Map.of())));
            } else {
                await(send(writer, json(null, err.statusCode, Map.of())));
            }
        } catch (TimeoutError e) {
            await(send(writer, json(null, 408, Map.of())));
        } finally {
            writer.close();
        }
        return result(null);
    }

    @Async
    static Coroutine<Response> handle(Handler h, byte[] request) {
        Request proto = parse(request);
        if (!Handler.ALLOWED_METHODS.contains(proto.method().toUpperCase())) {
            throw new HttpError(405);
        }
        Function<Handler, Coroutine<Response>> handler = h.routes.getOrDefault(proto.method(), Map.of())
                .get(proto.url());
        if (handler == null) {
            throw new HttpError(404);
        }
        return result(await(handler.apply(h)));
    }

    @Async
    static Coroutine<Void> send(StreamWriter writer, Response response) {
        writer.write(response.toString().getBytes(StandardCharsets.UTF_8));
        await(writer.drain());
        return result(null);
    }

    /** The book's one route: {@code test_me}. */
    @Async
    static Coroutine<Response> testMe(Handler server) {
        return result(json(null, 200, Map.of("it_works", true)));
    }

    // ------------------------------------------------------------ the program

    /** A client for the demonstration: sends {@code request} (or nothing, then waits) and prints the answer. */
    @Async
    public Coroutine<Void> ask(int port, String label, String request) {
        ReaderAndWriter rw = await(Streams.openConnection("127.0.0.1", port));
        if (request != null) {
            rw.writer().write(request.getBytes(StandardCharsets.UTF_8));
            await(rw.writer().drain());
        }
        String answer = new String(await(rw.reader().read()), StandardCharsets.UTF_8);
        rw.writer().close();
        env.log.print("> " + label);
        for (String line : answer.split("\r\n", -1)) {
            if (!line.startsWith("Date: ")) { // the one line that changes from run to run
                env.log.print("< " + line);
            }
        }
        return result(null);
    }

    /**
     * The server on {@code port} (0: a free one) with the book's route; unless {@code serve}, a client then
     * asks it for {@code /test_me}, a page that does not exist, a POST, and sends nothing at all (the 408),
     * and the server is closed. With {@code serve} it serves forever, as the book's program does.
     */
    @Async
    public Coroutine<Void> httpMain(int port, double timeout, boolean serve) {
        Handler server = new Handler(timeout);
        server.route("GET", "test_me", Corio_Chapter9Http::testMe);
        Server s = await(Streams.startServer(server::onConnection, "127.0.0.1", port));
        int bound = s.addresses().get(0).getPort();
        env.log.info("Serving on http://127.0.0.1:" + bound + "/test_me");
        try {
            if (serve) {
                await(s.serveForever());
            } else {
                await(ask(bound, "GET /test_me", "GET /test_me HTTP/1.1\r\nHost: localhost\r\n\r\n"));
                await(ask(bound, "GET /nope", "GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n"));
                await(ask(bound, "POST /test_me", "POST /test_me HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"));
                await(ask(bound, "(nothing, for " + timeout + " s)", null));
            }
        } finally {
            s.close();
            await(s.waitClosed());
        }
        return result(null);
    }
}
