package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Awaiting a {@link CompletableFuture} that is already complete does not suspend (issue 14): the generated
 * code's {@code AsyncFuture.fromStage(stage, loop())} gives a future that is done at once, with the same
 * outcome the thread-safe path gives.
 */
class FromDoneStageTest {

    /** Awaits each stage once and records what the await returned straight away (SUSPENDED or the value). */
    static final class AwaitEach extends Coroutine<List<Object>> {
        final List<CompletableFuture<?>> stages;
        final List<Object> immediate = new ArrayList<>();

        AwaitEach(List<CompletableFuture<?>> stages) {
            this.stages = stages;
        }

        @Override
        protected Object resume(Object value, Throwable error) {
            for (CompletableFuture<?> s : stages) {
                Object r;
                try {
                    r = AsyncFuture.fromStage(s, loop()).awaitFrom(this);
                } catch (Throwable e) {
                    r = e;
                }
                immediate.add(r);
            }
            return immediate;
        }
    }

    @Test
    void aCompletedStageIsAwaitedWithoutSuspending() {
        IOException io = new IOException("io");
        CompletableFuture<Object> failed = new CompletableFuture<>();
        failed.completeExceptionally(io);
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        EventLoop loop = EventLoop.virtual();
        long ticksBefore = loop.ticks;
        List<Object> got = loop.runUntilComplete(new AwaitEach(List.of(
                CompletableFuture.completedFuture(1), failed, cancelled, CompletableFuture.completedFuture(null))));
        assertEquals(1, got.get(0));
        assertSame(io, got.get(1), "the cause, unwrapped, as from a pending stage");
        assertTrue(got.get(2) instanceof CancelledError, "a cancelled stage cancels: " + got.get(2));
        assertEquals(null, got.get(3));
        assertEquals(2, loop.ticks - ticksBefore, "one tick for the task's step, one for the stop: no suspension");
        loop.close();
    }

    @Test
    void aMinimalStageThatCannotSayWhetherItIsDoneTakesTheUsualPath() {
        EventLoop loop = EventLoop.virtual();
        java.util.concurrent.CompletionStage<String> minimal =
                CompletableFuture.completedFuture("m").minimalCompletionStage();
        AsyncFuture<String> f = AsyncFuture.fromStage(minimal, loop);
        assertEquals(false, f.isDone(), "handed over through the loop, as any stage");
        assertEquals("m", loop.runUntilComplete(f));
        loop.close();
    }
}
