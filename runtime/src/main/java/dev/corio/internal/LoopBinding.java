package dev.corio.internal;

import dev.corio.EventLoop;

/**
 * asyncio's {@code _LoopBoundMixin}, for the primitives of {@code dev.corio.sync} and {@code dev.corio.queues}:
 * a primitive binds to the loop it is first waited on from, and refuses any other loop afterwards (its waiters
 * are futures of that loop). Each primitive holds one (a field, not a superclass, so that it is not part of the
 * primitives' public API). Not API (see the package documentation).
 */
public final class LoopBinding {
    private EventLoop loop;

    /**
     * The loop {@code running} (the waiting frame's), after checking that {@code owner}, the primitive, belongs
     * to it; the first call binds it.
     */
    public EventLoop bind(EventLoop running, Object owner) {
        EventLoop l = loop;
        if (l == null) {
            loop = running;
        } else if (l != running) {
            throw new IllegalStateException(owner + " is bound to a different event loop");
        }
        return running;
    }
}
