package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The child program of {@link AcceptOutOfDescriptorsTest}, run under a low {@code ulimit -n}: an echo server
 * on 127.0.0.1 whose loop reports its exception-handler calls on stdout ({@code REPORT <message> | <cause>}).
 * Prints {@code PORT <n>} once listening; a connection that sends {@code QUIT} stops it ({@code BYE}).
 * {@code DIAL <port>} makes it open connections of every kind to {@code port} (a transport, streams, a
 * datagram endpoint, a non-blocking channel for {@code sockConnect}), one after the other: each outcome is
 * printed ({@code DIALED <kind> ok} or {@code DIALED <kind> <exception>}), then {@code dialed} is written
 * back. Out of descriptors, each must fail with the system's error, not with a class that failed to load.
 */
public final class FdLimitedEchoServer {
    private FdLimitedEchoServer() {
    }

    public static void main(String[] args) {
        // this program's own classes, loaded before descriptors run out (the runtime's must take care of theirs)
        new Quiet();
        new QuietDatagrams();
        EventLoop loop = EventLoop.create();
        loop.setExceptionHandler((l, ctx) -> say("REPORT " + ctx.message() + " | " + ctx.exception()));
        loop.callSoon(() -> {
            AsyncFuture<Server> server = Net.createServer(() -> new Protocol() {
                Transport transport;

                @Override
                public void connectionMade(Transport t) {
                    transport = t;
                }

                @Override
                public void dataReceived(byte[] data) {
                    String text = new String(data, StandardCharsets.US_ASCII);
                    if (text.startsWith("QUIT")) {
                        loop.stop();
                        return;
                    }
                    if (text.startsWith("DIAL ")) {
                        int port = Integer.parseInt(text.substring(5).trim());
                        dial(port, 0, () -> transport.write("dialed\n".getBytes(StandardCharsets.US_ASCII)));
                        return;
                    }
                    transport.write(data);
                }
            }, "127.0.0.1", 0);
            server.addDoneCallback(f -> {
                var os = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                say("PORT " + f.result().addresses().get(0).getPort() + " fds " + os.getOpenFileDescriptorCount()
                        + " of " + os.getMaxFileDescriptorCount());
            });
        });
        loop.runForever();
        say("BYE");
        System.exit(0); // the loop is left as it is: the process ends with it
    }

    /** The dialled connections' protocols: loaded at start, as this program's own classes must be. */
    static final class Quiet implements Protocol {
    }

    static final class QuietDatagrams implements DatagramProtocol {
    }

    private static final String[] KINDS = {"connection", "streams", "datagram", "sockConnect"};

    /** Dials {@code port} with the kind at {@code i} and the ones after it, then runs {@code then}. */
    private static void dial(int port, int i, Runnable then) {
        if (i == KINDS.length) {
            then.run();
            return;
        }
        AsyncFuture<?> f;
        java.nio.channels.SocketChannel[] channel = new java.nio.channels.SocketChannel[1];
        try {
            f = switch (KINDS[i]) {
                case "connection" -> Net.createConnection(Quiet::new, "127.0.0.1", port);
                case "streams" -> Streams.openConnection("127.0.0.1", port);
                case "datagram" -> Net.createDatagramEndpoint(QuietDatagrams::new, null,
                        new java.net.InetSocketAddress("127.0.0.1", port), false);
                default -> {
                    channel[0] = java.nio.channels.SocketChannel.open();
                    channel[0].configureBlocking(false);
                    yield Net.sockConnect(channel[0], new java.net.InetSocketAddress("127.0.0.1", port));
                }
            };
        } catch (Throwable e) {
            say("DIALED " + KINDS[i] + " " + e);
            dial(port, i + 1, then);
            return;
        }
        f.addDoneCallback(done -> {
            say("DIALED " + KINDS[i] + " " + (done.exception() == null ? "ok" : done.exception().toString()));
            Object r = done.exception() == null ? done.result() : null;
            try {
                if (r instanceof TransportAndProtocol<?> tp) {
                    tp.transport().abort();
                } else if (r instanceof ReaderAndWriter rw) {
                    rw.writer().transport().abort();
                } else if (r instanceof DatagramEndpoint<?> d) {
                    d.transport().abort();
                }
                if (channel[0] != null) {
                    Net.closeChannel(channel[0]);
                }
            } catch (Throwable e) {
                say("DIALED close " + e);
            }
            dial(port, i + 1, then);
        });
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
