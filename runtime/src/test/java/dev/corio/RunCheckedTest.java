package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * Corio.run(main, X.class) lets a plain main catch the checked exception its coroutine fails with: that
 * this class compiles (a {@code catch (IOException e)} around Corio.run) is half the proof.
 */
class RunCheckedTest {

    private static Coroutine<String> failingAfterSleep(IOException io) {
        return new Script<String>()
                .then(v -> awaiting(Corio.sleep(5)))
                .then(v -> {
                    throw io;
                });
    }

    @Test
    void checkedExceptionFromMainIsCaughtByName() {
        IOException io = new IOException("disk full");
        IOException caught = null;
        try {
            Corio.run(failingAfterSleep(io), EventLoop::virtual, IOException.class);
        } catch (IOException e) {
            caught = e;
        }
        assertSame(io, caught);
    }

    @Test
    void onTheDefaultLoopToo() {
        IOException io = new IOException("no such file");
        IOException caught = null;
        try {
            Corio.run(new Script<String>().then(v -> {
                throw io;
            }), IOException.class);
        } catch (IOException e) {
            caught = e;
        }
        assertSame(io, caught);
    }

    @Test
    void valuesAndOtherExceptionsPassThroughUnchanged() throws IOException {
        assertEquals("ok", Corio.run(new Script<String>()
                .then(v -> awaiting(Corio.sleep(1, "ok"))), EventLoop::virtual, IOException.class));
        UncheckedIOException unchecked = new UncheckedIOException(new IOException("wrapped"));
        assertSame(unchecked, assertThrows(UncheckedIOException.class, () -> Corio.run(new Script<String>()
                .then(v -> {
                    throw unchecked;
                }), EventLoop::virtual, IOException.class)));
        // Declaring one checked type does not convert another: it still comes out as it is.
        InterruptedException other = new InterruptedException("other");
        assertSame(other, assertThrows(InterruptedException.class, () -> Corio.run(new Script<String>()
                .then(v -> {
                    throw other;
                }), EventLoop::virtual, IOException.class)));
    }
}
