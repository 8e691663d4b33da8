package dev.corio.sample.cli;

import static dev.corio.sample.cli.BookChapter3Test.lines;
import static dev.corio.sample.cli.BookChapter3Test.loopTime;
import static dev.corio.sample.cli.BookChapter3Test.virtual;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's chapter 6 programs (queues, asend, context variables), on the virtual clock. */
class BookChapter6Test {

    @Test
    void interactorSendsEachWordIntoTheGenerator() {
        assertEquals(List.of("Put", "the", "worker", "to", "work!"), lines(virtual("ch6-interactor")));
    }

    @Test
    void queueWorkersShareTheItems() {
        App.Run r = virtual("ch6-queue", "--items", "25", "--workers", "3");
        List<String> l = lines(r);
        assertEquals("25 items handled by 3 workers; the producer finished", l.get(l.size() - 1));
        List<Double> items = r.numbers("worker worker_\\d: (\\d+)");
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add((double) i);
        }
        assertEquals(expected, items); // taken in queue order, one second of work each
        assertEquals(9.0, loopTime(r)); // ceil(25 / 3) seconds
        App.Run book = virtual("ch6-queue"); // the book's 500 items and 10 workers
        assertEquals(50.0, loopTime(book));
        assertEquals(500, book.count("worker worker_\\d: \\d+"));
    }

    @Test
    void contextVarsAreTaskLocalAndTokensReset() {
        List<String> gathered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            gathered.add("null " + i); // every task starts from the default
        }
        assertEquals(gathered, lines(virtual("ch6-contextvars")));
        // one context for all callbacks: 5..9 are reset by their token, so 4 stays
        assertEquals(List.of("null", "0", "1", "2", "3", "4", "4", "4", "4", "4"),
                lines(virtual("ch6-contextvars", "--context-run")));
    }

    @Test
    void thePrimaryAndItsSecondaryProcessGreetEachOtherOverTcp() {
        App.Run r = App.run("ch6-subprocess-streams").ok(); // real clock: a second JVM, started as the secondary
        List<String> l = lines(r);
        assertEquals(4, l.size(), r::toString);
        assertEquals("Handler started", l.get(0), r::toString);
        // the secondary's line comes through its pipe: in either order with the primary's second line
        assertEquals(java.util.Set.of("b'Hi yourself!'", "secondary: b'Hi there!'"), java.util.Set.copyOf(l.subList(1, 3)),
                r::toString);
        assertEquals("secondary exited with 0", l.get(3));
    }
}
