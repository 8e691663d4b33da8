package dev.corio.bench.net;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.annotation.Async;
import dev.corio.bench.Threads;
import dev.corio.group.LoopGroup;
import dev.corio.net.Net;
import dev.corio.net.Protocol;
import dev.corio.net.Server;
import dev.corio.net.StreamReader;
import dev.corio.net.StreamWriter;
import dev.corio.net.Streams;
import dev.corio.net.Transport;
import dev.corio.net.group.GroupServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

/**
 * The echo servers the load driver compares, all on loopback, each with {@link #THREADS} threads for its I/O
 * where the model allows (Corio: loop threads; Netty: workers; virtual threads: the scheduler's parallelism,
 * set by the run script; platform threads: one per connection, which the model cannot restrict).
 */
public class EchoServers {

    /** A running server: its port and how to stop it. */
    public interface Running extends AutoCloseable {
        int port();

        @Override
        void close() throws Exception;
    }

    /** Corio, transports and protocols: the protocol writes back what it receives. */
    static Running corioProtocol() throws Exception {
        return corio(false);
    }

    /** Corio, streams: an {@code @Async} handler per connection, read / write / drain. */
    static Running corioStreams() throws Exception {
        return corio(true);
    }

    static final class EchoProtocol implements Protocol {
        private Transport transport;
        private EventLoop loop;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            loop = EventLoop.running();
            Options.apply((java.nio.channels.SocketChannel) t.getExtraInfo("socket"));
        }

