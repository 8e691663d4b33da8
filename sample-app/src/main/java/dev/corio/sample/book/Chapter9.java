package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.annotation.Async;
import dev.corio.net.Net;
import dev.corio.net.Protocol;
import dev.corio.net.Server;
import dev.corio.net.Transport;
import dev.corio.net.TransportAndProtocol;
import dev.corio.sample.cli.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The book's chapter 9, "Writing a Protocol Subclass for a Simple Remote Command Server" and "... Client":
 * the client sends a serialized function call, the server runs it in a pool, off the loop, and sends back
 * the serialized result (or exception), or closes the connection when the call outlasts its timeout.
 * Python's (cloud)pickle is Java serialization here: a {@link RemoteCall} is a serializable lambda, which,
 * like plain pickle, the server can load when its class is on the server's class path (both sides run in
 * this program). The pool is an executor of threads where the book forks a process pool. The processor
 * generates {@code Corio_Chapter9}.
 */
public class Chapter9 {
    final Env env;

    public Chapter9(Env env) {
        this.env = env;
    }

    /** {@code (f, args, kwargs)}: a function the server calls with itself (the host) and the arguments. */
    public interface RemoteCall extends Serializable {
        Object call(Chapter9 host, List<Object> args) throws Exception;
    }

    /** What the client sends: the book's pickled {@code (f, args, kwargs)} tuple. */
    record Payload(RemoteCall f, List<Object> args) implements Serializable {
    }

    static byte[] dumps(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + o + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    static Object loads(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("cannot deserialize " + data.length + " bytes: " + e, e);
        }
    }

    // ------------------------------------------------------------ the server

    /**
     * The book's {@code handle}, on a pool thread: loads the call and makes it; a coroutine it returns is run
     * to its end on a loop of that thread ({@code asyncio.run(f(*args))} in the book's pool process).
     */
    Object handle(byte[] data) throws Exception {
        Payload p = (Payload) loads(data);
        Object r = p.f().call(this, p.args());
        if (r instanceof Coroutine<?> coro) {
            return Corio.run(coro);
        }
        return r;
    }

    /** The server's protocol: one call per connection. */
    public final class CommandProtocol implements Protocol {
        final ExecutorService pool;
        final double timeout;
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        Transport transport;

        public CommandProtocol(ExecutorService pool, double timeout) {
            this.pool = pool;
            this.timeout = timeout;
        }

        @Override
        public void connectionMade(Transport t) {
            env.log.info(t.getExtraInfo("peername") + " connected");
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            request.writeBytes(data);
        }

        /**
         * The book runs the call from {@code data_received}, taking one read for the whole payload; the
         * client here half-closes after its payload, so the call starts once all of it has come.
         */
        @Override
        public boolean eofReceived() {
            Object peername = transport.getExtraInfo("peername");
            byte[] data = request.toByteArray();
            EventLoop loop = EventLoop.running();
            AsyncFuture<Object> result = loop.runInExecutor(pool, () -> handle(data));
            result.addDoneCallback(f -> {
                if (transport.isClosing()) {
                    env.log.info("Result for " + peername + " dropped: the connection timed out"); // not in the book
                    return;
                }
                if (f.exception() != null) {
                    onError(f.exception(), peername);
                } else {
                    onSuccess(f.result(), peername, data);
                }
            });
            loop.callLater(timeout, () -> close(peername));
            return true; // keep the connection open for the answer
        }

        void onError(Throwable exc, Object peername) {
            try {
                env.log.info("On error: Exception while handling a subprocess: " + exc);
                transport.write(dumps(exc));
            } finally {
                transport.close();
                env.log.info("Disconnected " + peername);
            }
        }

        void onSuccess(Object result, Object peername, byte[] data) {
            try {
                env.log.debug("On success: Received payload from " + peername + " and successfully executed: "
                        + data.length + " bytes");
                transport.write(dumps(result));
            } finally {
                transport.close();
                env.log.info("Disconnected " + peername);
            }
        }

        void close(Object peername) {
            if (transport.isClosing()) {
                return;
            }
            transport.close();
            env.log.info("Disconnecting " + peername);
        }
    }

    // ------------------------------------------------------------ the client

    /** The client's protocol: sends the call, then reads the answer until the server closes. */
    public final class CommandClientProtocol implements Protocol {
        final AsyncFuture<Boolean> connectionLost;
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        Transport transport;

        public CommandClientProtocol(AsyncFuture<Boolean> connectionLost) {
            this.connectionLost = connectionLost;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            response.writeBytes(data); // unpickled once complete: one read need not hold all of it
        }

        @Override
        public void connectionLost(Throwable exc) {
            try {
                if (exc == null && response.size() > 0) {
                    Object result = loads(response.toByteArray());
                    if (result instanceof Throwable t) {
                        env.log.info("The server raised: " + t); // the book raises it in data_received
                    } else {
                        env.log.info(String.valueOf(result));
                    }
                }
                env.log.info("The server closed the connection");
            } finally {
                if (exc != null) {
                    connectionLost.setException(exc);
                } else {
                    connectionLost.setResult(true);
                }
            }
        }

        public void executeRemotely(RemoteCall f, Object... args) {
            transport.write(dumps(new Payload(f, List.of(args))));
            transport.writeEof();
        }
    }

    /** The book's {@code remote_function}: printed on the host, it returns 42. */
    @Async
    public Coroutine<Integer> remoteFunction(String msg) {
        env.log.print(msg); // This will be printed out on the host
        return result(42);
    }

    /** A remote function that sleeps past the server's timeout. */
    @Async
    public Coroutine<String> slowFunction(double seconds) {
        await(sleep(seconds));
        return result("slept " + seconds + " s");
    }

    /** The calls the client can make: the book's, one that throws, one that outlasts the timeout. */
    public static RemoteCall call(String which, double slowSeconds) {
        switch (which) {
            case "book":
                return (host, args) -> host.remoteFunction((String) args.get(0));
            case "error":
                return (host, args) -> {
                    throw new IllegalStateException("Raised remotely: " + args.get(0));
                };
            case "slow":
                return (host, args) -> host.slowFunction(slowSeconds);
            default:
                throw new IllegalArgumentException("no such call: " + which);
        }
    }

    @Async
    public Coroutine<Void> client(int port, RemoteCall f) {
        EventLoop loop = EventLoop.running();
        AsyncFuture<Boolean> connectionLost = loop.createFuture();
        TransportAndProtocol<CommandClientProtocol> tp = await(Net.createConnection(
                () -> new CommandClientProtocol(connectionLost), "127.0.0.1", port));
        tp.protocol().executeRemotely(f, "This worked!");
        try {
            await(connectionLost);
        } finally {
            tp.transport().close();
        }
        return result(null);
    }

    /**
     * The server, then (where the book has a second program) the client against it on loopback; the
     * server is closed after the client's call instead of serving forever.
     */
    @Async
    public Coroutine<Void> remoteCommandMain(ExecutorService pool, double timeout, RemoteCall f) {
        Server server = await(Net.createServer(() -> new CommandProtocol(pool, timeout), "127.0.0.1", 0));
        try {
            await(client(server.addresses().get(0).getPort(), f));
        } finally {
            server.close();
            await(server.waitClosed());
        }
        return result(null);
    }
}
