package dev.corio.processor.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The reference's generators that are pulled one value at a time: those an async {@code for} iterates
 * ({@code awaitEach}) and those a generator-based context manager runs ({@code asyncContextManager}), and
 * the reference twins of the asynchronous resources. A plain Java method cannot stop in the middle of its
 * body, so a {@link LazyGen} runs the body on a thread of its own and hands each emitted value to its
 * consumer through a rendezvous: exactly one of the two threads runs at any time, the generator only while
 * its consumer waits for the next step, so the trace (which both threads share) is one sequence in the order
 * the loop's single thread gives it. To the consumer it is an {@link Iterator}: the synchronous rendering of
 * the same values. The protocol follows the runtime's {@code AsyncGenerator} and
 * {@code GeneratorContextManager}; the messages are theirs.
 */
public final class RefGenerators {
    private RefGenerators() {
    }

    /** A request to the generator's thread. */
    private static final Object NEXT = new Object();
    private static final Object CLOSE = new Object();
    /** A reply: the body ended (returned); else an {@link Emitted} or a {@link Failed}. */
    private static final Object END = new Object();

    private record Emitted(Object value) {
    }

    /** A reply (the body threw {@code error}) or a request (throw {@code error} in at the emit). */
    private record Failed(Throwable error) {
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** A generator whose body runs on its own thread, one step per request. */
    public static final class LazyGen extends RefSide.RefGen implements RefIter {
        private static final ThreadLocal<LazyGen> CURRENT = new ThreadLocal<>();

        /** The transformed generator's name, as its toString gives it: {@code T<n>.g3()}. */
        final String name;
        private final Supplier<RefSide.RefGen> body;
        private final Object[] trace = FuzzBase.traceState();
        private final SynchronousQueue<Object> requests = new SynchronousQueue<>();
        private final SynchronousQueue<Object> replies = new SynchronousQueue<>();
        private boolean started;
        private boolean finished;
        private boolean closing;
        private boolean haveValue;
        private Object value;

        LazyGen(String name, Supplier<RefSide.RefGen> body) {
            this.name = name;
            this.body = body;
        }

        /** The generator whose body runs on this thread, or null. */
        static LazyGen current() {
            return CURRENT.get();
        }

        private void run() {
            FuzzBase.adoptTraceState(trace);
            CURRENT.set(this);
            Object reply;
            try {
                Object first = take(requests);
                if (first instanceof Failed f) { // athrow before the start: thrown at once, the body never runs
                    reply = f;
                } else if (first == CLOSE) {
                    reply = END;
                } else {
                    body.get();
                    reply = END;
                }
            } catch (Throwable t) {
                reply = new Failed(t);
            }
            put(replies, reply);
        }

        /** Sends a request and waits for the body's next emit, end or exception. */
        Object step(Object request) {
            if (finished) {
                throw new IllegalStateException("step of a finished reference generator " + name);
            }
            if (!started) {
                started = true;
                Thread t = new Thread(this::run, "ref-gen " + name);
                t.setDaemon(true);
                t.start();
            }
            put(requests, request);
            Object reply = take(replies);
            if (!(reply instanceof Emitted)) {
                finished = true;
            }
            return reply;
        }

        /** {@code emit(v)} on this generator's thread: hands {@code v} over, then does what the consumer asks. */
        Object emit(Object v) {
            put(replies, new Emitted(v));
            Object request = take(requests);
            if (request == NEXT) {
                return null; // awaitEach and the context manager send nothing (anext)
            }
            if (request == CLOSE) {
                closing = true;
                throw new RefSide.RefClose();
            }
            throw sneaky(((Failed) request).error());
        }

        // ---- as an async for's iterator (aiter() of a generator is the generator: RefIter#iterator)

        @Override
        public boolean hasNext() {
            if (haveValue) {
                return true;
            }
            if (finished) {
                return false;
            }
            Object r = step(NEXT);
            if (r instanceof Emitted e) {
                value = e.value();
                haveValue = true;
                return true;
            }
            if (r instanceof Failed f) {
                throw sneaky(f.error()); // the body's exception ends the loop without a close
            }
            return false;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            haveValue = false;
            return value;
        }

