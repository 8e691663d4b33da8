package dev.corio;

/** Process-wide debug switches; per-loop debug mode is {@link EventLoop#setDebug(boolean)}. */
final class Debug {
    private Debug() {
    }

    /** Set from the {@code corio.debug} system property; loops in debug mode add to {@link #debugLoops}. */
    private static final boolean PROPERTY = Boolean.getBoolean("corio.debug");

    /** Number of live loops with debug on. A plain read on the coroutine-creation path. */
    static volatile int debugLoops;

    static boolean coroutineOrigins() {
        return PROPERTY || debugLoops > 0;
    }

    static boolean property() {
        return PROPERTY;
    }

    static synchronized void loopDebug(boolean on) {
        debugLoops += on ? 1 : -1;
    }
}
