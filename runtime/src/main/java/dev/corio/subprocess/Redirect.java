package dev.corio.subprocess;

/**
 * Where a subprocess's standard stream goes: asyncio's {@code subprocess.PIPE}, {@code DEVNULL},
 * {@code STDOUT} and {@code None} (inherit).
 */
public enum Redirect {
    /** A pipe to this process: {@link AsyncProcess#stdin()}, {@code stdout()} or {@code stderr()}. */
    PIPE,
    /** {@code /dev/null}. */
    DEVNULL,
    /** The JVM's own stream (asyncio's default, {@code None}). */
    INHERIT,
    /** For stderr only: into the same pipe or file as stdout. */
    STDOUT
}
