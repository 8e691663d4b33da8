package dev.corio.sample.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.ExceptionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The loop's reports (exceptions in callbacks, exceptions never retrieved) with a real SLF4J and Logback on
 * the class path: the default handler's {@code System.Logger} output arrives in Logback through SLF4J's
 * {@code slf4j-jdk-platform-logging} bridge, on the logger {@code dev.corio} at ERROR, with the exception; and
 * a handler the application sets sees every report instead, none of them logged.
 */
class LoggingRouteTest {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger corio = (Logger) LoggerFactory.getLogger("dev.corio");

    @BeforeEach
    void attach() {
        appender.start();
        corio.addAppender(appender);
        corio.setAdditive(false); // the reports these tests cause stay out of the console
    }

    @AfterEach
    void detach() {
        corio.detachAppender(appender);
        corio.setAdditive(true);
    }

    /** A callback that throws, and a future that fails with nobody retrieving it: two reports. */
    private static void twoReports(EventLoop loop, RuntimeException inCallback, RuntimeException unretrieved) {
        loop.callSoon(() -> {
            throw inCallback;
        });
        AsyncFuture<Object> f = loop.createFuture();
        f.setException(unretrieved);
        loop.runUntilComplete(Corio.sleep(0.01));
        f = null;
        loop.close(); // reports what failed and was never retrieved
    }

    @Test
    void theDefaultHandlerLogsThroughSlf4jToLogback() {
        assertTrue(System.LoggerFinder.getLoggerFinder().getClass().getName().startsWith("org.slf4j"),
                "System.Logger is SLF4J's: " + System.LoggerFinder.getLoggerFinder().getClass());
        RuntimeException cb = new IllegalStateException("callback boom");
        RuntimeException lost = new IllegalArgumentException("lost");
        twoReports(EventLoop.create(), cb, lost);

        List<ILoggingEvent> events = appender.list;
        assertEquals(2, events.size(), events.toString());
        for (ILoggingEvent e : events) {
            assertEquals("dev.corio", e.getLoggerName());
            assertEquals(Level.ERROR, e.getLevel());
        }
        assertTrue(events.get(0).getFormattedMessage().startsWith("Exception in callback"), events.get(0).getFormattedMessage());
        assertSame(cb, ((ThrowableProxy) events.get(0).getThrowableProxy()).getThrowable());
        assertTrue(events.get(1).getFormattedMessage().startsWith("Future exception was never retrieved"),
                events.get(1).getFormattedMessage());
        assertSame(lost, ((ThrowableProxy) events.get(1).getThrowableProxy()).getThrowable());
    }

    @Test
    void aHandlerTheApplicationSetsSeesEveryReportAndNothingIsLogged() {
        EventLoop loop = EventLoop.create();
        List<ExceptionContext> seen = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> {
            assertSame(loop, l);
            seen.add(context);
        });
        RuntimeException cb = new IllegalStateException("callback boom");
        RuntimeException lost = new IllegalArgumentException("lost");
        twoReports(loop, cb, lost);

        assertEquals(List.of(cb, lost), seen.stream().map(ExceptionContext::exception).collect(Collectors.toList()));
        assertTrue(seen.get(0).message().startsWith("Exception in callback"), seen.get(0).message());
        assertTrue(seen.get(1).message().startsWith("Future exception was never retrieved"), seen.get(1).message());
        assertEquals(List.of(), appender.list);
    }

    @Test
    void aHandlerThatThrowsIsLoggedWithTheReport() {
        EventLoop loop = EventLoop.create();
        RuntimeException inHandler = new IllegalStateException("handler boom");
        loop.setExceptionHandler((l, context) -> {
            throw inHandler;
        });
        RuntimeException report = new IllegalArgumentException("report");
        loop.callExceptionHandler(new ExceptionContext("something failed", report, null, null));
        loop.close();
        // nothing is swallowed: the handler's failure, then the report it failed on, both through the logger
        assertEquals(2, appender.list.size(), appender.list.toString());
        assertSame(inHandler, ((ThrowableProxy) appender.list.get(0).getThrowableProxy()).getThrowable());
        assertEquals("something failed", appender.list.get(1).getFormattedMessage());
        assertSame(report, ((ThrowableProxy) appender.list.get(1).getThrowableProxy()).getThrowable());
    }
}
