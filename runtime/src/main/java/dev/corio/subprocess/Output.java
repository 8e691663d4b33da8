package dev.corio.subprocess;

/**
 * What {@link AsyncProcess#communicate} read: all of stdout and all of stderr, each {@code null} when that
 * stream is not a pipe (asyncio's {@code (stdout_data, stderr_data)} tuple).
 */
public record Output(byte[] stdout, byte[] stderr) {
}
