package dev.corio.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Awaitable;
import dev.corio.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The networking tests' shared set-up, as a JUnit extension ({@code @RegisterExtension final NetFixture net =
 * new NetFixture();}): before each test a fresh loop whose exception handler records what it gets
 * ({@link #errors}), after it the loop closed and the process's open file descriptors checked against the
 * count before the test (nothing leaks); in between the echo server and client set-up every test repeats
 * (a server on an ephemeral loopback port, a client to it, closing both).
 */
final class NetFixture implements BeforeEachCallback, AfterEachCallback {
    /** What the loop's exception handler was given during the test. */
    final NetTesting.Recorder errors = new NetTesting.Recorder();
    private EventLoop loop;
    private long fdsBefore;

    @Override
    public void beforeEach(ExtensionContext context) {
        fdsBefore = NetTesting.openFds();
        loop = EventLoop.create();
        loop.setExceptionHandler(errors);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        loop.close();
        if (fdsBefore >= 0) {
            long after = NetTesting.fdsSettled(fdsBefore);
            assertTrue(after <= fdsBefore, "file descriptors leaked: " + fdsBefore + " before, " + after + " after");
        }
    }

    /** The test's loop. */
    EventLoop loop() {
        return loop;
    }

    /** Closes the test's loop and goes on with {@code replacement} (e.g. a virtual-clock loop), closed after the test. */
    void replaceLoop(EventLoop replacement) {
        loop.close();
        loop = replacement;
        loop.setExceptionHandler(errors);
    }

    /** Runs {@code make} on the loop in a coroutine and awaits what it gives ({@link NetTesting#run}). */
    <T> T run(Supplier<? extends Awaitable<T>> make) {
        return NetTesting.run(loop, make);
    }

    /** A protocol server on an ephemeral port of 127.0.0.1. */
    Server server(Supplier<? extends Protocol> factory) {
        return run(() -> Net.createServer(factory, "127.0.0.1", 0));
    }

    /** A streams server on an ephemeral port of 127.0.0.1. */
    Server streamServer(ClientConnected cb) {
        return run(() -> Streams.startServer(cb, "127.0.0.1", 0));
    }

    /** The port the server listens on (its first address). */
    static int port(Server s) {
        return s.addresses().get(0).getPort();
    }

    /** A protocol client connected to {@code s} on 127.0.0.1. */
    <P extends Protocol> TransportAndProtocol<P> connect(Supplier<P> factory, Server s) {
        return run(() -> Net.createConnection(factory, "127.0.0.1", port(s)));
    }

    /** A streams client connected to {@code s} on 127.0.0.1. */
    ReaderAndWriter openConnection(Server s) {
        return run(() -> Streams.openConnection("127.0.0.1", port(s)));
    }

    /** Closes the server and waits until it is closed. */
    void close(Server s) {
        run(() -> {
            s.close();
            return s.waitClosed();
        });
    }

    /** Closes the writer and waits until its transport is closed. */
    void closeWriter(StreamWriter w) {
        run(() -> {
            w.close();
            return w.waitClosed();
        });
    }

    /** A non-blocking listening socket on an ephemeral port of 127.0.0.1 (the low-level socket tests). */
    static ServerSocketChannel listening() throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        ss.configureBlocking(false);
        return ss;
    }
}
