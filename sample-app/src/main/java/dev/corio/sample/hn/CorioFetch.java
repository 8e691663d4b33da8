package dev.corio.sample.hn;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;

import dev.corio.AsyncFuture;
import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.annotation.Async;
import dev.corio.sample.http.CorioHttpClient;
import dev.corio.sample.http.HttpFetchException;
import dev.corio.sample.http.HttpResponse;
import dev.corio.sample.hn.HnClient.JsonResponse;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link HnClient}'s fetches over {@link CorioHttpClient} ({@code --http corio}): the request as a task on
 * the running loop, its answer parsed as the JDK path parses it, its failure as the same
 * {@link NetworkException}.
 *
 * <p><b>On a virtual clock</b> the embedded server is a peer outside the loop (its threads), and the loop's
 * rule lets virtual time jump while such a peer's bytes are on their way (docs/net.md, "The virtual clock
 * and sockets"): the client's loop-time timeout would fire at once. So while a request is in flight the
 * clock is held, as the JDK client's bridged futures hold it: a {@link AsyncFuture#fromStage} bridge over a
 * stage that completes when the answer is in. That stage also carries the timeout, in real time
 * ({@link HnClient#FETCH_TIMEOUT}, the JDK client's own timeout being real time too): when it expires the
 * fetch fails with the same "no answer within 10 seconds" and the request is cancelled.
 */
final class CorioFetch {
    private CorioFetch() {
    }

    /** Starts fetching {@code url}; the future gives {@code f} of the parsed document. */
    static <T> AsyncFuture<T> start(CorioHttpClient http, String url, Function<JsonResponse, T> f) {
        EventLoop loop = EventLoop.running();
        Task<T> request = Corio.createTask(Corio_CorioFetch.fetch(http, url, f));
        if (!loop.isVirtualClock()) {
            return request;
        }
        CompletableFuture<Void> outside = new CompletableFuture<Void>()
                .orTimeout(HnClient.FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        AsyncFuture<Void> held = AsyncFuture.fromStage(outside, loop);
        AsyncFuture<T> answer = loop.createFuture();
        request.addDoneCallback(r -> {
            held.cancel(); // time may move again (unless other requests still hold it)
            if (answer.isDone()) {
                if (!r.isCancelled()) {
                    r.exception(); // moot: the answer already failed with the timeout
                }
            } else if (r.isCancelled()) {
                answer.cancel();
            } else if (r.exception() != null) {
                answer.setException(r.exception());
            } else {
                answer.setResult(r.result());
            }
        });
        held.addDoneCallback(h -> {
            if (!h.isCancelled() && h.exception() != null && !answer.isDone()) {
                SocketTimeoutException timeout = new SocketTimeoutException(
                        "no answer within " + HnClient.FETCH_TIMEOUT.toSeconds() + " seconds");
                timeout.initCause(h.exception());
                answer.setException(new NetworkException(url, timeout));
                request.cancel();
            }
        });
        answer.addDoneCallback(a -> {
            if (a.isCancelled()) {
                request.cancel();
            }
        });
        return answer;
    }

    @Async
    static <T> Coroutine<T> fetch(CorioHttpClient http, String url, Function<JsonResponse, T> f) {
        HttpResponse r;
        try {
            r = await(http.get(url));
        } catch (HttpFetchException e) {
            throw new NetworkException(url, e.getCause()); // its own message names the URL and the cause
        }
        return result(f.apply(HnClient.toJson(r.status(), r.url(), r.text(), r.header("Date"))));
    }
}
