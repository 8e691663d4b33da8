package dev.corio.net.group;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.group.LoopGroup;
import dev.corio.net.ClientConnected;
import dev.corio.net.Net;
import dev.corio.net.Protocol;
import dev.corio.net.Server;
import dev.corio.net.StreamReader;
import dev.corio.net.Streams;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A server on every loop of a {@link LoopGroup}, all listening on one port: one listening socket per loop,
 * each with {@code SO_REUSEPORT} ({@link Net#createServer(Supplier, String, int, int, boolean, boolean)}),
 * so that the kernel spreads incoming connections over the loops (Linux hashes each connection's addresses
 * and ports to one of the sockets). A connection is then served from its first byte to its close by the loop
 * that accepted it, with asyncio's single-threaded semantics: its protocol or its stream handler never runs
 * on another thread, and nothing crosses threads per connection. It is the way to use more than one core for
 * one service (as Netty's worker group, or as several asyncio processes with {@code reuse_port=True}).
 *
 * <p>Each loop's {@link Server} is a plain one ({@link #servers()}): use it on its own loop only. This class's
 * methods may be called from any thread but the group's loops (they wait for each loop).
 *
 * <p>Linux only spreads connections: on macOS and the BSDs {@code SO_REUSEPORT} lets the sockets share the
 * port but one of them gets the connections; on Windows the JDK has no {@code SO_REUSEPORT} and starting
 * fails with {@link UnsupportedOperationException}. Closing one loop's server drops the connections waiting
 * in its own accept queue (the kernel resets them), as it does for any listening socket.
 */
public final class GroupServer implements AutoCloseable {

    /** Starts the server of one loop, on that loop's thread, on {@code port}: see {@link #start}. */
    @FunctionalInterface
    public interface PerLoop {
        AsyncFuture<Server> start(int port);
    }

    private final LoopGroup group;
    private final List<Server> servers;
    private final int port;

    private GroupServer(LoopGroup group, List<Server> servers, int port) {
        this.group = group;
        this.servers = List.copyOf(servers);
        this.port = port;
    }

    /**
     * {@link Net#createServer(Supplier, String, int, int, boolean)} on every loop of {@code group}, serving
     * at once; {@code factory} is called on the loop that accepted the connection. Port 0: the first loop's
     * server picks a free port and the others listen on that one.
     */
    public static CompletableFuture<GroupServer> createServer(LoopGroup group, Supplier<? extends Protocol> factory,
            String host, int port, int backlog) {
        Objects.requireNonNull(factory, "factory");
        return start(group, port, p -> Net.createServer(factory, host, p, backlog, true, true));
    }

    /**
     * {@link Streams#startServer(ClientConnected, String, int, int, int)} on every loop of {@code group}:
     * {@code clientConnected} runs on the loop that accepted the connection, and a coroutine it returns runs
     * as a task there.
     */
    public static CompletableFuture<GroupServer> startServer(LoopGroup group, ClientConnected clientConnected,
            String host, int port, int limit, int backlog) {
        Objects.requireNonNull(clientConnected, "clientConnected");
        return start(group, port, p -> Streams.startServer(clientConnected, host, p, limit, backlog, true));
    }

    /** {@link #startServer(LoopGroup, ClientConnected, String, int, int, int)} with asyncio's defaults. */
    public static CompletableFuture<GroupServer> startServer(LoopGroup group, ClientConnected clientConnected,
            String host, int port) {
        return startServer(group, clientConnected, host, port, StreamReader.DEFAULT_LIMIT, Net.DEFAULT_BACKLOG);
    }

    /**
     * The general form: {@code perLoop} runs on each loop's thread and starts that loop's server on the port
     * it is given, with {@code reusePort} true (a server without it fails to bind the second time, with the
     * {@link java.net.BindException} of {@code Net.createServer}). The first loop starts first, on
     * {@code port} (0: a free one); the others then start on the port it got. If one fails, the servers
     * already started are closed and the returned future fails with that error.
     */
    public static CompletableFuture<GroupServer> start(LoopGroup group, int port, PerLoop perLoop) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(perLoop, "perLoop");
        CompletableFuture<GroupServer> done = new CompletableFuture<>();
        startOn(group.loop(0), port, perLoop).whenComplete((first, error) -> {
            if (error != null) {
                done.completeExceptionally(unwrap(error));
                return;
            }
            int chosen = first.addresses().get(0).getPort();
            List<CompletableFuture<Server>> rest = new ArrayList<>();
            for (int i = 1; i < group.size(); i++) {
                rest.add(startOn(group.loop(i), chosen, perLoop));
            }
            CompletableFuture.allOf(rest.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
                List<Server> started = new ArrayList<>();
                started.add(first);
                for (CompletableFuture<Server> f : rest) {
                    if (!f.isCompletedExceptionally()) {
                        started.add(f.join());
                    }
                }
                if (e == null) {
                    done.complete(new GroupServer(group, started, chosen));
                    return;
                }
                onEach(started, Server::close).whenComplete((x, closeError) -> {
                    Throwable cause = unwrap(e);
                    if (closeError != null) {
                        cause.addSuppressed(unwrap(closeError));
                    }
                    done.completeExceptionally(cause);
                });
            });
        });
        return done;
    }

    private static CompletableFuture<Server> startOn(EventLoop loop, int port, PerLoop perLoop) {
        CompletableFuture<Server> cf = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            AsyncFuture<Server> f;
            try {
                f = Objects.requireNonNull(perLoop.start(port), "perLoop.start returned null");
            } catch (Throwable e) {
                cf.completeExceptionally(e);
                return;
            }
            f.toCompletableFuture().whenComplete((s, e) -> {
                if (e != null) {
                    cf.completeExceptionally(e);
                } else {
                    cf.complete(s);
                }
            });
        });
        return cf;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** The port every loop listens on. */
    public int port() {
        return port;
    }

    /** The group the servers run on. */
    public LoopGroup group() {
        return group;
    }

    /** The servers, the one of loop {@code i} at index {@code i}; each may be used on its own loop only. */
    public List<Server> servers() {
        return servers;
    }

    /** The addresses the servers listen on (the same for each loop), as the first loop's server bound them. */
    public List<InetSocketAddress> addresses() {
        return servers.get(0).addresses();
    }

    /**
     * Runs {@code action} on each loop's server, on that loop's thread; the future completes once every loop
     * ran it (with the first error if one threw, the others suppressed in it).
     */
    public CompletableFuture<Void> onEachLoop(Consumer<Server> action) {
        Objects.requireNonNull(action, "action");
        return onEach(servers, action);
    }

    private static CompletableFuture<Void> onEach(List<Server> servers, Consumer<Server> action) {
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (Server s : servers) {
            CompletableFuture<Void> cf = new CompletableFuture<>();
            each.add(cf);
            s.getLoop().callSoonThreadsafe(() -> {
                try {
                    action.accept(s);
                    cf.complete(null);
                } catch (Throwable e) {
                    cf.completeExceptionally(e);
                }
            });
        }
        CompletableFuture<Void> all = new CompletableFuture<>();
        CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
            if (e == null) {
                all.complete(null);
                return;
            }
            Throwable first = null;
            for (CompletableFuture<Void> f : each) {
                if (f.isCompletedExceptionally()) {
                    Throwable t = unwrap(f.handle((x, err) -> err).join());
                    if (first == null) {
                        first = t;
                    } else if (t != first) {
                        first.addSuppressed(t);
                    }
                }
            }
            all.completeExceptionally(first);
        });
        return all;
    }

    /** Closes every loop's connections at once (buffers dropped); 3.13's {@code abort_clients}, on each loop. */
    public void abortClients() {
        await(onEachLoop(Server::abortClients), "abortClients");
    }

    /** Closes every loop's connections after each flushed its buffer; {@code close_clients}, on each loop. */
    public void closeClients() {
        await(onEachLoop(Server::closeClients), "closeClients");
    }

    /**
     * Stops listening on every loop and waits until each closed its listening socket; accepted connections
     * stay open (as {@link Server#close()}). Closing twice does nothing more.
     */
    @Override
    public void close() {
        await(onEachLoop(Server::close), "close");
    }

    private void await(CompletableFuture<Void> f, String what) {
        EventLoop here = EventLoop.runningOrNull();
        for (int i = 0; i < group.size(); i++) {
            if (group.loop(i) == here) {
                throw new IllegalStateException("GroupServer." + what + "() called on loop " + i + " of its own group:"
                        + " it waits for every loop, so call it from outside the group, or use onEachLoop(Server::"
                        + what + "), which gives a CompletableFuture");
            }
        }
        try {
            f.join();
        } catch (CompletionException e) {
            throw dev.corio.internal.Intrinsics.sneakyThrow(unwrap(e));
        }
    }

    @Override
    public String toString() {
        return "GroupServer[port " + port + ", " + servers.size() + " loops]";
    }
}
