package dev.corio.internal;

import dev.corio.context.Context;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Which context is current on one thread, as the event loop switches it around each task step and callback:
 * the loop's view of {@code dev.corio.context}'s carrier (package-private there, where it works on
 * {@code Context}'s state). {@code dev.corio} holds and calls it through this type, so that none of it is
 * public; the one subclass is final, so the JIT calls it directly. The operations are documented on the
 * carrier ({@code dev.corio.context.ContextCarrier}). Not API (see the package documentation).
 */
public abstract class ThreadContext {
    private static volatile Supplier<ThreadContext> factory;
    private static final ThreadLocal<ThreadContext> CURRENT = ThreadLocal.withInitial(ThreadContext::create);

    /** The thread this carrier belongs to (it is used by that thread only). */
    public final Thread thread = Thread.currentThread();

    protected ThreadContext() {
    }

    /** Installs the carrier's factory; once, by {@code dev.corio.context} (a second call throws). */
    public static void install(Supplier<ThreadContext> carriers) {
        synchronized (ThreadContext.class) {
            if (factory != null) {
                throw new IllegalStateException("ThreadContext is installed already");
            }
            factory = carriers;
        }
    }

    private static ThreadContext create() {
        Supplier<ThreadContext> f = factory;
        if (f == null) {
            try { // initializing the carrier installs its factory
                Class.forName("dev.corio.context.ContextCarrier", true, ThreadContext.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = factory;
        }
        return f.get();
    }

    /** The calling thread's carrier. */
    public static ThreadContext current() {
        return CURRENT.get();
    }

    /** {@code cached} if it is the calling thread's carrier (a field read and a compare), else {@link #current()}. */
    public static ThreadContext of(ThreadContext cached) {
        return cached != null && cached.thread == Thread.currentThread() ? cached : CURRENT.get();
    }

    /** A snapshot of the current context, for a task or callback to run in a copy of it. */
    public abstract Object capture();

    /** {@code explicit} if not null, else {@link #capture()}. */
    public abstract Object captureOr(Context explicit);

    /** Makes {@code target} (a snapshot or a {@link Context}) current for one step or callback. */
    public abstract void enter(Object target);

    /** Undoes {@link #enter}; returns what the task should hold from now on. */
    public abstract Object exit(Object target);

    /** Drops what {@link #enter} saved for the next step (the loop stops running on this thread). */
    public abstract void forgetSaved();

    /** Lets a step start inside the step in progress (an eager task start); see {@link #resumeOuter}. */
    public abstract Object suspendOuter();

    /** Undoes {@link #suspendOuter}. */
    public abstract void resumeOuter(Object saved);

    /** The current context as an object (made from the lazy copy if needed). */
    public abstract Context currentContext();

    /** A {@link Context} for a target held by a task that is not running now. */
    public abstract Context toContext(Object target);

    /** {@code work} wrapped to run in a copy of the current context on whatever thread calls it. */
    public abstract <T> Callable<T> carrying(Callable<T> work);
}
