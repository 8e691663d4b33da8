package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.annotation.Async;
import dev.corio.net.ReaderAndWriter;
import dev.corio.net.Server;
import dev.corio.net.StreamReader;
import dev.corio.net.StreamWriter;
import dev.corio.net.Streams;
import dev.corio.sample.cli.Env;
import dev.corio.subprocess.AsyncProcess;
import dev.corio.subprocess.Redirect;
import dev.corio.subprocess.Subprocess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The book's chapter 6, "Communicating with a Subprocess Using Streams", solution 1: the primary starts
 * this same program as its secondary and talks to it over a TCP stream, not over pipes. The book's
 * {@code sys.executable __file__ secondary} is this JVM's {@code java} with this class path and
 * {@code ch6-subprocess-streams secondary}. The processor generates {@code Corio_Chapter6Subprocess}.
 */
public class Chapter6Subprocess {
    final Env env;

    public Chapter6Subprocess(Env env) {
        this.env = env;
    }

    /** Python's {@code print(b"...")}. */
    static String bytesRepr(byte[] b) {
        return "b'" + new String(b, StandardCharsets.UTF_8) + "'";
    }

    @Async
    public Coroutine<Void> connectionHandler(StreamReader reader, StreamWriter writer, AsyncFuture<Void> handled) {
        env.log.print("Handler started");
        writer.write("Hi there!".getBytes(StandardCharsets.UTF_8));
        await(writer.drain());
        byte[] message = await(reader.read(1024));
        env.log.print(bytesRepr(message));
        // not in the book, whose server serves forever: close the connection, or the server's waitClosed
        // (asyncio 3.12's wait_closed waits for every connection) would wait for it
        writer.close();
        handled.setResult(null);
        return result(null);
    }

    /** The command that runs this program again as the secondary. */
    static List<String> secondaryCommand(String host, int port) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.corio.sample.Main",
                "ch6-subprocess-streams", "secondary", "--host", host, "--port", String.valueOf(port), "--no-progress"));
        return cmd;
    }

    /**
     * The primary: the server, then the secondary process. The book serves forever; this one stops once it
     * has handled its secondary's connection and the secondary has exited. The secondary's output comes
     * through a pipe and is shown with a prefix (not in the book, where both print to one terminal).
     */
    @Async
    public Coroutine<Integer> startPrimary(String host, int port) {
        AsyncFuture<Void> handled = EventLoop.running().createFuture();
        Server server = await(Streams.startServer((r, w) -> connectionHandler(r, w, handled), host, port));
        int bound = server.addresses().get(0).getPort();
        int code;
        try {
            AsyncProcess secondary = await(Subprocess.createSubprocessExec(secondaryCommand(host, bound),
                    Redirect.DEVNULL, Redirect.PIPE, Redirect.STDOUT));
            while (true) {
                byte[] line = await(secondary.stdout().readline());
                if (line.length == 0) {
                    break;
                }
                env.log.print("secondary: " + new String(line, StandardCharsets.UTF_8).stripTrailing());
            }
            code = await(secondary.waitFor());
            await(handled);
        } finally {
            server.close();
            await(server.waitClosed());
        }
        env.log.print("secondary exited with " + code); // not in the book
        return result(code);
    }

    @Async
    public Coroutine<Void> startSecondary(String host, int port) {
        ReaderAndWriter rw = await(Streams.openConnection(host, port));
        byte[] message = await(rw.reader().read(1024));
        env.log.print(bytesRepr(message));
        rw.writer().write("Hi yourself!".getBytes(StandardCharsets.UTF_8));
        await(rw.writer().drain());
        rw.writer().close();
        await(rw.writer().waitClosed());
        return result(null);
    }
}
