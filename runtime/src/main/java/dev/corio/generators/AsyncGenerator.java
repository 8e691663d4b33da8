package dev.corio.generators;

import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.internal.Intrinsics;
import dev.corio.internal.MachineCode;

/**
 * An asynchronous generator: Python's {@code async def} with {@code yield}. An {@code @Async} method that
 * returns {@code AsyncGenerator<T>} is one; its body produces values with {@link Generators#emit} and may
 * await anything between them. Nothing runs until the first {@link #anext()} is awaited.
 *
 * <h2>Protocol (asyncio's)</h2>
 * <ul>
 *   <li>{@link #anext()}: runs the body to its next {@code emit} and gives that value; at the end of the
 *       body (and on every later call) it throws {@link StopAsyncIteration}.</li>
 *   <li>{@link #asend(Object)}: the same, and the suspended {@code emit} evaluates to the value sent
 *       ({@code anext()} sends {@code null}). A generator that has not started accepts only {@code null}.</li>
 *   <li>{@link #athrow(Throwable)}: throws the exception at the suspended {@code emit}; gives the next
 *       value emitted, or throws what escapes the body ({@link StopAsyncIteration} if it ends).</li>
 *   <li>{@link #aclose()}: throws a {@link GeneratorExit} at the suspended {@code emit}, so {@code finally}
 *       blocks run (and may await); completes when the body ended. Emitting after the signal throws
 *       {@code IllegalStateException("async generator ignored GeneratorExit")}. Closing a generator that
 *       has not started or has ended does nothing.</li>
 * </ul>
 * Each call gives a one-shot coroutine that runs the body inline on the task that awaits it, so
 * cancelling that task throws {@link dev.corio.CancelledError} at the await the body is suspended at. Only
 * one of them may run at a time: awaiting another while one is suspended in an await of the body throws
 * {@code IllegalStateException("anext(): asynchronous generator is already running")}. An exception that
 * escapes the body ends the generator and is thrown by the await of the step that ran it.
 *
 * <pre>
 *   CREATED --step--> RUNNING --emit--> AT_EMIT --step--> RUNNING ...
 *      |                 |  \--end, throw, or GeneratorExit--> DONE
 *      \--aclose, athrow--------------------------------------> DONE
 * </pre>
 * Invariant: {@code frame != null} exactly while RUNNING.
 *
 * <h2>Finalization</h2>
 * A generator that started is tracked by its loop until it ends; {@code Corio.run} closes the ones still
 * unfinished after cancelling the remaining tasks ({@link EventLoop#shutdownAsyncgens()}, as asyncio's
 * runner does), so no {@code finally} is skipped. Java cannot run a body's {@code finally} when the
 * generator is merely collected, so the loop holds unfinished generators strongly: close one you abandon
 * ({@code aclose()}, or iterate it with an async {@code for}, which closes it when left early).
 *
 * <h2>Contract for subclasses</h2>
 * The processor generates subclasses; hand-written ones implement {@link #resume}, which runs the body
 * from where it stopped, as {@link Coroutine#resume} does, and returns
 * {@code SUSPENDED} after awaiting ({@code x.awaitFrom(frame())} returned it), {@code produced(v)} to emit
 * {@code v}, or {@link #FINISHED} at the end of the body; or throws. It is called with {@code (null, null)}
 * first, then with the outcome of the await or the emit it stopped at: the value sent, or the exception
 * to throw there.
 *
 * @param <T> the type of the values emitted
 */
public abstract class AsyncGenerator<T> implements AsyncIterator<T> {

    /** What {@link #resume} returns after an await suspended; the same object as {@link Coroutine#SUSPENDED}. */
    protected static final Object SUSPENDED = dev.corio.internal.Intrinsics.SUSPENDED;

    /** What {@link #resume} returns when the body has ended. */
    protected static final Object FINISHED = new Object() {
        @Override
        public String toString() {
            return "FINISHED";
        }
    };


