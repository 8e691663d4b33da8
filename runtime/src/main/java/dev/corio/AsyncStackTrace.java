package dev.corio;

import java.util.Arrays;

/**
 * Logical async stack traces: as an exception leaves a coroutine frame for a frame that was suspended (so
 * not on the Java stack), or reaches a task from what it awaited (another task, a gather, a timeout, a
 * cancellation), the frame it reaches is written into the exception's stack trace, with the user's class,
 * method, source file and the line of the await it was suspended at ({@link Coroutine#sourceLocation()}).
 *
 * <p>The elements go in just above the loop's own frames ({@code Task.step} and below), after what is
 * already there, so that a printed trace reads from the throw site outwards: the real frames of the
 * throw, then each awaiting frame in turn, then the loop. A marker element,
 * {@code at corio.await.Task-2(async boundary)}, starts the frames of each task:
 *
 * <pre>
 * java.lang.IllegalStateException: no such item
 *     at app.Store.load(Store.java:40)                      (the throw site, a real frame)
 *     at app.Corio_Store$Fetch.resume(Corio_Store.java:88)  (the generated state machine of fetch)
 *     at corio.await.Task-1(async boundary)
 *     at app.Store.item(Store.java:22)                      (the await in item that fetch was awaited from)
 *     at app.Store.page(Store.java:12)
 *     at dev.corio.Task.step(Task.java:280)                 (the loop)
 * </pre>
 *
 * <p>Nothing of this runs unless an exception crosses an await: the normal path neither walks stacks nor
 * allocates. Exceptions are never wrapped or copied: the trace of the thrown object itself is extended
 * (one array copy per crossed frame). An exception object thrown again and again (a failed future awaited
 * by many) collects the chains of all its awaiters, as a Python exception's traceback does when it is
 * raised again; a trace stops growing at {@link #MAX_ELEMENTS}. Exceptions created without a writable stack
 * trace are left alone.
 */
final class AsyncStackTrace {
    /** Past this many elements a trace is not extended any more. */
    static final int MAX_ELEMENTS = 1024;
    /** The declaring class of the marker that starts a task's frames. */
    static final String MARKER_CLASS = "corio.await";
    /** The file name of the marker, which prints as {@code (async boundary)}. */
    static final String MARKER_FILE = "async boundary";

