package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code dev.corio.net} from {@code @Async} code, as docs/net.md shows it: a stream echo server used as
 * {@code async with server} around {@code serveForever}, a client with {@code readline} /
 * {@code readexactly} / {@code IncompleteReadError}, and cancelling {@code serveForever}; over loopback.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetworkingTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.src(
                "import dev.corio.net.*;",
                "import java.nio.charset.StandardCharsets;",
                "public class T {",
                "  @Async Coroutine<Void> handle(StreamReader reader, StreamWriter writer) {",
                "    while (true) {",
                "      byte[] line = await(reader.readline());",
                "      if (line.length == 0) {",
                "        break;",
                "      }",
                "      writer.write(line);",
                "      await(writer.drain());",
                "    }",
                "    writer.close();",
                "    await(writer.waitClosed());",
                "    return result(null);",
                "  }",
                "  @Async Coroutine<Void> serve(Server server) {",
                "    try (var s = server) {",
                "      await(server.serveForever());",
                "    }",
                "    return result(null);",
                "  }",
                "  @Async Coroutine<String> client(int port) {",
                "    ReaderAndWriter rw = await(Streams.openConnection(\"127.0.0.1\", port));",
                "    rw.writer().write(\"hello\\nworld\\n\");",
                "    await(rw.writer().drain());",
                "    String first = new String(await(rw.reader().readline()), StandardCharsets.UTF_8);",
                "    byte[] second = await(rw.reader().readexactly(6));",
                "    rw.writer().writeEof();",
                "    String end;",
                "    try {",
                "      await(rw.reader().readexactly(1), IncompleteReadError.class);",
                "      end = \"more?\";",
                "    } catch (IncompleteReadError e) {",
                "      end = \"eof after \" + e.partial().length;",
                "    }",
                "    rw.writer().close();",
                "    await(rw.writer().waitClosed());",
                "    return result(first + new String(second, StandardCharsets.UTF_8) + end);",
                "  }",
                "  @Async public Coroutine<String> echo() {",
                "    Server server = await(Streams.startServer(this::handle, \"127.0.0.1\", 0));",
                "    Task<Void> serving = createTask(serve(server));",
                "    String got = await(client(server.addresses().get(0).getPort()));",
                "    serving.cancel();",
                "    try {",
                "      await(serving);",
                "    } catch (CancelledError e) {",
                "      got += \", serving cancelled, serving=\" + server.isServing();",
                "    }",
                "    return result(got);",
                "  }",
                "}"));
    }

    @Test
    void echoServerAndClient() throws Throwable {
        assertEquals("hello\nworld\neof after 0, serving cancelled, serving=false", Harness.run(l, "T", "echo"));
    }
}
