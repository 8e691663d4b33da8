package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.gatherReturnExceptions;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;
import static dev.corio.generators.Generators.asyncContextManager;
import static dev.corio.generators.Generators.done;
import static dev.corio.generators.Generators.emit;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.context.Context;
import dev.corio.context.ContextVar;
import dev.corio.context.Token;
import dev.corio.generators.AsyncGenerator;
import dev.corio.generators.StopAsyncIteration;
import dev.corio.queues.AsyncQueue;
import dev.corio.queues.QueueEmpty;
import dev.corio.queues.QueueFull;
import dev.corio.sample.cli.Env;
import dev.corio.sync.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The book's chapter 6, "Communication Between Asyncio Components": sending values into a running async
 * generator through an async context manager, workers fed by a queue, and context variables. The
 * processor generates {@code Corio_Chapter6}.
 */
public class Chapter6 {
    final Env env;

    public Chapter6(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ sending information to an async generator

    /** The book's {@code Interactor}: {@code interact(args)} is an {@code asend}. */
    public static class Interactor {
        final AsyncGenerator<Void> agen;
        final Env env;

        Interactor(AsyncGenerator<Void> agen, Env env) {
            this.agen = agen;
            this.env = env;
        }

        @Async
        public Coroutine<Void> interact(Object... args) {
            try {
                await(agen.asend(args));
            } catch (StopAsyncIteration e) {
                env.log.exception("The async generator is already exhausted!", e);
            }
            return result(null);
        }
    }

    @Async
    public AsyncGenerator<Void> wrapInAsyncgen(Consumer<Object[]> handler) {
        while (true) {
            Object[] args = emit(null);
            handler.accept(args);
        }
    }

    @Async
    public AsyncGenerator<Interactor> start(AsyncGenerator<Void> agen) {
        try {
            await(agen.asend(null));
            emit(new Corio_Chapter6_Interactor(agen, env));
        } finally {
            await(agen.aclose());
        }
        return done();
    }

    @Async
    public Coroutine<Void> interactorMain() {
        Consumer<Object[]> print = args -> print(String.valueOf(args[0]));
        try (var cm = asyncContextManager(start(wrapInAsyncgen(print)))) {
            Interactor w = cm.value();
            await(w.interact("Put"));
            await(w.interact("the"));
            await(w.interact("worker"));
            await(w.interact("to"));
            await(w.interact("work!"));
        }
        return result(null);
    }

    // ------------------------------------------------------------ using queues with coroutines

    @Async
    public Coroutine<Void> producer(List<Integer> iterable, AsyncQueue<Integer> queue, Event shutdownEvent) {
        for (int i : iterable) {
            if (shutdownEvent.isSet()) {
                break;
            }
            try {
                queue.putNowait(i);
                await(sleep(0));
            } catch (QueueFull err) {
                env.log.info("WARNING: The queue is too full. Maybe the worker are too slow.");
                throw err;
            }
        }
        shutdownEvent.set();
        return result(null);
    }

    @Async
    public Coroutine<Integer> worker(String name, Consumer<Integer> handler, AsyncQueue<Integer> queue,
            Event shutdownEvent) {
        int handled = 0;
        while (!shutdownEvent.isSet() || !queue.isEmpty()) {
            try {
                int work = queue.getNowait();
                // simulate work
                handler.accept(await(sleep(1.0, work)));
                env.log.debug("worker " + name + ": " + work);
                handled++;
            } catch (QueueEmpty e) {
                await(sleep(0));
            }
        }
        return result(handled); // not in the book: how much this worker did, for the summary line
    }

    @Async
    public Coroutine<Void> queueMain(int n, int items) {
        List<Integer> iterable = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            iterable.add(i);
        }
        Event shutdownEvent = new Event();
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        List<Coroutine<?>> coros = new ArrayList<>();
        coros.add(producer(iterable, queue, shutdownEvent));
        for (int i = 0; i < n; i++) {
            coros.add(worker("worker_" + i, val -> { }, queue, shutdownEvent));
        }
        List<Object> results = await(gatherReturnExceptions(coros));
        int handled = 0;
        for (Object r : results.subList(1, results.size())) {
            handled += (Integer) r;
        }
        print(handled + " items handled by " + n + " workers; the producer " + (results.get(0) instanceof Throwable
                ? "failed: " + results.get(0) : "finished"));
        return result(null);
    }

    // ------------------------------------------------------------ callbacks with a memory: contextvars

    static final ContextVar<Integer> CONTEXT_VAR = new ContextVar<>("key", null);

    @Async
    public Coroutine<Void> memory(ContextVar<Integer> contextVar, int value) {
        Integer oldValue = contextVar.get();
        contextVar.set(value);
        print(oldValue + " " + value);
        return result(null);
    }

    /** Solution 1: each gathered coroutine is a task with its own copy of the context. */
    @Async
    public Coroutine<Void> contextVarsMain() {
        List<Coroutine<Void>> coros = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            coros.add(memory(CONTEXT_VAR, i));
        }
        await(gather(coros));
        return result(null);
    }

    static void setter(ContextVar<Integer> contextVar, Token<Integer> token, List<Integer> invalidValues) {
        Integer value = contextVar.get();
        if (invalidValues.contains(value)) {
            contextVar.reset(token);
        }
    }

    interface Resetter {
        void reset(ContextVar<Integer> contextVar, Token<Integer> token);
    }

    void blacklist(ContextVar<Integer> contextVar, int value, Resetter resetter) {
        Integer oldValue = contextVar.get();
        Token<Integer> token = contextVar.set(value);
        resetter.reset(contextVar, token);
        print(String.valueOf(oldValue));
    }

    /** Solution 2: synchronous callbacks run in one copied context, with a token to undo a set. */
    public void contextRunMain() {
        Context context = Context.copyContext();
        for (int i = 0; i < 10; i++) {
            int v = i;
            context.run(() -> blacklist(CONTEXT_VAR, v, (var, token) -> setter(var, token, List.of(5, 6, 7, 8, 9))));
        }
    }

    /** A coroutine that does nothing, for the programs that are synchronous. */
    @Async
    public static Coroutine<Void> nothing() {
        return result(null);
    }
}