        /**
         * {@code aclose()}, as an async {@code for} left early awaits it: the close signal at the emit; the
         * body's own exception replaces it; an emit after it is "ignored GeneratorExit". Nothing for a
         * generator that has not started or has ended.
         */
        public void close() {
            if (!started || finished) {
                finished = true;
                return;
            }
            Object r = step(CLOSE);
            if (r instanceof Failed f && !(f.error() instanceof RefSide.RefClose)) {
                throw sneaky(f.error());
            }
            if (r instanceof Emitted) {
                finished = true; // the transformed one stays suspended at that emit; this thread stays parked
                throw new IllegalStateException("async generator ignored GeneratorExit: " + name
                        + " emitted a value after aclose(); let GeneratorExit propagate, or return");
            }
        }

        boolean closing() {
            return closing;
        }
    }

    /** What an async {@code for} of the reference iterates: a lazy generator or an operator over one; the loop's finally closes it. */
    public interface RefIter extends Iterator<Object>, Iterable<Object> {
        /** {@code aclose()}: nothing once it has ended by itself. */
        void close();

        @Override
        default Iterator<Object> iterator() {
            return this;
        }
    }

    /** What {@link Stage#accept} gives instead of a value: pull again; end (closing the source). */
    static final Object SKIP = new Object();
    static final Object STOP = new Object();

    /**
     * The reference twin of the runtime's {@code AsyncIterables.Stage} (map, filter, take, takeWhile, drop), step
     * for step: a stage that stops before its source ends ({@code take} exhausted, {@code takeWhile}'s first
     * failing value, a function that throws) closes the source first, a close failure attached as suppressed to
     * the function's exception or thrown; a stage closed by its loop closes its source unless the source ended
     * by itself.
     */
    abstract static class Stage implements RefIter {
        private final RefIter source;
        private boolean ended;
        private boolean sourceDone;
        private boolean haveValue;
        private Object value;

        Stage(Object source) {
            this.source = (RefIter) source;
        }

        boolean exhausted() {
            return false;
        }

        abstract Object accept(Object v);

        /** At the source's end: a last value, or {@code STOP} ({@code chunked}'s rest). */
        Object atEnd() {
            return STOP;
        }

        /** A second source, closed after the first ({@code zip}), or null. */
        RefIter also() {
            return null;
        }

        @Override
        public boolean hasNext() {
            if (haveValue) {
                return true;
            }
            for (;;) {
                if (ended) {
                    return false;
                }
                if (exhausted()) {
                    end(null);
                    return false;
                }
                Object v;
                try {
                    if (!source.hasNext()) {
                        sourceDone = true;
                        Object last = atEnd();
                        if (last == STOP) {
                            end(null);
                            return false;
                        }
                        ended = true;
                        value = last;
                        haveValue = true;
                        return true;
                    }
                    v = source.next();
                } catch (Throwable t) {
                    sourceDone = true;
                    end(t);
                    return false;
                }
                Object out;
                try {
                    out = accept(v);
                } catch (Throwable t) {
                    end(t);
                    return false;
                }
                if (out == SKIP) {
                    continue;
                }
                if (out == STOP) {
                    end(null);
                    return false;
                }
                value = out;
                haveValue = true;
                return true;
            }
        }

        /**
         * Ends the stage: closes the source unless it is done, then the second source, in that order (as the
         * runtime's Closing); then throws {@code failure} with the close failures suppressed onto it, or the first
         * close failure (later ones suppressed onto that).
         */
        private void end(Throwable failure) {
            ended = true;
            Throwable closeFailure = null;
            for (RefIter it : closing()) {
                try {
                    it.close();
                } catch (Throwable c) {
                    if (failure != null) {
                        if (c != failure) {
                            failure.addSuppressed(c);
                        }
                    } else if (closeFailure == null) {
                        closeFailure = c;
                    } else if (c != closeFailure) {
                        closeFailure.addSuppressed(c);
                    }
                }
            }
            if (failure != null) {
                throw sneaky(failure);
            }
            if (closeFailure != null) {
                throw sneaky(closeFailure);
            }
        }

