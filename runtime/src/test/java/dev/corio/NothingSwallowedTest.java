package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where the runtime has to deliver one of two exceptions, the other is attached as suppressed, never
 * dropped: above all a {@code close()} that fails while a cancelled task leaves a try-with-resources.
 */
@Timeout(120)
class NothingSwallowedTest extends TestBase {

    /** A resource whose close() throws {@code failure}. */
    record FailingClose(RuntimeException failure) implements AutoCloseable {
        @Override
        public void close() {
            throw failure;
        }
    }

    /**
     * {@code try (r) { await sleep(10); return 1; }} written out as javac compiles try-with-resources: an
     * exception at the await is the primary one, and close()'s is added to it as suppressed.
     */
    static Coroutine<Integer> sleepInTryWithResources(AutoCloseable r) {
        return co(() -> await(Corio.sleep(10), v -> {
            r.close();
            return done(1);
        }, e -> {
            try (AutoCloseable closing = r) {
                throw e;
            }
        }));
    }

    @Test
    void cancelledErrorHasSuppressionEnabledAndNoStackTrace() {
        CancelledError e = new CancelledError("m");
        RuntimeException x = new RuntimeException("x");
        e.addSuppressed(x);
        assertArrayEquals(new Throwable[] {x}, e.getSuppressed());
        assertEquals(0, e.getStackTrace().length);
    }

