package dev.corio.context;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A set of {@link ContextVar} values: Python's {@code contextvars.Context} (PEP 567). Code always runs in
 * one context, the <em>current</em> one, which {@link ContextVar#get()} reads and {@link ContextVar#set}
 * writes to. Each task runs in a copy of the context current when it was created, and each callback in a
 * copy of the context it was scheduled from, so a variable set in a task is seen by what that task awaits
 * and creates, never by its parent or siblings.
 *
 * <p>A context is a read-only mapping from the outside ({@link #get}, {@link #containsKey}, {@link #size},
 * {@link #asMap()}): only code {@linkplain #run run in it} changes it, through {@link ContextVar#set} and
 * {@link ContextVar#reset}. {@link #copyContext()} (Python's {@code copy_context()}) takes a snapshot of
 * the current context: later {@code set}s in either do not show in the other. Copies are cheap: the mapping
 * is immutable and shared until one side sets a variable.
 *
 * <p>A context can be entered once at a time: {@link #run} (or {@link #enter()}) of a context that is
 * already entered throws {@link IllegalStateException}, as Python raises {@code RuntimeError}. A context
 * object belongs to one thread at a time; to hand values to another thread, give it a copy.
 *
 * <pre>
 * ContextVar&lt;String&gt; requestId = new ContextVar&lt;&gt;("request_id", "-");
 * Context ctx = Context.copyContext();
 * ctx.run(() -&gt; requestId.set("r-17"));     // changes ctx only
 * requestId.get();                          // "-"
 * ctx.get(requestId);                       // "r-17"
 * </pre>
 */
public final class Context {
    /** The mapping; replaced, never changed, by the sets of code running in this context. */
    Vars vars = Vars.EMPTY;
    /** Whether this context is current on some thread (run, enter, or a task step or callback in it). */
    boolean entered;

    /** A new empty context (Python's {@code contextvars.Context()}). */
    public Context() {
    }

    /**
     * A copy of the current context (Python's {@code contextvars.copy_context()}): same values, a new object
     * that later {@code set}s on either side do not affect.
     */
    public static Context copyContext() {
        Context c = new Context();
        c.vars = ContextCarrier.ofThisThread().vars;
        return c;
    }

    /** A shallow copy of this context: same values, a new object. */
    public Context copy() {
        Context c = new Context();
        c.vars = vars;
        return c;
    }

    /**
     * Runs {@code body} with this context current, and gives its value; what it throws comes out
     * unchanged. Variables it sets are set in this context, and seen by later runs in it. Throws
     * {@link IllegalStateException} if this context is already entered.
     */
    public <T> T run(Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        ContextCarrier cc = ContextCarrier.ofThisThread();
        checkNotEntered();
        Vars sv = cc.vars;
        Context sc = cc.context;
        entered = true;
        cc.vars = vars;
        cc.context = this;
        try {
            return body.get();
        } finally {
            entered = false;
            cc.vars = sv;
            cc.context = sc;
        }
    }

    /** {@link #run(Supplier)} for a body without a value. */
    public void run(Runnable body) {
        Objects.requireNonNull(body, "body");
        run(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Enters this context until the returned scope is closed (Python 3.14's {@code with ctx:}):
     * {@code try (Context.Scope s = ctx.enter()) { ... }}. Throws {@link IllegalStateException} if it is
     * already entered. Close the scope on the same thread, innermost first.
     */
    public Scope enter() {
        ContextCarrier cc = ContextCarrier.ofThisThread();
        checkNotEntered();
        Scope s = new Scope(this, cc, cc.vars, cc.context);
        entered = true;
        cc.vars = vars;
        cc.context = this;
        return s;
    }

    private void checkNotEntered() {
        if (entered) {
            throw new IllegalStateException("cannot enter context: " + this + " is already entered");
        }
    }

    /** The value of {@code var} in this context, or {@code null} if it has none here (its default is not used). */
    public <T> T get(ContextVar<T> var) {
        return get(var, null);
    }

    /** The value of {@code var} in this context, or {@code otherwise} if it has none here. */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var, T otherwise) {
        Object v = vars.get(Objects.requireNonNull(var, "var"));
        return v == Vars.ABSENT ? otherwise : (T) v;
    }

    /** Whether {@code var} has a value in this context (Python's {@code var in ctx}). */
    public boolean containsKey(ContextVar<?> var) {
        return vars.get(Objects.requireNonNull(var, "var")) != Vars.ABSENT;
    }

    /** The number of variables with a value in this context. */
    public int size() {
        return vars.size();
    }

    public boolean isEmpty() {
        return vars.size() == 0;
    }

    /**
     * The variables and their values now, as an unmodifiable map in the order they were first set (Python's
     * {@code keys()}, {@code values()}, {@code items()}). A snapshot: later sets do not change it.
     */
    public Map<ContextVar<?>, Object> asMap() {
        return vars.toMap();
    }

    @Override
    public String toString() {
        return "<Context " + vars + " at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }

    /** The {@link Context#enter()} of a context, undone by {@link #close()}. */
    public static final class Scope implements AutoCloseable {
        private final Context context;
        private final ContextCarrier carrier;
        private final Vars savedVars;
        private final Context savedContext;
        private boolean closed;

        Scope(Context context, ContextCarrier carrier, Vars savedVars, Context savedContext) {
            this.context = context;
            this.carrier = carrier;
            this.savedVars = savedVars;
            this.savedContext = savedContext;
        }

        /** The context entered. */
        public Context context() {
            return context;
        }

        /**
         * Leaves the context, making current again the one that was before. Throws
         * {@link IllegalStateException} on another thread than the one that entered it, if the context is not
         * the current one (an inner one is still entered), or if the scope was closed already.
         */
        @Override
        public void close() {
            if (closed) {
                throw new IllegalStateException("cannot exit context: " + context + " is not entered (the scope was closed)");
            }
            ContextCarrier cc = ContextCarrier.ofThisThread();
            if (cc != carrier) {
                throw new IllegalStateException("cannot exit context: " + context + " was entered on another thread");
            }
            if (cc.context != context) {
                throw new IllegalStateException("cannot exit context: " + context + " is not the current context");
            }
            closed = true;
            context.entered = false;
            cc.vars = savedVars;
            cc.context = savedContext;
        }
    }
}
