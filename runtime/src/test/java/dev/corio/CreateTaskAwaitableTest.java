package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code createTask} takes any awaitable, as asyncio's {@code create_task(asyncio.sleep(1, "x"))} works
 * (sleep is a coroutine there, a runtime primitive here): found porting the book's chapter 3.
 */
class CreateTaskAwaitableTest {

    @Test
    void aSleepWrappedInATaskCompletesWithItsResultAtItsTime() {
        EventLoop loop = EventLoop.virtual();
        List<Object> seen = new ArrayList<>();
        loop.callSoon(() -> {
            Task<String> t = Corio.createTask(Corio.sleep(1.5, "x"), "sleeper");
            seen.add(t.getName());
            t.addDoneCallback(f -> {
                seen.add(f.result());
                seen.add(loop.time());
            });
        });
        loop.runUntilComplete(Corio.sleep(2.0));
        loop.close();
        assertEquals(List.of("sleeper", "x", 1.5), seen);
    }

    @Test
    void aCoroutineTypedAsAwaitableIsNotWrappedAgain() {
        EventLoop loop = EventLoop.virtual();
        Coroutine<String> c = new Coroutine<>() {
            @Override
            protected Object resume(Object value, Throwable error) {
                return "c";
            }
        };
        Awaitable<String> a = c;
        Task<?>[] t = new Task<?>[1];
        loop.callSoon(() -> t[0] = Corio.createTask(a));
        loop.runUntilComplete(Corio.sleep(0));
        loop.runUntilComplete(Corio.sleep(0));
        assertSame(c, t[0].getCoro());
        assertEquals("c", t[0].result());
        loop.close();
    }

    @Test
    void aFailingAwaitableFailsTheTaskAndNullIsRefused() {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<String> f = loop.createFuture();
        Task<?>[] t = new Task<?>[1];
        loop.callSoon(() -> {
            t[0] = Corio.createTask(f);
            f.setException(new IllegalStateException("boom"));
        });
        loop.runUntilComplete(Corio.sleep(0.1));
        assertEquals("boom", t[0].exception().getMessage());
        List<Throwable> refused = new ArrayList<>();
        loop.callSoon(() -> refused.add(assertThrows(NullPointerException.class,
                () -> Corio.createTask((Awaitable<String>) null))));
        loop.runUntilComplete(Corio.sleep(0));
        assertEquals("awaitable", refused.get(0).getMessage());
        loop.close();
    }
}
