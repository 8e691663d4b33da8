package dev.corio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A server out of file descriptors: a child JVM under {@code ulimit -n 64} runs an echo server
 * ({@link FdLimitedEchoServer}), and this test floods it with more connections than it has descriptors for.
 * The server reports the accept failure once, naming its address and the cause, keeps serving the
 * connections it has meanwhile, and accepts again once descriptors are free. Meanwhile every way of opening
 * a connection from the child fails with "Too many open files", and works again afterwards.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class AcceptOutOfDescriptorsTest {
    private static final int LIMIT = 64;
    private static final int FLOOD = 90; // well past the child's free descriptors, within its backlog of 100

    @Test
    void aFloodPastTheDescriptorLimitIsReportedOnceAndTheServerRecovers() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path cpFile = Files.createTempFile("corio-cp", ".txt");
        Files.writeString(cpFile, "-cp \"" + cp.replace("\\", "\\\\") + "\"");
        Process child = new ProcessBuilder("bash", "-c", "ulimit -n " + LIMIT + " && exec \"$0\" -Xss512k -XX:+UseSerialGC"
                + " -XX:TieredStopAtLevel=1 @\"$1\" " + FdLimitedEchoServer.class.getName(), javaBin, cpFile.toString())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    all.add(l);
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("pump: " + e);
            }
        }, "child-stdout");
        pump.setDaemon(true);
        pump.start();
        List<Socket> flood = new ArrayList<>();
        try {
            String first = next(lines, "PORT ", all);
            Matcher m = Pattern.compile("PORT (\\d+) fds (\\d+) of (\\d+)").matcher(first);
            assertTrue(m.matches(), first);
            int port = Integer.parseInt(m.group(1));
            assertEquals(LIMIT, Integer.parseInt(m.group(3)), "the child's descriptor limit");

            Socket keeper = connect(port);
            assertEquals("hello", echo(keeper, "hello"), "served before the flood");
            for (int i = 0; i < FLOOD; i++) {
                flood.add(connect(port)); // completes in the kernel's backlog whether accepted or not
            }
            String report = next(lines, "REPORT ", all);
            assertTrue(report.startsWith("REPORT socket.accept() out of system resource on 127.0.0.1:" + port
                    + " (Too many open files)"), report);
            assertTrue(report.contains("| java.io.IOException: Too many open files"), report);

            assertEquals("still served", echo(keeper, "still served"), "an accepted connection while out of fds");

            // every way of opening a connection fails with the system's error, not with a class that could
            // not be loaded for want of a descriptor (a class that fails to load stays unloadable)
            try (java.net.ServerSocket target = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
                List<String> outOfFds = dial(keeper, target.getLocalPort(), lines, all);
                for (String d : outOfFds) {
                    assertTrue(d.contains("Too many open files") && !d.contains("Error"), d);
                }

                for (Socket s : flood) {
                    s.close();
                }
                flood.clear();
                // the server retries every second and accepts (then closes) the backlog the flood left
                Socket late = connect(port);
                late.setSoTimeout(20_000);
                assertEquals("recovered", echo(late, "recovered"), "a new connection once descriptors are free");
                late.close();
                // and the same calls work once descriptors are back: nothing was left half-loaded
                for (String d : dial(keeper, target.getLocalPort(), lines, all)) {
                    assertTrue(d.endsWith(" ok"), d);
                }
            }

            assertEquals("and again", echo(keeper, "and again"));
            keeper.getOutputStream().write("QUIT".getBytes(StandardCharsets.US_ASCII));
            next(lines, "BYE", all);
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            keeper.close();
            pump.join(5000);
            long reports = all.stream().filter(l -> l.startsWith("REPORT ")).count();
            assertEquals(1, reports, () -> "reported once, not at every retry:\n" + String.join("\n", all));
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            child.destroyForcibly();
            Files.deleteIfExists(cpFile);
        }
    }

    /** Asks the child to dial {@code port} in every way ({@code DIAL}); gives its {@code DIALED} lines. */
    private static List<String> dial(Socket keeper, int port, BlockingQueue<String> lines, List<String> all)
            throws IOException, InterruptedException {
        OutputStream out = keeper.getOutputStream();
        out.write(("DIAL " + port + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        List<String> dialed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            dialed.add(next(lines, "DIALED ", all));
        }
        InputStream in = keeper.getInputStream();
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("EOF after '" + sb + "' waiting for 'dialed'");
            }
            sb.append((char) c);
        }
        assertEquals("dialed", sb.toString());
        return dialed;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(20_000);
        return s;
    }

    private static String echo(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("EOF after '" + sb + "' waiting for the echo of '" + text + "'");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** The next line of the child starting with {@code prefix} (within 30 s), skipping others. */
    private static String next(BlockingQueue<String> lines, String prefix, List<String> all) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line '" + prefix + "...' from the child; it printed:\n" + String.join("\n", all));
    }
}
