package dev.corio;

import dev.corio.internal.Intrinsics;
import dev.corio.internal.MachineCode;
import dev.corio.internal.SourceMapped;
import dev.corio.internal.SourceLines;
import java.lang.invoke.MethodHandles;

/**
 * A coroutine: a resumable computation that produces one value of type {@code T}. It is the base class
 * of the state machines the annotation processor generates for {@code @Async} methods, and may also be
 * written by hand ({@link StateMachine} does the bookkeeping below for you).
 *
 * <p>Callers see only {@link #task()}, {@link #isStarted()}, {@link #close()} and {@link #isClosed()} (and
 * {@code awaitFrom}, which user code leaves to {@code Corio.await}); the protocol below is protected, for
 * subclasses.
 *
 * <h2>Contract for subclasses</h2>
 * A subclass implements {@link #resume(Object, Throwable)}. The driving {@link Task} calls it:
 * <ol>
 *   <li>first with {@code (null, null)}: run from the start;</li>
 *   <li>after the frame suspended, with the outcome of what it awaited: the value in {@code value}
 *       and {@code error == null}, or {@code error != null} (a failure or a {@link CancelledError})
 *       which the frame must treat as thrown by the await expression it suspended at.</li>
 * </ol>
 * {@code resume} runs until the body either
 * <ul>
 *   <li>awaits something not yet complete: it calls {@code x.awaitFrom(this)}, gets
 *       {@link #SUSPENDED}, remembers where it was, and returns {@code SUSPENDED};</li>
 *   <li>returns: it returns the coroutine's value (any object other than {@code SUSPENDED});</li>
 *   <li>fails: it throws; the exception propagates unchanged to the awaiting frame or the task.</li>
 * </ul>
 * When {@code x.awaitFrom(this)} returns anything other than {@code SUSPENDED}, that is the value of the
 * await and the body goes on in the same call (the fast path: no trip through the loop).
 *
 * <h2>Awaiting a coroutine</h2>
 * Awaiting a coroutine runs it inline on the awaiting frame's task, as Python's {@code await coro}
 * does: no new task, no trip through the loop. When it suspends, the task resumes only the innermost
 * frame; when that frame finishes, its value goes straight to the frame that awaited it. A coroutine
 * can be started once: awaiting it twice, or wrapping it in two tasks, throws
 * {@link IllegalStateException}.
 *
 * <p>Await depth is not bounded by the Java stack: past {@link Task#MAX_INLINE_DEPTH} frames started
 * inline one inside the other, {@code awaitFrom} does not call the new frame but returns
 * {@link #SUSPENDED}; the awaiting frames return {@code SUSPENDED} as for any suspension, and the task
 * starts the new frame from its own loop, with a fresh Java stack, in the same step (no trip through the
 * event loop). To a frame this looks like an await that suspended and was resumed at once with the
 * callee's outcome, which the contract already allows.
 *
 * @param <T> the type of the coroutine's value
 */
public abstract class Coroutine<T> implements Awaitable<T> {

    /**
     * Returned by {@link Awaitable#awaitFrom} and {@link #resume} when the frame suspends. Part of the
     * subclass contract (generated state machines and hand-written coroutines), so protected: callers of
     * a coroutine never see it.
     */
    protected static final Object SUSPENDED = Intrinsics.SUSPENDED;

    /**
     * The {@link #caller} of a coroutine closed before it started. Not tracked as never awaited: this class
     * may be initialized while a loop in debug mode runs (the first coroutine of the program created in
     * one), and that loop would report the marker when it closes.
     */
    private static final Coroutine<Object> CLOSED = new Coroutine<>(false) {
        @Override
        protected Object resume(Object value, Throwable error) {
            throw new AssertionError("the closed-coroutine marker never runs");
        }
    };

    /**
     * The frame that awaits this one; null for a task's outermost frame and once done. {@link #CLOSED}
     * marks a coroutine closed before it started.
     */
    Coroutine<?> caller;
    /** The task that drives this frame; null until started. */
    Task<?> task;
    /** Debug mode only: the never-awaited report, disarmed when the coroutine starts. */
    private LeakReport neverAwaited;

    protected Coroutine() {
        this(true);
    }

    private Coroutine(boolean track) {
        if (track && Debug.coroutineOrigins()) {
            neverAwaited = armNeverAwaited(this); // null unless this thread's loop (if any) debugs
        }
    }

    /**
     * Runs the body from where it stopped; see the class documentation for the protocol.
     *
     * @param value the value of the await the frame suspended at ({@code null} on the first call)
     * @param error the exception that await throws instead, or {@code null}
     * @return the coroutine's value, or {@link #SUSPENDED}
     * @throws Throwable whatever the body throws; it becomes the coroutine's exception
     */
    protected abstract Object resume(Object value, Throwable error) throws Throwable;

