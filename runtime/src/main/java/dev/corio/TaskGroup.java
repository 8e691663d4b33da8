package dev.corio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Structured concurrency: asyncio's {@code TaskGroup} (3.11+). Enter it on a task (the parent), create
 * child tasks with {@link #createTask}; leaving the block waits until every child is done.
 *
 * <p>The first child that fails (with anything but a {@link CancelledError}) cancels the other children and
 * the parent task's body, which then exits the block; a body that fails does the same to the children.
 * Once all children are done the group raises the errors: <b>Java has no ExceptionGroup, so the first
 * error (in the order they happened) is thrown and the others are attached to it as
 * {@linkplain Throwable#getSuppressed() suppressed}</b> (an exception whose suppression is disabled cannot
 * carry them; those are reported to the loop's exception handler instead). A child cancelled on its own
 * does not fail the group. A cancellation of the parent from outside cancels the children and propagates
 * as {@code CancelledError} once they are done, unless children failed, whose errors take priority. The
 * group's own cancellation of the parent is withdrawn ({@link Task#uncancel()}) on exit, so the parent is
 * not left cancelled.
 *
 * <p>Creating a task before the group is entered, while it is aborting, or after it finished throws
 * {@link IllegalStateException}. A group is entered once.
 */
public final class TaskGroup implements AsyncContextManager<TaskGroup> {
    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private boolean parentCancelRequested;
    private EventLoop loop;
    private Task<?> parentTask;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private AsyncFuture<Boolean> onCompleted;
    private final Consumer<AsyncFuture<?>> onTaskDone = this::onTaskDone;

    public TaskGroup() {
    }

    /** Creates a child task running {@code coro}; it starts in the next tick. */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /** Creates a child task named {@code name} (or {@code Task-N} if null). */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /**
     * Creates a child task that awaits {@code awaitable}: a coroutine as {@link #createTask(Coroutine)}, any
     * other awaitable (e.g. {@code sleep(...)}) awaited by the new task ({@link Corio#createTask(Awaitable)}).
     */
    public <T> Task<T> createTask(Awaitable<T> awaitable) {
        return createTask(Corio.asCoroutine(awaitable), null);
    }

    /** {@link #createTask(Awaitable)} with the task named {@code name} (or {@code Task-N} if null). */
    public <T> Task<T> createTask(Awaitable<T> awaitable, String name) {
        return createTask(Corio.asCoroutine(awaitable), name);
    }

    /**
     * Creates a child task named {@code name} (or {@code Task-N} if null) running in {@code context}
     * ({@code null}: a copy of the current context, as always without it).
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, dev.corio.context.Context context) {
        Objects.requireNonNull(coro, "coro");
        String refusal = null;
        if (!entered) {
            refusal = "TaskGroup " + this + " has not been entered";
        } else if (exiting && tasks.isEmpty()) {
            refusal = "TaskGroup " + this + " is finished";
        } else if (aborting) {
            refusal = "TaskGroup " + this + " is shutting down";
        }
        if (refusal != null) {
            if (!coro.isStarted()) {
                coro.close(); // it will never run: don't report it as never awaited
            }
            throw new IllegalStateException(refusal);
        }
        Task<T> task = loop.createTask(coro, name, context);
        tasks.add(task);
        task.addDoneCallback(onTaskDone);
        return task;
    }

    /** The children not done yet (a snapshot). */
    public Set<Task<?>> tasks() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(tasks));
    }

    /** Enters the group on the awaiting frame's task, which becomes the parent. */
    @Override
    public Awaitable<TaskGroup> aenter() {
        return frame -> {
            if (entered) {
                throw new IllegalStateException("TaskGroup " + this + " has already been entered");
            }
            Task<?> parent = frame.task();
            if (parent == null) {
                throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task");
            }
            parentTask = parent;
            loop = parent.getLoop();
            entered = true;
            return this;
        };
    }

    /** Waits for the children, then raises the errors (see the class documentation); never suppresses. */
    @Override
    public Awaitable<Boolean> aexit(Throwable error) {
        if (!entered) {
            throw new IllegalStateException("TaskGroup " + this + " has not been entered");
        }
        return new Exit(error);
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : new ArrayList<>(tasks)) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    private void onTaskDone(AsyncFuture<?> f) {
        tasks.remove(f);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.isDone()) {
            onCompleted.setResult(Boolean.TRUE);
        }
        if (f.isCancelled()) {
            return;
        }
        Throwable exc = f.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (parentTask.isDone()) {
            loop.callExceptionHandler(new ExceptionContext("Task " + f + " has errored out but its parent task "
                    + parentTask + " is already completed", exc, null, f));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Stop the body too: cancel the parent, and withdraw that request on exit so the parent goes on
            // after the block as if it had not been cancelled.
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    /** The error to throw: the first, with the others attached as suppressed. */
    private Throwable combine(List<Throwable> all) {
        Throwable first = all.get(0);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(first);
        for (Throwable t : all.subList(1, all.size())) {
            if (!seen.add(t)) {
                continue;
            }
            int before = first.getSuppressed().length;
            first.addSuppressed(t);
            if (first.getSuppressed().length == before) {
                loop.callExceptionHandler(new ExceptionContext("TaskGroup: another error, which could not be attached"
                        + " as suppressed to " + first + " (its suppression is disabled)", t, null, parentTask));
            }
        }
        return first;
    }

    @Override
    public String toString() {
        String s = "TaskGroup@" + Integer.toHexString(System.identityHashCode(this));
        if (!entered) {
            return s + "[not entered]";
        }
        return s + "[tasks=" + tasks.size() + (errors.isEmpty() ? "" : " errors=" + errors.size())
                + (aborting ? " cancelling" : "") + (exiting ? " exiting" : "") + "]";
    }

    /** The exit: abort if the body failed, wait for every child, raise. */
    private final class Exit extends Coroutine<Boolean> {
        private final Throwable bodyError;
        private Throwable propagateCancellation;
        private int bodyErrorIndex;
        private boolean started;

        Exit(Throwable bodyError) {
            this.bodyError = bodyError;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (!started) {
                started = true;
                if (exiting) {
                    throw new IllegalStateException("TaskGroup " + TaskGroup.this + " has already been exited");
                }
                exiting = true;
                // The body's error happened after the children's errors recorded so far.
                bodyErrorIndex = errors.size();
                if (bodyError instanceof CancelledError) {
                    propagateCancellation = bodyError;
                }
                if (bodyError != null && !aborting) {
                    abort();
                }
            } else {
                // Woken by onCompleted, or by a cancellation of the parent while waiting.
                if (error instanceof CancelledError ce) {
                    if (!aborting) {
                        propagateCancellation = ce;
                        abort();
                    }
                } else if (error != null) {
                    throw error;
                }
                onCompleted = null;
            }
            while (!tasks.isEmpty()) {
                if (onCompleted == null) {
                    onCompleted = new AsyncFuture<>(loop);
                }
                Object r = onCompleted.awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                onCompleted = null;
            }
            // Withdraw our own cancellation of the parent only now that every child is done, so a child
            // failing while we waited is covered too (CPython 3.13's fix, gh-116720, of 3.12's order).
            if (parentCancelRequested && parentTask.uncancel() == 0) {
                // The cancellation came from us (a child failed), not from outside: do not propagate it.
                propagateCancellation = null;
            }
            if (propagateCancellation != null && errors.isEmpty()) {
                throw propagateCancellation;
            }
            List<Throwable> all = new ArrayList<>(errors);
            errors.clear();
            if (bodyError != null && !(bodyError instanceof CancelledError)) {
                all.add(Math.min(bodyErrorIndex, all.size()), bodyError);
            }
            if (!all.isEmpty()) {
                Throwable combined = combine(all);
                if (propagateCancellation != null && !Suppressed.attach(combined, propagateCancellation)) {
                    loop.callExceptionHandler(new ExceptionContext("TaskGroup: the cancellation of the parent task,"
                            + " which the children's errors replace, could not be attached as suppressed to " + combined
                            + " (its suppression is disabled)", propagateCancellation, null, parentTask));
                }
                throw combined;
            }
            return Boolean.FALSE;
        }
    }
}
