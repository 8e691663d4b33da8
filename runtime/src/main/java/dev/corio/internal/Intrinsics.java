package dev.corio.internal;

/**
 * The two primitives of the coroutine protocol that the runtime's packages share. Not API (see the
 * package documentation).
 */
public final class Intrinsics {
    private Intrinsics() {
    }

    /**
     * The marker that {@code awaitFrom} and {@code resume} return when the frame suspends. Subclasses of
     * {@link dev.corio.Coroutine} and {@link dev.corio.generators.AsyncGenerator} see it as their inherited
     * {@code SUSPENDED}; this is the one instance, for the runtime's classes that are not such subclasses.
     */
    public static final Object SUSPENDED = new Object() {
        @Override
        public String toString() {
            return "SUSPENDED";
        }
    };

    /**
     * Throws {@code t} unchanged, checked or not, where the Java signature cannot declare it (exceptions
     * cross awaits unchanged, as in Python). Declared to return so that callers can write {@code throw}.
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
