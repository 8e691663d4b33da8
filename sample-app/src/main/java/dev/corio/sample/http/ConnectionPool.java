package dev.corio.sample.http;

import dev.corio.EventLoop;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle keep-alive connections of a {@link CorioHttpClient}, at most {@code maxIdlePerHost} per
 * {@code host:port} (more requests at once open more connections; those past the cap are closed when their
 * answer is in). Last in, first out: the connection used most recently is the least likely to have been
 * closed by the server's idle timeout.
 *
 * <p>Loop thread only. Connections belong to the loop that opened them: used on another loop, the pool
 * forgets those of the old one (that loop closes them when it closes: {@code EventLoop.close()} closes every
 * socket still registered with it).
 */
final class ConnectionPool {
    private final int maxIdlePerHost;
    private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();
    private EventLoop loop;

    ConnectionPool(int maxIdlePerHost) {
        if (maxIdlePerHost < 0) {
            throw new IllegalArgumentException("maxIdlePerHost must be >= 0, got " + maxIdlePerHost);
        }
        this.maxIdlePerHost = maxIdlePerHost;
    }

    /** An idle connection to {@code origin} that still looks usable, or {@code null}. */
    Connection take(String origin) {
        onThisLoop();
        ArrayDeque<Connection> q = idle.get(origin);
        while (q != null && !q.isEmpty()) {
            Connection c = q.pollLast();
            if (c.reusable()) {
                return c;
            }
            c.close(); // the server closed it while it was idle, or sent something unasked for
        }
        return null;
    }

    /** Takes {@code c} back after a complete answer, or closes it when the pool for its host is full. */
    void release(Connection c) {
        onThisLoop();
        ArrayDeque<Connection> q = idle.computeIfAbsent(c.origin, k -> new ArrayDeque<>());
        if (q.size() >= maxIdlePerHost || !c.reusable()) {
            c.close();
        } else {
            q.addLast(c);
        }
    }

    /** Idle connections to {@code origin} now. */
    int idle(String origin) {
        ArrayDeque<Connection> q = idle.get(origin);
        return q == null ? 0 : q.size();
    }

    /**
     * Closes every idle connection when called on the loop that opened them; elsewhere (the loop has
     * stopped) it only forgets them, and that loop's {@code close()} closes their sockets.
     */
    void closeAll() {
        if (loop != null && EventLoop.runningOrNull() == loop) {
            for (ArrayDeque<Connection> q : idle.values()) {
                for (Connection c : q) {
                    c.close();
                }
            }
        }
        idle.clear();
    }

    private void onThisLoop() {
        EventLoop l = EventLoop.running();
        if (l != loop) {
            idle.clear(); // the old loop's sockets: it closes them itself
            loop = l;
        }
    }
}
