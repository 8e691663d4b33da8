package dev.corio.flow;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.CancelledError;
import dev.corio.Co;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.generators.AsyncIterator;
import dev.corio.generators.StopAsyncIteration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link Flows} against Reactor, a real Reactive Streams implementation, through its JDK {@code Flow} adapter:
 * what Reactor sees requested and cancelled, and what the coroutine gets.
 */
class FlowsReactorTest {

    private static <T> Flow.Publisher<T> flow(Flux<T> flux) {
        return JdkFlowAdapter.publisherToFlowPublisher(flux);
    }

    /** Awaits every item, one anext at a time, stopping after {@code stopAt} (then closing, as a break does). */
    private static <T> Co.Step<List<T>> drain(AsyncIterator<T> it, List<T> got, int stopAt, Runnable each) {
        return await(it.anext(), v -> {
            got.add(v);
            each.run();
            if (got.size() == stopAt) {
                return await(it.aclose(), x -> done(got));
            }
            return drain(it, got, stopAt, each);
        }, e -> {
            if (e instanceof StopAsyncIteration) {
                return done(got);
            }
            throw e;
        });
    }

    private static <T> List<T> drain(AsyncIterator<T> it, int stopAt, Runnable each) {
        return Corio.run(co(() -> drain(it, new ArrayList<>(), stopAt, each)));
    }

    // ---------------------------------------------------------------- first and single