    private static final int CREATED = 0;
    private static final int RUNNING = 1;
    private static final int AT_EMIT = 2;
    private static final int DONE = 3;

    private int state = CREATED;
    /** The step running the body while RUNNING; awaits of the body are made from it. */
    private Step<T> frame;
    /**
     * Set by {@link #produced}: what {@code resume} returns is the value emitted. A flag, not a field holding
     * the value, so that on the fast path the value goes from the body to the consumer in registers only.
     */
    private boolean emitting;
    /**
     * The fast path's step ({@link #anextFrom}): runs the body inline while the generator is at an emit, and
     * becomes a frame of the consumer's task only if the body awaits. Made at the first fast call.
     */
    private Step<T> inline;
    /** While an inline run has not attached its step yet: the frame it runs for ({@link #frame()} attaches). */
    private Coroutine<?> inlineFor;
    /** The loop that tracks this generator, from its first step until it ends; null otherwise. */
    private EventLoop trackedBy;
    /** The last transient step handed out, re-armed by the next one once finished (see {@link #reused}). */
    private Step<T> spare;

    protected AsyncGenerator() {
    }

    /**
     * Runs the body from where it stopped; see the class documentation for the protocol.
     *
     * @param value the value of the await, or the value sent to the emit, the body stopped at
     * @param error the exception to throw there instead, or {@code null}
     * @return {@code SUSPENDED}, {@code produced(v)} or {@link #FINISHED}
     * @throws Throwable whatever the body throws; it ends the generator
     */
    protected abstract Object resume(Object value, Throwable error) throws Throwable;

    /** Emits {@code value}: the body returns what this returns, and is resumed at its next step. */
    protected final Object produced(Object value) {
        emitting = true;
        return value;
    }

    /**
     * The coroutine frame the body awaits from ({@code x.awaitFrom(frame())}); only while it runs. On the fast
     * path ({@link #anextFrom}) this is where the step becomes a frame of the consumer's task, since an await
     * may suspend.
     */
    protected final Coroutine<?> frame() {
        Step<T> f = frame;
        if (f == null) {
            throw new IllegalStateException("async generator " + this + " is not running");
        }
        Coroutine<?> c = inlineFor;
        if (c != null) {
            inlineFor = null;
            f.attach(c);
        }
        return f;
    }

    /** The loop the body runs on; only while it runs. */
    protected final EventLoop loop() {
        return frame().task().getLoop();
    }

    /**
     * Awaitable for the next value; see the class documentation. Python's {@code anext(agen)}: a new step
     * each call, so a step kept and awaited again after a later call fails ("already awaited", Python's
     * "cannot reuse already awaited __anext__()/asend()") instead of running as the later call.
     */
    @Override
    public final Coroutine<T> anext() {
        return new Step<>(this, Step.NEXT, null, null);
    }

    /**
     * {@link #anext()} for an async {@code for} and the operators, which await it at once and drop it: the
     * previous such step again once it has finished running as an awaited frame, so iterating allocates no
     * object per value (see {@link AsyncIterator#anextTransient()}).
     */
    @Override
    public final Coroutine<T> anextTransient() {
        return reused(Step.NEXT, null, null);
    }

    /**
     * The next value for {@code consumer}, as {@code await(anextTransient())} from it, by the fast path when
     * the generator is suspended at an emit: the body runs at once on the consumer's Java stack, and when it
     * emits without suspending, its value comes straight back: no step started, no task bookkeeping, no
     * object. Only if the body awaits does its step become a frame of the consumer's task (as an awaited
     * {@code anext()} is from the start), so a suspension, a cancellation or an exception goes where it would
     * have gone. The first call (the generator not started), a call while another runs ("already running"),
     * a task {@code MAX_INLINE_DEPTH} frames deep and debug mode go the ordinary way.
     */
    @Override
    public final Object anextFrom(Coroutine<?> consumer) {
        Step<T> s = inline;
        if (state != AT_EMIT || s == null || !Step.enterRun(consumer)) {
            return anextSlow(consumer);
        }
        state = RUNNING;
        frame = s;
        inlineFor = consumer;
        Object r;
        try {
            r = resume(null, null);
        } catch (Throwable t) {
            throw inlineFailed(s, consumer, t);
        }
        if (emitting) {
            emitting = false;
            state = AT_EMIT;
            frame = null;
            if (inlineFor == null) {
                s.detach(consumer); // it awaited, and did not suspend
            } else {
                inlineFor = null;
            }
            Step.leaveRun(consumer);
            return r;
        }
        return inlineEnded(s, consumer, r);
    }