        /** What is left to close: the source unless it ended by itself, and the second source. */
        private List<RefIter> closing() {
            List<RefIter> l = new ArrayList<>(2);
            if (!sourceDone && !MUTATION.equals("stageKeepsSourceOpen")) {
                l.add(source);
            }
            if (also() != null && !MUTATION.equals("zipKeepsRightOpen")) {
                l.add(also());
            }
            sourceDone = true;
            return l;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            haveValue = false;
            return value;
        }

        @Override
        public void close() {
            if (ended && sourceDone && also() == null) {
                return;
            }
            ended = true;
            Throwable first = null;
            for (RefIter it : closing()) {
                try {
                    it.close();
                } catch (Throwable c) {
                    if (first == null) {
                        first = c;
                    } else if (c != first) {
                        first.addSuppressed(c);
                    }
                }
            }
            if (first != null) {
                throw sneaky(first);
            }
        }
    }

    static RefIter map(Object src, Function<Object, Object> f) {
        return new Stage(src) {
            @Override
            Object accept(Object v) {
                return f.apply(v);
            }
        };
    }

    static RefIter filter(Object src, Predicate<Object> p) {
        return new Stage(src) {
            @Override
            Object accept(Object v) {
                return p.test(v) ? v : SKIP;
            }
        };
    }

    static RefIter takeWhile(Object src, Predicate<Object> p) {
        return new Stage(src) {
            @Override
            Object accept(Object v) {
                return p.test(v) ? v : STOP;
            }
        };
    }

    static RefIter take(Object src, long n) {
        return new Stage(src) {
            long taken;

            @Override
            boolean exhausted() {
                return taken >= n;
            }

            @Override
            Object accept(Object v) {
                taken++;
                return v;
            }
        };
    }

    /**
     * A deliberate bug in the operators' reference, for the mutation check (docs/fuzzer.md): {@code
     * -Dcorio.fuzz.mutation=stageKeepsSourceOpen} (a stage that stops never closes its source),
     * {@code zipKeepsRightOpen}, {@code chunkedDropsRest} (the last, shorter chunk is lost),
     * {@code mapAwaitSkipsFailures} (a failed awaitable is skipped, not thrown); empty: none.
     */
    static final String MUTATION = System.getProperty("corio.fuzz.mutation", "");

    /** {@code mapAwait}: the function's awaitable, awaited (the reference's {@code Done}) before the next pull. */
    static RefIter mapAwait(Object src, Function<Object, RefSide.Done<?>> f) {
        return new Stage(src) {
            @Override
            Object accept(Object v) {
                RefSide.Done<?> d = f.apply(v);
                if (MUTATION.equals("mapAwaitSkipsFailures")) {
                    try {
                        return d.get();
                    } catch (RuntimeException e) {
                        return SKIP;
                    }
                }
                return d.get();
            }
        };
    }

    /** {@code chunked}: lists of {@code size} values, the last maybe shorter. */
    static RefIter chunked(Object src, int size) {
        return new Stage(src) {
            List<Object> chunk = new ArrayList<>();

            @Override
            Object accept(Object v) {
                chunk.add(v);
                if (chunk.size() < size) {
                    return SKIP;
                }
                List<Object> full = chunk;
                chunk = new ArrayList<>();
                return full;
            }

            @Override
            Object atEnd() {
                if (chunk.isEmpty() || MUTATION.equals("chunkedDropsRest")) {
                    return STOP;
                }
                List<Object> rest = chunk;
                chunk = new ArrayList<>();
                return rest;
            }
        };
    }

    /**
     * {@code zip}: {@code f(a_i, b_i)}, {@code b} pulled after each value of {@code a}; when either ends (or
     * fails, or {@code f} throws) both are closed, {@code a} first unless it ended by itself.
     */
    static RefIter zip(Object a, Object b, java.util.function.BiFunction<Object, Object, Object> f) {
        RefIter right = (RefIter) b;
        return new Stage(a) {
            @Override
            Object accept(Object v) {
                if (!right.hasNext()) {
                    return STOP;
                }
                return f.apply(v, right.next());
            }

            @Override
            RefIter also() {
                return right;
            }
        };
    }

