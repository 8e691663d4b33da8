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
}
