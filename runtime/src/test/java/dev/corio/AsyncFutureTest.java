package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** asyncio's Future, ported from CPython's test_futures.py (BaseFutureTests, BaseFutureDoneCallbackTests). */
class AsyncFutureTest extends TestBase {
    @Test
    void initialState() {
        AsyncFuture<Object> f = loop.createFuture();
        assertFalse(f.isDone());
        assertFalse(f.isCancelled());
        assertSame(loop, f.getLoop());
        assertEquals("Result is not set.", assertThrows(InvalidStateError.class, f::result).getMessage());
        assertEquals("Exception is not set.", assertThrows(InvalidStateError.class, f::exception).getMessage());
        assertTrue(f.cancel());
        assertTrue(f.isCancelled());
    }

    @Test
    void constructorUsesTheRunningLoop() {
        AsyncFuture<?> f = loop.runUntilComplete(new Script<AsyncFuture<?>>().then(v -> new AsyncFuture<>()));
        assertSame(loop, f.getLoop());
    }

    @Test
    void cancel() {
        AsyncFuture<Object> f = loop.createFuture();
        assertTrue(f.cancel());
        assertTrue(f.isCancelled());
        assertTrue(f.isDone());
        assertThrows(CancelledError.class, f::result);
        assertThrows(CancelledError.class, f::exception);
        assertThrows(InvalidStateError.class, () -> f.setResult(null));
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
    }

    @Test
    void cancelMessageReachesTheError() {
        AsyncFuture<Object> f = loop.createFuture();
        f.cancel("my message");
        assertEquals("my message", assertThrows(CancelledError.class, f::result).getMessage());
        assertEquals("my message", assertThrows(CancelledError.class, () -> loop.runUntilComplete(f)).getMessage());
    }

    @Test
    void result() {
        AsyncFuture<Integer> f = loop.createFuture();
        f.setResult(42);
        assertFalse(f.isCancelled());
        assertTrue(f.isDone());
        assertEquals(42, f.result());
        assertNull(f.exception());
        InvalidStateError e = assertThrows(InvalidStateError.class, () -> f.setResult(1));
        assertTrue(e.getMessage().contains("already done"), e.getMessage());
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
        assertEquals(42, f.result());
    }

    @Test
    void exceptionKeepsIdentityCheckedOrNot() {
        IOException io = new IOException("io");
        AsyncFuture<Integer> f = loop.createFuture();
        f.setException(io);
        assertFalse(f.isCancelled());
        assertTrue(f.isDone());
        assertSame(io, assertThrows(IOException.class, f::result));
        assertSame(io, f.exception());
        assertThrows(InvalidStateError.class, () -> f.setResult(1));
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
        assertThrows(NullPointerException.class, () -> loop.createFuture().setException(null));
    }

    @Test
    void settingACancelledErrorFailsTheFuture() {
        AsyncFuture<Integer> f = loop.createFuture();
        CancelledError ce = new CancelledError("as a value");
        f.setException(ce);
        assertFalse(f.isCancelled());
        assertSame(ce, f.exception());
    }

    @Test
    void toStringShowsTheState() {
        AsyncFuture<Integer> f = loop.createFuture();
        assertEquals("AsyncFuture<pending>", f.toString());
        f.setResult(4);
        assertEquals("AsyncFuture<finished result=4>", f.toString());
        AsyncFuture<Integer> c = loop.createFuture();
        c.cancel();
        assertEquals("AsyncFuture<cancelled>", c.toString());
    }

    // ---------------------------------------------------------------- done callbacks

    private static Consumer<AsyncFuture<String>> appender(List<Integer> bag, int thing) {
        return f -> bag.add(thing);
    }

    @Test
    void callbacksRunThroughTheLoopInRegistrationOrder() {
        List<Integer> bag = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        f.addDoneCallback(appender(bag, 42));
        f.addDoneCallback(appender(bag, 17));
        f.setResult("foo");
        assertEquals(List.of(), bag, "never inline");
        TestBase.runOnce(loop);
        assertEquals(List.of(42, 17), bag);
        assertEquals("foo", f.result());
    }

