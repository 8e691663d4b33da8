package dev.corio.context;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A context variable: Python's {@code contextvars.ContextVar} (PEP 567). Its value lives in the current
 * {@link Context}, not in the variable, so each task sees its own: a task starts with a copy of its
 * creator's context, awaiting a coroutine runs it in the same task (it sees and makes the same changes),
 * and a callback runs in a copy of the context it was scheduled from.
 *
 * <pre>
 * static final ContextVar&lt;String&gt; REQUEST_ID = new ContextVar&lt;&gt;("request_id", "-");
 *
 * &#64;Async
 * Coroutine&lt;Void&gt; handle(Request r) {
 *     REQUEST_ID.set(r.id());                  // this task and what it awaits or creates see it
 *     await(service.call(r));                  // log lines written in there can read REQUEST_ID.get()
 *     return result(null);
 * }
 * </pre>
 *
 * <p>Reading finds the thread's context state (a field load and a compare when the same thread read the
 * variable last, else a thread-local lookup) and scans the context's few entries: a few ns, see
 * {@code docs/benchmarks.md}. Declare variables once (as constants): a context keeps every variable set in
 * it reachable.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private final String name;
    private final boolean hasDefault;
    private final T defaultValue;
    /**
     * The carrier of the thread that read this variable last: a one-entry cache in front of the thread-local
     * lookup, which costs several ns (more when its hash slot collides with another thread-local's). Racy on
     * purpose: a thread uses the cached carrier only if the carrier's final {@code thread} field says it is
     * its own (final-field semantics make that read safe without a barrier), so a stale or foreign value only
     * costs a miss. Threads that take turns reading one variable miss every time and pay the lookup and a
     * store; the loop's thread reading it over and over pays a field load and a compare.
     */
    private ContextCarrier lastCarrier;

    /** A variable without a default: {@link #get()} throws until it is set. */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.hasDefault = false;
        this.defaultValue = null;
    }

    /** A variable with a default (which may be {@code null}), given by {@link #get()} while it is not set. */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.hasDefault = true;
        this.defaultValue = defaultValue;
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    /**
     * The value in the current context; else the default; else throws {@link NoSuchElementException} (Python's
     * {@code LookupError}).
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = carrier().vars.get(this);
        if (v != Vars.ABSENT) {
            return (T) v;
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new NoSuchElementException(this + " has no value in the current context and no default");
    }

    /**
     * The value in the current context, else {@code otherwise} (the variable's own default is not used, as
     * Python's {@code var.get(default)}).
     */
    @SuppressWarnings("unchecked")
    public T get(T otherwise) {
        Object v = carrier().vars.get(this);
        return v == Vars.ABSENT ? otherwise : (T) v;
    }

    private ContextCarrier carrier() {
        ContextCarrier c = lastCarrier;
        if (c == null || c.thread != Thread.currentThread()) {
            lastCarrier = c = ContextCarrier.ofThisThread();
        }
        return c;
    }

    /**
     * Sets the value in the current context and returns a token that {@link #reset} (or closing it, as in
     * {@code try (var t = VAR.set(x)) { ... }}) uses to restore the value before.
     */
    public Token<T> set(T value) {
        ContextCarrier cc = carrier();
        Context c = cc.context;
        if (c == null) {
            c = cc.materialize();
        }
        Vars before = c.vars;
        Object old = before.get(this);
        Vars after = before.with(this, value);
        c.vars = after;
        cc.vars = after;
        return new Token<>(c, this, old == Vars.ABSENT ? Token.MISSING : old);
    }

    /**
     * Restores the value this variable had in the current context before the {@link #set} that made
     * {@code token} (or removes it, if it had none). Throws {@link IllegalStateException} if the token was
     * used already (Python's {@code RuntimeError}), {@link IllegalArgumentException} if it was made by another
     * variable or in another context (Python's {@code ValueError}).
     */
    public void reset(Token<T> token) {
        Objects.requireNonNull(token, "token");
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        ContextCarrier cc = carrier();
        Context c = cc.context;
        if (c != token.context) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        Object old = token.oldValue;
        Vars after = old == Token.MISSING ? c.vars.without(this) : c.vars.with(this, old);
        c.vars = after;
        cc.vars = after;
        token.used = true;
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (hasDefault ? " default=" + defaultValue : "") + " at 0x"
                + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
