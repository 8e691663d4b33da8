package dev.corio.stress;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Awaitable;
import dev.corio.Co.Step;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.net.ReaderAndWriter;
import dev.corio.net.StreamReader;
import dev.corio.net.StreamWriter;
import dev.corio.net.Streams;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten thousand concurrent connections on one loop thread (as many as the descriptor limit allows: both ends
 * live in this process, so each connection takes two descriptors): all connect, then all stay open and idle
 * together, then each sends a line and gets it back, then all close; no descriptor leaks.
 */
@Tag("stress")
@Timeout(600)
class ManyConnectionsStressTest {

    static long fds() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getOpenFileDescriptorCount();
    }

    static long maxFds() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
    }

    static Step<Void> echoLines(StreamReader r, StreamWriter w) {
        return await(r.readline(), line -> {
            if (line.length == 0) {
                w.close();
                return done(null);
            }
            w.write(line);
            return await(w.drain(), v -> echoLines(r, w));
        });
    }

    /**
     * Opens {@code n} connections, {@link #BATCH} at a time: every connection of a batch is started in the
     * same tick, before the server (on the same loop) accepts any, so a batch must fit in the backlog.
     */
    static Step<Void> connectInBatches(int port, int n, List<ReaderAndWriter> conns) {
        if (conns.size() >= n) {
            return done(null);
        }
        List<Awaitable<ReaderAndWriter>> opens = new ArrayList<>();
        for (int i = conns.size(); i < Math.min(n, conns.size() + BATCH); i++) {
            opens.add(Streams.openConnection("127.0.0.1", port));
        }
        return await(Corio.gather(opens), batch -> {
            conns.addAll(batch);
            return connectInBatches(port, n, conns);
        });
    }

    private static final int BATCH = 1000;

    @Test
    void tenThousandConnectionsOnOneLoopThread() throws Exception {
        long before = fds();
        int n = (int) Math.min(10_000, (maxFds() - before - 500) / 2);
        System.out.println("STRESS many connections: " + n + " (descriptor limit " + maxFds() + ", "
                + before + " open before)");
        EventLoop loop = EventLoop.create();
        long t0 = System.nanoTime();
        List<ReaderAndWriter> conns = new ArrayList<>();
        String outcome = loop.runUntilComplete(co(() -> await(Streams.startServer((r, w) -> co(() -> echoLines(r, w)),
                "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, BATCH), server -> {
                    int port = server.addresses().get(0).getPort();
                    return await(co(() -> connectInBatches(port, n, conns)), connected -> {
                        long t1 = System.nanoTime();
                        System.out.printf("STRESS many connections: %d connected in %.2f s, %d descriptors open%n",
                                conns.size(), (t1 - t0) / 1e9, fds());
                        return await(Corio.sleep(0.5), idle -> {
                            List<Awaitable<String>> rounds = new ArrayList<>();
                            for (int i = 0; i < conns.size(); i++) {
                                ReaderAndWriter rw = conns.get(i);
                                String msg = "message " + i + "\n";
                                rounds.add(co(() -> {
                                    rw.writer().write(msg.getBytes(StandardCharsets.UTF_8));
                                    return await(rw.reader().readline(), line -> {
                                        rw.writer().close();
                                        return await(rw.writer().waitClosed(),
                                                v -> done(new String(line, StandardCharsets.UTF_8)));
                                    });
                                }));
                            }
                            return await(Corio.gather(rounds), lines -> {
                                for (int i = 0; i < lines.size(); i++) {
                                    assertEquals("message " + i + "\n", lines.get(i));
                                }
                                System.out.printf("STRESS many connections: %d echoed and closed in %.2f s%n",
                                        lines.size(), (System.nanoTime() - t1) / 1e9);
                                server.close();
                                return await(server.waitClosed(), v -> done("ok"));
                            });
                        });
                    });
                })));
        assertEquals("ok", outcome);
        loop.close();
        long after = fds();
        for (int i = 0; i < 100 && after > before; i++) {
            Thread.sleep(20);
            after = fds();
        }
        assertTrue(after <= before, "descriptors leaked: " + before + " before, " + after + " after");
    }
}