    /**
     * The opt-out: {@code -Dcorio.asyncStackTraces=false} leaves exceptions' stack traces as the JVM made them
     * (no logical frames, no line mapping), for a program that throws through suspended awaits so often that
     * the cost shows (docs/debugging.md). Read once; task dumps and {@link Task#getStackTrace()} are not affected.
     */
    static final String OPT_OUT = "corio.asyncStackTraces";
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(OPT_OUT, "true"));

    private AsyncStackTrace() {
    }

    /** Whether exceptions get async stack traces (see {@link #OPT_OUT}). */
    static boolean enabled() {
        return ENABLED;
    }

    /**
     * {@code e} leaves a frame of {@code task} for {@code frame}, which was suspended, or is thrown into
     * {@code frame} at its await (what it awaited failed, timed out or was cancelled).
     */
    static void reached(Throwable e, Task<?> task, Coroutine<?> frame) {
        reached(e, task, frame, null);
    }

    /**
     * {@link #reached(Throwable, Task, Coroutine)}, where {@code thrower} (null: unknown) is the frame whose
     * {@code resume} {@code e} came out of: the elements of its generated code (and of {@code frame}'s) are
     * rewritten to the user's file and line ({@link Coroutine#sourceOf}).
     */
    static void reached(Throwable e, Task<?> task, Coroutine<?> frame, Coroutine<?> thrower) {
        if (!ENABLED) {
            return;
        }
        StackTraceElement where = location(frame); // a failing one must not replace the exception being thrown
        if (where == null) {
            if (thrower != null) {
                thrownOut(e, thrower);
            }
            return;
        }
        insert(e, task, where, thrower, frame);
    }

    /**
     * {@code frame} awaited a future that had failed or been cancelled already, so it did not suspend and
     * is not in {@code e}'s trace (made where the future failed): its await joins the trace, at the line of
     * that await, found on the current stack through the frame's line map (this runs inside its
     * {@code resume}); at its state's line when the map has none.
     */
    static void awaitedDone(Throwable e, Coroutine<?> frame) {
        Task<?> task = frame.task;
        if (!ENABLED || task == null) {
            return;
        }
        StackTraceElement where = StackWalker.getInstance().walk(s -> s.limit(64)
                .map(f -> sourceOf(frame, f.toStackTraceElement()))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null));
        if (where == null) {
            where = location(frame);
        }
        if (where != null) {
            insert(e, task, where, null, null);
        }
    }

    /** Writes {@code where} (after {@code task}'s marker) into {@code e}'s trace, mapping a's and b's code first. */
    private static void insert(Throwable e, Task<?> task, StackTraceElement where, Coroutine<?> a, Coroutine<?> b) {
        StackTraceElement[] st = e.getStackTrace();
        if (st.length == 0 && !writable(e) || st.length >= MAX_ELEMENTS) {
            return;
        }
        int at = insertionPoint(st);
        toSource(st, at, a, b);
        String name = task.getName();
        boolean marked = hasMarker(st, at, name);
        StackTraceElement[] out = new StackTraceElement[st.length + (marked ? 1 : 2)];
        System.arraycopy(st, 0, out, 0, at);
        int i = at;
        if (!marked) {
            out[i++] = marker(name);
        }
        out[i++] = where;
        System.arraycopy(st, at, out, i, st.length - at);
        e.setStackTrace(out);
    }

    /**
     * {@code e} (null: no exception) goes out of a finished frame to {@code frame}, which was suspended:
     * {@link #reached} if there is one; returns {@code e}. Small, so that it inlines into {@code Task.step}
     * and costs a null check there.
     */
    static Throwable passedTo(Throwable e, Task<?> task, Coroutine<?> from, Coroutine<?> frame) {
        if (e != null) {
            reached(e, task, frame, from);
        }
        return e;
    }

    /**
     * {@code e} came out of {@code thrower}'s {@code resume} and ends its task (no frame awaited it): the
     * elements of the thrower's generated code are rewritten to the user's file and line, as
     * {@link #reached(Throwable, Task, Coroutine, Coroutine)} does.
     */
    static void thrownOut(Throwable e, Coroutine<?> thrower) {
        if (!ENABLED || thrower == null) {
            return;
        }
        StackTraceElement[] st = e.getStackTrace();
        if (toSource(st, insertionPoint(st), thrower, null)) {
            e.setStackTrace(st);
        }
    }

    /**
     * Rewrites the elements of {@code st} before {@code to} that are generated code of {@code a} or {@code b}
     * (either may be null) to the user's source; returns whether any changed. The markers and the logical
     * frames already written are not generated code, so a trace is rewritten once.
     */
    private static boolean toSource(StackTraceElement[] st, int to, Coroutine<?> a, Coroutine<?> b) {
        boolean changed = false;
        for (int i = 0; i < to; i++) {
            StackTraceElement s = sourceOf(a, st[i]);
            if (s == null) {
                s = sourceOf(b, st[i]);
            }
            if (s != null) {
                st[i] = s;
                changed = true;
            }
        }
        return changed;
    }

    private static StackTraceElement sourceOf(Coroutine<?> f, StackTraceElement e) {
        if (f == null) {
            return null;
        }
        try {
            return f.sourceOf(e);
        } catch (RuntimeException | LinkageError broken) {
            return null; // a hand-written sourceOf that fails must not replace the exception being thrown
        }
    }

    /** The marker element that starts the frames of the task named {@code taskName}. */
    static StackTraceElement marker(String taskName) {
        return new StackTraceElement(MARKER_CLASS, taskName, MARKER_FILE, -1);
    }

    /** Whether {@code e} is a marker element. */
    static boolean isMarker(StackTraceElement e) {
        return MARKER_CLASS.equals(e.getClassName()) && MARKER_FILE.equals(e.getFileName());
    }

    /** Above the first frame of the loop's machinery (the task's step and what called it), else the end. */
    private static int insertionPoint(StackTraceElement[] st) {
        for (int i = 0; i < st.length; i++) {
            if ("step".equals(st[i].getMethodName()) && Task.class.getName().equals(st[i].getClassName())) {
                return i;
            }
        }
        return st.length;
    }

    /** Whether the frames above {@code at} already hold this task's marker (since the last other marker). */
    private static boolean hasMarker(StackTraceElement[] st, int at, String taskName) {
        for (int i = at - 1; i >= 0; i--) {
            if (isMarker(st[i])) {
                return taskName.equals(st[i].getMethodName());
            }
        }
        return false;
    }

    /** An empty trace may be empty because filling it in was switched off; setStackTrace then does nothing. */
    private static boolean writable(Throwable e) {
        StackTraceElement probe = marker("probe");
        e.setStackTrace(new StackTraceElement[] {probe});
        boolean kept = e.getStackTrace().length == 1;
        e.setStackTrace(new StackTraceElement[0]);
        return kept;
    }

    /** The suspended frames of {@code t}, innermost first, as stack trace elements (empty once it is done). */
    static StackTraceElement[] suspendedFrames(Task<?> t) {
        java.util.List<Coroutine<?>> stack = t.getStack();
        StackTraceElement[] out = new StackTraceElement[stack.size()];
        int n = 0;
        for (int i = stack.size() - 1; i >= 0; i--) {
            out[n++] = describe(stack.get(i));
        }
        return Arrays.copyOf(out, n);
    }

    /** A frame as a stack trace element: its source location, or its class when it has none. */
    static StackTraceElement describe(Coroutine<?> f) {
        StackTraceElement where = location(f);
        return where != null ? where : new StackTraceElement(f.getClass().getName(), "resume", null, -1);
    }

    /** {@code f}'s source location, or null when it has none or computing it failed. */
    static StackTraceElement location(Coroutine<?> f) {
        try {
            return f.sourceLocation();
        } catch (RuntimeException | LinkageError broken) {
            return null; // a hand-written sourceLocation that fails must not break a trace or a dump
        }
    }
}
