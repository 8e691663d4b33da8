package dev.corio;

/** Process-wide debug switches; per-loop debug mode is {@link EventLoop#setDebug(boolean)}. */
final class Debug {
    private Debug() {
    }

    /** Set from the {@code corio.debug} system property; loops in debug mode add to {@link #debugLoops}. */
    private static final boolean PROPERTY = Boolean.getBoolean("corio.debug");

    /** Number of live loops with debug on; written under the class lock. */
    private static int debugLoops;

    /**
     * {@code debugLoops > 0}, read without a barrier on every coroutine creation (the hot path of awaiting
     * an {@code @Async} method). A loop turns debug on from its own thread before it creates the coroutines
     * it should track, so program order makes them see it; another thread may see the change late, which
     * only delays never-awaited reports for coroutines it creates meanwhile.
     */
    private static boolean anyDebugLoop;

    static boolean coroutineOrigins() {
        return PROPERTY || anyDebugLoop;
    }

    static boolean property() {
        return PROPERTY;
    }

    static synchronized void loopDebug(boolean on) {
        debugLoops += on ? 1 : -1;
        anyDebugLoop = debugLoops > 0;
    }
}
