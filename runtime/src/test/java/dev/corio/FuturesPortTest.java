package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More of CPython 3.12's {@code test_futures.py}: the cases {@link AsyncFutureTest} does not cover (the
 * InvalidStateError cases of each state, exception() of a cancelled future, callbacks removed by position and
 * mutation of the callback list while they run).
 */
@Timeout(10)
class FuturesPortTest extends TestBase {

    /** test_result / test_exception: each setter on a done future throws InvalidStateError, whatever the state. */
    @Test
    void settersOnADoneFutureThrowInvalidStateError() {
        AsyncFuture<String> withResult = loop.createFuture();
        withResult.setResult("r");
        AsyncFuture<String> failed = loop.createFuture();
        failed.setException(new IllegalStateException("e"));
        AsyncFuture<String> cancelled = loop.createFuture();
        cancelled.cancel();
        for (AsyncFuture<String> f : List.of(withResult, failed, cancelled)) {
            assertThrows(InvalidStateError.class, () -> f.setResult("again"), f.toString());
            assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()), f.toString());
            assertFalse(f.cancel(), f.toString());
        }
        assertEquals("r", withResult.result());
        failed.exception();
    }

    /** test_uninitialized / pending: result() and exception() of a pending future throw InvalidStateError. */
    @Test
    void pendingFutureHasNeitherResultNorException() {
        AsyncFuture<String> f = loop.createFuture();
        assertEquals("Result is not set.", assertThrows(InvalidStateError.class, f::result).getMessage());
        assertEquals("Exception is not set.", assertThrows(InvalidStateError.class, f::exception).getMessage());
        assertFalse(f.isDone());
        assertFalse(f.isCancelled());
    }

    /** test_cancel: exception() of a cancelled future raises its CancelledError (it does not return it). */
    @Test
    void exceptionOfACancelledFutureRaises() {
        AsyncFuture<String> f = loop.createFuture();
        assertTrue(f.cancel("why"));
        CancelledError a = assertThrows(CancelledError.class, f::exception);
        CancelledError b = assertThrows(CancelledError.class, f::result);
        assertEquals("why", a.getMessage());
        assertEquals("why", b.getMessage());
        assertTrue(f.isDone());
        assertTrue(f.isCancelled());
    }

    /** test_exception: a failed future's result() throws, exception() returns the same instance; no result. */
    @Test
    void exceptionStateIsNotAResult() {
        AsyncFuture<String> f = loop.createFuture();
        IllegalArgumentException e = new IllegalArgumentException("x");
        f.setException(e);
        assertSame(e, f.exception());
        assertSame(e, assertThrows(IllegalArgumentException.class, f::result));
        assertFalse(f.isCancelled());
        AsyncFuture<String> g = loop.createFuture();
        g.setResult(null);
        assertNull(g.exception(), "a null result is a result");
        assertNull(g.result());
    }

    /**
     * test_callbacks_remove_third_callback and _first_and_second: removing callbacks by identity before the
     * future completes leaves the others to run in their order.
     */
    @Test
    void removeSomeCallbacksBeforeCompletion() {
        List<Integer> ran = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        Consumer<AsyncFuture<String>> c1 = x -> ran.add(1);
        Consumer<AsyncFuture<String>> c2 = x -> ran.add(2);
        Consumer<AsyncFuture<String>> c3 = x -> ran.add(3);
        f.addDoneCallback(c1);
        f.addDoneCallback(c2);
        f.addDoneCallback(c3);
        assertEquals(1, f.removeDoneCallback(c3));
        f.addDoneCallback(c3);
        assertEquals(1, f.removeDoneCallback(c1));
        assertEquals(0, f.removeDoneCallback(c1));
        f.setResult("foo");
        assertEquals(List.of(), ran, "callbacks run through the loop, not inline");
        runOnce(loop);
        assertEquals(List.of(2, 3), ran);
    }

    /**
     * test_remove_done_callbacks_list_mutation / test_schedule_callbacks_list_mutation_2: a callback that adds
     * another to the done future while the callbacks run: the new one runs in a later tick, nothing is lost.
     */
    @Test
    void callbackAddingACallbackWhileTheyRun() {
        List<String> ran = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        f.addDoneCallback(x -> {
            ran.add("first");
            x.addDoneCallback(y -> ran.add("added"));
        });
        f.addDoneCallback(x -> ran.add("second"));
        f.setResult("v");
        runOnce(loop);
        assertEquals(List.of("first", "second"), ran);
        runOnce(loop);
        assertEquals(List.of("first", "second", "added"), ran);
    }

    /** A callback removed after the future completed but before the callbacks ran does not run. */
    @Test
    void removeAfterCompletionBeforeTheCallbacksRan() {
        List<Integer> ran = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        Consumer<AsyncFuture<String>> c1 = x -> ran.add(1);
        Consumer<AsyncFuture<String>> c2 = x -> ran.add(2);
        f.addDoneCallback(c1);
        f.addDoneCallback(c2);
        f.setResult("v");
        // asyncio schedules each callback with call_soon at completion and empties the list: removing now is too late
        assertEquals(0, f.removeDoneCallback(c1));
        runOnce(loop);
        assertEquals(List.of(1, 2), ran);
    }
}
