package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.ensureFuture;
import static dev.corio.Corio.gatherReturnExceptions;
import static dev.corio.Corio.result;
import static dev.corio.Corio.shield;

import dev.corio.AsyncContextManager;
import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import java.util.ArrayList;
import java.util.List;

/**
 * The book's {@code Sync} (chapter 5, "Synchronizing Pending Coroutines to Finish Cleanly"): an async
 * context manager whose exit gathers everything scheduled inside its block, a synchronization wall.
 * Made with {@code new Corio_Sync()}, so that {@link #finish()} is the generated coroutine.
 */
public class Sync implements AsyncContextManager<Sync> {
    final List<AsyncFuture<?>> pending = new ArrayList<>();
    public List<Object> finished;

    public AsyncFuture<?> scheduleCoro(Coroutine<?> coro, boolean shield) {
        AsyncFuture<?> fut = shield ? shield(coro) : ensureFuture(coro);
        pending.add(fut);
        return fut;
    }

    public AsyncFuture<?> scheduleCoro(Coroutine<?> coro) {
        return scheduleCoro(coro, false);
    }

    @Override
    public Awaitable<Sync> aenter() {
        return Corio_Sync.ready(this);
    }

    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        return finish();
    }

    @Async
    public Coroutine<Boolean> finish() {
        finished = await(gatherReturnExceptions(pending));
        return result(false);
    }

    /** {@code async def __aenter__(self): return self}. */
    @Async
    static Coroutine<Sync> ready(Sync sync) {
        return result(sync);
    }
}
