package dev.corio;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written coroutine built from steps, for tests (a {@link StateMachine}, the public base for
 * hand-written coroutines, so the tests exercise it everywhere): what the processor would generate for a body
 * that awaits between statements. Each step receives the outcome of the previous await (the first step
 * receives {@code (null, null)}) and either returns {@link #awaiting(Awaitable)} to await something and
 * go on with the next step, or returns any other value to finish the coroutine with it, or throws.
 * Steps added with {@link #then} rethrow an await's exception without running, as an await expression
 * would; steps added with {@link #handle} see it (a try/catch around the await). When the steps run out
 * after an await, the coroutine returns that await's value.
 *
 * <pre>{@code
 * Coroutine<String> c = new Script<String>()
 *         .then(v -> awaiting(Corio.sleep(1)))
 *         .handle((v, e) -> e instanceof CancelledError ? "caught" : "slept");
 * }</pre>
 */
final class Script<T> extends StateMachine<T> {

    /** A step that sees the outcome of the previous await, exception included. */
    @FunctionalInterface
    interface Handler {
        Object run(Object value, Throwable error) throws Throwable;
    }

    /** A step that runs only when the previous await gave a value. */
    @FunctionalInterface
    interface Step {
        Object run(Object value) throws Throwable;
    }

    /** What a step returns to await {@code what}. */
    record Await(Awaitable<?> what) {
    }

    static Await awaiting(Awaitable<?> what) {
        return new Await(what);
    }

    private final List<Handler> steps = new ArrayList<>();

    Script<T> then(Step step) {
        steps.add((v, e) -> {
            if (e != null) {
                throw e;
            }
            return step.run(v);
        });
        return this;
    }

    Script<T> handle(Handler step) {
        steps.add(step);
        return this;
    }

    /** Shorthand: a coroutine that awaits each of {@code awaitables} in turn and returns the last value. */
    @SafeVarargs
    static <T> Script<T> awaitAll(Awaitable<?>... awaitables) {
        Script<T> s = new Script<>();
        for (Awaitable<?> a : awaitables) {
            s.then(v -> awaiting(a));
        }
        return s;
    }

    /** Shorthand: a coroutine that returns {@code value} at once. */
    static <T> Script<T> returning(T value) {
        return new Script<T>().then(v -> value);
    }

    /** Shorthand: a coroutine that throws {@code error} at once. */
    static <T> Script<T> throwing(Throwable error) {
        return new Script<T>().then(v -> {
            throw error;
        });
    }

    /** The steps as a {@link StateMachine}: {@code pc} is the index of the next step to run. */
    @Override
    protected Object step() throws Throwable {
        Object value;
        Throwable error;
        try {
            value = take(); // the outcome of the await that suspended (nothing on the first call)
            error = null;
        } catch (Throwable t) {
            value = null;
            error = t;
        }
        for (;;) {
            if (pc == steps.size()) {
                if (error != null) {
                    throw error;
                }
                return value;
            }
            Object r = steps.get(pc++).run(value, error);
            if (!(r instanceof Await a)) {
                pc = steps.size();
                return r;
            }
            if (await(a.what(), pc)) {
                return SUSPENDED;
            }
            try {
                value = take(); // done at once, or thrown by the await expression itself: the next step sees it
                error = null;
            } catch (Throwable t) {
                value = null;
                error = t;
            }
        }
    }
}
