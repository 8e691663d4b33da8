package dev.corio.context;

import dev.corio.internal.ThreadContext;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Which context is current on one thread, and how the event loop switches it: the runtime's side of
 * context variables. Package-private: the loop and tasks, in {@code dev.corio}, hold it as a
 * {@link ThreadContext} (not API). User code uses {@link ContextVar}, {@link Context#copyContext()} and
 * {@link Context#run}.
 *
 * <h2>State</h2>
 * {@link #vars} is the mapping {@link ContextVar#get()} reads, always that of the current context.
 * {@link #context} is the {@link Context} object a {@link ContextVar#set} writes to, or {@code null}: then the
 * current context is a copy of {@code vars} that nobody has needed as an object yet, and the first
 * {@code set} makes it one ({@link #materialize()}). That is how a task or callback gets its own copy of its
 * creator's context without allocating anything until it really sets a variable: what it holds is the
 * creator's immutable mapping, a <em>snapshot</em> ({@link #capture()}).
 *
 * <p>Invariant: {@code context == null || vars == context.vars}.
 *
 * <h2>Snapshots and targets</h2>
 * What a task or a callback holds as its context, and passes to {@link #enter}, is an {@code Object}: a
 * snapshot from {@link #capture()} (its own copy, made lazily), or a {@link Context} given explicitly (shared:
 * its {@code set}s are written to that object, as asyncio's {@code context=} arguments do).
 *
 * <p>One carrier per thread; it is used only by its thread.
 */
final class ContextCarrier extends ThreadContext {
    static { // the loop's ThreadContext.current() makes carriers of this class
        ThreadContext.install(ContextCarrier::new);
    }

    /** The mapping of the current context. */
    Vars vars = Vars.EMPTY;
    /** The current context as an object, or null while it is a lazy copy of {@link #vars}. */
    Context context;

    /** Between {@link #enter} and {@link #exit}: a step or callback of the loop runs. */
    private boolean inStep;
    /**
     * Whether {@link #enter} changed {@link #vars} and {@link #context} (saved in the two fields below); false
     * when the target already was the current state, the common case of a program that sets no variable.
     */
    private boolean switched;
    private Vars savedVars;
    private Context savedContext;
    /** Whether enter() marked its Context target entered (and exit() must clear the mark). */
    private boolean marked;

    private ContextCarrier() {
    }

    /** The calling thread's carrier. */
    static ContextCarrier ofThisThread() {
        return (ContextCarrier) ThreadContext.current();
    }

    /**
     * A snapshot of the current context, for a task or callback to run in a copy of it: the current
     * immutable mapping (no allocation). Later {@code set}s here do not show in it.
     */
    @Override
    public Object capture() {
        return vars;
    }

    /** {@code explicit} if not null (checked to be a {@link Context}), else {@link #capture()}. */
    @Override
    public Object captureOr(Context explicit) {
        return explicit != null ? explicit : vars;
    }

    /**
     * Makes {@code target} (a snapshot or a {@link Context}) current, for one task step or callback; undone by
     * {@link #exit(Object)} with the same target. Not nestable: the loop calls it around each step and
     * callback, which never nest. A {@code Context} that is already entered elsewhere on this thread (the loop
     * runs inside its {@link Context#run}) is entered again rather than refused, and stays marked entered by
     * its first entry.
     *
     * <p>Why the fast path: these fields belong to a long-lived object, and with G1 every store of a reference
     * into an old object whose value lies in another region pays a write barrier with a memory fence (tens of
     * ns on the switch benchmark when enter and exit stored five references each). When the target already
     * is the current state (a program that never sets a variable: every snapshot is the same empty mapping)
     * nothing needs to change, and only a boolean is written. When a step does switch (a program that set a
     * variable outside the loop, so the thread's context is an object and every task's lazy copy must hide it)
     * the same rule holds for each field: it is written only if its value changes. The loop's own state is
     * the same before every step, so in the steady state a switch stores one reference (the thread's context
     * back at {@link #exit}) instead of four; which of those stores crossed a G1 region (and so paid the
     * barrier's fence) depended on where the collector had copied the carrier and the mappings, which is how a
     * build that moved nothing on this path could measure a nanosecond slower (issue 14).
     */
    @Override
    public void enter(Object target) {
        if (inStep) {
            throw new IllegalStateException("internal error: a context entered by the loop is still entered");
        }
        inStep = true;
        if (target == vars && context == null) {
            return; // switched stays false
        }
        switched = true;
        Vars v = vars;
        Context cur = context;
        // Stored only when they differ from what the previous step saved: between two steps the loop's own
        // state is the same, so in the steady state these are two loads and no store (see below).
        if (savedVars != v) {
            savedVars = v;
        }
        if (savedContext != cur) {
            savedContext = cur;
        }
        if (target instanceof Context c) {
            if (v != c.vars) {
                vars = c.vars;
            }
            context = c;
            if (!c.entered) {
                c.entered = true;
                marked = true;
            }
        } else {
            if (v != target) {
                vars = (Vars) target;
            }
            if (cur != null) {
                context = null;
            }
        }
    }

    /**
     * Undoes {@link #enter}, and returns what the task should hold from now on: {@code target}, or, if the
     * step set a variable in its lazy copy, the {@link Context} that copy became.
     */
    @Override
    public Object exit(Object target) {
        inStep = false;
        Context c = context;
        if (!switched) {
            if (c == null) {
                return target; // nothing was set: nothing to restore (no store at all)
            }
            // The step's first set made its lazy copy an object: back to the state before, the target's mapping.
            c.entered = false;
            context = null;
            vars = (Vars) target;
            return c;
        }
        switched = false;
        Object t = target;
        if (c != t && c != null) {
            // t was a snapshot and a set made it a Context: the task keeps that object (its later steps and
            // Task.getContext() see the same one); a callback drops it.
            c.entered = false;
            t = c;
        } else if (marked) {
            marked = false;
            ((Context) t).entered = false;
        }
        // The saved state is kept (it is the current state again, so it retains nothing more): the next
        // step that switches finds it equal and stores nothing; see forgetSaved().
        Vars sv = savedVars;
        if (vars != sv) {
            vars = sv;
        }
        context = savedContext;
        return t;
    }

    /**
     * Drops what {@link #enter} saved for the next step (the loop stops running on this thread): the
     * thread's state may change from now on, and the carrier must not keep an old mapping alive.
     */
    @Override
    public void forgetSaved() {
        if (!inStep) {
            savedVars = null;
            savedContext = null;
        }
    }

    /** What {@link #suspendOuter} saved when the outer step had switched or marked a context. */
    private record Outer(boolean inStep, boolean switched, Vars savedVars, Context savedContext, boolean marked) {
    }

    /** {@link #suspendOuter}'s answer for an outer step that switched nothing (no allocation). */
    private static final Object PLAIN_STEP = new Object();

    /**
     * Lets a step start inside the step or callback in progress (an eager task start, see
     * {@code EventLoop.setEagerTaskStart}): saves the outer entry's bookkeeping so that the inner step can
     * {@link #enter} and {@link #exit}; {@link #resumeOuter} with what this returned puts it back. The current
     * context itself is what enter saves and exit restores, as for any step.
     */
    @Override
    public Object suspendOuter() {
        if (!inStep) {
            return null;
        }
        Object saved = switched || marked ? new Outer(true, switched, savedVars, savedContext, marked) : PLAIN_STEP;
        inStep = false;
        switched = false;
        savedVars = null;
        savedContext = null;
        marked = false;
        return saved;
    }

    /** Undoes {@link #suspendOuter}: the outer step or callback goes on. */
    @Override
    public void resumeOuter(Object saved) {
        if (saved == null) {
            return;
        }
        inStep = true;
        if (saved instanceof Outer o) {
            switched = o.switched();
            savedVars = o.savedVars();
            savedContext = o.savedContext();
            marked = o.marked();
        }
    }

    /**
     * The current context as an object, made from the lazy copy if needed; for {@code Task.getContext()}
     * called during the task's own step.
     */
    @Override
    public Context currentContext() {
        Context c = context;
        return c != null ? c : materialize();
    }

    /** A {@link Context} for a target held by a task that is not running now (a snapshot becomes a new object). */
    @Override
    public Context toContext(Object target) {
        if (target instanceof Context c) {
            return c;
        }
        Context c = new Context();
        c.vars = (Vars) Objects.requireNonNull(target, "target");
        return c;
    }

    /**
     * {@code work} wrapped to run in a copy of the current context on whatever thread calls it (asyncio's
     * {@code to_thread} runs the function in {@code copy_context()}); what it sets stays in that copy.
     */
    @Override
    public <T> Callable<T> carrying(Callable<T> work) {
        Objects.requireNonNull(work, "work");
        Vars snapshot = ofThisThread().vars;
        return () -> {
            ContextCarrier cc = ofThisThread();
            Vars sv = cc.vars;
            Context sc = cc.context;
            cc.vars = snapshot;
            cc.context = null;
            try {
                return work.call();
            } finally {
                Context made = cc.context;
                if (made != null && made != sc) {
                    made.entered = false;
                }
                cc.vars = sv;
                cc.context = sc;
            }
        };
    }

    /** The lazy copy becomes a {@link Context}, entered, which {@code set}s write to from now on. */
    Context materialize() {
        Context c = new Context();
        c.vars = vars;
        c.entered = true;
        context = c;
        return c;
    }

    @Override
    public String toString() {
        return "ContextCarrier[" + thread.getName() + ", " + vars + (context == null ? ", lazy" : "") + "]";
    }
}