    @Test
    void firstRequestsOneAndCancelsTheRest() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Flux<Integer> flux = Flux.just(1, 2, 3)
                .doOnRequest(n -> seen.add("request " + n))
                .doOnCancel(() -> seen.add("cancel"));
        assertEquals(1, Corio.<Integer>run(co(() -> await(Flows.first(flow(flux)), Co::done))));
        assertEquals(List.of("request 1", "cancel"), seen);
    }

    @Test
    void firstOfAnEmptyPublisherThrowsNoSuchElement() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> Corio.run(co(() -> await(Flows.first(flow(Flux.<Integer>empty())), Co::done))));
        assertEquals("first(): the publisher completed without an item", e.getMessage());
    }

    @Test
    void firstRethrowsThePublishersFailureUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> Corio.run(co(() -> await(Flows.first(flow(Flux.<Integer>error(boom))), Co::done)))));
    }

    @Test
    void firstOfAnItemSignalledOnAnotherThread() {
        Flux<String> later = Flux.just("late").delayElements(Duration.ofMillis(20)); // Reactor's parallel scheduler
        assertEquals("late", Corio.run(co(() -> await(Flows.first(flow(later)), Co::done))));
    }

    @Test
    void aVirtualClockWaitsForThePublisherInRealTime() {
        // The loop has nothing else to do: with the bridge counted as outstanding, time does not jump
        // and the loop waits for Reactor's timer thread instead of ending or reporting a deadlock.
        Integer v = Corio.run(co(() -> await(Flows.first(flow(Mono.just(7).delayElement(Duration.ofMillis(30)).flux())),
                Co::done)), EventLoop::virtual);
        assertEquals(7, v);
    }

    @Test
    void singleGivesTheOnlyItem() {
        assertEquals(7, Corio.<Integer>run(co(() -> await(Flows.single(flow(Flux.just(7))), Co::done))));
    }

    @Test
    void singleFailsOnASecondItemAndCancels() {
        AtomicInteger cancels = new AtomicInteger();
        Flux<Integer> two = Flux.just(1, 2, 3).doOnCancel(cancels::incrementAndGet);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corio.run(co(() -> await(Flows.single(flow(two)), Co::done))));
        assertEquals("single(): the publisher gave more than one item", e.getMessage());
        assertEquals(1, cancels.get());
    }

    @Test
    void cancellingTheAwaitCancelsTheSubscription() {
        AtomicInteger cancels = new AtomicInteger();
        Flux<Integer> never = Flux.<Integer>never().doOnCancel(cancels::incrementAndGet);
        Corio.run(co(() -> {
            Task<Integer> t = Corio.createTask(co(() -> await(Flows.first(flow(never)), Co::done)));
            return await(Corio.sleep(0.05), x -> {
                t.cancel();
                return await(t, v -> done(0), e -> {
                    assertTrue(e instanceof CancelledError, e.toString());
                    return done(1);
                });
            });
        }));
        assertEquals(1, cancels.get());
    }

    // ---------------------------------------------------------------- iterate

    @Test
    void iterateGetsEveryItemInOrderWithBoundedDemand() {
        AtomicLong requested = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        List<Long> requests = new CopyOnWriteArrayList<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        Flux<Integer> flux = Flux.range(1, 100).doOnRequest(n -> {
            requests.add(n);
            // never more than the prefetch outstanding beyond what the coroutine consumed
            if (requested.addAndGet(n) - consumed.get() > Flows.DEFAULT_PREFETCH) {
                violations.add("requested " + requested.get() + " with " + consumed.get() + " consumed");
            }
        });
        List<Integer> got = drain(Flows.iterate(flow(flux)), -1, consumed::incrementAndGet);
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList()), got);
        assertEquals(List.of(), violations);
        assertEquals(16L, requests.get(0));
        assertTrue(requests.subList(1, requests.size()).stream().allMatch(n -> n == 12L), requests.toString());
    }

    @Test
    void prefetchOneRequestsEachItemAsThePreviousIsConsumed() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Flux<Integer> flux = Flux.range(1, 3).doOnRequest(n -> seen.add("request " + n)).doOnNext(v -> seen.add("item " + v));
        drain(Flows.iterate(flow(flux), 1), -1, () -> seen.add("consumed"));
        // range completes after its last item without waiting for demand: no fourth request
        assertEquals(List.of("request 1", "item 1", "consumed", "request 1", "item 2", "consumed",
                "request 1", "item 3", "consumed"), seen);
    }

    @Test
    void stoppingEarlyCancelsTheSubscription() {
        AtomicInteger cancels = new AtomicInteger();
        AtomicLong emitted = new AtomicLong();
        Flux<Integer> big = Flux.range(1, 1_000_000).doOnNext(v -> emitted.incrementAndGet()).doOnCancel(cancels::incrementAndGet);
        assertEquals(List.of(1, 2, 3), drain(Flows.iterate(flow(big)), 3, () -> { }));
        assertEquals(1, cancels.get());
        assertTrue(emitted.get() <= Flows.DEFAULT_PREFETCH, "emitted " + emitted.get());
    }

    @Test
    void aFailureComesAfterTheItemsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Integer> got = new ArrayList<>();
        Flux<Integer> flux = Flux.concat(Flux.just(1, 2), Flux.error(boom));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Corio.run(co(() -> drain(Flows.iterate(flow(flux)), got, -1, () -> { }))));
        assertSame(boom, e);
        assertEquals(List.of(1, 2), got);
    }

    @Test
    void itemsFromAnotherThreadArriveInOrder() {
        Flux<Integer> flux = Flux.range(1, 1000).publishOn(Schedulers.parallel(), 8);
        List<Integer> got = drain(Flows.iterate(flow(flux)), -1, () -> { });
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 1000).boxed().collect(Collectors.toList()), got);
    }

    @Test
    void cancellingTheIteratingTaskCancelsTheSubscriptionAtItsClose() {
        AtomicInteger cancels = new AtomicInteger();
        Flux<Integer> slow = Flux.just(1).concatWith(Flux.never()).doOnCancel(cancels::incrementAndGet);
        AsyncIterator<Integer> it = Flows.iterate(flow(slow));
        List<Integer> got = new ArrayList<>();
        Corio.run(co(() -> {
            Task<List<Integer>> t = Corio.createTask(co(() -> drain(it, got, -1, () -> { })));
            return await(Corio.sleep(0.05), x -> {
                t.cancel();
                return await(t, v -> done(0), e -> await(it.aclose(), y -> done(1))); // what the async for's finally does
            });
        }));
        assertEquals(List.of(1), got);
        assertEquals(1, cancels.get());
    }

    @Test
    void twoAnextsAtOnceIsAMisuse() {
        AsyncIterator<Integer> it = Flows.iterate(flow(Flux.<Integer>never()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Corio.run(co(() -> {
            Corio.createTask(co(() -> await(it.anext(), Co::done)));
            return await(Corio.sleep(0.01), x -> await(it.anext(), Co::done));
        })));
        assertTrue(e.getMessage().contains("await one at a time"), e.getMessage());
    }

    @Test
    void aPublisherThatThrowsFromSubscribeFailsTheAwait() {
        IllegalStateException bad = new IllegalStateException("bad publisher");
        Flow.Publisher<Integer> throwing = s -> {
            throw bad;
        };
        assertSame(bad, assertThrows(IllegalStateException.class,
                () -> Corio.run(co(() -> await(Flows.first(throwing), Co::done)), EventLoop::virtual)));
        assertSame(bad, assertThrows(IllegalStateException.class,
                () -> Corio.run(co(() -> drain(Flows.iterate(throwing), new ArrayList<>(), -1, () -> { })), EventLoop::virtual)));
    }

    // ---------------------------------------------------------------- publisher

    @Test
    void reactorConsumesAnIterableWithDemand() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            Counting source = new Counting(1000, true, -1);
            List<Long> got = JdkFlowAdapter.flowPublisherToFlux(Flows.publisher(() -> source, lt.loop))
                    .limitRate(10).take(25).collectList().block(Duration.ofSeconds(10));
            assertEquals(LongStream.range(0, 25).boxed().collect(Collectors.toList()), got);
            waitFor(() -> source.closed);
            // pulled as far as requested: limitRate(10) asks 10, then 8 (75%) at a time; take(25) cancels
            assertTrue(source.log.size() <= 1 + 30, source.log.toString());
            assertEquals("aclose", source.log.get(source.log.size() - 1));
        }
    }

    @Test
    void aSourceFailureIsReactorsError() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            Flux<Long> flux = JdkFlowAdapter.flowPublisherToFlux(Flows.publisher(() -> new Counting(10, false, 3), lt.loop));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> flux.collectList().block(Duration.ofSeconds(10)));
            assertEquals("boom at 3", e.getMessage());
        }
    }

    @Test
    void eachSubscriberIteratesItsOwnSource() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            Flux<Long> flux = JdkFlowAdapter.flowPublisherToFlux(Flows.publisher(() -> new Counting(3), lt.loop));
            assertEquals(List.of(0L, 1L, 2L, 0L, 1L, 2L), flux.concatWith(flux).collectList().block(Duration.ofSeconds(10)));
        }
    }

    @Test
    void anIteratorIsIteratedByOneSubscriberOnly() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            Flux<Long> flux = JdkFlowAdapter.flowPublisherToFlux(Flows.publisher(new Counting(3), lt.loop));
            assertEquals(List.of(0L, 1L, 2L), flux.collectList().block(Duration.ofSeconds(10)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> flux.blockLast(Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("iterated by one subscriber only"), e.getMessage());
        }
    }

    @Test
    void aClosedLoopsPublisherSignalsAnError() {
        EventLoop loop = EventLoop.create();
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JdkFlowAdapter.flowPublisherToFlux(Flows.publisher(() -> new Counting(3), loop)).blockLast());
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void aPublisherOfAnIterableRoundTripsIntoAnotherLoop() throws Exception {
        // Corio -> Flow -> Reactor's operators -> Flow -> Corio, on two loops
        try (LoopThread lt = new LoopThread()) {
            Flux<Long> doubled = JdkFlowAdapter.flowPublisherToFlux(Flows.publisher(() -> new Counting(50, true, -1), lt.loop))
                    .map(v -> v * 2);
            List<Long> got = drain(Flows.iterate(flow(doubled), 4), -1, () -> { });
            assertEquals(LongStream.range(0, 50).map(v -> v * 2).boxed().collect(Collectors.toList()), got);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
