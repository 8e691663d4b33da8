package dev.corio;

import dev.corio.generators.AsyncGenerator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The async generators that started on one loop and have not ended (asyncio's {@code _asyncgens} with its
 * firstiter and finalizer hooks), closed by {@link EventLoop#shutdownAsyncgens()}. Strong references: Java
 * cannot run a collected generator's {@code finally}. Loop thread only.
 */
final class AsyncGenRegistry {
    private final EventLoop loop;
    private final Set<AsyncGenerator<?>> open = new LinkedHashSet<>();

    AsyncGenRegistry(EventLoop loop) {
        this.loop = loop;
    }

    /** {@code generator} took its first step on the loop (asyncio's firstiter hook). */
    void started(AsyncGenerator<?> generator) {
        open.add(Objects.requireNonNull(generator, "generator"));
    }

    /** {@code generator} ended: nothing to finalize. */
    void finished(AsyncGenerator<?> generator) {
        open.remove(generator);
    }

    /** See {@link EventLoop#shutdownAsyncgens()}. */
    AsyncFuture<Void> shutdown() {
        AsyncFuture<Void> all = new AsyncFuture<>(loop);
        List<AsyncGenerator<?>> closing = new ArrayList<>(open);
        open.clear();
        if (closing.isEmpty()) {
            all.setResult(null);
            return all;
        }
        int[] left = {closing.size()};
        for (AsyncGenerator<?> g : closing) {
            Task<Void> t = loop.createTask(g.aclose());
            t.addDoneCallback(f -> {
                Throwable e = f.isCancelled() ? null : f.exception();
                if (e != null) {
                    loop.callExceptionHandler(new ExceptionContext("an error occurred during closing of asynchronous"
                            + " generator " + g, e, null, null));
                }
                if (--left[0] == 0) {
                    all.setResult(null);
                }
            });
        }
        return all;
    }
}
