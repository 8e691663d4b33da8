package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BasicsTest {
    @Test
    void instanceMethodAwaitsNowAndLater() throws Throwable {
        ClassLoader l = Harness.load(String.join("\n",
                "package t;",
                "import static dev.corio.Corio.*;",
                "import static t.Aw.*;",
                "import dev.corio.*;",
                "import dev.corio.annotation.Async;",
                "public class Foo {",
                "  int base = 10;",
                "  @Async",
                "  public Coroutine<Integer> add(int x) {",
                "    int a = await(now(x));",
                "    int b = await(later(2));",
                "    return result(base + a + b);",
                "  }",
                "}"));
        assertEquals(15, Harness.run(l, "Foo", "add", 3));
    }
}
