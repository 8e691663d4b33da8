package dev.corio.internal;

import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.generators.AsyncGenerator;
import java.util.function.Function;

/**
 * What the runtime's sub-packages need of {@code dev.corio} beyond its API: the package-private side of
 * {@link EventLoop} and {@link Coroutine}, reached from {@code dev.corio.net}, {@code dev.corio.subprocess}
 * and {@code dev.corio.generators} (as the JDK's {@code SharedSecrets}), so that none of it is public. Not
 * API (see the package documentation). The one implementation lives in {@code dev.corio} and is installed
 * when {@link EventLoop} is initialized, so every caller (it holds a loop, or a coroutine that ran on one)
 * finds it.
 */
public abstract class CoreAccess {
    private static volatile CoreAccess instance;

    protected CoreAccess() {
    }

    /** Installs the implementation; once, by {@code dev.corio} (a second call throws). */
    public static void install(CoreAccess access) {
        synchronized (CoreAccess.class) {
            if (instance != null) {
                throw new IllegalStateException("CoreAccess is installed already");
            }
            instance = access;
        }
    }

    static CoreAccess get() {
        CoreAccess a = instance;
        if (a == null) {
            try { // initializing EventLoop installs it; every caller holds a loop, so this is for safety only
                Class.forName(EventLoop.class.getName(), true, EventLoop.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = instance;
        }
        return a;
    }

    /** The loop's thread check (see "Threading rules" in docs/runtime.md); throws naming the alternative. */
    public abstract void checkThread(EventLoop loop, String what);

    /** The loop's I/O step of type {@code type}, installed by {@code factory} the first time. */
    public abstract <T extends IoStep> T ioStep(EventLoop loop, Class<T> type, Function<EventLoop, T> factory);

    /** {@code generator} took its first step on {@code loop} (asyncio's firstiter hook). */
    public abstract void asyncgenStarted(EventLoop loop, AsyncGenerator<?> generator);

    /** {@code generator}, which started on {@code loop}, ended: nothing to finalize. */
    public abstract void asyncgenFinished(EventLoop loop, AsyncGenerator<?> generator);

    /**
     * Makes {@code coroutine}, which ran to its end as an awaited frame, startable again: for runtime frames
     * that are their own factory of one-shot awaits (an async generator's step object, handed out again for
     * its successive {@code anext()} calls). Returns {@code false}, changing nothing, when it cannot: it has
     * not started or is still awaited, or debug mode tracks coroutine origins.
     */
    public abstract boolean rearm(Coroutine<?> coroutine);

    /**
     * Inline runs, the async generators' fast path ({@code Coroutine}'s package-private side; see its
     * "inline runs" section): {@code frame}, which is running, counts one more inline level on its task, or
     * {@code false} (nothing changed) when the task is too deep or debug mode tracks origins. Each
     * {@code true} is paired with {@link #leaveInlineRun}.
     */
    public abstract boolean enterInlineRun(Coroutine<?> frame);

    /** Ends an inline run {@link #enterInlineRun} started for {@code frame}. */
    public abstract void leaveInlineRun(Coroutine<?> frame);

    /** During an inline run for {@code frame}: {@code coroutine} becomes a frame awaited by {@code frame}. */
    public abstract void attachTo(Coroutine<?> coroutine, Coroutine<?> frame);

    /** Undoes {@link #attachTo}: the inline run finished without suspending, {@code frame} runs on. */
    public abstract void detachFrom(Coroutine<?> coroutine, Coroutine<?> frame);

    /**
     * The installed implementation, for a runtime class that keeps it in a {@code static final} field (the
     * generators' fast path: a constant the JIT sees through, no volatile read per call).
     */
    public static CoreAccess access() {
        return get();
    }

    /** For the async generators' step: see {@link #rearm}. */
    public static boolean rearmCoroutine(Coroutine<?> coroutine) {
        return get().rearm(coroutine);
    }

    /** For {@link AsyncGenerator}: see {@link #asyncgenStarted}. */
    public static void generatorStarted(EventLoop loop, AsyncGenerator<?> generator) {
        get().asyncgenStarted(loop, generator);
    }

    /** For {@link AsyncGenerator}: see {@link #asyncgenFinished}. */
    public static void generatorFinished(EventLoop loop, AsyncGenerator<?> generator) {
        get().asyncgenFinished(loop, generator);
    }
}
