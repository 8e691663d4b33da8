package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** result(Class) lets a caller catch the checked exception a future failed with. */
class AsyncFutureCheckedResultTest {

    @Test
    void checkedExceptionCanBeCaughtByName() {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<String> f = loop.createFuture();
        IOException io = new IOException("disk");
        f.setException(io);
        IOException caught = null;
        try {
            f.result(IOException.class);
        } catch (IOException e) {
            caught = e;
        }
        assertSame(io, caught);
        loop.close();
    }

    @Test
    void resultAndOtherFailuresPassThrough() throws Exception {
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<String> ok = loop.createFuture();
        ok.setResult("v");
        assertEquals("v", ok.result(IOException.class));
        AsyncFuture<String> cancelled = loop.createFuture();
        cancelled.cancel("why");
        assertEquals("why", assertThrows(CancelledError.class, () -> cancelled.result(IOException.class)).getMessage());
        loop.close();
    }
}
