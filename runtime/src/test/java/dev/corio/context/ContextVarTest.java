package dev.corio.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Context variables without a loop: CPython's {@code Lib/test/test_context.py} (ContextTest), ported. Each
 * test runs on a thread of its own (junit-platform.properties), so each starts in an empty context, as
 * CPython's {@code @isolated_context} arranges.
 */
class ContextVarTest {

    @Test
    void nameAndRepr() { // test_context_var_new_1, test_context_var_repr_1, test_token_repr_1
        ContextVar<Integer> c = new ContextVar<>("aaa");
        assertEquals("aaa", c.name());
        assertThrows(NullPointerException.class, () -> new ContextVar<>(null));
        assertTrue(c.toString().startsWith("<ContextVar name='aaa' at 0x"), c.toString());
        ContextVar<Integer> d = new ContextVar<>("a", 123);
        assertTrue(d.toString().contains("default=123"), d.toString());
        Token<Integer> t = d.set(1);
        assertTrue(t.toString().matches("<Token var=<ContextVar name='a' default=123 at 0x[0-9a-f]+> at 0x[0-9a-f]+>"),
                t.toString());
        assertFalse(t.toString().contains(" used"));
        d.reset(t);
        assertTrue(t.toString().startsWith("<Token used var="), t.toString());
    }

    @Test
    void copyContextGivesAContext() { // test_context_get_context_1
        assertTrue(Context.copyContext().isEmpty());
    }

    @Test
    void runGivesTheValueAndLetsExceptionsThrough() { // test_context_run_2, test_context_run_3
        Context ctx = new Context();
        assertEquals("bar", ctx.run(() -> "bar"));
        ArithmeticException e = new ArithmeticException("/ by zero");
        assertSame(e, assertThrows(ArithmeticException.class, () -> ctx.run((Runnable) () -> {
            throw e;
        })));
        ctx.run(() -> { }); // not left entered by the failure
    }

    @Test
    void setsInsideRunStayInThatContext() { // test_context_run_4
        Context ctx1 = new Context();
        Context ctx2 = new Context();
        ContextVar<String> var = new ContextVar<>("var");
        Context returned = ctx1.run(() -> {
            assertNull(var.get(null));
            var.set("spam");
            ctx2.run(() -> assertNull(var.get(null)));
            assertEquals("spam", var.get(null));
            Context cur = Context.copyContext();
            assertEquals(1, cur.size());
            assertEquals("spam", cur.get(var));
            return cur;
        });
        assertEquals(ctx1.asMap(), returned.asMap());
        assertEquals("spam", returned.get(var));
        assertTrue(returned.containsKey(var));
        assertEquals("spam", ctx1.get(var));
        assertNull(var.get(null)); // the context outside never saw it
        assertEquals(0, ctx2.size());
    }

    @Test
    void aFailingRunLeavesTheOuterContextUnchanged() { // test_context_run_5
        Context ctx = new Context();
        ContextVar<String> var = new ContextVar<>("var");
        assertThrows(ArithmeticException.class, () -> ctx.run(() -> {
            assertNull(var.get(null));
            var.set("spam");
            return 1 / 0;
        }));
        assertNull(var.get(null));
        assertEquals("spam", ctx.get(var));
    }

    @Test
    void theContextShowsSetsMadeWhileRunning() { // test_context_run_6
        Context ctx = new Context();
        ContextVar<Integer> c = new ContextVar<>("a", 0);
        ctx.run(() -> {
            assertEquals(0, c.get());
            assertNull(ctx.get(c));
            c.set(42);
            assertEquals(42, c.get());
            assertEquals(42, ctx.get(c));
        });
    }