    @Test
    void callbacksOnExceptionAndCancel() {
        List<Integer> bag = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        f.addDoneCallback(appender(bag, 100));
        RuntimeException exc = new RuntimeException();
        f.setException(exc);
        AsyncFuture<String> g = loop.createFuture();
        g.addDoneCallback(appender(bag, 200));
        g.cancel();
        TestBase.runOnce(loop);
        assertEquals(List.of(100, 200), bag);
        assertSame(exc, f.exception());
    }

    @Test
    void callbackAddedAfterCompletionRunsNextTick() {
        List<Object> bag = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        f.setResult("x");
        f.addDoneCallback(d -> bag.add(d.result()));
        f.addDoneCallback(d -> bag.add(d == f));
        assertEquals(List.of(), bag);
        TestBase.runOnce(loop);
        assertEquals(List.of("x", true), bag);
    }

    @Test
    void removeFirstCallback() {
        List<Integer> bag = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        Consumer<AsyncFuture<String>> cb1 = appender(bag, 42);
        f.addDoneCallback(cb1);
        f.addDoneCallback(appender(bag, 17));
        f.addDoneCallback(appender(bag, 100));
        assertEquals(1, f.removeDoneCallback(cb1));
        assertEquals(0, f.removeDoneCallback(cb1));
        f.setResult("foo");
        TestBase.runOnce(loop);
        assertEquals(List.of(17, 100), bag);
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistration() {
        List<Integer> bag = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        Consumer<AsyncFuture<String>> cb1 = appender(bag, 1);
        Consumer<AsyncFuture<String>> cb2 = appender(bag, 2);
        Consumer<AsyncFuture<String>> cb3 = appender(bag, 3);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        assertEquals(1, f.removeDoneCallback(cb2));
        assertEquals(0, f.removeDoneCallback(cb3));
        f.addDoneCallback(cb2);
        for (int i = 0; i < 5; i++) {
            f.addDoneCallback(cb1);
        }
        assertEquals(6, f.removeDoneCallback(cb1));
        f.setResult("foo");
        TestBase.runOnce(loop);
        assertEquals(List.of(2), bag);
        // Once done, there is nothing left to remove.
        assertEquals(0, f.removeDoneCallback(cb2));
    }

    @Test
    void removingTheOnlyCallback() {
        List<Integer> bag = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        Consumer<AsyncFuture<String>> cb = appender(bag, 1);
        f.addDoneCallback(cb);
        assertEquals(1, f.removeDoneCallback(cb));
        f.setResult("x");
        TestBase.runOnce(loop);
        assertEquals(List.of(), bag);
    }

    @Test
    void callbackRemovingOthersWhileScheduled() {
        // test_schedule_callbacks_list_mutation_1: the callbacks were already scheduled
        List<Integer> bag = new ArrayList<>();
        AsyncFuture<String> f = loop.createFuture();
        Consumer<AsyncFuture<String>> other = appender(bag, 2);
        f.addDoneCallback(d -> bag.add(d.removeDoneCallback(other)));
        f.addDoneCallback(other);
        f.addDoneCallback(other);
        f.setResult("x");
        TestBase.runOnce(loop);
        assertEquals(List.of(0, 2, 2), bag);
    }

    @Test
    void failingCallbackGoesToTheExceptionHandler() {
        AsyncFuture<String> f = loop.createFuture();
        RuntimeException boom = new RuntimeException("boom");
        List<String> log = new ArrayList<>();
        f.addDoneCallback(d -> {
            throw boom;
        });
        f.addDoneCallback(d -> log.add("second"));
        f.setResult("x");
        TestBase.runOnce(loop);
        assertEquals(List.of("second"), log);
        assertEquals(1, reports.contexts.size());
        assertSame(boom, reports.contexts.get(0).exception());
        assertTrue(reports.contexts.get(0).handle().toString().contains("done callback"));
    }

    // ---------------------------------------------------------------- awaiting

    @Test
    void awaitingGivesTheValueOrTheSameException() {
        AsyncFuture<String> ok = loop.createFuture();
        AsyncFuture<String> bad = loop.createFuture();
        IOException io = new IOException("io");
        loop.callLater(1, () -> ok.setResult("v"));
        loop.callLater(2, () -> bad.setException(io));
        List<Object> got = new ArrayList<>();
        loop.runUntilComplete(new Script<>()
                .then(v -> awaiting(ok))
                .then(v -> {
                    got.add(v);
                    return awaiting(bad);
                })
                .handle((v, e) -> got.add(e)));
        assertEquals(List.of("v", io), got);
        assertSame(io, got.get(1));
        assertTrue(reports.contexts.isEmpty(), "awaiting retrieved the exception");
    }

    // ---------------------------------------------------------------- CompletableFuture interop

    @Test
    void toCompletableFutureResult() throws Exception {
        AsyncFuture<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();
        f.setResult("r");
        assertFalse(cf.isDone(), "completes through the loop");
        TestBase.runOnce(loop);
        assertEquals("r", cf.get(0, TimeUnit.SECONDS));
    }

    @Test
    void toCompletableFutureException() {
        AsyncFuture<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();
        IOException io = new IOException();
        f.setException(io);
        TestBase.runOnce(loop);
        ExecutionException e = assertThrows(ExecutionException.class, cf::get);
        assertSame(io, e.getCause());
    }

    @Test
    void toCompletableFutureCancel() {
        AsyncFuture<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();
        f.cancel();
        TestBase.runOnce(loop);
        assertTrue(cf.isCancelled());
    }

    @Test
    void cancellingTheCompletableFutureFromAnotherThreadCancelsTheFuture() throws Exception {
        AsyncFuture<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();
        Thread t = new Thread(() -> cf.cancel(true));
        t.start();
        t.join();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertTrue(f.isCancelled());
    }

    @Test
    void fromStageCompletedOnAnotherThread() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        AsyncFuture<String> f = AsyncFuture.fromStage(cf, loop);
        Thread[] completer = new Thread[1];
        Thread[] callbackThread = new Thread[1];
        f.addDoneCallback(d -> callbackThread[0] = Thread.currentThread());
        new Thread(() -> {
            completer[0] = Thread.currentThread();
            sleepQuietly(20);
            cf.complete("oi");
        }).start();
        assertEquals("oi", loop.runUntilComplete(f));
        TestBase.runOnce(loop);
        assertSame(Thread.currentThread(), callbackThread[0], "handed to the loop thread");
        assertTrue(completer[0] != Thread.currentThread());
    }

