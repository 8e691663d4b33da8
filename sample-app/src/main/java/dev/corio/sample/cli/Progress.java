package dev.corio.sample.cli;

import dev.corio.EventLoop;
import dev.corio.sample.support.Plural;
import java.io.PrintStream;

/**
 * A one-line progress display for long crawls ({@code \r fetched N items}), on the terminal only: it is
 * created only when {@link System#console()} says a terminal is attached, and writes to stderr so the
 * program's output stays clean. It ticks on the loop every 100 ms while the loop runs.
 *
 * <p>Interrupted (Ctrl-C), the JVM runs its shutdown hooks but not the program's cleanup: a hook ends the
 * display's line, so the shell's prompt does not start behind the count. A normal end clears the line and
 * removes the hook.
 */
final class Progress {
    private final PrintStream term;
    private final Thread shutdownHook = new Thread(this::interrupted, "corio-sample progress");
    private boolean shown;
    private EventLoop loop;

    private Progress(PrintStream term) {
        this.term = term;
    }

    /** A display, or {@code null} when no terminal is attached or it is turned off. */
    static Progress forTerminal(boolean enabled) {
        return enabled && System.console() != null ? on(System.err) : null;
    }

    /** A display on {@code term}, with its shutdown hook registered. */
    static Progress on(PrintStream term) {
        Progress p = new Progress(term);
        Runtime.getRuntime().addShutdownHook(p.shutdownHook);
        return p;
    }

    void attach(EventLoop loop, Env env) {
        if (loop.isVirtualClock()) {
            return; // a ticking timer would only make virtual time race ahead
        }
        this.loop = loop;
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (this.loop != loop || loop.isClosed()) {
                return;
            }
            if (env.fetched() > 0) {
                show(env.fetched());
            }
            loop.callLater(0.1, tick[0]);
        };
        loop.callSoon(tick[0]);
    }

    /** Shows the count (replacing the one shown). */
    synchronized void show(int fetched) {
        term.print("\r  fetched " + Plural.of(fetched, "item") + " ");
        term.flush();
        shown = true;
    }

    /** Clears the display line (before other output, and at the end). */
    synchronized void clear() {
        if (shown) {
            term.print("\r\033[K");
            term.flush();
            shown = false;
        }
    }

    /** The shutdown hook's work: the count stays, its line ends. */
    synchronized void interrupted() {
        if (shown) {
            term.println();
            term.flush();
            shown = false;
        }
    }

    /** The thread registered as a shutdown hook (for tests). */
    Thread shutdownHook() {
        return shutdownHook;
    }

    void finish() {
        loop = null;
        clear();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs (and finds the line cleared)
        }
    }
}
