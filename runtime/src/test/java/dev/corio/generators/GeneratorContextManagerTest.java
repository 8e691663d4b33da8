package dev.corio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncContextManager;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Generators#asyncContextManager} and {@link Generators#aclosing} on hand-written generators, ported
 * from CPython's Lib/test/test_contextlib_async.py (AsyncContextManagerTestCase, AclosingTestCase).
 */
class GeneratorContextManagerTest {
    EventLoop loop;
    List<String> log;

    @BeforeEach
    void setUp() {
        loop = EventLoop.virtual();
        log = new ArrayList<>();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    enum OnError { PROPAGATE, SUPPRESS, REPLACE, WRAP, EMIT_AGAIN }

    /**
     * {@code log("enter"); await sleep(1); try: yield "resource" except e: <onError> ; log("exit")}, or
     * with {@code emits == 0} ends without emitting, with {@code emits == 2} emits twice.
     */
    final class Managed extends AsyncGenerator<String> {
        final OnError onError;
        final int emits;
        int state;

        Managed(OnError onError, int emits) {
            this.onError = onError;
            this.emits = emits;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            switch (state) {
                case 0:
                    log.add("enter");
                    state = 1;
                    if (Corio.sleep(1).awaitFrom(frame()) == SUSPENDED) {
                        return SUSPENDED;
                    }
                    // fall through
                case 1:
                    if (emits == 0) {
                        return FINISHED;
                    }
                    state = 2;
                    return produced("resource");
                case 2:
                    if (error != null) {
                        log.add("caught " + error.getMessage());
                        switch (onError) {
                            case SUPPRESS:
                                break;
                            case REPLACE:
                                throw new Boom("replaced");
                            case WRAP:
                                throw new IllegalStateException("caught " + error, error);
                            case EMIT_AGAIN:
                                state = 3;
                                return produced("again");
                            default:
                                throw error;
                        }
                    } else if (emits == 2) {
                        state = 3;
                        return produced("again");
                    }
                    log.add("exit");
                    return FINISHED;
                default:
                    return FINISHED;
            }
        }
    }

    /** What an {@code @Async} {@code try (cm) { body }} does: aenter, body, aexit; the block's outcome. */
    String with(GeneratorContextManager<String> cm, RuntimeException bodyThrows) {
        loop.runUntilComplete(cm.aenter());
        log.add("body with " + cm.value());
        if (bodyThrows == null) {
            loop.runUntilComplete(cm.aexit(null));
            return "completed";
        }
        boolean suppressed = loop.runUntilComplete(cm.aexit(bodyThrows));
        if (suppressed) {
            return "suppressed";
        }
        throw bodyThrows;
    }

    @Test
    void enterBodyExitInOrder() { // test_contextmanager_plain
        assertEquals("completed", with(Generators.asyncContextManager(new Managed(OnError.PROPAGATE, 1)), null));
        assertEquals(List.of("enter", "body with resource", "exit"), log);
        assertEquals(1.0, loop.time());
    }

    @Test
    void anExceptionFromTheBodyIsThrownInAtTheEmit() { // test_contextmanager_except
        Boom b = new Boom("body");
        var cm = Generators.asyncContextManager(new Managed(OnError.PROPAGATE, 1));
        assertSame(b, assertThrows(Boom.class, () -> with(cm, b)));
        assertEquals(List.of("enter", "body with resource", "caught body"), log);
    }

    @Test
    void theGeneratorMaySuppressIt() {
        var cm = Generators.asyncContextManager(new Managed(OnError.SUPPRESS, 1));
        assertEquals("suppressed", with(cm, new Boom("body")));
        assertEquals(List.of("enter", "body with resource", "caught body", "exit"), log);
    }

    @Test
    void orReplaceIt() { // test_contextmanager_except_stopiter's sibling: a new exception wins
        var cm = Generators.asyncContextManager(new Managed(OnError.REPLACE, 1));
        Boom replaced = assertThrows(Boom.class, () -> with(cm, new Boom("body")));
        assertEquals("replaced", replaced.getMessage());
    }

    @Test
    void theBlocksStopAsyncIterationPropagatesAsItself() { // test_contextmanager_except_stopiter
        StopAsyncIteration stop = new StopAsyncIteration();
        var cm = Generators.asyncContextManager(new Managed(OnError.PROPAGATE, 1));
        assertSame(stop, assertThrows(StopAsyncIteration.class, () -> with(cm, stop)));
        assertEquals(List.of("enter", "body with resource", "caught null"), log);
    }

    @Test
    void aWrappingGeneratorReplacesButAWrappedStopAsyncIterationIsUnwrapped() { // test_contextmanager_wrap_runtimeerror
        Boom b = new Boom("body");
        var cm = Generators.asyncContextManager(new Managed(OnError.WRAP, 1));
        IllegalStateException wrapped = assertThrows(IllegalStateException.class, () -> with(cm, b));
        assertSame(b, wrapped.getCause());
        StopAsyncIteration stop = new StopAsyncIteration();
        var cm2 = Generators.asyncContextManager(new Managed(OnError.WRAP, 1));
        assertSame(stop, assertThrows(StopAsyncIteration.class, () -> with(cm2, stop)));
    }

    @Test
    void aGeneratorThatLetsTheErrorOutDoesNotSuppressIt() { // test_contextmanager_no_reraise
        var cm = Generators.asyncContextManager(new Managed(OnError.PROPAGATE, 1));
        loop.runUntilComplete(cm.aenter());
        assertFalse(loop.runUntilComplete(cm.aexit(new IllegalArgumentException("foo"))));
    }

    @Test
    void aGeneratorThatDoesNotEmitIsAnError() { // test_contextmanager_no_reraise's "didn't yield"
        var cm = Generators.asyncContextManager(new Managed(OnError.PROPAGATE, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(cm.aenter()));
        assertTrue(e.getMessage().startsWith("generator didn't emit"), e.getMessage());
    }

    @Test
    void aGeneratorThatEmitsTwiceIsAnError() { // test_contextmanager_trap_yield_after_throw, "didn't stop"
        var cm = Generators.asyncContextManager(new Managed(OnError.PROPAGATE, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> with(cm, null));
        assertTrue(e.getMessage().startsWith("generator didn't stop:"), e.getMessage());
        var cm2 = Generators.asyncContextManager(new Managed(OnError.EMIT_AGAIN, 1));
        e = assertThrows(IllegalStateException.class, () -> with(cm2, new Boom("body")));
        assertTrue(e.getMessage().startsWith("generator didn't stop after athrow()"), e.getMessage());
    }

    @Test
    void enteredOnce() {
        var cm = Generators.asyncContextManager(new Managed(OnError.PROPAGATE, 1));
        assertThrows(IllegalStateException.class, cm::value);
        loop.runUntilComplete(cm.aenter());
        assertThrows(IllegalStateException.class, cm::aenter);
    }

    @Test
    void aclosingClosesTheIteratorOnExit() { // AclosingTestCase.test_aclosing
        Managed g = new Managed(OnError.PROPAGATE, 1);
        assertEquals("resource", loop.runUntilComplete(g.anext()));
        AsyncContextManager<Managed> cm = Generators.aclosing(g);
        assertSame(g, loop.runUntilComplete(cm.aenter()));
        assertFalse(loop.runUntilComplete(cm.aexit(new Boom("body"))));
        assertTrue(g.isClosed());
        assertEquals(List.of("enter", "caught null"), log.subList(0, 2));
    }
}
