package dev.corio.acceptance;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Article 001's first program in small form: a periodic poller whose fire-and-forget task fails; the failure
 * surfaces in the done callback that reads the result, goes to the loop's exception handler, and the poller goes
 * on. Expected output is CPython 3.12's.
 */
class SeedErrorsTest {

    static class BoomException extends Exception {
        BoomException(String message) {
            super(message);
        }
    }

    static class Fetcher {
        static final int MAXIMUM_FETCHES = 5;
        int fetchCounter;

        @Async
        Coroutine<Integer> fetch() throws BoomException {
            fetchCounter++;
            if (fetchCounter > MAXIMUM_FETCHES) {
                throw new BoomException("BOOM!");
            }
            await(sleep(1));
            return result(1);
        }
    }

    static class Poller {
        final Out out = new Out();

        @Async
        Coroutine<Integer> post(Fetcher f, int depth) throws BoomException {
            await(f.fetch());
            if (depth == 0) {
                return result(0);
            }
            List<Coroutine<Integer>> kids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                kids.add(post(f, depth - 1));
            }
            List<Integer> r = await(gather(kids));
            return result(2 + r.stream().mapToInt(Integer::intValue).sum());
        }

        @Async
        Coroutine<Integer> top(int iteration, int depth) throws BoomException {
            Fetcher f = new Corio_SeedErrorsTest_Fetcher();
            List<Integer> results = await(gather(post(f, depth), post(f, depth)));
            out.at("comments " + results + " (" + iteration + ")");
            return result(f.fetchCounter);
        }

        @Async
        Coroutine<Void> poll() throws BoomException {
            getRunningLoop().setExceptionHandler((l, c) -> out.at("handler " + c.message().startsWith(
                    "Exception in callback") + " " + c.exception().getClass().getSimpleName() + " "
                    + c.exception().getMessage()));
            for (int iteration = 1; iteration <= 3; iteration++) {
                out.at("Calculating comments for top stories. (" + iteration + ")");
                AsyncFuture<Integer> future = ensureFuture(top(iteration, iteration == 2 ? 1 : 0));
                future.addDoneCallback(fut -> {
                    int count = fut.result();
                    out.print("> Calculating comments took " + getRunningLoop().time() + " and " + count
                            + " fetches");
                });
                out.print("Waiting for 5 seconds...");
                await(sleep(5));
            }
            return result(null);
        }
    }

    @Test
    void errorInAFireAndForgetTaskSurfacesInItsCallback() throws BoomException {
        Corio_SeedErrorsTest_Poller p = new Corio_SeedErrorsTest_Poller();
        Corio.run(p.poll(), EventLoop::virtual);
        assertEquals(List.of(
                "Calculating comments for top stories. (1) 0.0",
                "Waiting for 5 seconds...",
                "comments [0, 0] (1) 1.0",
                "> Calculating comments took 1.0 and 2 fetches",
                "Calculating comments for top stories. (2) 5.0",
                "Waiting for 5 seconds...",
                "handler true BoomException BOOM! 6.0",
                "Calculating comments for top stories. (3) 10.0",
                "Waiting for 5 seconds...",
                "comments [0, 0] (3) 11.0",
                "> Calculating comments took 11.0 and 2 fetches"), p.out.lines);
    }
}
