package dev.corio.signals;

/** The signals a loop can handle: {@code SIGINT} (Ctrl-C), {@code SIGTERM} and {@code SIGHUP}. */
public enum Signal {
    INT,
    TERM,
    HUP
}
