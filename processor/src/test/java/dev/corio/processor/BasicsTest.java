package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aTaskIsDescribedByTheSourceMethodOfItsCoroutine() throws Throwable {
        ClassLoader l = Harness.load(String.join("\n",
                "package t;",
                "import static dev.corio.Corio.*;",
                "import dev.corio.*;",
                "import dev.corio.annotation.Async;",
                "public class Foo {",
                "  @Async",
                "  public Coroutine<String> comments(long id) {",
                "    await(sleep(0));",
                "    return result(currentTask().toString());",
                "  }",
                "}"));
        String description = (String) Harness.run(l, "Foo", "comments", 3L);
        assertTrue(description.startsWith("Task Task-"), description);
        assertTrue(description.contains(" (Foo.comments())<"), description);
    }

    @Test
    void compoundAssignmentToALocalAcrossAnAwaitReadsTheLocalFirst() throws Throwable {
        ClassLoader l = Harness.load(String.join("\n",
                "package t;",
                "import static dev.corio.Corio.*;",
                "import static t.Aw.*;",
                "import dev.corio.*;",
                "import dev.corio.annotation.Async;",
                "public class Foo {",
                "  @Async",
                "  public Coroutine<String> sums() {",
                "    long sum = 1;",
                "    for (int i = 0; i < 3; i++) { sum += await(now(i)); sum += await(later(10)); }",
                "    int s = 1;",
                "    s += await(later(s = 5));", // the left value (1) is read before the right side assigns s
                "    int t = 2;",
                "    t *= await(now(t = 7));",
                "    return result(sum + \",\" + s + \",\" + t);",
                "  }",
                "}"));
        assertEquals("34,6,14", Harness.run(l, "Foo", "sums"));
    }
}
