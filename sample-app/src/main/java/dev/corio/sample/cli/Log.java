package dev.corio.sample.cli;

import dev.corio.EventLoop;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The articles' output: {@code log.info(...)} lines as {@code [HH:MM:SS] message} (their
 * {@code LOGGER_FORMAT} with {@code datefmt='[%H:%M:%S]'}), bare {@code print(...)} lines, debug lines only
 * with {@code --verbose}, and {@code log.exception(...)} as the message followed by the exception. The time
 * shown is the wall-clock time at start plus the loop's clock, so on a virtual clock it moves with the
 * loop's time rather than the wall's.
 */
public final class Log {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter out;
    private final boolean verbose;
    private final LocalTime start = LocalTime.now();
    private final long startNanos = System.nanoTime();
    private EventLoop clockLoop;
    private double clockOrigin;
    private Runnable beforeWrite = () -> { };

    public Log(PrintWriter out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** Takes timestamps from {@code loop}'s clock (for a virtual clock); the last loop given stays in use. */
    public void useClockOf(EventLoop loop) {
        if (clockLoop == null) {
            clockOrigin = loop.time();
        } else {
            // a new loop: keep time moving forward from where the previous one was
            clockOrigin = loop.time() - now();
        }
        clockLoop = loop;
    }

    /** Seconds since the program started, on the clock the timestamps use. */
    public double now() {
        EventLoop l = clockLoop;
        return l == null ? (System.nanoTime() - startNanos) / 1e9 : l.time() - clockOrigin;
    }

    /** Runs before each line is written (the progress display clears its line there). */
    void beforeWrite(Runnable r) {
        beforeWrite = r;
    }

    public boolean verbose() {
        return verbose;
    }

    public synchronized void info(String message) {
        LocalTime t = start.plusNanos((long) (now() * 1e9));
        beforeWrite.run();
        out.println("[" + HMS.format(t) + "] " + message);
        out.flush();
    }

    /** The articles use {@code log.error} with the same format as {@code info}. */
    public void error(String message) {
        info(message);
    }

    public void debug(String message) {
        if (verbose) {
            info(message);
        }
    }

    /** {@code log.exception}: the message, then the exception (with its stack trace under --verbose). */
    public synchronized void exception(String message, Throwable e) {
        info(message);
        trace(e);
    }

    /** The exception's own line, indented; its stack trace too under --verbose. */
    public synchronized void trace(Throwable e) {
        if (e == null) {
            return;
        }
        beforeWrite.run();
        if (verbose) {
            e.printStackTrace(out);
        } else {
            out.println("    " + e);
        }
        out.flush();
    }

    /** Python's bare {@code print}. */
    public synchronized void print(String line) {
        beforeWrite.run();
        out.println(line);
        out.flush();
    }
}
