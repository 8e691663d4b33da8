package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the combinator hygiene tests rely on: reports of what is left are delivered to the handler at close. */
class UnretrievedAtCloseTest {

    @Test
    void reportedToTheHandlerAtClose() {
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop loop = TestBase.recording(reports);
        AsyncFuture<Integer> f = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        f.setException(boom);
        loop.close();
        assertEquals(1, reports.size());
        assertSame(boom, reports.get(0).exception());
        assertEquals(true, reports.get(0).message().contains("never retrieved"), reports.get(0).message());
    }

    @Test
    void neverAwaitedCoroutineReportedAtCloseInDebugMode() {
        List<ExceptionContext> reports = new ArrayList<>();
        EventLoop loop = TestBase.recording(reports);
        loop.setDebug(true);
        List<Coroutine<String>> keep = new ArrayList<>(); // reachable, so only close() can report it
        loop.runUntilComplete(Co.co(() -> {
            keep.add(Corio.result("never awaited"));
            return Co.done(null);
        }));
        loop.close();
        assertEquals(1, reports.size(), reports.toString());
        assertEquals(true, reports.get(0).message().contains("never awaited"), reports.get(0).message());
    }
}
