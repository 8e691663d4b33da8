package dev.corio.bench;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.generators.Generators.awaitEach;
import static dev.corio.generators.Generators.done;
import static dev.corio.generators.Generators.emit;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.generators.AsyncGenerator;
import dev.corio.generators.AsyncIterables;

/**
 * Workload 6, a generator pipeline: produce the ints {@code 0..n-1}, map {@code x * 3}, keep the even ones,
 * sum. As {@code @Async} code, the way users write it: a generator and either a consumer with the map and
 * filter inline in its async for, or the {@link AsyncIterables} operators.
 */
public class GeneratorWorkloads {
    public static GeneratorWorkloads create() {
        return new Corio_GeneratorWorkloads();
    }

    @Async
    AsyncGenerator<Integer> ints(int n) {
        for (int i = 0; i < n; i++) {
            emit(i);
        }
        return done();
    }

    /** The map and filter written in the loop body. */
    @Async
    public Coroutine<Long> loopSum(int n) {
        long sum = 0;
        for (int x : awaitEach(ints(n))) {
            int y = x * 3;
            if ((y & 1) == 0) {
                sum += y;
            }
        }
        return result(sum);
    }

    /** The same pipeline with the operators. */
    @Async
    public Coroutine<Long> operatorSum(int n) {
        long sum = await(AsyncIterables.reduce(AsyncIterables.map(
                AsyncIterables.filter(AsyncIterables.map(ints(n), x -> x * 3), y -> (y & 1) == 0), y -> (long) y),
                0L, Long::sum));
        return result(sum);
    }
}
