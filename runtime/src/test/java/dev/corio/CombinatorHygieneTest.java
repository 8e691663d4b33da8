package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.sleepThenFail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * In debug mode, the combinators used as intended leave nothing for the loop to report at close: no
 * exception "never retrieved" (handled errors, siblings' errors a gather already absorbed) and no internal
 * coroutine "never awaited".
 */
class CombinatorHygieneTest {

    private static List<String> reportsOf(Supplier<Coroutine<?>> main) {
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop loop = TestBase.recording(reports);
        loop.setDebug(true);
        try {
            loop.runUntilComplete(main.get());
        } finally {
            loop.close();
        }
        List<String> messages = new ArrayList<>();
        for (ExceptionContext c : reports) {
            messages.add(c.message());
        }
        return messages;
    }

    private static <T> Co.Step<T> caught(Throwable e, Class<? extends Throwable> expected) {
        assertInstanceOf(expected, e);
        return done(null);
    }

    @Test
    void gatherWhoseSiblingsFailLater() {
        assertEquals(List.of(), reportsOf(() -> co(() -> await(
                Corio.gather(sleepThenFail(1, new ArithmeticException()), sleepThenFail(2, new IllegalStateException())),
                v -> done(null), e -> await(Corio.sleep(3), w -> caught(e, ArithmeticException.class))))));
    }

    @Test
    void waitForTimingOut() {
        assertEquals(List.of(), reportsOf(() -> co(() -> await(Corio.waitFor(Corio.sleep(10), 1.0),
                v -> done(null), e -> caught(e, TimeoutError.class)))));
    }

    @Test
    void taskGroupWithFailingChildren() {
        assertEquals(List.of(), reportsOf(() -> co(() -> await(Corio.taskGroup(g -> {
            g.createTask(sleepThenFail(1, new ArithmeticException()));
            g.createTask(sleepThenFail(1, new IllegalStateException()));
            return Corio.sleep(5);
        }), v -> done(null), e -> caught(e, ArithmeticException.class)))));
    }

    @Test
    void asCompletedTimingOut() {
        assertEquals(List.of(), reportsOf(() -> co(() -> {
            Iterator<Awaitable<Object>> it = Corio.<Object>asCompleted(
                    List.of(Corio.sleep(1, "a"), sleepThenFail(2, new ArithmeticException()), Corio.sleep(9, "c")), 5.0)
                    .iterator();
            return await(it.next(), a -> await(it.next(), b -> done(null), e -> await(it.next(), c -> done(null),
                    e2 -> await(Corio.sleep(10), w -> caught(e2, TimeoutError.class)))));
        })));
    }

    @Test
    void timeoutScopeAndWaitTasks() {
        assertEquals(List.of(), reportsOf(() -> co(() -> {
            Task<Object> t = Corio.createTask(sleepThenFail(1, new ArithmeticException()));
            return await(Corio.waitTasks(List.of(t), Corio.FIRST_EXCEPTION), r -> r.done().iterator().next()
                    .exception() == null ? done(null) : await(
                    Corio.timeout(1, tm -> Corio.sleep(2)), v -> done(null), e -> caught(e, TimeoutError.class)));
        })));
    }
}
