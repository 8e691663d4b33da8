package dev.corio.context;

/**
 * What {@link ContextVar#set} returns: Python's {@code contextvars.Token}. It remembers the variable, the
 * value before and the context the set was made in, so that {@link ContextVar#reset} can undo the set, once,
 * in the same context. Closing the token resets it (Python 3.14's {@code with var.set(x):}):
 * <pre>
 * try (var t = REQUEST_ID.set("r-17")) {
 *     ...                                    // REQUEST_ID.get() is "r-17" here
 * }                                          // and what it was before here
 * </pre>
 *
 * @param <T> the type of the variable's value
 */
public final class Token<T> implements AutoCloseable {
    /** The {@link #oldValue()} of a token whose variable had no value before the set. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<Token.MISSING>";
        }
    };

    final Context context;
    final ContextVar<T> var;
    final Object oldValue;
    boolean used;

    Token(Context context, ContextVar<T> var, Object oldValue) {
        this.context = context;
        this.var = var;
        this.oldValue = oldValue;
    }

    /** The variable that was set. */
    public ContextVar<T> var() {
        return var;
    }

    /** The value the variable had before the set, or {@link #MISSING} if it had none. */
    public Object oldValue() {
        return oldValue;
    }

    /** {@code var().reset(this)}. */
    @Override
    public void close() {
        var.reset(this);
    }

    @Override
    public String toString() {
        return "<Token" + (used ? " used" : "") + " var=" + var + " at 0x"
                + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