    /** {@link #anextFrom} the ordinary way; once the generator runs, later calls take the fast path. */
    private Object anextSlow(Coroutine<?> consumer) {
        if (inline == null && state != CREATED && state != DONE) {
            Step<T> s = new Step<>(this, Step.NEXT, null, null);
            s.entered = true; // resumed by the task only after a suspension: to advance
            s.attach(consumer); // the step counts as started (debug mode's never-awaited report is disarmed)
            s.detach(consumer);
            inline = s;
            if (state == AT_EMIT) {
                return anextFrom(consumer);
            }
        }
        return anextTransient().awaitFrom(consumer);
    }

    /** The fast path's body threw: the step leaves the task if it joined it, then as {@link #advance}. */
    private RuntimeException inlineFailed(Step<T> s, Coroutine<?> consumer, Throwable t) {
        emitting = false;
        if (inlineFor == null) {
            s.detach(consumer);
        } else {
            inlineFor = null;
        }
        Step.leaveRun(consumer);
        end();
        if (t instanceof StopAsyncIteration) {
            IllegalStateException e = new IllegalStateException("async generator raised StopAsyncIteration");
            e.initCause(t);
            throw e;
        }
        throw Intrinsics.sneakyThrow(t); // unchanged, checked or not, as from an awaited step
    }

    /** The fast path's body suspended (the step is a frame of the task now), finished, or broke the contract. */
    private Object inlineEnded(Step<T> s, Coroutine<?> consumer, Object r) {
        Step.leaveRun(consumer);
        if (r == SUSPENDED) {
            if (inlineFor != null) {
                // suspended without awaiting (a hand-written body): the task finds no waiter and fails the step
                inlineFor = null;
                s.attach(consumer);
            }
            s.finished = false;
            return SUSPENDED;
        }
        if (inlineFor == null) {
            s.detach(consumer);
        } else {
            inlineFor = null;
        }
        end();
        if (r == FINISHED) {
            throw new StopAsyncIteration();
        }
        throw new IllegalStateException("async generator " + this + " returned " + r
                + " from resume: return SUSPENDED, produced(v) or FINISHED");
    }

    /** Awaitable that sends {@code value} in at the suspended {@code emit} and gives the next value. */
    public final Coroutine<T> asend(Object value) {
        return new Step<>(this, Step.SEND, value, null);
    }

    /** Awaitable that throws {@code error} at the suspended {@code emit} and gives the next value. */
    public final Coroutine<T> athrow(Throwable error) {
        java.util.Objects.requireNonNull(error, "error");
        return new Step<>(this, Step.THROW, null, error);
    }

    /** Awaitable that closes the generator: {@link GeneratorExit} at the suspended {@code emit}. */
    @Override
    @SuppressWarnings("unchecked")
    public final Coroutine<Void> aclose() {
        return (Coroutine<Void>) (Coroutine<?>) new Step<>(this, Step.CLOSE, null, null);
    }

    /**
     * The step for an {@link #anextTransient()}: the previous transient one again when it has finished
     * running as an awaited frame (not a task's own coroutine), else a new one. Only callers that drop the
     * step once awaited get these, so no kept reference can see it re-armed; the public calls always
     * allocate ({@link #anext()}).
     */
    private Step<T> reused(int kind, Object value, Throwable error) {
        Step<T> s = spare;
        if (s != null && s.reusable()) {
            s.reset(kind, value, error);
            return s;
        }
        s = new Step<>(this, kind, value, error);
        spare = s;
        return s;
    }

