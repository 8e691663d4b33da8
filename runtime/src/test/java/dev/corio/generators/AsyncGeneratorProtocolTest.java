package dev.corio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import dev.corio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async-generator protocol on hand-written generators (the shape the processor generates), ported from
 * CPython's Lib/test/test_asyncgen.py (AsyncGenAsyncioTest). Each step is driven by
 * {@code loop.runUntilComplete(gen.anext())}, which runs it in a task of its own, as asyncio's tests do.
 */
class AsyncGeneratorProtocolTest {
    EventLoop loop;
    List<String> log;
    List<ExceptionContext> reports;

    @BeforeEach
    void setUp() {
        loop = EventLoop.virtual();
        log = new ArrayList<>();
        reports = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> reports.add(c));
    }

    @AfterEach
    void tearDown() {
        if (!loop.isClosed()) {
            loop.close();
        }
    }

    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    /**
     * <pre>
     * try:
     *     await sleep(1)
     *     try:
     *         v = yield 1
     *     except Boom:
     *         v = 1000
     *         await sleep(1)
     *     yield v * 2          (v == None: 2)
     *     await sleep(1)
     * finally:
     *     await sleep(0); await sleep(0); log("finally")
     * </pre>
     * (test_async_gen_asyncio_asend_01, athrow_01)
     */
    final class SendThrow extends AsyncGenerator<Integer> {
        int state;
        Integer v;
        Throwable pending;

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            for (;;) {
                try {
                    switch (state) {
                        case 0:
                            state = 1;
                            if (Corio.sleep(1).awaitFrom(frame()) == SUSPENDED) {
                                return SUSPENDED;
                            }
                            // fall through
                        case 1:
                            if (error != null) {
                                throw error;
                            }
                            state = 2;
                            log.add("emit 1");
                            return produced(1);
                        case 2:
                            if (error instanceof Boom) {
                                error = null;
                                v = 1000;
                                state = 3;
                                if (Corio.sleep(1).awaitFrom(frame()) == SUSPENDED) {
                                    return SUSPENDED;
                                }
                                value = null;
                            } else {
                                if (error != null) {
                                    throw error;
                                }
                                v = (Integer) value;
                                state = 4;
                                continue;
                            }
                            // fall through
                        case 3:
                            if (error != null) {
                                throw error;
                            }
                            state = 4;
                            // fall through
                        case 4:
                            state = 5;
                            return produced(v == null ? 2 : v * 2);
                        case 5:
                            if (error != null) {
                                throw error;
                            }
                            state = 6;
                            if (Corio.sleep(1).awaitFrom(frame()) == SUSPENDED) {
                                return SUSPENDED;
                            }
                            // fall through
                        case 6:
                            if (error != null) {
                                throw error;
                            }
                            state = 7;
                            // fall through
                        case 7: // finally
                            state = 8;
                            if (Corio.sleep(0).awaitFrom(frame()) == SUSPENDED) {
                                return SUSPENDED;
                            }
                            // fall through
                        case 8:
                            state = 9;
                            if (Corio.sleep(0).awaitFrom(frame()) == SUSPENDED) {
                                return SUSPENDED;
                            }
                            // fall through
                        case 9:
                            log.add("finally");
                            state = 10;
                            if (pending != null) {
                                throw pending;
                            }
                            return FINISHED;
                        default:
                            throw new IllegalStateException("state " + state);
                    }
                } catch (Throwable t) {
                    if (state >= 7) {
                        throw t;
                    }
                    pending = t; // into the finally
                    state = 7;
                    error = null;
                }
            }
        }
    }

    /** {@code while True: try: yield n; n += 1 except: (swallow); if ignore: (go on) else return} */
    final class Counter extends AsyncGenerator<Integer> {
        final boolean ignoreClose;
        int n;
        boolean started;

        Counter(boolean ignoreClose) {
            this.ignoreClose = ignoreClose;
        }

        @Override
        protected Object resume(Object value, Throwable error) {
            if (started && error != null) {
                log.add("caught " + error.getClass().getSimpleName());
                if (!ignoreClose) {
                    return FINISHED;
                }
            }
            started = true;
            return produced(n++);
        }
    }

    /** {@code await sleep(1); yield 1; await sleep(1); <fail>} (test_async_gen_asyncio_02, exception_05). */
    final class Failing extends AsyncGenerator<Integer> {
        final RuntimeException failure;
        int state;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            switch (state++) {
                case 0:
                    if (Corio.sleep(1).awaitFrom(frame()) == SUSPENDED) {
                        return SUSPENDED;
                    }
                    state++;
                    // fall through
                case 1:
                    return produced(1);
                case 2:
                    if (Corio.sleep(1).awaitFrom(frame()) == SUSPENDED) {
                        return SUSPENDED;
                    }
                    state++;
                    // fall through
                default:
                    throw failure;
            }
        }
    }

    <T> T step(Coroutine<T> c) {
        return loop.runUntilComplete(c);
    }

    @Test
    void anextGivesTheValuesThenStopAsyncIterationForever() {
        SendThrow g = new SendThrow();
        assertEquals(1, step(g.anext()));
        assertEquals(1.0, loop.time());
        assertEquals(2, step(g.anext()));
        assertThrows(StopAsyncIteration.class, () -> step(g.anext()));
        assertEquals(List.of("emit 1", "finally"), log);
        assertTrue(g.isClosed());
        assertThrows(StopAsyncIteration.class, () -> step(g.anext()));
        assertThrows(StopAsyncIteration.class, () -> step(g.asend(null)));
    }

    @Test
    void asendIsTheValueOfTheEmit() { // test_async_gen_asyncio_asend_01
        SendThrow g = new SendThrow();
        assertEquals(1, step(g.asend(null)));
        assertEquals(200, step(g.asend(100)));
        assertThrows(StopAsyncIteration.class, () -> step(g.asend(null)));
        assertEquals(List.of("emit 1", "finally"), log);
    }

    @Test
    void aNonNullSendCannotStartAGenerator() { // test_async_gen_exception_10
        SendThrow g = new SendThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> step(g.asend(100)));
        assertEquals("can't send non-null value to a just-started async generator", e.getMessage());
        assertEquals(1, step(g.anext())); // it did not start
    }

    @Test
    void athrowIsThrownAtTheEmitAndGivesTheNextValue() { // test_async_gen_asyncio_athrow_01
        SendThrow g = new SendThrow();
        assertEquals(1, step(g.anext()));
        assertEquals(2000, step(g.athrow(new Boom("in"))));
        assertEquals(2.0, loop.time()); // the except clause awaited
        assertThrows(StopAsyncIteration.class, () -> step(g.anext()));
        assertEquals(List.of("emit 1", "finally"), log);
    }

    @Test
    void athrowThatEndsTheGeneratorGivesStopAsyncIteration() { // test_async_gen_asyncio_athrow_03
        Counter g = new Counter(false);
        assertEquals(0, step(g.anext()));
        assertThrows(StopAsyncIteration.class, () -> step(g.athrow(new Boom("x"))));
        assertEquals(List.of("caught Boom"), log);
    }

    @Test
    void athrowNotCaughtEndsTheGeneratorWithThatException() {
        SendThrow g = new SendThrow();
        assertEquals(1, step(g.anext()));
        assertEquals(2, step(g.anext()));
        Boom b = new Boom("out");
        assertSame(b, assertThrows(Boom.class, () -> step(g.athrow(b))));
        assertEquals(List.of("emit 1", "finally"), log);
        assertTrue(g.isClosed());
    }

    @Test
    void athrowIntoAnUnstartedGeneratorEndsIt() {
        SendThrow g = new SendThrow();
        Boom b = new Boom("early");
        assertSame(b, assertThrows(Boom.class, () -> step(g.athrow(b))));
        assertEquals(List.of(), log); // the body never ran
        assertThrows(StopAsyncIteration.class, () -> step(g.anext()));
    }

    @Test
    void acloseRunsTheFinallyWithItsAwaits() { // test_async_gen_asyncio_aclose_07
        SendThrow g = new SendThrow();
        assertEquals(1, step(g.anext()));
        assertNull(step(g.aclose()));
        assertEquals(List.of("emit 1", "finally"), log);
        assertTrue(g.isClosed());
        assertNull(step(g.aclose())); // test_async_gen_aclose_twice_with_different_coros
        assertThrows(StopAsyncIteration.class, () -> step(g.anext()));
    }

    @Test
    void acloseOfAnUnstartedOrExhaustedGeneratorDoesNothing() { // test_async_gen_aclose_after_exhaustion
        SendThrow fresh = new SendThrow();
        assertNull(step(fresh.aclose()));
        assertTrue(fresh.isClosed());
        assertThrows(StopAsyncIteration.class, () -> step(fresh.anext()));
        Counter c = new Counter(false);
        assertEquals(0, step(c.anext()));
        assertThrows(StopAsyncIteration.class, () -> step(c.athrow(new Boom("x"))));
        assertNull(step(c.aclose()));
        assertEquals(List.of(), log.subList(1, log.size()));
    }

    @Test
    void emittingAfterTheCloseSignalIsAnError() { // test_async_gen_asyncio_aclose_06, aclose_11
        Counter g = new Counter(true);
        assertEquals(0, step(g.anext()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> step(g.aclose()));
        assertTrue(e.getMessage().startsWith("async generator ignored GeneratorExit"), e.getMessage());
        assertEquals(List.of("caught GeneratorExit"), log);
        assertFalse(g.isClosed()); // as Python: still suspended at its emit
    }

    @Test
    void anExceptionFromTheBodyReachesTheConsumerAndEndsTheGenerator() { // test_async_gen_asyncio_02
        Boom b = new Boom("body");
        Failing g = new Failing(b);
        assertEquals(1, step(g.anext()));
        assertSame(b, assertThrows(Boom.class, () -> step(g.anext())));
        assertTrue(g.isClosed());
        assertThrows(StopAsyncIteration.class, () -> step(g.anext()));
    }

    @Test
    void stopAsyncIterationFromTheBodyBecomesAnError() { // test_async_gen_exception_05
        StopAsyncIteration stray = new StopAsyncIteration();
        Failing g = new Failing(stray);
        assertEquals(1, step(g.anext()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> step(g.anext()));
        assertEquals("async generator raised StopAsyncIteration", e.getMessage());
        assertSame(stray, e.getCause());
    }

    @Test
    void aSecondStepWhileOneRunsIsAnError() {
        SendThrow g = new SendThrow();
        Task<Integer> first = loop.createTask(g.anext()); // suspends in the body's sleep(1)
        Task<Integer> second = loop.createTask(g.anext());
        Task<Void> third = loop.createTask(g.aclose());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(second));
        assertEquals("anext(): asynchronous generator is already running", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(third));
        assertEquals("aclose(): asynchronous generator is already running", e.getMessage());
        assertTrue(g.isRunning());
        assertEquals(1, loop.runUntilComplete(first));
        assertFalse(g.isRunning());
    }

    @Test
    void aStepCannotBeAwaitedTwice() { // test_async_gen_await_same_anext_coro_twice
        Counter g = new Counter(false);
        Coroutine<Integer> next = g.anext();
        assertEquals(0, step(next));
        assertThrows(IllegalStateException.class, () -> step(next));
        Coroutine<Void> close = g.aclose();
        step(close);
        assertThrows(IllegalStateException.class, () -> step(close));
    }

    @Test
    void cancellingTheConsumerRunsTheFinallyAndEndsCancelled() { // test_async_gen_asyncio_asend_03
        SendThrow g = new SendThrow();
        assertEquals(1, step(g.anext()));
        assertEquals(2, step(g.anext()));
        Task<Integer> t2 = loop.createTask(g.anext()); // suspends in the sleep(1) after the second emit
        loop.callLater(0.5, () -> t2.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t2));
        assertTrue(t2.isCancelled());
        assertEquals(List.of("emit 1", "finally"), log);
        assertTrue(g.isClosed());
    }

    @Test
    void corioRunClosesTheGeneratorsLeftUnfinished() { // test_async_gen_asyncio_shutdown_01
        List<SendThrow> gens = new ArrayList<>();
        Coroutine<Integer> main = new Coroutine<>() {
            int state;

            @Override
            protected Object resume(Object value, Throwable error) throws Throwable {
                if (error != null) {
                    throw error;
                }
                if (state++ == 0) {
                    SendThrow g = new SendThrow();
                    gens.add(g);
                    SendThrow never = new SendThrow(); // never started: nothing to finalize
                    gens.add(never);
                    Object r = g.anext().awaitFrom(this);
                    return r == SUSPENDED ? SUSPENDED : r;
                }
                return value;
            }
        };
        assertEquals(1, Corio.run(main, EventLoop::virtual));
        assertEquals(List.of("emit 1", "finally"), log);
        assertTrue(gens.get(0).isClosed());
        assertFalse(gens.get(1).isClosed());
    }

    @Test
    void shutdownReportsAGeneratorThatFailsToClose() {
        Counter g = new Counter(true);
        assertEquals(0, step(g.anext()));
        loop.runUntilComplete(loop.shutdownAsyncgens());
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).message().startsWith("an error occurred during closing of asynchronous generator"),
                reports.get(0).message());
        assertInstanceOf(IllegalStateException.class, reports.get(0).exception());
        loop.runUntilComplete(loop.shutdownAsyncgens()); // handed over once: not tracked any more
        assertEquals(1, reports.size());
    }
}
