package dev.corio.sample.cli;

import dev.corio.EventLoop;
import java.io.PrintStream;

/**
 * A one-line progress display for long crawls ({@code \r fetched N items}), on the terminal only: it is
 * created only when {@link System#console()} says a terminal is attached, and writes to stderr so the
 * program's output stays clean. It ticks on the loop every 100 ms while the loop runs.
 */
final class Progress {
    private final PrintStream term;
    private boolean shown;
    private EventLoop loop;

    private Progress(PrintStream term) {
        this.term = term;
    }

    /** A display, or {@code null} when no terminal is attached or it is turned off. */
    static Progress forTerminal(boolean enabled) {
        return enabled && System.console() != null ? new Progress(System.err) : null;
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
                term.print("\r  fetched " + env.fetched() + " items ");
                term.flush();
                shown = true;
            }
            loop.callLater(0.1, tick[0]);
        };
        loop.callSoon(tick[0]);
    }

    /** Clears the display line (before other output, and at the end). */
    void clear() {
        if (shown) {
            term.print("\r\033[K");
            term.flush();
            shown = false;
        }
    }

    void finish() {
        loop = null;
        clear();
    }
}
