package dev.corio.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The echo load driver: starts one of {@link EchoServers} on loopback, opens {@code connections}
 * connections to it from one client thread (a plain NIO selector, the same for every server), and runs a
 * closed loop on each: send a {@code size}-byte message, wait for all of it to come back, record the
 * round trip, send the next. After a warm-up, it counts round trips for {@code seconds} and prints one JSON
 * line: requests per second and the p50 / p99 / p99.9 round-trip latency.
 *
 * <pre>
 * java -cp corio-benchmarks.jar dev.corio.bench.net.EchoLoad corio 100 10 [warmup=5] [size=64]   # one process
 * java -cp ... EchoLoad serve corio                     # prints "port N", serves until stdin closes
 * java -cp ... EchoLoad drive corio:N 10000 10 [5] [64] [rate=0]  # the client alone; rate > 0: open loop
 * </pre>
 * {@code benchmarks/echo.sh} runs every server at 100 and 10,000 connections (two processes).
 */
public final class EchoLoad {
    /** Latency histogram: 1 µs buckets up to 1 s, then one overflow bucket. */
    private static final int BUCKETS = 1_000_000;

    private EchoLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("serve")) {
            serve(args[1]);
            return;
        }
        if (args.length >= 3 && args[0].equals("drive")) {
            // the client alone, against a server in another process (what 10,000 connections need: each
            // process then holds 10,000 descriptors, not 20,000)
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            int port = Integer.parseInt(rest[0].substring(rest[0].indexOf(':') + 1));
            String kind = rest[0].substring(0, rest[0].indexOf(':'));
            rest[0] = kind;
            report(rest, port);
            System.exit(0);
        }
        String kind = args[0];
        int connections = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        try (EchoServers.Running server = EchoServers.start(kind)) {
            print(kind, connections, seconds, size, 0, drive(server.port(), connections, warmup, seconds, size));
        }
        System.exit(0); // the thread-per-connection servers' threads may linger
    }

    /** Starts a server, prints its port, and serves until stdin closes. */
    static void serve(String kind) throws Exception {
        try (EchoServers.Running server = EchoServers.start(kind)) {
            System.out.println("port " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the script closes our stdin
            }
        }
        System.exit(0);
    }

    /** {@code drive kind:port connections seconds [warmup] [size]}. */
    static void report(String[] args, int port) throws Exception {
        String kind = args[0];
        int connections = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        double rate = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        print(kind, connections, seconds, size, rate, drive(port, connections, warmup, seconds, size, rate));
    }

    static void print(String kind, int connections, double seconds, int size, double rate, Result r) {
        {
            System.out.println(String.format(Locale.ROOT,
                    "{\"server\":\"%s\",\"connections\":%d,\"size\":%d,\"seconds\":%.1f,\"rate\":%.0f,\"requests\":%d,"
                            + "\"rps\":%.0f,\"p50_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"mean_us\":%.0f,"
                            + "\"max_us\":%d,\"served\":%d,\"fewest\":%d,\"most\":%d,\"server_cpu_s\":%.2f,\"client_cpu_s\":%.2f,"
                            + "\"segs_per_req\":%.2f,\"delayed_acks_per_req\":%.2f,"
                            + "\"threads\":%d,\"cores\":%d,\"jdk\":\"%s\"}",
                    kind, connections, size, seconds, rate, r.count, r.count / seconds, r.percentile(0.50),
                    r.percentile(0.99), r.percentile(0.999), r.meanMicros(), r.maxMicros(), r.served, r.fewest,
                    r.most, r.serverCpu, r.clientCpu, r.perRequest(r.segments), r.perRequest(r.delayedAcks), EchoServers.THREADS, Runtime.getRuntime().availableProcessors(), Runtime.version()));
        }
    }

    static final class Result {
        final long[] histogram = new long[BUCKETS + 1];
        long count;
        long sumNanos;
        long maxNanos;
        /** CPU seconds the client (this process) and the server process used in the measured window; -1: unknown. */
        double clientCpu = -1;
        double serverCpu = -1;
        /** The kernel's TcpInSegs and TcpExtDelayedACKs over the measured window (machine-wide); -1: unknown. */
        long segments = -1;
        long delayedAcks = -1;

        double perRequest(long n) {
            return n < 0 || count == 0 ? -1 : n / (double) count;
        }
        /** Connections with at least one round trip measured; the fewest and most round trips of one. */
        int served;
        long fewest;
        long most;

        void record(long nanos) {
            long us = nanos / 1000;
            histogram[(int) Math.min(us, BUCKETS)]++;
            count++;
            sumNanos += nanos;
            maxNanos = Math.max(maxNanos, nanos);
        }

        double meanMicros() {
            return count == 0 ? 0 : sumNanos / 1e3 / count;
        }

        long maxMicros() {
            return maxNanos / 1000;
        }

        /**
         * Fairness: a closed loop where every connection is served has a mean round trip of connections /
         * throughput (Little's law); a server that leaves some connections waiting shows it here, as
         * {@code served} below the connection count and a {@code fewest} of 0.
         */
        void perConnection(List<Conn> conns) {
            fewest = Long.MAX_VALUE;
            for (Conn c : conns) {
                if (c.measured > 0) {
                    served++;
                }
                fewest = Math.min(fewest, c.measured);
                most = Math.max(most, c.measured);
            }
        }

        long percentile(double p) {
            long target = (long) Math.ceil(count * p);
            long seen = 0;
            for (int i = 0; i <= BUCKETS; i++) {
                seen += histogram[i];
                if (seen >= target && seen > 0) {
                    return i;
                }
            }
            return -1;
        }
    }

    static final class Conn {
        final SocketChannel ch;
        final ByteBuffer out;
        final ByteBuffer in;
        long sentAt;
        /** Round trips measured on this connection. */
        long measured;
        /** A message is out and its echo not all back. */
        boolean waiting;
        /** Open loop: the due times of messages this connection could not send yet (its echo was out). */
        java.util.ArrayDeque<Long> owed;

        void owe(long due) {
            if (owed == null) {
                owed = new java.util.ArrayDeque<>();
            }
            owed.add(due);
        }

        Conn(SocketChannel ch, int size) {
            this.ch = ch;
            byte[] msg = new byte[size];
            for (int i = 0; i < size; i++) {
                msg[i] = (byte) ('a' + i % 26);
            }
            // direct: the JDK reads and writes them in place (a heap buffer goes through a temporary copy)
            this.out = ByteBuffer.allocateDirect(size).put(msg);
            this.in = ByteBuffer.allocateDirect(size);
        }
    }

    static Result drive(int port, int connections, double warmupSeconds, double seconds, int size) throws IOException {
        return drive(port, connections, warmupSeconds, seconds, size, 0);
    }

    /**
     * The client. {@code rate} 0: a closed loop (each connection sends its next message as soon as the echo
     * of the last is back; the round trip is measured from the send). {@code rate} > 0: an open loop at
     * {@code rate} messages per second over all connections (wrk2's way): message k is due at
     * {@code start + k / rate} on connection {@code k mod connections}; a connection still waiting for its
     * echo sends the due message as soon as that echo is back, and the round trip is measured from the time
     * the message was due, not sent, so that a server that makes some connections wait is charged for the
     * whole wait (no coordinated omission).
     */
    static Result drive(int port, int connections, double warmupSeconds, double seconds, int size, double rate)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        List<Conn> conns = new ArrayList<>();
        Selector selector = Selector.open();
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open(address); // blocking connect: the server accepts meanwhile
                // -Decho.nodelay=false / -Decho.rcvbuf=N / -Decho.sndbuf=N: the experiments' switches (EchoServers.Options)
                ch.setOption(StandardSocketOptions.TCP_NODELAY, EchoServers.Options.NODELAY);
                if (EchoServers.Options.RCVBUF > 0) {
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, EchoServers.Options.RCVBUF);
                }
                if (EchoServers.Options.SNDBUF > 0) {
                    ch.setOption(StandardSocketOptions.SO_SNDBUF, EchoServers.Options.SNDBUF);
                }
                ch.configureBlocking(false);
                Conn c = new Conn(ch, size);
                ch.register(selector, SelectionKey.OP_READ, c);
                conns.add(c);
            }
            Result result = new Result();
            boolean open = rate > 0;
            double interval = open ? 1e9 / rate : 0;
            long start = System.nanoTime();
            if (!open) {
                for (Conn c : conns) {
                    send(c, System.nanoTime());
                }
            }
            long measureFrom = start + (long) (warmupSeconds * 1e9);
            long end = measureFrom + (long) (seconds * 1e9);
            // the selector's action form: no selected-key set to fill, iterate and clear (Netty's reason for
            // replacing that HashSet), the same for every server
            Consumer<SelectionKey> onReady = k -> {
                try {
                    readable((Conn) k.attachment(), result, measureFrom, end, open);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            long scheduled = 0; // open loop: messages due so far
            boolean measuring = false;
            double client0 = 0;
            double server0 = 0;
            long[] tcp0 = null;
            for (;;) {
                if (!measuring && System.nanoTime() >= measureFrom) {
                    measuring = true;
                    client0 = cpuSeconds("self");
                    server0 = cpuSeconds(SERVER_PID);
                    tcp0 = tcpCounters();
                }
                if (open) {
                    long now = System.nanoTime();
                    for (long due; (due = start + (long) (scheduled * interval)) <= now; scheduled++) {
                        Conn c = conns.get((int) (scheduled % connections));
                        if (c.waiting) {
                            c.owe(due);
                        } else {
                            send(c, due);
                        }
                    }
                    long wait = start + (long) (scheduled * interval) - System.nanoTime();
                    if (wait >= 1_000_000) {
                        selector.select(onReady, wait / 1_000_000);
                    } else {
                        selector.selectNow(onReady);
                    }
                } else {
                    selector.select(onReady, 100);
                }
                if (System.nanoTime() >= end) {
                    double client1 = cpuSeconds("self");
                    double server1 = cpuSeconds(SERVER_PID);
                    result.clientCpu = client0 < 0 || client1 < 0 ? -1 : client1 - client0;
                    result.serverCpu = server0 < 0 || server1 < 0 ? -1 : server1 - server0;
                    long[] tcp1 = tcpCounters();
                    if (tcp0 != null && tcp1 != null) {
                        result.segments = tcp1[0] - tcp0[0];
                        result.delayedAcks = tcp1[1] - tcp0[1];
                    }
                    break;
                }
            }
            result.perConnection(conns);
            return result;
        } finally {
            for (Conn c : conns) {
                c.ch.close();
            }
            selector.close();
        }
    }

    /** A connection is readable: reads what came; once its whole echo is back, records it and sends again. */
    private static void readable(Conn c, Result result, long measureFrom, long end, boolean open) throws IOException {
        int n = c.ch.read(c.in);
        if (n < 0) {
            throw new IOException("the server closed a connection");
        }
        if (!c.in.hasRemaining()) {
            long t = System.nanoTime();
            if (c.sentAt >= measureFrom && t < end) {
                result.record(t - c.sentAt);
                c.measured++;
            }
            c.waiting = false;
            if (c.owed != null && !c.owed.isEmpty()) {
                send(c, c.owed.poll());
            } else if (!open) {
                send(c, t);
            }
        }
    }

    /** The server's process id, when the run script passes it ({@code -Decho.serverPid}): its CPU time is read. */
    private static final String SERVER_PID = System.getProperty("echo.serverPid", "");

    /**
     * The user + system CPU seconds of process {@code pid} ("self": this one) from Linux's
     * {@code /proc/PID/stat}, all its threads; -1 elsewhere or when unknown.
     */
    static double cpuSeconds(String pid) {
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime 14 and stime 15 (1-based, in clock ticks)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Linux's TcpInSegs (every segment, both directions on loopback) and TcpExtDelayedACKs (pure ACKs sent by
     * the delayed-ACK timer), machine-wide, from {@code /proc/net/snmp} and {@code /proc/net/netstat}; null
     * elsewhere.
     */
    static long[] tcpCounters() {
        try {
            return new long[] {procCounter("/proc/net/snmp", "Tcp:", "InSegs"),
                procCounter("/proc/net/netstat", "TcpExt:", "DelayedACKs")};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The counter {@code name} of the {@code prefix} table (a header line of names, then a line of values). */
    private static long procCounter(String file, String prefix, String name) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix) && lines.get(i + 1).startsWith(prefix)) {
                String[] names = lines.get(i).split(" ");
                String[] values = lines.get(i + 1).split(" ");
                for (int k = 1; k < names.length; k++) {
                    if (names[k].equals(name)) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        throw new IOException(name + " not in " + file);
    }

    /** Linux's USER_HZ (the unit of /proc's CPU times): 100 on every mainstream kernel. */
    private static final int CLOCK_TICKS = Integer.getInteger("echo.clockTicks", 100);

    /** Sends the message due at {@code dueAt} (the round trip is measured from there). */
    private static void send(Conn c, long dueAt) throws IOException {
        c.in.clear();
        c.out.clear();
        c.sentAt = dueAt;
        c.waiting = true;
        while (c.out.hasRemaining()) {
            c.ch.write(c.out); // 64 bytes into an empty socket buffer: one write
        }
    }
}
