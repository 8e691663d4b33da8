package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code asyncContextManager(generator)}: Python's {@code @asynccontextmanager}, with the generator and the
 * {@code async with} both written as {@code @Async} code; ported from Lib/test/test_contextlib_async.py.
 */
class GeneratorContextManagerTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  static class Boom extends RuntimeException { Boom(String m) { super(m); } }",
                "  @Async AsyncGenerator<String> connection(String name, int onError) {",
                "    await(sleep(1));",
                "    Aw.LOG.add(\"open \" + name);",
                "    try {",
                "      emit(name + \"-conn\");",
                "    } catch (Boom e) {",
                "      Aw.LOG.add(\"saw \" + e.getMessage());",
                "      if (onError == 1) throw new IllegalStateException(\"replaced \" + e.getMessage());",
                "      if (onError == 0) throw e;",
                "      // onError == 2: suppressed",
                "    } finally {",
                "      await(sleep(1));",
                "      Aw.LOG.add(\"close \" + name);",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<String> use(int onError, boolean fail) {",
                "    try (var a = asyncContextManager(connection(\"a\", onError));",
                "         var b = asyncContextManager(connection(\"b\", onError));",
                "         AutoCloseable plain = new AutoCloseable() { public void close() { Aw.LOG.add(\"plain close\"); } }) {",
                "      Aw.LOG.add(\"body \" + a.value() + \" \" + b.value());",
                "      if (fail) throw new Boom(\"body\");",
                "    } catch (Boom | IllegalStateException e) {",
                "      return result(\"caught \" + e.getMessage() + \" at \" + getRunningLoop().time());",
                "    } catch (Exception e) {",
                "      return result(\"other \" + e);",
                "    }",
                "    return result(\"completed at \" + getRunningLoop().time());",
                "  }",
                "  @Async AsyncGenerator<String> never() { return done(); }",
                "  @Async public Coroutine<String> notEmitting() {",
                "    try (var cm = asyncContextManager(never())) { return result(\"entered\"); }",
                "    catch (IllegalStateException e) { return result(e.getMessage().substring(0, 21)); }",
                "  }"));
    }

    private static Object run(String m, Object... args) throws Throwable {
        Harness.log(l).clear();
        return Harness.run(l, "T", m, args);
    }

    @Test
    void enteredInOrderExitedInReverse() throws Throwable {
        assertEquals("completed at 4.0", run("use", 0, false));
        assertEquals(List.of("open a", "open b", "body a-conn b-conn", "plain close", "close b", "close a"), Harness.log(l));
    }

    @Test
    void theBodysExceptionIsThrownInAtTheEmit() throws Throwable {
        assertEquals("caught body at 4.0", run("use", 0, true));
        assertEquals(List.of("open a", "open b", "body a-conn b-conn", "plain close", "saw body", "close b", "saw body",
                "close a"), Harness.log(l));
    }

    @Test
    void theGeneratorMaySuppressIt() throws Throwable {
        assertEquals("completed at 4.0", run("use", 2, true));
        // b suppressed it: a saw a normal exit
        assertEquals(List.of("open a", "open b", "body a-conn b-conn", "plain close", "saw body", "close b", "close a"),
                Harness.log(l));
    }

    @Test
    void orReplaceIt() throws Throwable {
        // b replaces the Boom; a does not catch the replacement, which passes through it unchanged
        assertEquals("caught replaced body at 4.0", run("use", 1, true));
        assertEquals(List.of("open a", "open b", "body a-conn b-conn", "plain close", "saw body", "close b", "close a"),
                Harness.log(l));
    }

    @Test
    void aGeneratorThatDoesNotEmit() throws Throwable {
        assertEquals("generator didn't emit", run("notEmitting"));
    }
}