    /**
     * Where this frame is in its source, for async stack traces, {@link Task#getStackTrace()} and task dumps:
     * for a suspended frame, the line of the await it is suspended at. The machines generated for
     * {@code @Async} methods register their method's class, name, source file and a table of lines by state
     * ({@link #registerCode}); this reads it, only when called. A hand-written coroutine may override it;
     * {@code null}, the default for one, describes the frame by its class alone and adds nothing to async
     * stack traces. Called only on the exception path and by introspection, never on the normal path.
     */
    protected StackTraceElement sourceLocation() {
        MachineCode code = MachineCode.of(getClass());
        return code == null ? null : code.location(this);
    }

    /**
     * For generated code: registers the code of the machine class {@code self} looks up from, once, from its
     * static initializer (the processor writes the call; a hand-written coroutine overrides
     * {@link #sourceLocation()} instead). {@code name} is what {@link #toString()} says ({@code "Foo.bar()"});
     * {@code owner}, {@code method} and {@code file} the user's class (binary name), method and source file;
     * {@code state} the name of the machine's {@code int} state field ({@code null} for a machine of one
     * state); {@code lines} the source line of each state, by state number, separated by spaces
     * ({@code "12 13 13 15"}); {@code map} the generated lines back to source lines ({@code "39:14 41:16+2"}:
     * generated line 39 is source line 14, 41 to 43 are 16 to 18), for the throw site of async stack traces.
     * One static call instead of three overrides and a table per machine: javac compiles fewer members
     * (issue 14). The lookup, which only the class itself can make, proves the registration is its own and
     * lets the runtime read the state field.
     *
     * @throws IllegalStateException when the class registered already
     * @throws IllegalArgumentException when {@code self} has no private access (not the class's own lookup)
     */
    protected static void registerCode(MethodHandles.Lookup self, String name, String owner, String method, String file,
            String state, String lines, String map) {
        MachineCode.register(self, name, owner, method, file, state, lines, map);
    }

    /**
     * {@code generated}, an element of this frame's code in a stack trace, as the element of the user's
     * source it comes from (class, method, file and line; see {@link #registerCode}), or {@code null} when it
     * is not this frame's code or has no mapped line. Called only on the exception path. Not part of the
     * subclass contract: a runtime frame whose code is another object's (an async generator's step) says so
     * by implementing {@link SourceMapped}.
     */
    final StackTraceElement sourceOf(StackTraceElement generated) {
        if (this instanceof SourceMapped m) {
            return m.sourceOf(generated);
        }
        MachineCode code = MachineCode.of(getClass());
        String machine = getClass().getName();
        return code == null || !SourceLines.inMachine(generated, machine) ? null
                : SourceLines.toSource(generated, machine, code.map(), sourceLocation());
    }

    /**
     * Called once when this coroutine, the coroutine of a task, has finished (returned, thrown, or been
     * cancelled before it started), after the task's outcome is set: drops what the frame's fields still
     * reference, as CPython clears a finished coroutine's frame. The task keeps its coroutine for
     * {@link Task#getCoro()}, and a task is often kept after it is done (in a list its creator awaits in
     * turn), so without this a done task would keep everything its coroutine's locals last held: in a
     * fan-out, every finished subtree. The machines generated for {@code @Async} methods null their reference
     * fields here; the default does nothing (a hand-written coroutine may override it, or clear its fields
     * itself before it returns). Not called for a coroutine awaited directly (its awaiter drops it), and
     * never on a path where the frame could run again; the frame's {@link #sourceLocation()} and
     * {@link #toString()} must still work afterwards (they are read in task dumps and reports).
     */
    protected void clearLocals() {
    }

    /** The task driving this frame, or {@code null} before the coroutine started. */
    public final Task<?> task() {
        return task;
    }

    /** The loop this frame runs on; only valid once started. */
    protected final EventLoop loop() {
        return task.loop;
    }

    /** Whether this coroutine has been started (awaited or wrapped in a task). */
    public final boolean isStarted() {
        return task != null;
    }

    /**
     * Closes a coroutine that was never started: it can no longer be started, and debug mode does not
     * report it as never awaited. Closing twice does nothing. A started coroutine cannot be closed; cancel
     * its task instead.
     */
    public void close() {
        if (task != null) {
            throw new IllegalStateException("cannot close " + this + ": it has started; cancel its task instead");
        }
        caller = CLOSED;
        markStarted();
    }

    /** Whether {@link #close()} was called before the coroutine started. */
    public final boolean isClosed() {
        return task == null && caller == CLOSED;
    }

    /**
     * Makes this coroutine, which ran to its end as an awaited frame, startable again: for runtime frames
     * that are their own factory of one-shot awaits (an async generator hands out one step object for
     * its successive {@code anext()} calls, through {@code dev.corio.internal.CoreAccess}). Returns
     * {@code false}, changing nothing, when it cannot: the coroutine has not started or is still being
     * awaited, or debug mode tracks coroutine origins (a re-armed coroutine would escape the never-awaited
     * report). The caller guarantees the frame's own state is ready for a fresh run.
     */
    final boolean rearm() {
        if (task == null || caller != null || Debug.coroutineOrigins()) {
            return false;
        }
        task = null;
        return true;
    }

