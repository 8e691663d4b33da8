package dev.corio.sample.support;

import dev.corio.Awaitable;
import dev.corio.StateMachine;
import java.util.function.Supplier;

/**
 * A coroutine that makes one awaitable when it starts (so on the loop, as the HN client requires) and
 * gives its outcome: {@code loop.runUntilComplete(new AwaitOnce<>(() -> api.item(8863)))}.
 */
public final class AwaitOnce<T> extends StateMachine<T> {
    private final Supplier<? extends Awaitable<T>> make;

    public AwaitOnce(Supplier<? extends Awaitable<T>> make) {
        this.make = make;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object step() throws Throwable {
        switch (pc) {
            case 0:
                if (await(make.get(), 1)) {
                    return SUSPENDED;
                }
                // fall through
            case 1:
                return (T) take();
            default:
                throw new IllegalStateException("resumed after completion");
        }
    }
}
