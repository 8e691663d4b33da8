package dev.corio.net;

import dev.corio.Awaitable;
import dev.corio.Coroutine;
import dev.corio.generators.AsyncIterator;
import dev.corio.generators.StopAsyncIteration;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a {@link StreamReader} as an async iterator: each {@code anext()} is a
 * {@link StreamReader#readline()}, and the empty array it gives at EOF ends the iteration (asyncio's
 * {@code StreamReader.__anext__}). Raw ({@link StreamReader#aiter()}): the bytes of each line with its
 * {@code \n}, the last one without when the stream does not end in one, as asyncio gives them. Text
 * ({@link StreamReader#lines()}): each line decoded as UTF-8 (malformed input replaced by U+FFFD) without
 * its {@code \n} or {@code \r\n}, as {@code BufferedReader.readLine} gives them.
 *
 * <p>A line longer than the reader's limit fails that {@code anext()} with {@link LimitOverrunError}, the line
 * discarded ({@code readline}'s rule), so the iteration can go on. Closing the iterator (leaving an async
 * {@code for} early) releases nothing: the connection stays open, as in asyncio.
 */
final class StreamLines<T> implements AsyncIterator<T> {
    private final StreamReader reader;
    private final boolean text;

    StreamLines(StreamReader reader, boolean text) {
        this.reader = reader;
        this.text = text;
    }

    @Override
    public Awaitable<T> anext() {
        return new Next();
    }

    /** Strips the terminator ({@code \n}, {@code \r\n}) and decodes the rest as UTF-8. */
    static String decode(byte[] line) {
        int n = line.length;
        if (n > 0 && line[n - 1] == '\n') {
            n--;
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
        }
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (text ? "lines() of " : "aiter() of ") + reader;
    }

    /** One {@code anext()}: a readline, then its line, or the end. */
    private final class Next extends Coroutine<T> {
        private boolean reading;

        @Override
        @SuppressWarnings("unchecked")
        protected Object resume(Object value, Throwable error) throws Throwable {
            if (error != null) {
                throw error;
            }
            if (!reading) {
                reading = true;
                Object r = reader.readline().awaitFrom(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                value = r;
            }
            byte[] line = (byte[]) value;
            if (line.length == 0) {
                throw new StopAsyncIteration();
            }
            return text ? (T) decode(line) : (T) line;
        }

        @Override
        public String toString() {
            return "anext() of " + StreamLines.this;
        }
    }
}
