package dev.corio.sample.support;

import dev.corio.Awaitable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A hand-written coroutine for straight-line bodies: plain statements and awaits in sequence, then a result.
 * <pre>{@code
 * // async def foo(): print('Running in foo'); await asyncio.sleep(0); print('Explicit context switch to foo again')
 * new Script<Void>()
 *         .run(() -> print("Running in foo"))
 *         .awaiting(() -> sleep(0))
 *         .run(() -> print("Explicit context switch to foo again"));
 * }</pre>
 * Each awaitable is made when its step is reached, as the expression would be evaluated there.
 */
public final class Script<T> extends StateMachine<T> {
    private final List<Object> steps = new ArrayList<>();
    private final String name;
    private Supplier<? extends T> result = () -> null;
    private int next;

    public Script() {
        this("script");
    }

    /** @param name what {@link #toString()} says (the Python function's name, for task reprs) */
    public Script(String name) {
        this.name = name;
    }

    /** A plain statement. */
    public Script<T> run(Runnable statement) {
        steps.add(statement);
        return this;
    }

    /** An {@code await}; its value is dropped. */
    public Script<T> awaiting(Supplier<? extends Awaitable<?>> awaitable) {
        steps.add(awaitable);
        return this;
    }

    /** The {@code return} at the end. */
    public Script<T> returning(Supplier<? extends T> value) {
        this.result = value;
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object step() throws Throwable {
        for (;;) {
            if (pc == 1) {
                take();
                pc = 0;
            }
            if (next == steps.size()) {
                return result.get();
            }
            Object s = steps.get(next++);
            if (s instanceof Runnable r) {
                r.run();
            } else if (await(((Supplier<? extends Awaitable<?>>) s).get(), 1)) {
                return SUSPENDED;
            }
        }
    }

    @Override
    public String toString() {
        return name + "()";
    }
}