    @Test
    void aContextCannotBeEnteredTwice() { // test_context_run_7
        Context ctx = new Context();
        ctx.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> { }));
            assertTrue(e.getMessage().contains("is already entered"), e.getMessage());
        });
        ctx.run(() -> { }); // and once out, it can be entered again
    }

    @Test
    void getSetReset() { // test_context_getset_1
        ContextVar<Object> c = new ContextVar<>("c");
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, c::get);
        assertTrue(missing.getMessage().contains("'c'") && missing.getMessage().contains("no default"),
                missing.getMessage());
        assertNull(c.get(null));

        Token<Object> t0 = c.set(42);
        assertEquals(42, c.get());
        assertEquals(42, c.get(null));
        assertSame(Token.MISSING, t0.oldValue());
        assertSame(c, t0.var());

        Token<Object> t = c.set("spam");
        assertEquals("spam", c.get());
        assertEquals(42, t.oldValue());
        c.reset(t);
        assertEquals(42, c.get());

        c.set("spam2");
        IllegalStateException used = assertThrows(IllegalStateException.class, () -> c.reset(t));
        assertTrue(used.getMessage().contains("has already been used once"), used.getMessage());
        assertEquals("spam2", c.get());

        Context ctx1 = Context.copyContext();
        assertTrue(ctx1.containsKey(c));

        c.reset(t0);
        assertThrows(IllegalStateException.class, () -> c.reset(t0));
        assertNull(c.get(null));
        assertThrows(NoSuchElementException.class, c::get);

        // the copy is a snapshot: the resets did not change it
        assertTrue(ctx1.containsKey(c));
        assertEquals("spam2", ctx1.get(c));
        assertEquals("spam2", ctx1.get(c, "aa"));
        assertEquals(1, ctx1.size());
        assertEquals(Map.of(c, "spam2"), ctx1.asMap());
        assertEquals(List.of(c), new ArrayList<>(ctx1.asMap().keySet()));

        Context ctx2 = Context.copyContext();
        assertFalse(ctx2.containsKey(c));
        assertNull(ctx2.get(c));
        assertEquals("aa", ctx2.get(c, "aa"));
        assertEquals(0, ctx2.size());
        assertTrue(ctx2.asMap().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> ctx1.asMap().clear());
    }

    @Test
    void aTokenOfAnotherVariableIsRefused() { // test_context_getset_2
        ContextVar<Integer> v1 = new ContextVar<>("v1");
        ContextVar<Integer> v2 = new ContextVar<>("v2");
        Token<Integer> t1 = v1.set(42);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v2.reset(t1));
        assertTrue(e.getMessage().contains("was created by a different ContextVar"), e.getMessage());
        assertEquals(42, v1.get()); // nothing changed
        v1.reset(t1); // and the token is still good for its own variable
        assertNull(v1.get(null));
    }

    @Test
    void keysFollowSetAndReset() { // test_context_getset_3
        ContextVar<Integer> c = new ContextVar<>("c", 42);
        Context ctx = new Context();
        ctx.run(() -> {
            assertEquals(42, c.get());
            assertNull(ctx.get(c));
            assertEquals(7, ctx.get(c, 7));
            assertFalse(ctx.containsKey(c));
            assertTrue(ctx.asMap().isEmpty());
            Token<Integer> t = c.set(1);
            assertEquals(List.of(c), new ArrayList<>(ctx.asMap().keySet()));
            assertEquals(1, ctx.get(c));
            c.reset(t);
            assertTrue(ctx.asMap().isEmpty());
            assertFalse(ctx.containsKey(c));
        });
    }

    @Test
    void aTokenOfAnotherContextIsRefused() { // test_context_getset_4
        ContextVar<Integer> c = new ContextVar<>("c", 42);
        Context ctx = new Context();
        Token<Integer> tok = ctx.run(() -> c.set(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.reset(tok));
        assertTrue(e.getMessage().contains("was created in a different Context"), e.getMessage());
        assertEquals(1, ctx.get(c));
        ctx.run(() -> c.reset(tok)); // in its own context it works
        assertFalse(ctx.containsKey(c));
    }

    @Test
    void aCopyIsolatesMutableValuesBySetNotByContent() { // test_context_getset_5
        ContextVar<List<Integer>> c = new ContextVar<>("c", null);
        c.set(new ArrayList<>());
        Context.copyContext().run(() -> {
            c.set(new ArrayList<>());
            c.get().add(42);
            assertEquals(List.of(42), c.get());
        });
        assertEquals(List.of(), c.get());
    }

    @Test
    void copiesAreIndependent() { // test_context_copy_1
        Context ctx1 = new Context();
        ContextVar<Integer> c = new ContextVar<>("c", 42);
        ctx1.run(() -> {
            c.set(10);
            Context ctx2 = ctx1.copy();
            assertEquals(10, ctx2.get(c));
            c.set(20);
            assertEquals(20, ctx1.get(c));
            assertEquals(10, ctx2.get(c));
            ctx2.run(() -> {
                assertEquals(10, c.get());
                c.set(30);
                assertEquals(30, c.get());
            });
            assertEquals(20, ctx1.get(c));
            assertEquals(30, ctx2.get(c));
        });
    }

    @Test
    void eachThreadHasItsOwnContext() throws Exception { // test_context_threads_1
        ContextVar<Integer> cvar = new ContextVar<>("cvar");
        cvar.set(-1);
        ExecutorService tp = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int num = 0; num < 10; num++) {
                int n = num;
                results.add(tp.submit(() -> {
                    assertNull(cvar.get(null)); // a new thread starts in an empty context
                    for (int i = 0; i < 10; i++) {
                        cvar.set(n + i);
                        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 10));
                        assertEquals(n + i, cvar.get());
                    }
                    return n;
                }));
            }
            for (int num = 0; num < 10; num++) {
                assertEquals(num, results.get(num).get());
            }
        } finally {
            tp.shutdown();
        }
        assertEquals(-1, cvar.get());
    }

    @Test
    void aTokenResetsWhenClosed() { // 3.14: Token is a context manager
        ContextVar<String> cvar = new ContextVar<>("cvar", "initial");
        try (Token<String> t = cvar.set("updated")) {
            assertEquals("updated", cvar.get());
            assertSame(cvar, t.var());
        }
        assertEquals("initial", cvar.get());
        Token<String> t = cvar.set("x");
        t.close();
        assertThrows(IllegalStateException.class, t::close);
    }

    @Test
    void enterAndCloseAScope() { // test_context_manager, test_context_manager_as_binding
        ContextVar<String> cvar = new ContextVar<>("cvar", "initial");
        Context ctx = Context.copyContext();
        try (Context.Scope s = ctx.enter()) {
            assertSame(ctx, s.context());
            assertEquals("initial", cvar.get());
            cvar.set("updated");
            assertEquals("updated", cvar.get());
        }
        assertEquals("initial", cvar.get());
        try (Context.Scope s = ctx.enter()) { // test_context_manager_enter_again_after_exit
            assertEquals("updated", cvar.get());
        }
        assertEquals("initial", cvar.get());
    }

    @Test
    void nestedScopes() { // test_context_manager_nested
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        try (Context.Scope outer = Context.copyContext().enter()) {
            cvar.set("outer");
            try (Context.Scope inner = Context.copyContext().enter()) {
                assertNotSame(outer.context(), inner.context());
                assertEquals("outer", cvar.get());
                cvar.set("inner");
                assertEquals("outer", outer.context().get(cvar));
                assertEquals("inner", cvar.get());
            }
            assertEquals("outer", cvar.get());
        }
        assertEquals("default", cvar.get());
    }

    @Test
    void scopesAreNotReentrantAndCloseOnlyInOrderOnTheirThread() throws Exception {
        // test_context_manager_is_not_reentrant, _rejects_noncurrent_exit, _rejects_exit_from_different_thread
        try (Context.Scope s = Context.copyContext().enter()) {
            assertThrows(IllegalStateException.class, () -> s.context().enter());
            assertThrows(IllegalStateException.class, () -> s.context().run(() -> { }));
        }
        Context ctx = Context.copyContext();
        ctx.run(() -> assertThrows(IllegalStateException.class, ctx::enter));

        Context.Scope outer = Context.copyContext().enter();
        Context.Scope inner = Context.copyContext().enter();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("is not the current context"), e.getMessage());
        inner.close();
        outer.close();
        assertThrows(IllegalStateException.class, outer::close); // _rejects_nonentered_exit

        Context.Scope[] other = new Context.Scope[1];
        Thread t = new Thread(() -> other[0] = Context.copyContext().enter());
        t.start();
        t.join();
        e = assertThrows(IllegalStateException.class, other[0]::close);
        assertTrue(e.getMessage().contains("another thread"), e.getMessage());
    }

    @Test
    void manyVariables() {
        List<ContextVar<Integer>> vars = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            vars.add(new ContextVar<>("v" + i));
            vars.get(i).set(i);
        }
        Context snapshot = Context.copyContext();
        for (int i = 0; i < 200; i += 2) {
            vars.get(i).set(-i);
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(i % 2 == 0 ? -i : i, vars.get(i).get());
            assertEquals(i, snapshot.get(vars.get(i)));
        }
        assertEquals(200, snapshot.size());
    }
}