    @Test
    void fromStageUnwrapsCompletionException() {
        IOException io = new IOException();
        CompletableFuture<String> cf = new CompletableFuture<>();
        cf.completeExceptionally(new CompletionException(io));
        assertSame(io, assertThrows(IOException.class, () -> loop.runUntilComplete(AsyncFuture.fromStage(cf, loop))));
        CompletableFuture<String> direct = CompletableFuture.failedFuture(io);
        assertSame(io, assertThrows(IOException.class,
                () -> loop.runUntilComplete(AsyncFuture.fromStage(direct, loop))));
        // Through a dependent stage, the JDK wraps in CompletionException.
        CompletableFuture<String> dependent = cf.thenApply(s -> s);
        assertSame(io, assertThrows(IOException.class,
                () -> loop.runUntilComplete(AsyncFuture.fromStage(dependent, loop))));
    }

    @Test
    void fromStageCancellationCancels() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        AsyncFuture<String> f = AsyncFuture.fromStage(cf, loop);
        cf.cancel(false);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertTrue(f.isCancelled());
    }

    @Test
    void cancellingTheBridgeCancelsTheStage() {
        // test_wrap_future_cancel
        CompletableFuture<String> cf = new CompletableFuture<>();
        AsyncFuture<String> f = AsyncFuture.fromStage(cf, loop);
        f.cancel();
        TestBase.runOnce(loop);
        assertTrue(cf.isCancelled());
        assertTrue(f.isCancelled());
    }

    @Test
    void cancellingTheBridgeAfterTheStageCompleted() {
        // test_wrap_future_cancel2
        CompletableFuture<String> cf = new CompletableFuture<>();
        AsyncFuture<String> f = AsyncFuture.fromStage(cf, loop);
        cf.complete("42");
        f.cancel();
        TestBase.runOnce(loop);
        assertFalse(cf.isCancelled());
        assertEquals("42", cf.join());
        assertTrue(f.isCancelled());
    }

    @Test
    void wrapFutureUsesTheRunningLoop() {
        CompletableFuture<String> cf = CompletableFuture.completedFuture("x");
        AsyncFuture<String> f = loop.runUntilComplete(new Script<AsyncFuture<String>>().then(v -> Corio.wrapFuture(cf)));
        assertSame(loop, f.getLoop());
        assertEquals("x", loop.runUntilComplete(f));
        assertThrows(IllegalStateException.class, () -> Corio.wrapFuture(cf));
        assertThrows(CancellationException.class, () -> {
            throw new CancellationException();
        });
    }

    // ---------------------------------------------------------------- never-retrieved exceptions

    @Test
    void resultOrCancelledOrRetrievedIsNotReported() throws Exception {
        AsyncFuture<Object> a = loop.createFuture();
        a.setResult(42);
        AsyncFuture<Object> b = loop.createFuture();
        b.setException(new RuntimeException("retrieved"));
        b.exception();
        AsyncFuture<Object> c = loop.createFuture();
        c.setException(new RuntimeException("result raised"));
        assertThrows(RuntimeException.class, c::result);
        AsyncFuture<Object> d = loop.createFuture();
        d.setException(new RuntimeException("cancel after"));
        assertFalse(d.cancel()); // test_tb_logger_not_called_after_cancel
        AsyncFuture<Object> e = loop.createFuture();
        e.cancel();
        a = b = c = d = e = null;
        // A canary that is reported proves collection happened.
        unretrievedFuture(new RuntimeException("canary"));
        TestBase.gcUntil(loop, () -> !reports.contexts.isEmpty());
        loop.close();
        assertEquals(List.of("Future exception was never retrieved: AsyncFuture"), reports.messages());
        assertEquals("canary", reports.contexts.get(0).exception().getMessage());
    }

    private void unretrievedFuture(Throwable t) {
        AsyncFuture<Object> f = loop.createFuture();
        f.setException(t);
    }

    @Test
    void neverRetrievedIsReportedWhenCollected() throws Exception {
        RuntimeException boom = new RuntimeException("boom");
        unretrievedFuture(boom);
        assertTrue(reports.contexts.isEmpty());
        TestBase.gcUntil(loop, () -> !reports.contexts.isEmpty());
        assertEquals(1, reports.contexts.size());
        assertSame(boom, reports.contexts.get(0).exception());
        assertTrue(reports.contexts.get(0).message().startsWith("Future exception was never retrieved"));
        loop.close();
        assertEquals(1, reports.contexts.size(), "not reported twice");
    }

    @Test
    void neverRetrievedIsReportedAtClose() throws Exception {
        RuntimeException boom = new RuntimeException("boom");
        AsyncFuture<Object> kept = loop.createFuture();
        kept.setException(boom);
        AsyncFuture<Object> retrieved = loop.createFuture();
        retrieved.setException(new RuntimeException("retrieved later"));
        retrieved.exception();
        loop.close();
        assertEquals(1, reports.contexts.size());
        assertSame(boom, reports.contexts.get(0).exception());
        // Retrieving it after close changes nothing, and collecting it reports nothing more.
        kept.exception();
        kept = null;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, reports.contexts.size());
    }

    @Test
    void collectedWhileTheLoopIsIdleIsReportedAtClose() throws Exception {
        // The cleaner hands the report to the idle loop; closing the loop delivers it.
        RuntimeException boom = new RuntimeException("idle");
        unretrievedFuture(boom);
        for (int i = 0; i < 100 && loop.pendingThreadsafe() == 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, loop.pendingThreadsafe(), "the cleaner queued the report");
        assertTrue(reports.contexts.isEmpty());
        loop.close();
        assertEquals(1, reports.contexts.size());
        assertSame(boom, reports.contexts.get(0).exception());
    }

    @Test
    void aTaskExceptionNeverRetrievedIsReported() {
        Task<Object> t = loop.createTask(Script.throwing(new IllegalStateException("task boom")), "failing");
        TestBase.runOnce(loop);
        assertTrue(t.isDone());
        loop.close();
        assertEquals(1, reports.contexts.size());
        assertTrue(reports.contexts.get(0).message().startsWith("Task exception was never retrieved: Task failing"),
                reports.contexts.get(0).message());
    }
}
