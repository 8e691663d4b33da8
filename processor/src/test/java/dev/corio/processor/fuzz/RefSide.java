package dev.corio.processor.fuzz;

/**
 * The reference semantics of a fuzz program's body: plain synchronous Java. The same body text that the
 * processor transforms compiles here against these methods, where every awaitable is a {@link Done} that
 * already holds its outcome and {@code await} hands that outcome back at once. Names and type parameters
 * mirror {@code Corio} and {@link AsyncSide}.
 */
public final class RefSide {
    private RefSide() {
    }

    /** An outcome known at once: a value or an exception. */
    public static final class Done<T> {
        final T value;
        final RuntimeException error;

        Done(T value, RuntimeException error) {
            this.value = value;
            this.error = error;
        }

        public T get() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    public static <T> T await(Done<T> d) {
        return d.get();
    }

    public static <T> Done<T> result(T value) {
        return new Done<>(value, null);
    }

    public static Done<Void> sleep(double seconds) {
        return new Done<>(null, null);
    }

    public static <T> Done<T> sleep(double seconds, T value) {
        return new Done<>(value, null);
    }

    public static <T> Done<T> done(T value) {
        return new Done<>(value, null);
    }

    public static <T> Done<T> later(double delay, T value) {
        return new Done<>(value, null);
    }

    public static <T> Done<T> failAfter(double delay, String message, T witness) {
        return new Done<>(null, new FuzzBase.FuzzException(message));
    }
}
