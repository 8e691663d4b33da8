package dev.corio.net;

/**
 * A transport's write-buffer water marks in bytes, asyncio's {@code get_write_buffer_limits()} pair: the
 * protocol is paused when the buffer grows above {@code high} and resumed when it drains to {@code low}.
 */
public record WriteBufferLimits(long low, long high) {
    public WriteBufferLimits {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
    }
}