    static RefIter drop(Object src, long n) {
        return new Stage(src) {
            long dropped;

            @Override
            Object accept(Object v) {
                return dropped++ < n ? SKIP : v;
            }
        };
    }

    /**
     * An async resource of the reference: {@code async with} rendered as plain Java (Generator#asyncWith):
     * {@code RefCm cm = x.enter(); try { body } catch (Throwable t) { cm.fail(t); } finally { cm.exit(); }},
     * which is what the processor's lowering does with {@code aenter}/{@code aexit} (TryLowering.asyncWith):
     * a suppressing exit lets the block complete normally, an exit that throws replaces the block's exception.
     */
    public abstract static class RefCm {
        private boolean failed;

        /** {@code await(m.aenter())}. */
        public abstract RefCm enter();

        /** {@code await(m.aexit(t))}: true suppresses; may throw (replaces). */
        abstract boolean exitWith(Throwable t);

        /** {@code await(m.aexit(null))}. */
        abstract void exitNormally();

        /** The block threw {@code t}: exit with it; rethrow it unless the exit suppressed it. */
        public final void fail(Throwable t) {
            failed = true;
            if (!exitWith(t)) {
                throw sneaky(t);
            }
        }

        /** The block completed or jumped out (the finally): exit, unless {@link #fail} already did. */
        public final void exit() {
            if (!failed) {
                exitNormally();
            }
        }
    }

    /** {@code asyncContextManager(generator)}: the runtime's GeneratorContextManager, step for step. */
    public static final class GenCm extends RefCm {
        private final LazyGen g;
        private Object value;

        GenCm(LazyGen g) {
            this.g = g;
        }

        @Override
        public GenCm enter() {
            Object r = g.step(NEXT);
            if (r instanceof Emitted e) {
                value = e.value();
                return this;
            }
            if (r instanceof Failed f) {
                throw sneaky(f.error());
            }
            throw new IllegalStateException("generator didn't emit: " + g.name + " ended before its emit(...)");
        }

        public Object value() {
            return value;
        }

        @Override
        boolean exitWith(Throwable t) {
            Object r = g.step(new Failed(t));
            if (r == END) {
                return true; // caught and ended: suppressed
            }
            if (r instanceof Failed f) {
                if (f.error() == t) {
                    return false;
                }
                throw sneaky(f.error()); // replaced
            }
            throw new IllegalStateException("generator didn't stop after athrow(): " + g.name
                    + " emitted a second value; a context manager's generator emits once");
        }

        @Override
        void exitNormally() {
            Object r = g.step(NEXT);
            if (r instanceof Failed f) {
                throw sneaky(f.error());
            }
            if (r instanceof Emitted) {
                throw new IllegalStateException("generator didn't stop: " + g.name
                        + " emitted a second value; a context manager's generator emits once");
            }
        }
    }

    /** The twin of {@link AsyncSide#ares}: the same records and outcomes, at once. */
    public static final class HandCm extends RefCm {
        private final String tag;
        private final int mode;

        HandCm(String tag, int mode) {
            this.tag = tag;
            this.mode = mode;
        }

        @Override
        public HandCm enter() {
            FuzzBase.rec("aenter " + tag);
            if (mode == AsyncSide.ARES_FAIL_ENTER) {
                throw new FuzzBase.FuzzException("aenter " + tag);
            }
            return this;
        }

        @Override
        boolean exitWith(Throwable t) {
            FuzzBase.rec("aexit " + tag + " " + AsyncSide.shown(t));
            if (mode == AsyncSide.ARES_FAIL_EXIT) {
                throw new FuzzBase.OtherException("aexit " + tag);
            }
            return mode == AsyncSide.ARES_SUPPRESS && t instanceof FuzzBase.FuzzException;
        }

        @Override
        void exitNormally() {
            exitWith(null);
        }
    }

    private static Object take(SynchronousQueue<Object> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reference generator interrupted", e);
        }
    }

    private static void put(SynchronousQueue<Object> q, Object o) {
        try {
            q.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reference generator interrupted", e);
        }
    }
}
