package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cancellation arrives at the await the coroutine is suspended at, inside its try blocks. */
class CancellationTest {
    @Test
    void cancellationIsThrownAtTheAwaitAndRunsFinally() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  @Async public Coroutine<String> sleeper(boolean swallow) {",
                "    try {",
                "      await(sleep(10));",
                "      return result(\"woke\");",
                "    } catch (CancelledError e) {",
                "      Aw.LOG.add(\"caught\");",
                "      if (!swallow) throw e;",
                "      return result(\"swallowed at \" + getRunningLoop().time());",
                "    } catch (Exception e) {",
                "      return result(\"wrong catch\");",  // CancelledError is an Error: not caught here
                "    } finally {",
                "      Aw.LOG.add(\"finally\");",
                "      await(sleep(1));",                   // a finally may itself await after cancellation
                "      Aw.LOG.add(\"after\");",
                "    }",
                "  }"));
        Object target = l.loadClass("t.Corio_T").getConstructor().newInstance();
        for (boolean swallow : new boolean[] {true, false}) {
            Harness.log(l).clear();
            EventLoop loop = EventLoop.virtual();
            Coroutine<?> coro = (Coroutine<?>) l.loadClass("t.Corio_T").getMethod("sleeper", boolean.class).invoke(target, swallow);
            Task<?> task = loop.createTask(coro);
            loop.callLater(2, () -> task.cancel());
            try {
                Object r = loop.runUntilComplete(task);
                assertTrue(swallow);
                assertEquals("swallowed at 2.0", r);
            } catch (dev.corio.CancelledError e) {
                assertTrue(!swallow);
                assertTrue(task.isCancelled());
            }
            assertEquals(List.of("caught", "finally", "after"), Harness.log(l));
            assertEquals(3.0, loop.time());
            loop.close();
        }
    }

    @Test
    void aCloseThatFailsWhileACancelledTaskLeavesTryWithResourcesIsSuppressedByTheCancellation() throws Throwable {
        ClassLoader l = Harness.load(Harness.cls(
                "  public static final RuntimeException CLOSE_FAILED = new RuntimeException(\"close failed\");",
                "  public interface Res extends AutoCloseable { @Override void close(); }",
                "  @Async public Coroutine<String> holds() {",
                "    try (Res r = () -> { throw CLOSE_FAILED; }) {",
                "      await(sleep(10));",
                "      return result(\"woke\");",
                "    }",
                "  }",
                "  @Async public Coroutine<String> holdsInsideAsyncWith() {",
                "    try (var t = timeout(100)) {",
                "      return result(await(holds()));",
                "    }",
                "  }"));
        Object closeFailed = l.loadClass("t.T").getField("CLOSE_FAILED").get(null);
        for (String method : new String[] {"holds", "holdsInsideAsyncWith"}) {
            Object target = l.loadClass("t.Corio_T").getConstructor().newInstance();
            EventLoop loop = EventLoop.virtual();
            Coroutine<?> coro = (Coroutine<?>) l.loadClass("t.Corio_T").getMethod(method).invoke(target);
            Task<?> task = loop.createTask(coro);
            loop.callLater(2, () -> task.cancel("stop"));
            dev.corio.CancelledError e = org.junit.jupiter.api.Assertions.assertThrows(dev.corio.CancelledError.class,
                    () -> loop.runUntilComplete(task));
            assertTrue(task.isCancelled(), method);
            assertEquals("stop", e.getMessage(), method);
            assertEquals(List.of(closeFailed), List.of(e.getSuppressed()), method);
            loop.close();
        }
    }
}