    /** Whether a step is running the body right now (Python's {@code ag_running}). */
    public final boolean isRunning() {
        return state == RUNNING;
    }

    /** Whether the generator has ended: its body finished, threw, or was closed. */
    public final boolean isClosed() {
        return state == DONE;
    }

    /** Starts a step: the checks, then the body's first run for it. */
    private Object enter(Step<T> step) throws Throwable {
        switch (state) {
            case RUNNING:
                throw new IllegalStateException(step.verb() + ": asynchronous generator is already running");
            case DONE:
                if (step.kind == Step.CLOSE) {
                    return null;
                }
                throw new StopAsyncIteration();
            case CREATED:
                if (step.kind == Step.CLOSE) {
                    state = DONE;
                    return null;
                }
                if (step.kind == Step.THROW) {
                    state = DONE; // Python: thrown into an unstarted generator, it ends it at once
                    throw step.error;
                }
                if (step.value != null) {
                    throw new IllegalArgumentException("can't send non-null value to a just-started async generator");
                }
                break;
            default:
        }
        if (trackedBy == null) {
            trackedBy = step.task().getLoop();
            dev.corio.internal.CoreAccess.generatorStarted(trackedBy, this);
        }
        state = RUNNING;
        frame = step;
        Throwable error = step.kind == Step.THROW ? step.error : step.kind == Step.CLOSE ? new GeneratorExit() : null;
        return advance(step, step.value, error);
    }

    /** Runs the body for {@code step} and translates what it returns into the step's outcome. */
    private Object advance(Step<T> step, Object value, Throwable error) throws Throwable {
        Object r;
        try {
            r = resume(value, error);
        } catch (Throwable t) {
            emitting = false;
            end();
            if (step.kind == Step.CLOSE && t instanceof GeneratorExit) {
                return null; // closed as asked
            }
            if (t instanceof StopAsyncIteration) {
                IllegalStateException e = new IllegalStateException("async generator raised StopAsyncIteration");
                e.initCause(t);
                throw e;
            }
            throw t;
        }
        if (emitting) {
            emitting = false;
            state = AT_EMIT;
            frame = null;
            if (step.kind == Step.CLOSE) {
                // Python leaves it suspended at this emit too: a later aclose (or the loop's) tries again
                throw new IllegalStateException("async generator ignored GeneratorExit: " + this
                        + " emitted a value after aclose(); let GeneratorExit propagate, or return");
            }
            return r;
        }
        if (r == SUSPENDED) {
            return SUSPENDED;
        }
        if (r == FINISHED) {
            end();
            if (step.kind == Step.CLOSE) {
                return null;
            }
            throw new StopAsyncIteration();
        }
        end();
        throw new IllegalStateException("async generator " + this + " returned " + r
                + " from resume: return SUSPENDED, produced(v) or FINISHED");
    }

    private void end() {
        state = DONE;
        frame = null;
        EventLoop l = trackedBy;
        if (l != null) {
            trackedBy = null;
            dev.corio.internal.CoreAccess.generatorFinished(l, this);
        }
    }

    /** A generated machine's method ({@code "Feed.items()"}), else the class and identity. */
    @Override
    public String toString() {
        MachineCode code = MachineCode.of(getClass());
        return code != null ? code.name() : getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    }

    /**
     * Where the body is in its source, as {@link Coroutine}'s {@code sourceLocation()}: for async stack traces
     * and task dumps, the step awaiting this generator describes itself with it. Generated machines register
     * the method's class, name, file and the line of each state ({@link #registerCode}), which this reads;
     * {@code null} by default.
     */
    protected StackTraceElement sourceLocation() {
        MachineCode code = MachineCode.of(getClass());
        return code == null ? null : code.location(this);
    }

