package dev.corio;

import java.util.Objects;

/**
 * Test-only coroutines in continuation-passing style, so tests read like the {@code async def}s they port
 * (public for the tests of the runtime's sub-packages).
 * {@link #co} makes a {@link StateMachine} (the public base for hand-written coroutines) that follows the
 * contract exactly: it runs
 * the body's steps, calls {@code awaitFrom} for each await, returns {@code SUSPENDED} when that does, and
 * feeds the outcome to the continuation (or the error to the handler, which acts as a {@code catch} around
 * that await; without one the error propagates, as an uncaught exception would).
 *
 * <pre>
 * co(() -&gt; await(sleep(1), v -&gt; done(42)))              // async def f(): await sleep(1); return 42
 * co(() -&gt; await(sleep(1), v -&gt; done(1), e -&gt; done(2)))  // try: await sleep(1); return 1 except: return 2
 * </pre>
 */
public final class Co {
    private Co() {
    }

    @FunctionalInterface
    public interface Body<T> {
        Step<T> run() throws Throwable;
    }

    @FunctionalInterface
    public interface Then<A, T> {
        Step<T> apply(A value) throws Throwable;
    }

    /** What a body does next: return a value, or await something and continue. */
    public abstract static class Step<T> {
    }

    public static final class Done<T> extends Step<T> {
        final T value;

        Done(T value) {
            this.value = value;
        }
    }

    public static final class Await<A, T> extends Step<T> {
        final Awaitable<A> what;
        final Then<? super A, T> then;
        final Then<Throwable, T> onError;

        Await(Awaitable<A> what, Then<? super A, T> then, Then<Throwable, T> onError) {
            this.what = Objects.requireNonNull(what, "awaitable");
            this.then = then;
            this.onError = onError;
        }
    }

    public static <T> Step<T> done(T value) {
        return new Done<>(value);
    }

    public static <A, T> Step<T> await(Awaitable<A> what, Then<? super A, T> then) {
        return new Await<>(what, then, null);
    }

    public static <A, T> Step<T> await(Awaitable<A> what, Then<? super A, T> then, Then<Throwable, T> onError) {
        return new Await<>(what, then, onError);
    }

    public static <T> Coroutine<T> co(Body<T> body) {
        return new Script<>(body);
    }

    /** The state machine (a {@link StateMachine}): its state is the pending await step. */
    static final class Script<T> extends StateMachine<T> {
        private Body<T> body;
        private Await<?, T> pending;

        Script(Body<T> body) {
            this.body = body;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Object step() throws Throwable {
            Step<T> s;
            if (body != null) {
                Body<T> b = body;
                body = null;
                s = b.run();
            } else {
                Await<Object, T> p = (Await<Object, T>) pending;
                if (p == null) {
                    throw new IllegalStateException("resumed while not suspended");
                }
                pending = null;
                s = outcome(p);
            }
            for (;;) {
                if (s instanceof Done<T> d) {
                    return d.value;
                }
                Await<Object, T> a = (Await<Object, T>) s;
                if (await(a.what, 0)) {
                    pending = a;
                    return SUSPENDED;
                }
                s = outcome(a);
            }
        }

        /** The next step: the await's value to the continuation, or its exception to the handler. */
        private Step<T> outcome(Await<Object, T> a) throws Throwable {
            Object value;
            try {
                value = take();
            } catch (Throwable error) {
                if (a.onError == null) {
                    throw error;
                }
                return a.onError.apply(error);
            }
            return a.then.apply(value);
        }
    }
}