    /**
     * The audit of every exception type the runtime defines, public or not, as a test: each keeps what is
     * added to it as suppressed (none is created with suppression disabled, as CancelledError once was, and
     * StopAsyncIteration until this test), so a close() failing while it propagates is never lost.
     */
    @Test
    void everyExceptionTypeOfTheRuntimeKeepsSuppressedExceptions() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> c : PublicApiTest.runtimeClasses()) {
            if (!Throwable.class.isAssignableFrom(c) || java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            java.lang.reflect.Constructor<?> k = c.getDeclaredConstructors()[0];
            k.setAccessible(true);
            Object[] args = new Object[k.getParameterCount()];
            Class<?>[] types = k.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = types[i] == String.class ? "m" : types[i] == long.class ? 0L : types[i] == int.class ? 0
                        : types[i] == boolean.class ? false : types[i] == byte[].class ? new byte[0] : null;
            }
            Throwable t = (Throwable) k.newInstance(args);
            RuntimeException x = new RuntimeException("close failed");
            t.addSuppressed(x);
            assertArrayEquals(new Throwable[] {x}, t.getSuppressed(), c.getName() + " drops suppressed exceptions");
            checked.add(c.getSimpleName());
        }
        assertTrue(checked.containsAll(List.of("CancelledError", "StopAsyncIteration", "GeneratorExit", "TimeoutError",
                "InvalidStateError", "QueueShutDown", "IncompleteReadError", "BrokenBarrierError")), checked.toString());
    }

    @Test
    void aCloseFailingWhileACancelledTaskLeavesTryWithResourcesIsSuppressedByItsCancelledError() {
        RuntimeException closeFailure = new RuntimeException("close failed");
        Task<Integer> t = loop.createTask(sleepInTryWithResources(new FailingClose(closeFailure)));
        TestBase.runBriefly(loop);
        t.cancel("stop");
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.isCancelled());
        assertEquals("stop", e.getMessage());
        assertArrayEquals(new Throwable[] {closeFailure}, e.getSuppressed());
        // The task's own outcome is that instance: whoever reads it later sees the close failure too.
        CancelledError again = assertThrows(CancelledError.class, t::result);
        assertSame(e, again);
        assertEquals(List.of(), reports.contexts);
    }

    @Test
    void theSameThroughAnAwaitingTask() {
        RuntimeException closeFailure = new RuntimeException("close failed");
        Task<Integer> inner = loop.createTask(sleepInTryWithResources(new FailingClose(closeFailure)));
        Task<Object> outer = loop.createTask(co(() -> await(inner, v -> done(v), e -> done(e))));
        TestBase.runBriefly(loop);
        inner.cancel();
        Object got = loop.runUntilComplete(outer);
        CancelledError ce = (CancelledError) got;
        assertArrayEquals(new Throwable[] {closeFailure}, ce.getSuppressed());
    }

    /** A manager that passes everything through; aexit throws {@code failExit} if given. */
    record PassThrough(RuntimeException failExit) implements AsyncContextManager<String> {
        @Override
        public Awaitable<String> aenter() {
            return co(() -> done("entered"));
        }

        @Override
        public Awaitable<Boolean> aexit(Throwable error) {
            return co(() -> await(Corio.sleep(0), v -> {
                if (failExit != null) {
                    throw failExit;
                }
                return done(false);
            }));
        }
    }

    @Test
    void theCloseFailureStaysOnTheCancelledErrorThroughAsyncWith() {
        RuntimeException closeFailure = new RuntimeException("close failed");
        Task<Integer> t = loop.createTask(Corio.asyncWith(new PassThrough(null),
                v -> sleepInTryWithResources(new FailingClose(closeFailure))));
        TestBase.runBriefly(loop);
        t.cancel();
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.isCancelled());
        assertArrayEquals(new Throwable[] {closeFailure}, e.getSuppressed());
    }

    @Test
    void anAexitFailureReplacesTheBodysErrorWhichAexitWasGiven() {
        // As in Python, and as the processor's `try (manager) {...}`: aexit sees the body's exception (here the
        // cancellation, carrying the close failure) and what it throws instead is its own decision.
        RuntimeException closeFailure = new RuntimeException("close failed");
        RuntimeException exitFailure = new RuntimeException("aexit failed");
        List<Throwable> given = new ArrayList<>();
        AsyncContextManager<String> manager = new AsyncContextManager<>() {
            @Override
            public Awaitable<String> aenter() {
                return co(() -> done("entered"));
            }

            @Override
            public Awaitable<Boolean> aexit(Throwable error) {
                given.add(error);
                return co(() -> {
                    throw exitFailure;
                });
            }
        };
        Task<Integer> t = loop.createTask(Corio.asyncWith(manager,
                v -> sleepInTryWithResources(new FailingClose(closeFailure))));
        TestBase.runBriefly(loop);
        t.cancel("stop");
        assertSame(exitFailure, assertThrows(RuntimeException.class, () -> loop.runUntilComplete(t)));
        assertEquals(1, given.size());
        assertTrue(given.get(0) instanceof CancelledError);
        assertArrayEquals(new Throwable[] {closeFailure}, given.get(0).getSuppressed());
    }

    @Test
    void aTimeoutsErrorLeadsToTheCloseFailure() {
        RuntimeException closeFailure = new RuntimeException("close failed");
        Task<Integer> t = loop.createTask(Corio.timeout(1, s -> sleepInTryWithResources(new FailingClose(closeFailure))));
        TimeoutError e = assertThrows(TimeoutError.class, () -> loop.runUntilComplete(t));
        CancelledError cause = (CancelledError) e.getCause();
        assertArrayEquals(new Throwable[] {closeFailure}, cause.getSuppressed());
    }

    @Test
    void aCancelAfterTheWaiterFailedKeepsTheWaitersErrorAsSuppressed() {
        // asyncio's __step: a cancellation requested once the awaited future is done wins over its outcome.
        AsyncFuture<Integer> f = loop.createFuture();
        List<Throwable> seen = new ArrayList<>();
        Task<Integer> t = loop.createTask(co(() -> await(f, v -> done(v), e -> {
            seen.add(e);
            throw e;
        })));
        TestBase.runBriefly(loop);
        RuntimeException boom = new RuntimeException("boom");
        f.setException(boom); // schedules t
        assertTrue(t.cancel()); // f is done: t must cancel itself at its next step
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(1, seen.size());
        assertTrue(seen.get(0) instanceof CancelledError);
        assertArrayEquals(new Throwable[] {boom}, seen.get(0).getSuppressed());
        assertEquals(List.of(), reports.contexts, "the error is delivered (as suppressed), not reported as never retrieved");
    }

    @Test
    void aTaskGroupWhoseChildFailedWhileItsParentWasCancelledKeepsTheCancellation() {
        RuntimeException childError = new RuntimeException("child");
        AsyncFuture<Void> gate = loop.createFuture();
        Task<Object> parent = loop.createTask(Corio.taskGroup(g -> {
            g.createTask(co(() -> await(gate, v -> {
                throw childError;
            }, e -> {
                // cancelled by the group: fail anyway, as a child whose cleanup fails would
                throw childError;
            })));
            return co(() -> await(Corio.sleep(10), v -> done(null)));
        }));
        TestBase.runBriefly(loop);
        parent.cancel("outside");
        RuntimeException e = assertThrows(RuntimeException.class, () -> loop.runUntilComplete(parent));
        assertSame(childError, e);
        assertEquals(1, e.getSuppressed().length, List.of(e.getSuppressed()).toString());
        assertTrue(e.getSuppressed()[0] instanceof CancelledError);
        assertEquals("outside", e.getSuppressed()[0].getMessage());
    }

    @Test
    void aGathersLaterSiblingErrorIsAttachedToTheErrorItFailedWith() {
        AsyncFuture<Integer> a = loop.createFuture();
        AsyncFuture<Integer> b = loop.createFuture();
        AsyncFuture<List<Integer>> g = Corio.gather(List.of(a, b));
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        a.setException(first);
        TestBase.runBriefly(loop);
        assertSame(first, g.exception());
        b.setException(second);
        TestBase.runBriefly(loop);
        assertArrayEquals(new Throwable[] {second}, first.getSuppressed());
        assertEquals(List.of(), reports.contexts);
    }

    @Test
    void attachSkipsWhatIsAlreadyReachable() {
        RuntimeException cause = new RuntimeException("cause");
        RuntimeException primary = new RuntimeException("primary", cause);
        assertTrue(Suppressed.attach(primary, primary));
        assertTrue(Suppressed.attach(primary, cause));
        RuntimeException other = new RuntimeException("other");
        assertTrue(Suppressed.attach(primary, other));
        assertTrue(Suppressed.attach(primary, other));
        assertArrayEquals(new Throwable[] {other}, primary.getSuppressed());
        Throwable noSuppression = new Throwable("n", null, false, false) {
        };
        assertTrue(!Suppressed.attach(noSuppression, other));
    }
}
