package dev.corio.queues;

import dev.corio.EventLoop;

/**
 * asyncio's {@code _LoopBoundMixin}: a primitive binds to the loop it is first waited on from, and refuses
 * any other loop afterwards (its waiters are futures of that loop).
 */
abstract class LoopBound {
    private EventLoop loop;

    /** The loop {@code running} (the waiting frame's), after checking this primitive belongs to it. */
    final EventLoop bind(EventLoop running) {
        EventLoop l = loop;
        if (l == null) {
            loop = running;
        } else if (l != running) {
            throw new IllegalStateException(this + " is bound to a different event loop");
        }
        return running;
    }
}
