package dev.corio.sample.cli;

import static dev.corio.sample.cli.BookChapter3Test.lines;
import static dev.corio.sample.cli.BookChapter3Test.loopTime;
import static dev.corio.sample.cli.BookChapter3Test.virtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book's chapter 5 programs (async context managers), on the virtual clock. */
class BookChapter5Test {

    @Test
    void asyncFileHasEveryWordOnceWhenTheManagerExits(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.txt");
        App.Run r = virtual("ch5-async-file", "--path", file.toString());
        List<String> l = lines(r);
        assertEquals("Writing asynchronously to " + file, l.get(0));
        Set<String> words = Set.of("This", "might", "not", "end", "up", "in", "the", "same", "order!");
        // the exit gathered every write before the file was closed; their order is the executor's
        assertEquals(new TreeSet<>(words), new TreeSet<>(Files.readAllLines(file)));
        assertEquals(9, Files.readAllLines(file).size());
        assertTrue(l.get(1).startsWith("The file reads: "), l.get(1));
        assertEquals(new TreeSet<>(words),
                new TreeSet<>(Arrays.asList(l.get(1).substring("The file reads: ".length()).split(" "))));
    }

    @Test
    void syncWallGathersTheWorkloadsOnExit() {
        App.Run r = virtual("ch5-sync");
        String line = "These coroutines will be executed simultaneously and return 42";
        assertEquals(List.of(line, line, line, "All scheduled coroutines have returned or thrown: [42, 42, 42]"),
                lines(r));
        assertEquals(3.0, loopTime(r)); // simultaneously: 3 s, not 9
    }

    @Test
    void tcpClientReadsTheAnswerAndClosesTheWriter() {
        App.Run r = virtual("ch5-tcp-client");
        List<String> l = lines(r);
        assertEquals("HTTP/1.1 200 OK", l.get(0));
        assertTrue(l.get(1).startsWith("{\"by\":\"lukasa\",\"descendants\":72,\"id\":8863,"), l.get(1));
        assertEquals(2, l.size());
    }

    @Test
    void theLoopPoolAwaitsEveryCallbackScheduledInItsBlock() {
        App.Run r = virtual("ch5-loop-pool");
        assertEquals(List.of("(leaving the block: nothing has run yet)", "This", "works", "seamlessly",
                "3 callbacks awaited"), lines(r));
        assertEquals(0.0, loopTime(r));
    }
}
