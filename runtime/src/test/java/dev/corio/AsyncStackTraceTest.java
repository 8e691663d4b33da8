package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's half of async stack traces, with hand-written frames: which frames are written into an
 * exception's trace, where, and what is left alone (the processor's AsyncStackTraceTest covers generated code).
 */
class AsyncStackTraceTest {
    /** Sleeps once, then awaits {@code inner} (or throws {@code failure} if inner is null); located at {@code line}. */
    static final class Frame extends Coroutine<Object> {
        private final String name;
        private final int line;
        private final Coroutine<Object> inner;
        private final Throwable failure;
        private int state;
        boolean locationFails;
        double delay;

        Frame(String name, int line, Coroutine<Object> inner, Throwable failure) {
            this.name = name;
            this.line = line;
            this.inner = inner;
            this.failure = failure;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            switch (state) {
                case 0:
                    state = 1;
                    if (Corio.sleep(delay).awaitFrom(this) == SUSPENDED) {
                        return SUSPENDED;
                    }
                    // fall through
                case 1:
                    state = 2;
                    if (inner == null) {
                        throw failure;
                    }
                    Object r = inner.awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    return r;
                default:
                    return value;
            }
        }

        @Override
        protected StackTraceElement sourceLocation() {
            if (locationFails) {
                throw new IllegalStateException("broken location");
            }
            return new StackTraceElement("app.Svc", name, "Svc.java", line);
        }
    }

    static List<String> logical(Throwable e) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement s : e.getStackTrace()) {
            if (AsyncStackTrace.isMarker(s)) {
                out.add("<" + s.getMethodName() + ">");
            } else if ("Svc.java".equals(s.getFileName())) {
                out.add(s.getMethodName() + ":" + s.getLineNumber());
            }
        }
        return out;
    }

    @Test
    void suspendedFramesGoAboveTheLoopsFramesInOrderAfterOneMarker() {
        IllegalStateException boom = new IllegalStateException("boom");
        int own = boom.getStackTrace().length;
        Frame top = new Frame("top", 30, new Frame("middle", 20, new Frame("leaf", 10, null, boom), null), null);
        EventLoop loop = EventLoop.virtual();
        try {
            Task<Object> t = loop.createTask(top, "job");
            Throwable e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            assertSame(boom, e, "never wrapped or copied");
            assertEquals(List.of("<job>", "middle:20", "top:30"), logical(e));
            assertEquals(own + 3, e.getStackTrace().length);
            // the exception was made in the test, outside any task: the elements go at the end
            assertTrue(AsyncStackTrace.isMarker(e.getStackTrace()[own]), String.valueOf(e.getStackTrace()[own]));
        } finally {
            loop.close();
        }
    }

    @Test
    void aFailingSourceLocationAddsNothingAndLosesNothing() {
        IllegalStateException boom = new IllegalStateException("boom");
        Frame middle = new Frame("middle", 20, new Frame("leaf", 10, null, boom), null);
        middle.locationFails = true;
        EventLoop loop = EventLoop.virtual();
        try {
            Task<Object> t = loop.createTask(new Frame("top", 30, middle, null), "job");
            Throwable e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            assertSame(boom, e);
            assertEquals(List.of("<job>", "top:30"), logical(e));
        } finally {
            loop.close();
        }
    }

    @Test
    void anExceptionWithoutAWritableTraceIsLeftAlone() {
        IllegalStateException quiet = new IllegalStateException("quiet", null) {
            {
                setStackTrace(new StackTraceElement[0]);
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
        Error unwritable = new Error("unwritable", null, false, false) {
        };
        EventLoop loop = EventLoop.virtual();
        try {
            for (Throwable failure : List.of(unwritable, quiet)) {
                Task<Object> t = loop.createTask(new Frame("top", 30, new Frame("leaf", 10, null, failure), null));
                Throwable e = assertThrows(Throwable.class, () -> loop.runUntilComplete(t));
                assertSame(failure, e);
                if (failure == unwritable) {
                    assertEquals(0, e.getStackTrace().length);
                } else {
                    assertEquals(List.of("<" + t.getName() + ">", "top:30"), logical(e), "an empty but writable trace grows");
                }
            }
        } finally {
            loop.close();
        }
    }

    @Test
    void aTraceStopsGrowingAtItsLimit() {
        IllegalStateException boom = new IllegalStateException("boom");
        EventLoop loop = EventLoop.virtual();
        try {
            for (int i = 0; i < 2 * AsyncStackTrace.MAX_ELEMENTS; i++) { // the same object thrown again and again
                Task<Object> t = loop.createTask(new Frame("top", 30, new Frame("leaf", 10, null, boom), null));
                assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            }
            int n = boom.getStackTrace().length;
            assertTrue(n >= AsyncStackTrace.MAX_ELEMENTS && n <= AsyncStackTrace.MAX_ELEMENTS + 2, "length " + n);
        } finally {
            loop.close();
        }
    }

    @Test
    void aSuspendedTaskDescribesItsFramesInnermostFirst() {
        EventLoop loop = EventLoop.virtual();
        try {
            Frame top = new Frame("top", 30, new Frame("leaf", 10, null, new IllegalStateException()), null);
            top.delay = 5;
            Task<Object> t = loop.createTask(top, "job");
            loop.runUntilComplete(Corio.sleep(1)); // top started and waits in its sleep(5)
            StackTraceElement[] st = t.getStackTrace();
            assertEquals(1, st.length);
            assertEquals("app.Svc.top(Svc.java:30)", st[0].toString());
            assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            assertEquals(0, t.getStackTrace().length, "done: no frames");
        } finally {
            loop.close();
        }
    }
}
