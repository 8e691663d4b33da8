package dev.corio.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JMX task dump (issue 15): the bean registered with the platform MBean server answers, from the JMX
 * caller's thread while the loop runs on its own, with every task of the loop, what it awaits and the source
 * line it is suspended at.
 */
@Timeout(30)
class CorioManagementTest {

    /** A frame suspended on {@code on} that says it is at {@code Shop.java:line}, as a generated machine does. */
    static final class At extends Coroutine<Object> {
        private final String method;
        private final int line;
        private final AsyncFuture<Object> on;

        At(String method, int line, AsyncFuture<Object> on) {
            this.method = method;
            this.line = line;
            this.on = on;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            return value != null ? value : on.awaitFrom(this);
        }

        @Override
        protected StackTraceElement sourceLocation() {
            return new StackTraceElement("app.Shop", method, "Shop.java", line);
        }
    }

    @Test
    void theDumpTasksOperationDescribesEveryTaskOfARunningLoopFromTheJmxThread() throws Exception {
        ObjectName name = CorioManagement.register();
        assertEquals(name, CorioManagement.register(), "registering twice keeps the one bean");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        CountDownLatch suspended = new CountDownLatch(1);
        CompletableFuture<EventLoop> started = new CompletableFuture<>();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Thread owner = new Thread(() -> {
            EventLoop loop = EventLoop.create();
            try {
                AsyncFuture<Object> never = loop.createFuture();
                loop.createTask(new At("price", 14, never), "pricer");
                loop.createTask(new At("total", 22, never), "totaller");
                loop.createTask(new At("main", 29, never), "main");
                AsyncFuture<Void> done = AsyncFuture.fromStage(stop, loop);
                loop.callSoon(() -> loop.callSoon(suspended::countDown)); // after the tasks' first steps
                started.complete(loop);
                loop.runUntilComplete(done);
                never.cancel();
                loop.runUntilComplete(dev.corio.Corio.sleep(0));
            } finally {
                loop.close();
            }
        }, "loop-owner");
        owner.start();
        EventLoop loop = started.get(10, TimeUnit.SECONDS);
        try {
            assertTrue(suspended.await(10, TimeUnit.SECONDS));
            String dump = (String) server.invoke(name, "dumpTasks", null, null);
            int at = dump.indexOf("3 pending tasks on EventLoop[running]:\n");
            assertTrue(at >= 0, dump);
            assertTrue(dump.contains("Task pricer (") && dump.contains("    at app.Shop.price(Shop.java:14)\n"), dump);
            assertTrue(dump.contains("Task totaller (") && dump.contains("    at app.Shop.total(Shop.java:22)\n"), dump);
            assertTrue(dump.contains("Task main (") && dump.contains("    at app.Shop.main(Shop.java:29)\n"), dump);
            assertTrue((Integer) server.getAttribute(name, "LoopCount") >= 1);
            String[] loops = (String[]) server.getAttribute(name, "Loops");
            boolean named = false;
            for (String l : loops) {
                named |= l.startsWith("EventLoop[running, 3 pending tasks: ") && l.contains("pricer")
                        && l.contains("totaller") && l.contains("main");
            }
            assertTrue(named, String.join("\n", loops));
        } finally {
            stop.complete(null);
            owner.join(10_000);
        }
        assertFalse(owner.isAlive());
        String after = (String) server.invoke(name, "dumpTasks", null, null);
        assertFalse(after.contains("Task pricer"), "a closed loop leaves the dump: " + after);
        CorioManagement.unregister();
        assertFalse(server.isRegistered(name));
        CorioManagement.unregister(); // twice: nothing to remove
    }
}
