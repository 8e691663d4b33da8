package dev.corio.net.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.EventLoop;
import dev.corio.group.LoopGroup;
import dev.corio.net.Net;
import dev.corio.net.Protocol;
import dev.corio.net.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One server per loop of a group on one port (SO_REUSEPORT), over loopback, from plain blocking clients. */
@Timeout(60)
class GroupServerTest {
    private long fdsBefore;
    private LoopGroup group;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Net.isReusePortSupported(), "no SO_REUSEPORT on this platform");
        fdsBefore = openFds();
        group = LoopGroup.create(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (group != null) {
            group.close();
        }
        if (fdsBefore >= 0) {
            long after = openFds();
            for (int i = 0; i < 50 && after > fdsBefore; i++) {
                Thread.sleep(20);
                after = openFds();
            }
            assertTrue(after <= fdsBefore, "file descriptors leaked: " + fdsBefore + " before, " + after + " after");
        }
    }

    private static long openFds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getOpenFileDescriptorCount();
        }
        return -1;
    }

    /** Answers each chunk with the name of the thread it runs on and the chunk. */
    static final class WhoEchoes implements Protocol {
        final Set<EventLoop> seenOn;
        Transport transport;

        WhoEchoes(Set<EventLoop> seenOn) {
            this.seenOn = seenOn;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            seenOn.add(EventLoop.running());
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write((Thread.currentThread().getName() + " ").getBytes(StandardCharsets.UTF_8));
            transport.write(data);
        }
    }

    private static List<String> ask(int port, int connections) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                sockets.add(new Socket(InetAddress.getByName("127.0.0.1"), port));
            }
            for (int i = 0; i < connections; i++) {
                Socket s = sockets.get(i);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                answers.add(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine());
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        return answers;
    }

    @Test
    void connectionsAreSpreadOverTheLoopsAndEachIsServedOnTheLoopThatAcceptedIt() throws Exception {
        Set<EventLoop> seenOn = ConcurrentHashMap.newKeySet();
        GroupServer server = GroupServer.createServer(group, () -> new WhoEchoes(seenOn), "127.0.0.1", 0, 128)
                .get(10, TimeUnit.SECONDS);
        assertEquals(2, server.servers().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(group.loop(i), server.servers().get(i).getLoop());
            assertEquals(server.port(), server.servers().get(i).addresses().get(0).getPort());
        }
        List<String> answers = ask(server.port(), 64);
        Set<String> threads = new TreeSet<>();
        for (int i = 0; i < answers.size(); i++) {
            String a = answers.get(i);
            assertTrue(a.matches("corio-loop-[01] hello " + i), a);
            threads.add(a.substring(0, a.indexOf(' ')));
        }
        // the kernel hashes each connection to one socket: 64 connections all on one of 2 has odds of 2^-63
        assertEquals(Set.of("corio-loop-0", "corio-loop-1"), threads);
        assertEquals(Set.of(group.loop(0), group.loop(1)), seenOn);
        server.close();
        assertThrows(java.net.ConnectException.class,
                () -> new Socket(InetAddress.getByName("127.0.0.1"), server.port()).close());
    }

    @Test
    void streamsOnEveryLoop() throws Exception {
        GroupServer server = GroupServer.startServer(group, (reader, writer) -> {
            reader.readline().addDoneCallback(f -> {
                writer.write(Thread.currentThread().getName() + " " + new String(f.result(), StandardCharsets.UTF_8));
                writer.close();
            });
            return null;
        }, "127.0.0.1", 0).get(10, TimeUnit.SECONDS);
        List<String> answers = ask(server.port(), 32);
        Set<String> threads = new TreeSet<>();
        for (int i = 0; i < answers.size(); i++) {
            assertTrue(answers.get(i).matches("corio-loop-[01] hello " + i), answers.get(i));
            threads.add(answers.get(i).substring(0, answers.get(i).indexOf(' ')));
        }
        assertEquals(2, threads.size(), "32 connections over 2 sockets: both served some");
        server.close();
    }

    @Test
    void aPortTakenWithoutReusePortFailsTheStartAndLeavesNothingOpen() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            CompletionException e = assertThrows(CompletionException.class,
                    () -> GroupServer.createServer(group, () -> new WhoEchoes(ConcurrentHashMap.newKeySet()),
                            "127.0.0.1", taken.getLocalPort(), 16).join());
            assertInstanceOf(BindException.class, e.getCause());
            assertTrue(e.getCause().getMessage().startsWith("error while attempting to bind on address 127.0.0.1:"
                    + taken.getLocalPort()), e.getCause().getMessage());
        }
    }

    @Test
    void aLaterLoopThatFailsClosesTheServersAlreadyStarted() throws Exception {
        List<EventLoop> startedOn = new ArrayList<>();
        CompletionException e = assertThrows(CompletionException.class, () -> GroupServer.start(group, 0, port -> {
            EventLoop here = EventLoop.running();
            synchronized (startedOn) {
                startedOn.add(here);
            }
            if (here == group.loop(1)) {
                throw new IllegalStateException("no server on loop 1");
            }
            return Net.createServer(() -> new WhoEchoes(ConcurrentHashMap.newKeySet()), "127.0.0.1", port, 16, true,
                    true);
        }).join());
        assertEquals("no server on loop 1", e.getCause().getMessage());
        assertEquals(List.of(group.loop(0), group.loop(1)), startedOn, "the first loop starts first");
        // the first loop's server was closed: the descriptor check of tearDown sees it
    }

    @Test
    void closeFromALoopOfTheGroupSaysWhatToDoInstead() throws Exception {
        GroupServer server = GroupServer.createServer(group, () -> new WhoEchoes(ConcurrentHashMap.newKeySet()),
                "127.0.0.1", 0, 16).get(10, TimeUnit.SECONDS);
        java.util.concurrent.CompletableFuture<Throwable> seen = new java.util.concurrent.CompletableFuture<>();
        group.loop(1).callSoonThreadsafe(() -> {
            try {
                server.close();
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        });
        Throwable t = seen.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("onEachLoop(Server::close)"), t.getMessage());
        server.onEachLoop(dev.corio.net.Server::close).get(10, TimeUnit.SECONDS);
    }
}
