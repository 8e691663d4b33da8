package dev.corio.flow;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Co;
import dev.corio.Corio;
import dev.corio.generators.AsyncIterator;
import dev.corio.generators.StopAsyncIteration;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.FlowAdapters;

/**
 * {@link Flows} against RxJava 3's {@code Flowable}, a Reactive Streams {@code Publisher}, through
 * Reactive Streams' own {@code FlowAdapters} (the route docs/integration.md gives RxJava users): what
 * RxJava sees requested and cancelled, items from RxJava's threads, and a Corio publisher under RxJava's
 * operators.
 */
class FlowsRxJavaTest {
    private static <T> Flow.Publisher<T> flow(Flowable<T> f) {
        return FlowAdapters.toFlowPublisher(f);
    }

    /** Awaits every item, stopping after {@code stopAt} (then closing, as a break does). */
    private static <T> Co.Step<List<T>> drain(AsyncIterator<T> it, List<T> got, int stopAt) {
        return await(it.anext(), v -> {
            got.add(v);
            if (got.size() == stopAt) {
                return await(it.aclose(), x -> done(got));
            }
            return drain(it, got, stopAt);
        }, e -> {
            if (e instanceof StopAsyncIteration) {
                return done(got);
            }
            throw e;
        });
    }

    @Test
    void firstRequestsOneAndCancels() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Flowable<Integer> f = Flowable.just(1, 2, 3)
                .doOnRequest(n -> seen.add("request " + n))
                .doOnCancel(() -> seen.add("cancel"));
        assertEquals(1, Corio.<Integer>run(co(() -> await(Flows.first(flow(f)), Co::done))));
        assertEquals(List.of("request 1", "cancel"), seen);
    }

    @Test
    void iterateRequestsAsConsumedAndCancelsOnAnEarlyStop() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        List<String> cancels = new CopyOnWriteArrayList<>();
        Flowable<Integer> f = Flowable.range(0, 1000).doOnRequest(requests::add).doOnCancel(() -> cancels.add("cancel"));
        List<Integer> got = Corio.run(co(() -> drain(Flows.iterate(flow(f), 4), new ArrayList<>(), 10)));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
        assertEquals(List.of("cancel"), cancels);
        long requested = requests.stream().mapToLong(Long::longValue).sum();
        // at most 4 outstanding: 10 consumed, so no more than 10 + 4 were ever requested
        assertTrue(requested >= 10 && requested <= 14, requests::toString);
    }

    @Test
    void itemsFromRxJavasThreadsReachTheLoop() {
        Flowable<Long> f = Flowable.intervalRange(0, 5, 0, 2, TimeUnit.MILLISECONDS, Schedulers.computation());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), Corio.run(co(() -> drain(Flows.iterate(flow(f)), new ArrayList<>(), -1))));
    }

    @Test
    void aCorioPublisherUnderRxJavasOperators() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            Counting source = new Counting(100);
            List<Long> got = Flowable.fromPublisher(FlowAdapters.toPublisher(Flows.publisher(() -> source, lt.loop)))
                    .map(v -> v * 2).take(5).toList().blockingGet();
            assertEquals(List.of(0L, 2L, 4L, 6L, 8L), got);
            FlowsReactorTest.waitFor(() -> source.closed); // take(5) cancelled: the source's aclose ran
        }
    }
}
