package dev.corio;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Python's {@code async with manager as v: return await body(v)}, as a coroutine that runs inline on the
 * awaiting task. The manager is obtained when the coroutine starts (so a timeout's deadline counts from
 * then). If {@code aexit} suppresses the body's exception, the value is {@code null}.
 */
final class AsyncWith<M, R> extends Coroutine<R> {
    private static final int START = 0;
    private static final int ENTERING = 1;
    private static final int IN_BODY = 2;
    private static final int EXITING = 3;
    private static final int DONE = 4;

    private Supplier<? extends AsyncContextManager<M>> managerSupplier;
    private Function<? super M, ? extends Awaitable<? extends R>> body;
    private AsyncContextManager<M> manager;
    private int state = START;
    private Object result;
    private Throwable bodyError;

    AsyncWith(Supplier<? extends AsyncContextManager<M>> manager,
              Function<? super M, ? extends Awaitable<? extends R>> body) {
        this.managerSupplier = Objects.requireNonNull(manager, "manager");
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object resume(Object value, Throwable error) throws Throwable {
        switch (state) {
            case START: {
                manager = Objects.requireNonNull(managerSupplier.get(), "the context manager is null");
                managerSupplier = null;
                state = ENTERING;
                Object r = manager.aenter().awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                return enterBody((M) r);
            }
            case ENTERING:
                if (error != null) {
                    state = DONE;
                    throw error; // a failed aenter means no aexit, as in Python
                }
                return enterBody((M) value);
            case IN_BODY:
                return error != null ? exit(null, error) : exit(value, null);
            case EXITING:
                return exited(value, error);
            default:
                throw new IllegalStateException("async with resumed after it completed");
        }
    }

    private Object enterBody(M entered) throws Throwable {
        state = IN_BODY;
        Function<? super M, ? extends Awaitable<? extends R>> b = body;
        body = null;
        Object r;
        try {
            Awaitable<? extends R> a = Objects.requireNonNull(b.apply(entered), "the body returned null");
            r = a.awaitFrom(this);
        } catch (Throwable e) {
            return exit(null, e);
        }
        if (r == SUSPENDED) {
            return SUSPENDED;
        }
        return exit(r, null);
    }

    private Object exit(Object value, Throwable error) throws Throwable {
        state = EXITING;
        result = value;
        bodyError = error;
        Object r = manager.aexit(error).awaitFrom(this);
        if (r == SUSPENDED) {
            return SUSPENDED;
        }
        return exited(r, null);
    }

    private Object exited(Object suppress, Throwable exitError) throws Throwable {
        state = DONE;
        Throwable e = bodyError;
        Object v = result;
        bodyError = null;
        result = null;
        if (exitError != null) {
            throw exitError;
        }
        if (e != null) {
            if (Boolean.TRUE.equals(suppress)) {
                return null;
            }
            throw e;
        }
        return v;
    }
}