        @Override
        public void dataReceived(byte[] data) {
            if (Options.DEFER_WRITE) {
                loop.callSoon(() -> transport.write(data)); // the experiment: written after this tick's reads
            } else {
                transport.write(data);
            }
        }
    }

    /**
     * The experiments' switches (session 8), the same on every Java server: {@code -Decho.nodelay=false}
     * turns TCP_NODELAY off on each accepted socket (every server sets it by default, as asyncio and Netty
     * do), {@code -Decho.rcvbuf=N} / {@code -Decho.sndbuf=N} fix SO_RCVBUF / SO_SNDBUF (the kernel's
     * autotuning otherwise), {@code -Decho.deferWrite=true} makes Corio's protocol write from a callback
     * scheduled with {@code callSoon} (so after every read of the tick) instead of inside
     * {@code dataReceived}.
     */
    static final class Options {
        static final boolean NODELAY = Boolean.parseBoolean(System.getProperty("echo.nodelay", "true"));
        static final int RCVBUF = Integer.getInteger("echo.rcvbuf", 0);
        static final int SNDBUF = Integer.getInteger("echo.sndbuf", 0);
        static final boolean DEFER_WRITE = Boolean.getBoolean("echo.deferWrite");

        private Options() {
        }

        static boolean defaults() {
            return NODELAY && RCVBUF == 0 && SNDBUF == 0;
        }

        static void apply(java.nio.channels.NetworkChannel ch) {
            if (defaults()) {
                return;
            }
            try {
                ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, NODELAY);
                if (RCVBUF > 0) {
                    ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RCVBUF);
                }
                if (SNDBUF > 0) {
                    ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, SNDBUF);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static void apply(Socket s) throws IOException {
            s.setTcpNoDelay(NODELAY);
            if (RCVBUF > 0) {
                s.setReceiveBufferSize(RCVBUF);
            }
            if (SNDBUF > 0) {
                s.setSendBufferSize(SNDBUF);
            }
        }
    }

    @Async
    Coroutine<Void> echo(StreamReader reader, StreamWriter writer) {
        while (true) {
            byte[] data = await(reader.read(64 * 1024));
            if (data.length == 0) {
                break;
            }
            writer.write(data);
            await(writer.drain());
        }
        writer.close();
        return result(null);
    }

    /**
     * The threads of I/O each server gets ({@code -Decho.threads=N}, 1 by default; the run script passes its
     * {@code THREADS}): Corio that many loops (a {@link GroupServer}, one listening socket per loop, from 2),
     * Netty that many workers; the run script gives the virtual-thread scheduler the same parallelism.
     */
    static final int THREADS = Integer.getInteger("echo.threads", 1);

    private static Running corio(boolean streams) throws Exception {
        if (THREADS > 1) {
            return corioGroup(streams, THREADS);
        }
        EventLoop loop = EventLoop.create();
        CompletableFuture<Server> started = new CompletableFuture<>();
        EchoServers handlers = new Corio_EchoServers();
        loop.callSoon(() -> {
            AsyncFuture<Server> f = streams
                    ? Streams.startServer(handlers::echo, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, 4096)
                    : Net.createServer(EchoProtocol::new, "127.0.0.1", 0, 4096, true);
            f.addDoneCallback(s -> {
                if (s.exception() != null) {
                    started.completeExceptionally(s.exception());
                } else {
                    started.complete(s.result());
                }
            });
        });
        Thread t = new Thread(loop::runForever, "corio-echo-loop");
        t.setDaemon(true);
        t.start();
        Server server = started.get();
        return new Running() {
            @Override
            public int port() {
                return server.addresses().get(0).getPort();
            }

            @Override
            public void close() throws Exception {
                loop.callSoonThreadsafe(() -> {
                    server.close();
                    server.abortClients();
                    loop.callLater(0.2, loop::stop);
                });
                t.join();
                loop.close();
            }
        };
    }

    /** Corio on {@code n} loops: a {@link GroupServer} (SO_REUSEPORT, one listening socket per loop). */
    private static Running corioGroup(boolean streams, int n) throws Exception {
        LoopGroup group = LoopGroup.create(n);
        EchoServers handlers = new Corio_EchoServers();
        GroupServer server = (streams
                ? GroupServer.startServer(group, handlers::echo, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, 4096)
                : GroupServer.createServer(group, EchoProtocol::new, "127.0.0.1", 0, 4096)).get();
        return new Running() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() throws Exception {
                server.close();
                server.abortClients();
                group.close();
            }
        };
    }

    /** A thread per connection, blocking I/O: virtual or platform threads. */
    static Running threadPerConnection(ThreadFactory factory) throws IOException {
        return threadPerConnection(new ServerSocket(0, 4096, InetAddress.getByName("127.0.0.1")), factory);
    }

    /** The echo of {@link #threadPerConnection(ThreadFactory)} on {@code ss} (TlsEchoLoad: an SSL server socket). */
    static Running threadPerConnection(ServerSocket ss, ThreadFactory factory) {
        Thread acceptor = factory.newThread(() -> {
            while (!ss.isClosed()) {
                Socket s;
                try {
                    s = ss.accept();
                    Options.apply(s);
                } catch (IOException e) {
                    return;
                }
                factory.newThread(() -> {
                    byte[] buf = new byte[64 * 1024];
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        // the driver closed it
                    }
                }).start();
            }
        });
        acceptor.start();
        return new Running() {
            @Override
            public int port() {
                return ss.getLocalPort();
            }

            @Override
            public void close() throws Exception {
                ss.close();
            }
        };
    }

    static Running virtualThreads() throws IOException {
        return threadPerConnection(Threads.virtual());
    }

    /**
     * The virtual-thread server with one read poller ({@code -Djdk.readPollers=1}, set here before the first
     * blocking read initialises the JDK's {@code sun.nio.ch.Poller}). On Linux the JDK runs
     * {@code min(highestOneBit(cores), 32)} read pollers, each a virtual thread that owns the sockets whose
     * descriptor maps to it; on 2 cores with a scheduler of parallelism 1, one of the two can go unscheduled
     * for the whole run, and every connection it owns (half of them) is never served. With one poller every
     * connection is served (docs/benchmarks.md, "Session 8, net").
     */
    static Running virtualThreadsOnePoller() throws IOException {
        if (System.getProperty("jdk.readPollers") == null) {
            System.setProperty("jdk.readPollers", "1");
        }
        return virtualThreads();
    }

    static Running platformThreads() throws IOException {
        return threadPerConnection(Threads.platform());
    }

    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Netty's NIO transport, one boss and {@link #THREADS} worker threads. */
    static Running netty() throws Exception {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup worker = new NioEventLoopGroup(THREADS);
        NettyEcho echo = new NettyEcho();
        ServerBootstrap b = new ServerBootstrap().group(boss, worker).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, Options.NODELAY)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(echo);
                    }
                });
        io.netty.channel.Channel ch = b.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)).sync().channel();
        return new Running() {
            @Override
            public int port() {
                return ((InetSocketAddress) ch.localAddress()).getPort();
            }

            @Override
            public void close() throws Exception {
                ch.close().sync();
                boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
                worker.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            }
        };
    }

    static Running start(String kind) throws Exception {
        switch (kind) {
            case "corio":
                return corioProtocol();
            case "corioStreams":
                return corioStreams();
            case "virtual":
                return virtualThreads();
            case "virtualOnePoller":
                return virtualThreadsOnePoller();
            case "platform":
                return platformThreads();
            case "netty":
                return netty();
            default:
                throw new IllegalArgumentException("unknown server " + kind
                        + " (corio, corioStreams, virtual, virtualOnePoller, platform, netty)");
        }
    }
}
