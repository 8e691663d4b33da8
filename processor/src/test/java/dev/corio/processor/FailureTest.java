package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failure of javac's own code is told apart from a bug of the processor, and names a workaround. */
@Timeout(10)
class FailureTest {
    private static RuntimeException thrownAt(String cls, String method) {
        RuntimeException e = new NullPointerException("t is null");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(cls, method, "X.java", 1),
            new StackTraceElement("dev.corio.processor.analyse.Body", "<init>", "Body.java", 70),
        });
        return e;
    }

    @Test
    void aFailureInsideJavacIsReportedAsAJavacBugWithAWorkaround() {
        RuntimeException e = thrownAt("com.sun.tools.javac.comp.Attr", "isBooleanOrNumeric");
        String m = Failure.tag(e).format(Failure.message(e, "method run() of t.T"));
        assertTrue(m.startsWith("[CorioJavac] javac ("), m);
        assertTrue(m.contains("attribute method run() of t.T: a javac bug"), m);
        assertTrue(m.contains("splitting the expression javac fails on into local variables"), m);
        assertTrue(m.contains("at com.sun.tools.javac.comp.Attr.isBooleanOrNumeric"), m);
    }

    @Test
    void aFailureOfTheProcessorIsInternal() {
        RuntimeException e = thrownAt("dev.corio.processor.lower.Lowerer", "explode");
        String m = Failure.tag(e).format(Failure.message(e, "class t.T"));
        assertTrue(m.startsWith("[CorioInternal] the processor failed on class t.T; please report it"), m);
    }
}
