package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static dev.corio.TestBase.runBriefly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What a task becomes when its code answers a cancellation with another exception, ported from CPython
 * 3.12's {@code Lib/test/test_asyncio/test_tasks.py} where the names say so: the new exception is the task's
 * outcome (the task is failed, not cancelled), and the {@code CancelledError} it replaced stays reachable as
 * its cause, with the cancel message.
 */
class CancellationExceptionsPortTest extends TestBase {

    @Test
    void anExceptionRaisedWhileHandlingTheCancellationFailsTheTask() { // test_baseexception_during_cancel
        RuntimeException replacement = new RuntimeException("raised from the except CancelledError");
        Task<Void> task = loop.createTask(co(() -> await(Corio.sleep(10), v -> done(null), e -> {
            assertInstanceOf(CancelledError.class, e);
            throw replacement;
        })));
        runBriefly(loop);
        assertTrue(task.cancel());
        assertFalse(task.isDone(), "the cancellation is delivered at the task's next step");
        assertSame(replacement, assertThrows(RuntimeException.class, () -> loop.runUntilComplete(task)));
        assertTrue(task.isDone());
        assertFalse(task.isCancelled());
        assertSame(replacement, task.exception());
    }

    @Test
    void theCancelledErrorStaysReachableAsTheCauseWithItsMessage() { // test_cancellation_exception_context
        AsyncFuture<Void> fut = loop.createFuture();
        Task<Void> task = loop.createTask(co(() -> {
            Task<Void> inner = Corio.createTask(co(() -> {
                fut.setResult(null);
                return await(Corio.sleep(10), v -> done(null));
            }));
            return await(fut, v -> {
                EventLoop.running().callSoon(() -> inner.cancel("msg"));
                return await(inner, r -> done(null), e -> {
                    throw new IllegalArgumentException("cancelled", e);
                });
            });
        }));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(task));
        assertEquals("cancelled", e.getMessage());
        Throwable innermost = e;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        assertInstanceOf(CancelledError.class, innermost);
        assertEquals("msg", innermost.getMessage());
        assertFalse(task.isCancelled());
    }
}
