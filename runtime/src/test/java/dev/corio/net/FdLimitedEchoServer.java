package dev.corio.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The child program of {@link AcceptOutOfDescriptorsTest}, run under a low {@code ulimit -n}: an echo server
 * on 127.0.0.1 whose loop reports its exception-handler calls on stdout ({@code REPORT <message> | <cause>}).
 * Prints {@code PORT <n>} once listening; a connection that sends {@code QUIT} stops it ({@code BYE}).
 */
public final class FdLimitedEchoServer {
    private FdLimitedEchoServer() {
    }

    public static void main(String[] args) {
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
                    if (new String(data, StandardCharsets.US_ASCII).startsWith("QUIT")) {
                        loop.stop();
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

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
