package dev.corio;

/**
 * Attaching an exception that would otherwise be lost to the one that goes on, as Java's
 * try-with-resources does ({@link Throwable#addSuppressed}): where the runtime has to deliver one of two
 * exceptions, the other is kept as suppressed by the one delivered, never dropped.
 */
final class Suppressed {
    private Suppressed() {
    }

    /**
     * Adds {@code lost} to {@code primary}'s suppressed exceptions unless it is already reachable from it
     * ({@code primary} itself, its cause chain, or already suppressed). Returns false only if
     * {@code primary} has suppression disabled and {@code lost} could not be attached, so that the caller
     * reports it another way.
     */
    static boolean attach(Throwable primary, Throwable lost) {
        if (lost == null || reachable(primary, lost)) {
            return true;
        }
        int before = primary.getSuppressed().length;
        primary.addSuppressed(lost);
        return primary.getSuppressed().length > before;
    }

    private static boolean reachable(Throwable primary, Throwable t) {
        int steps = 0;
        for (Throwable c = primary; c != null && steps < 1_000; c = c.getCause(), steps++) {
            if (c == t) {
                return true;
            }
        }
        for (Throwable s : primary.getSuppressed()) {
            if (s == t) {
                return true;
            }
        }
        return false;
    }
}
