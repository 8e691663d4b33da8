package dev.corio;

import dev.corio.signals.Signal;
import dev.corio.signals.Signals;

/**
 * What {@code Corio.run} does about Ctrl-C, as asyncio 3.11's {@code Runner}: while the main task runs, the
 * first SIGINT cancels it (its {@code finally} blocks and context managers run as it unwinds, and
 * {@code Corio.run} then throws the {@link CancelledError}, whose message is "interrupted by
 * SIGINT"); a second SIGINT ends the process at once with status 130 ({@link Signals#cancelOnInterrupt}).
 *
 * <p>Installed only where it can be and is wanted: {@code sun.misc.Signal} is present and the JVM takes the
 * signal (not under {@code -Xrs}); no Corio handler for SIGINT is installed already (asyncio's rule: a
 * program's own SIGINT handler is left alone, and so is another {@code Corio.run} of the same JVM that got
 * there first); and the system property {@value #OPT_OUT} is not {@code "false"} (the opt-out). Afterwards the
 * JVM's own handler is back.
 */
final class RunInterrupts {
    /** The system property that turns it off: {@code -Dcorio.run.sigint=false}. */
    static final String OPT_OUT = "corio.run.sigint";

    private RunInterrupts() {
    }

    /**
     * Installs the handler for {@code main} on {@code loop} if the rules above allow, and returns what
     * removes it again (a no-op if nothing was installed). Called by {@code Runner.run} (so {@code Corio.run}) before it runs the loop.
     */
    static Runnable install(EventLoop loop, Task<?> main) {
        if ("false".equalsIgnoreCase(System.getProperty(OPT_OUT, "true"))) {
            return () -> { };
        }
        if (Signals.hasSignalHandler(Signal.INT)) {
            return () -> { };
        }
        try {
            Signals.cancelOnInterrupt(loop, main);
        } catch (UnsupportedOperationException noSignals) {
            return () -> { }; // no sun.misc.Signal, or -Xrs: Ctrl-C keeps the JVM's behaviour (asyncio: no handler off the main thread)
        }
        return () -> Signals.removeSignalHandler(loop, Signal.INT);
    }
}
