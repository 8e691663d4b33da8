package dev.corio.processor;

import dev.corio.processor.diagnostics.Tag;

/**
 * The message for an exception that escaped the processor. The processor must never crash javac, so every
 * failure becomes an error on the element being processed; this tells apart a failure of javac's own code,
 * reached through the compiler API the processor calls ({@code Trees}, attribution), from a bug of the
 * processor: the first is a javac bug the user can only work around, and the message says how.
 */
final class Failure {
    private Failure() {
    }

    /** Whether {@code e} was thrown inside javac (its innermost frame is javac's), not by the processor. */
    static boolean insideJavac(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return st.length > 0 && (st[0].getClassName().startsWith("com.sun.tools.javac.")
                || st[0].getClassName().startsWith("com.sun.source."));
    }

    /** The tag for {@code e}: {@link Tag#JAVAC} when javac's own code threw it, else {@link Tag#INTERNAL}. */
    static Tag tag(Throwable e) {
        return insideJavac(e) ? Tag.JAVAC : Tag.INTERNAL;
    }

    /** The error text for {@code e}, thrown while processing {@code what} (a method or class); see {@link #tag}. */
    static String message(Throwable e, String what) {
        StringBuilder trace = new StringBuilder(e.toString());
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
            trace.append("\n  at ").append(st[i]);
        }
        if (insideJavac(e)) {
            return "javac (" + System.getProperty("java.version") + ") failed in its own code while"
                    + " the processor had it attribute " + what + ": a javac bug, not a mistake in the code. Work"
                    + " around it by splitting the expression javac fails on into local variables (qualifying"
                    + " instance members with `this.` helps with bugs of javac 17), or compile with a newer JDK;"
                    + " please report it to Corio with the source, so the processor can avoid it. " + trace;
        }
        return "the processor failed on " + what + "; please report it with the class's source. "
                + trace;
    }
}
