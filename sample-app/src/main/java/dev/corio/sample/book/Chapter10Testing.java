package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The code under test of the book's chapter 10 testing recipes ("Writing Tests for Asyncio", "... for
 * Pytest", "... for Asynctest", "... for Doctest"). The tests are {@code Chapter10TestingTest} in the sample
 * app's tests, on {@code dev.corio.testing}'s {@code TestLoop} and {@code CorioExtension}. The processor
 * generates {@code Corio_Chapter10Testing}.
 */
public class Chapter10Testing {

    /** The book's {@code AsyncTimer}: calls {@code f} {@code times} times, {@code delay} seconds apart. */
    @Async
    public Coroutine<Void> executeTimely(double delay, int times, Consumer<String> f, String arg) {
        for (int i = 0; i < times; i++) {
            await(sleep(delay));
            f.accept(arg);
        }
        return result(null);
    }

    @Async
    public <T> Coroutine<T> returnAfterSleep(T res) {
        return result(await(sleep(2, res)));
    }

    /** {@code loop.call_later(delay, setattr, ns, key, payload)}. */
    @Async
    public Coroutine<Void> setattrAsync(double delay, Map<String, Object> ns, String key, Object payload) {
        getRunningLoop().callLater(delay, () -> ns.put(key, payload));
        return result(null);
    }

    /** Asynctest's subjects: a coroutine that prints through {@code printfun}, and one that awaits another. */
    @Async
    public Coroutine<Void> printer(String text, BiConsumer<String, Map<String, String>> printfun,
            Map<String, String> kwargs) {
        printfun.accept(text, kwargs);
        return result(null);
    }

    /** The coroutine function {@code async_printer} awaits, which a test replaces with a mock. */
    public interface PrintCoro {
        Coroutine<Void> call(String text, BiConsumer<String, Map<String, String>> printfun, Map<String, String> kwargs);
    }

    @Async
    public Coroutine<Void> asyncPrinter(String text, PrintCoro printcoro,
            BiConsumer<String, Map<String, String>> printfun, Map<String, String> kwargs) {
        await(printcoro.call(text, printfun, kwargs));
        return result(null);
    }

    /** Doctest's {@code complicated}: true for an int above 4, prints b and c if both given, else raises. */
    @Async
    public Coroutine<Boolean> complicated(Object a, String b, String c, Consumer<String> print) {
        if (a instanceof Integer i && i > 4) {
            return result(true);
        } else if (b != null && c != null) {
            print.accept(b + " " + c);
            return result(null);
        }
        throw new IllegalArgumentException("This value: " + a + " is not an int or larger than 4");
    }
}
