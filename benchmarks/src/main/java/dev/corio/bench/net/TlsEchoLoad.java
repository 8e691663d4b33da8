package dev.corio.bench.net;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.bench.Threads;
import dev.corio.net.Net;
import dev.corio.net.Server;
import dev.corio.net.tls.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS echo throughput (issue 13): a Corio TLS server (transports and protocols over {@code dev.corio.net.tls},
 * one loop thread) against a virtual-thread server with the JDK's {@link SSLServerSocket} (scheduler
 * parallelism set by the script). The client is the same for both: one platform thread per connection with
 * a blocking {@link SSLSocket}, a closed loop of send-a-message, read-it-all-back. After a warm-up it counts
 * round trips for {@code seconds} and prints one JSON line (requests per second and MiB/s each way).
 *
 * <pre>
 * java -cp corio-benchmarks.jar dev.corio.bench.net.TlsEchoLoad serve corioTls|virtualTls keystore.p12
 * java -cp ... TlsEchoLoad drive corioTls:PORT connections seconds [warmup=5] [size=64]
 * </pre>
 * {@code benchmarks/tls-echo.sh} makes the key pair with keytool and runs both servers at two message sizes.
 */
public final class TlsEchoLoad {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private TlsEchoLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("serve")) {
            serve(args[1], Path.of(args[2]));
            return;
        }
        if (args.length >= 4 && args[0].equals("drive")) {
            String kind = args[1].substring(0, args[1].indexOf(':'));
            int port = Integer.parseInt(args[1].substring(args[1].indexOf(':') + 1));
            int connections = Integer.parseInt(args[2]);
            double seconds = Double.parseDouble(args[3]);
            double warmup = args.length > 4 ? Double.parseDouble(args[4]) : 5;
            int size = args.length > 5 ? Integer.parseInt(args[5]) : 64;
            long count = drive(port, connections, warmup, seconds, size);
            System.out.println(String.format(Locale.ROOT,
                    "{\"server\":\"%s\",\"connections\":%d,\"size\":%d,\"seconds\":%.1f,\"requests\":%d,"
                            + "\"rps\":%.0f,\"mib_s\":%.1f,\"cores\":%d,\"jdk\":\"%s\"}",
                    kind, connections, size, seconds, count, count / seconds, count * (double) size / seconds / (1 << 20),
                    Runtime.getRuntime().availableProcessors(), Runtime.version()));
            System.exit(0);
        }
        throw new IllegalArgumentException("usage: serve corioTls|virtualTls keystore.p12 | drive kind:port conns seconds [warmup] [size]");
    }

    static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    static void serve(String kind, Path keystore) throws Exception {
        SSLContext ctx = serverContext(keystore);
        int port;
        Runnable stop;
        switch (kind) {
            case "corioTls" -> {
                EventLoop loop = EventLoop.create();
                CompletableFuture<Server> started = new CompletableFuture<>();
                loop.callSoon(() -> {
                    AsyncFuture<Server> f = Net.createServer(EchoServers.EchoProtocol::new, "127.0.0.1", 0, 4096, true,
                            TlsOptions.server(ctx));
                    f.addDoneCallback(s -> {
                        if (s.exception() != null) {
                            started.completeExceptionally(s.exception());
                        } else {
                            started.complete(s.result());
                        }
                    });
                });
                Thread t = new Thread(loop::runForever, "corio-tls-echo-loop");
                t.setDaemon(true);
                t.start();
                port = started.get().addresses().get(0).getPort();
                stop = () -> { };
            }
            case "virtualTls" -> {
                EchoServers.Running echo = EchoServers.threadPerConnection(ctx.getServerSocketFactory()
                        .createServerSocket(0, 4096, InetAddress.getByName("127.0.0.1")), Threads.virtual());
                port = echo.port();
                stop = () -> {
                    try {
                        echo.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown server " + kind + " (corioTls, virtualTls)");
        }
        System.out.println("port " + port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the script closes our stdin
        }
        stop.run();
        System.exit(0);
    }

    /** A client context that accepts the benchmark's self-signed certificate (and any other: a benchmark only). */
    static SSLContext trustingClient() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    static long drive(int port, int connections, double warmupSeconds, double seconds, int size) throws Exception {
        SSLContext ctx = trustingClient();
        LongAdder counted = new LongAdder();
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < connections; i++) {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
            s.setTcpNoDelay(true);
            s.startHandshake();
            Thread t = new Thread(() -> {
                byte[] msg = new byte[size];
                byte[] back = new byte[size];
                try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    while (true) {
                        out.write(msg);
                        out.flush();
                        int got = 0;
                        while (got < size) {
                            int n = in.read(back, got, size - got);
                            if (n < 0) {
                                throw new IOException("the server closed a connection");
                            }
                            got += n;
                        }
                        long now = System.nanoTime();
                        if (now >= end) {
                            return;
                        }
                        if (now >= measureFrom) {
                            counted.increment();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "tls-echo-client-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IOException(failures.size() + " connections failed, the first: " + failures.get(0), failures.get(0));
        }
        return counted.sum();
    }
}