    // ------------------------------------------------------------------ inline runs (the generators' fast path)
    // An async generator's next value usually comes without a suspension. For that case its step runs the
    // body directly on the awaiting frame's Java stack, without awaitFrom's start (so without making the step
    // the task's innermost frame), and makes it a frame of the task only if the body awaits (attachTo), which
    // is where a suspension could come from. These four keep the task's bookkeeping exact meanwhile.

    /**
     * Starts an inline run for {@code frame}, which is running: counts one more inline level on its task, as
     * {@link #awaitFrom} does, or returns {@code false} (changing nothing) when the task is already
     * {@link Task#MAX_INLINE_DEPTH} levels deep, or debug mode tracks coroutine origins; then the caller awaits
     * the ordinary way. Each {@code true} is paired with {@link #leaveInlineRun}.
     */
    static boolean enterInlineRun(Coroutine<?> frame) {
        Task<?> t = frame.task;
        int depth = t.inlineDepth;
        if (depth >= Task.MAX_INLINE_DEPTH || Debug.coroutineOrigins()) {
            return false;
        }
        t.inlineDepth = (short) (depth + 1);
        return true;
    }

    /** Ends an inline run {@link #enterInlineRun} started for {@code frame}. */
    static void leaveInlineRun(Coroutine<?> frame) {
        Task<?> t = frame.task;
        t.inlineDepth = (short) (t.inlineDepth - 1);
    }

    /**
     * During an inline run for {@code frame}: makes this coroutine, which is running inline, a frame awaited by
     * {@code frame} as {@link #awaitFrom} would have (its task, its caller, the task's innermost frame), so
     * that what it awaits next may suspend; once its body finishes, the task hands the outcome to
     * {@code frame} as for any awaited frame. A coroutine re-attached after such a run is startable again only
     * this way.
     */
    final void attachTo(Coroutine<?> frame) {
        Task<?> t = frame.task;
        markStarted();
        task = t;
        caller = frame;
        t.innermost = this;
    }

    /** Undoes {@link #attachTo} when the inline run finished without suspending: {@code frame} runs on. */
    final void detachFrom(Coroutine<?> frame) {
        caller = null;
        frame.task.innermost = frame;
    }

    /** Throws if this coroutine cannot be started (again). */
    final void checkStartable() {
        if (task != null) {
            throw new IllegalStateException("coroutine " + this + " was already awaited or wrapped in a task;"
                    + " a coroutine runs once (wrap it in a task to await its result several times)");
        }
        if (caller == CLOSED) {
            throw new IllegalStateException("coroutine " + this + " was closed before it started; it cannot run");
        }
    }

    final void markStarted() {
        LeakReport n = neverAwaited;
        if (n != null) {
            neverAwaited = null;
            n.disarm();
        }
    }

    /**
     * Awaiting a coroutine starts it inline on the awaiting frame's task, up to
     * {@link Task#MAX_INLINE_DEPTH} nested inline starts; deeper, it hands the new frame to the task's
     * step loop (a trampoline), so that await depth is not bounded by the Java stack.
     */
    @Override
    public final Object awaitFrom(Coroutine<?> frame) {
        Task<?> t = frame.task;
        checkStartable();
        markStarted();
        task = t;
        caller = frame;
        t.innermost = this;
        int depth = t.inlineDepth;
        if (depth >= Task.MAX_INLINE_DEPTH) {
            // Too deep to call: the awaiting frames return SUSPENDED down to Task.step, which starts this
            // frame from its own loop and passes its outcome back to `frame` as it does for any finished frame.
            t.flags |= Task.START_INNERMOST;
            return SUSPENDED;
        }
        t.inlineDepth = (short) (depth + 1);
        Object r;
        try {
            r = resume(null, null);
        } catch (Throwable e) {
            t.inlineDepth = (short) depth;
            caller = null;
            t.innermost = frame;
            throw Intrinsics.sneakyThrow(e);
        }
        t.inlineDepth = (short) depth;
        if (r == SUSPENDED) {
            return SUSPENDED; // the task now resumes this frame (or a deeper one) first
        }
        caller = null;
        t.innermost = frame;
        return r;
    }

    /** A generated machine's method ({@code "Crawler.comments()"}, as asyncio's {@code coro=<comments()>}), else the class and identity. */
    @Override
    public String toString() {
        MachineCode code = MachineCode.of(getClass());
        return code != null ? code.name() : getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    }

    /** Debug mode: a report of this coroutine as never awaited, or null when the loop it is created on does not debug. */
    private static LeakReport armNeverAwaited(Coroutine<?> c) {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop != null && !loop.isDebug() && !Debug.property()) {
            return null;
        }
        return LeakReport.arm(c, loop, "coroutine " + c.getClass().getName() + " was never awaited",
                new Throwable("coroutine created here"));
    }
}
