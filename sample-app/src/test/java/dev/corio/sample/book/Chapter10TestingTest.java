package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.testing.CorioExtension;
import dev.corio.testing.TestLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The book's chapter 10 testing recipes as JUnit tests. The book's {@code AsyncTestCase} (each coroutine
 * test run with {@code asyncio.run}) and pytest-asyncio's {@code @pytest.mark.asyncio} are
 * {@code TestLoop.run} here; the coroutine test methods are {@code @Async} methods of this class, made state
 * machines by {@code CorioExtension}. Where the book patches {@code asyncio.sleep} to make the timer test
 * fast, the virtual clock makes the real sleeps take no time and lets the test assert when things happened.
 */
@ExtendWith(CorioExtension.class)
class Chapter10TestingTest {
    final Chapter10Testing subject = new Corio_Chapter10Testing();

    // ------------------------------------------------------------ Writing Tests for Asyncio (unittest)

    @Async
    Coroutine<List<String>> executeTimely() {
        List<String> stdout = new ArrayList<>();
        List<Double> at = new ArrayList<>();
        await(subject.executeTimely(3, 3, s -> {
            stdout.add(s);
            at.add(getRunningLoop().time());
        }, "test_execute_timely"));
        assertEquals(List.of(3.0, 6.0, 9.0), at); // mock_sleep.assert_called_with(delay), three times over
        return result(stdout);
    }

    @Test
    void testExecuteTimely() {
        assertEquals(List.of("test_execute_timely", "test_execute_timely", "test_execute_timely"),
                TestLoop.run(this::executeTimely));
    }

    // ------------------------------------------------------------ Writing Tests for Pytest (pytest-asyncio)

    @Async
    Coroutine<Double> returnAfterSleep(Object expected) {
        Object res = await(subject.returnAfterSleep(expected));
        assertSame(expected, res);
        return result(getRunningLoop().time());
    }

    @Test
    void testReturnAfterSleep() {
        Object expected = "expected result".getBytes();
        assertEquals(2.0, TestLoop.run(() -> returnAfterSleep(expected))); // two seconds of loop time, no wall time
    }

    @Async
    Coroutine<Object> setattrAsync(Map<String, Object> namespace, Object expected) {
        double delay = 1.0;
        await(subject.setattrAsync(delay, namespace, "test", expected));
        assertNull(namespace.get("test"), "not before the delay");
        await(sleep(delay));
        return result(namespace.get("test"));
    }

    @Test
    void testSetattrAsync() {
        Map<String, Object> namespace = new HashMap<>(); // the namespace fixture
        Object expected = new Object();
        assertSame(expected, TestLoop.run(() -> setattrAsync(namespace, expected)));
    }

    // ------------------------------------------------------------ Writing Tests for Asynctest (CoroutineMock)

    /** A hand-written mock: records each call; {@code async_printer}'s coroutine mock returns a done coroutine. */
    static final class Calls<T> {
        final List<T> calls = new ArrayList<>();

        void assertCalledOnceWith(T expected) {
            assertEquals(List.of(expected), calls);
        }
    }

    record PrintCall(String text, Map<String, String> kwargs) {
    }

    @Test
    void testPrinterWithPrint() {
        String text = "Hello world!";
        Map<String, String> dictOfTexts = Map.of("more_text", "This is a nested text!");
        Calls<PrintCall> mockPrintfun = new Calls<>();
        TestLoop.run(() -> subject.printer(text, (t, kw) -> mockPrintfun.calls.add(new PrintCall(t, kw)), dictOfTexts));
        mockPrintfun.assertCalledOnceWith(new PrintCall(text, dictOfTexts));
    }

    record CoroCall(String text, BiConsumer<String, Map<String, String>> printfun, Map<String, String> kwargs) {
    }

    @Async
    static Coroutine<Void> done() {
        return result(null);
    }

    @Test
    void testAsyncPrinterWithPrint() {
        String text = "Hello world!";
        Map<String, String> dictOfTexts = Map.of("more_text", "This is a nested text!");
        BiConsumer<String, Map<String, String>> print = (t, kw) -> {
            throw new AssertionError("the mock is awaited instead of the real printer");
        };
        Calls<CoroCall> mockPrintcoro = new Calls<>();
        TestLoop.run(() -> subject.asyncPrinter(text, (t, f, kw) -> {
            mockPrintcoro.calls.add(new CoroCall(t, f, kw));
            return Corio_Chapter10TestingTest.done(); // awaited: TestLoop would report a coroutine never awaited
        }, print, dictOfTexts));
        mockPrintcoro.assertCalledOnceWith(new CoroCall(text, print, dictOfTexts));
    }

    // ------------------------------------------------------------ Writing Tests for Doctest

    /** The docstring's three examples; Java has no doctest, so they are one test next to the code's class. */
    @Test
    void complicatedDoesWhatItsDocstringSays() {
        List<String> printed = new ArrayList<>();
        assertEquals(true, TestLoop.run(() -> subject.complicated(5, null, null, printed::add)));
        AssertionError e = assertThrows(AssertionError.class,
                () -> TestLoop.run(() -> subject.complicated(null, null, null, printed::add)));
        assertTrue(e.getCause() instanceof IllegalArgumentException, () -> String.valueOf(e.getCause()));
        assertEquals("This value: null is not an int or larger than 4", e.getCause().getMessage());
        TestLoop.run(() -> subject.complicated(null, "This", "will be printed out", printed::add));
        assertEquals(List.of("This will be printed out"), printed);
    }
}