    /**
     * For generated code: registers the code of the machine class {@code self} looks up from, once, from its
     * static initializer; the arguments are those of {@code Coroutine.registerCode} (the same protocol).
     *
     * @throws IllegalStateException when the class registered already
     * @throws IllegalArgumentException when {@code self} has no private access (not the class's own lookup)
     */
    protected static void registerCode(java.lang.invoke.MethodHandles.Lookup self, String name, String owner, String method,
            String file, String state, String lines, String map) {
        MachineCode.register(self, name, owner, method, file, state, lines, map);
    }

    /** An element of the body's generated code in the user's source, or null (the step awaiting it asks). */
    private StackTraceElement sourceOf(StackTraceElement generated) {
        MachineCode code = MachineCode.of(getClass());
        String machine = getClass().getName();
        return code == null || !dev.corio.internal.SourceLines.inMachine(generated, machine) ? null
                : dev.corio.internal.SourceLines.toSource(generated, machine, code.map(), sourceLocation());
    }

    /**
     * One awaited {@code anext}/{@code asend}/{@code athrow}/{@code aclose}: a coroutine frame on the
     * awaiting task that runs the generator's body until it emits or ends. One-shot, as every coroutine,
     * until the generator re-arms it for its next call.
     */
    private static final class Step<T> extends Coroutine<T> implements dev.corio.internal.SourceMapped {
        /** Coroutine's package-private side (the inline-run protocol below); a constant to the JIT. */
        private static final dev.corio.internal.CoreAccess CORE = dev.corio.internal.CoreAccess.access();

        static final int NEXT = 0;
        static final int SEND = 1;
        static final int THROW = 2;
        static final int CLOSE = 3;

        final AsyncGenerator<T> gen;
        int kind;
        Object value;
        Throwable error;
        boolean entered;
        /** Ran to its end (a value, the end, or an exception); then the generator may re-arm it. */
        boolean finished;

        Step(AsyncGenerator<T> gen, int kind, Object value, Throwable error) {
            this.gen = gen;
            this.kind = kind;
            this.value = value;
            this.error = error;
        }

        /** Finished as an awaited frame (not a task's own), and re-armed for another transient run. */
        boolean reusable() {
            return finished && task().getCoro() != this && dev.corio.internal.CoreAccess.rearmCoroutine(this);
        }

        // Coroutine's inline-run protocol, for the generator's fast path (package-private there: through CoreAccess)
        static boolean enterRun(Coroutine<?> consumer) {
            return CORE.enterInlineRun(consumer);
        }

        static void leaveRun(Coroutine<?> consumer) {
            CORE.leaveInlineRun(consumer);
        }

        void attach(Coroutine<?> consumer) {
            CORE.attachTo(this, consumer);
        }

        void detach(Coroutine<?> consumer) {
            CORE.detachFrom(this, consumer);
        }

        void reset(int kind, Object value, Throwable error) {
            this.kind = kind;
            this.value = value;
            this.error = error;
            entered = false;
            finished = false;
        }

        String verb() {
            switch (kind) {
                case NEXT: return "anext()";
                case SEND: return "asend()";
                case THROW: return "athrow()";
                default: return "aclose()";
            }
        }

        @Override
        protected Object resume(Object v, Throwable e) throws Throwable {
            Object r;
            try {
                if (!entered) {
                    entered = true;
                    r = gen.enter(this);
                } else {
                    r = gen.advance(this, v, e);
                }
            } catch (Throwable t) {
                finished = true;
                value = null;
                error = null;
                throw t;
            }
            if (r != SUSPENDED) {
                finished = true;
                value = null;
                error = null;
            }
            return r;
        }

        /** The generator's body is where this step is suspended. */
        @Override
        protected StackTraceElement sourceLocation() {
            return gen.sourceLocation();
        }

        /** The body's code is the generator's machine's, not this step's. */
        @Override
        public StackTraceElement sourceOf(StackTraceElement generated) {
            return gen.sourceOf(generated);
        }

        @Override
        public String toString() {
            return verb() + " of " + gen;
        }
    }
}
