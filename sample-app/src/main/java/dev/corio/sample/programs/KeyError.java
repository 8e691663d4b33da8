package dev.corio.sample.programs;

/** Python's {@code KeyError}: a JSON answer lacks the attribute asked for. */
public final class KeyError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyError(String key) {
        super("'" + key + "'");
    }
}
