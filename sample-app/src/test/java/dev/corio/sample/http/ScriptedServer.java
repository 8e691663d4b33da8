package dev.corio.sample.http;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.net.IncompleteReadError;
import dev.corio.net.Server;
import dev.corio.net.StreamReader;
import dev.corio.net.StreamWriter;
import dev.corio.net.Streams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An HTTP server on the test's own loop that answers each request, whatever it asks, with the next answer
 * of its script, byte for byte: for the cases the embedded server never produces (chunked bodies, bodies
 * delimited by EOF, a connection closed under a keep-alive client, an answer that never comes, garbage).
 * Create it with {@code new Corio_ScriptedServer()}.
 */
public class ScriptedServer {
    /** One scripted answer: its bytes in separate writes, then what the server does with the connection. */
    public record Answer(List<String> parts, After after) {
        static Answer of(After after, String... parts) {
            return new Answer(List.of(parts), after);
        }
    }

    /** What happens after an answer's bytes are written. */
    public enum After { KEEP, CLOSE, HANG_UP_INSTEAD, NEVER_ANSWER }

    /** The request lines seen, as {@code <connection number> <request line>}. */
    final List<String> requests = new ArrayList<>();
    final Deque<Answer> script = new ArrayDeque<>();
    int connections;
    /** Connections the client closed (the server read EOF). */
    int closedByClient;
    Server server;

    ScriptedServer answer(After after, String... parts) {
        script.add(Answer.of(after, parts));
        return this;
    }

    String url(String path) {
        InetSocketAddress a = server.addresses().get(0);
        return "http://127.0.0.1:" + a.getPort() + path;
    }

    @Async
    public Coroutine<ScriptedServer> start() {
        server = await(Streams.startServer((r, w) -> serve(r, w), "127.0.0.1", 0));
        return result(this);
    }

    @Async
    public Coroutine<Void> serve(StreamReader r, StreamWriter w) {
        int conn = ++connections;
        while (true) {
            byte[] head;
            try {
                head = await(r.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), IOException.class);
            } catch (IOException e) { // the client closed: so do we
                closedByClient++;
                w.close();
                return result(null);
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            requests.add(conn + " " + text.substring(0, text.indexOf("\r\n")));
            Answer a = script.poll();
            if (a == null || a.after() == After.HANG_UP_INSTEAD) {
                w.close();
                return result(null);
            }
            if (a.after() == After.NEVER_ANSWER) {
                await(r.read()); // until the client gives up
                closedByClient++;
                w.close();
                return result(null);
            }
            for (String part : a.parts()) {
                w.write(part.getBytes(StandardCharsets.ISO_8859_1));
                await(w.drain());
            }
            if (a.after() == After.CLOSE) {
                w.close();
                return result(null);
            }
        }
    }
}
