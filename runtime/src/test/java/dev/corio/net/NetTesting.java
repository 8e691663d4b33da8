package dev.corio.net;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.ExceptionHandler;

/** Helpers shared by the networking tests. */
final class NetTesting {
    private NetTesting() {
    }

    /** Runs {@code make} on the loop (in a coroutine, so that it sees a running loop) and awaits what it gives. */
    static <T> T run(EventLoop loop, java.util.function.Supplier<? extends dev.corio.Awaitable<T>> make) {
        return loop.runUntilComplete(dev.corio.Co.co(() -> dev.corio.Co.await(make.get(), v -> dev.corio.Co.done(v))));
    }

    /** The process's open file descriptors (Unix), or -1 where the JDK cannot tell. */
    static long openFds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getOpenFileDescriptorCount();
        }
        return -1;
    }

    /** The descriptor limit of the process (Unix), or a large number where unknown. */
    static long maxFds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }

    /**
     * Waits (a little, for the kernel and the garbage collector of the JDK's own descriptors) until the count
     * of open descriptors is back to {@code before} or less, and returns the count then.
     */
    static long fdsSettled(long before) throws InterruptedException {
        long now = openFds();
        for (int i = 0; i < 50 && now > before; i++) {
            Thread.sleep(20);
            now = openFds();
        }
        return now;
    }

    /** An exception handler that records what it gets. */
    static final class Recorder implements ExceptionHandler {
        final List<ExceptionContext> contexts = new CopyOnWriteArrayList<>();

        @Override
        public void handle(EventLoop loop, ExceptionContext context) {
            contexts.add(context);
        }
    }
}
