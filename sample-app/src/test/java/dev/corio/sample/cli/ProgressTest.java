package dev.corio.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal's progress line: its count, and what is left of it after Ctrl-C or a normal end. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream term = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countsInTheSingularForOneItem() {
        Progress p = Progress.on(term);
        try {
            p.show(1);
            assertEquals("\r  fetched 1 item ", shown());
            p.show(73);
            assertEquals("\r  fetched 1 item \r  fetched 73 items ", shown());
        } finally {
            p.finish();
        }
    }

    @Test
    void ctrlCLeavesTheCountOnALineOfItsOwn() {
        Progress p = Progress.on(term);
        Thread hook = p.shutdownHook();
        try {
            p.show(42);
            // what the JVM does on SIGINT: run the shutdown hooks
            hook.run();
            assertEquals("\r  fetched 42 items " + System.lineSeparator(), shown());
            hook.run(); // nothing shown any more: nothing to end
            assertEquals("\r  fetched 42 items " + System.lineSeparator(), shown());
        } finally {
            p.finish();
        }
    }

    @Test
    void aNormalEndClearsTheLineAndUnregistersTheHook() {
        Progress p = Progress.on(term);
        Thread hook = p.shutdownHook();
        p.show(5);
        p.finish();
        assertTrue(shown().endsWith("\r\033[K"), shown());
        // removing it again fails: finish() removed it, so an exit after the run prints nothing more
        assertFalse(Runtime.getRuntime().removeShutdownHook(hook));
        hook.run();
        assertTrue(shown().endsWith("\r\033[K"), shown());
    }
}
