package dev.corio.bench;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;

/**
 * The exception path of {@link ExceptionBench}: a failure thrown {@code depth} awaits deep and caught at the
 * top, as {@code @Async} methods that either suspend at every level (so the exception crosses suspended
 * frames and each one is added to its async stack trace) or never suspend (the frames are all on the Java
 * stack), and as plain recursive calls.
 */
public class TraceWorkloads {
    /** The generated subclass: call the {@code @Async} methods on this. */
    public static TraceWorkloads create() {
        return new Corio_TraceWorkloads();
    }

    @Async
    public Coroutine<Integer> failDeep(int depth, boolean suspend) {
        if (suspend) {
            await(sleep(0));
        }
        if (depth == 0) {
            throw new IllegalStateException("bottom");
        }
        return result(await(failDeep(depth - 1, suspend)) + 1);
    }

    /** Throws through {@code depth} awaits {@code rounds} times; returns how many it caught. */
    @Async
    public Coroutine<Integer> catchDeep(int depth, boolean suspend, int rounds) {
        int caught = 0;
        int i = 0;
        while (i < rounds) {
            try {
                await(failDeep(depth, suspend));
            } catch (IllegalStateException e) {
                caught++;
            }
            i++;
        }
        return result(caught);
    }

    /** The same failure through {@code depth} plain calls. */
    static int plainFailDeep(int depth) {
        if (depth == 0) {
            throw new IllegalStateException("bottom");
        }
        return plainFailDeep(depth - 1) + 1;
    }
}
