package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code for (T x : awaitEach(Flows.iterate(publisher)))} in {@code @Async} code over a Reactor {@code Flux},
 * and a generator offered to Reactor with {@code Flows.publisher}: demand as consumed, the subscription
 * cancelled when the loop is left early, the generator's {@code finally} run when Reactor cancels.
 */
@org.junit.jupiter.api.Timeout(60)
class FlowAsyncForTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(GeneratorTest.gen(
                "  @Async public Coroutine<String> sumUntil(int stopAt) {",
                "    List<String> seen = new ArrayList<>();",
                "    reactor.core.publisher.Flux<Integer> flux = reactor.core.publisher.Flux.range(1, 1000)",
                "        .doOnRequest(n -> seen.add(\"request \" + n)).doOnCancel(() -> seen.add(\"cancel\"));",
                "    int total = 0;",
                "    for (int x : awaitEach(dev.corio.flow.Flows.iterate(reactor.adapter.JdkFlowAdapter.publisherToFlowPublisher(flux), 2))) {",
                "      if (x == stopAt) break;",
                "      total += x;",
                "    }",
                "    return result(total + \" \" + seen);",
                "  }",
                "  @Async public Coroutine<Integer> first() {",
                "    return result(await(dev.corio.flow.Flows.first(reactor.adapter.JdkFlowAdapter.publisherToFlowPublisher(",
                "        reactor.core.publisher.Flux.just(5, 6).publishOn(reactor.core.scheduler.Schedulers.parallel())))));",
                "  }",
                "  @Async AsyncGenerator<Integer> numbers(int n) {",
                "    try {",
                "      for (int i = 0; i < n; i++) { await(sleep(0.001)); emit(i); }",
                "    } finally {",
                "      await(sleep(0.001));",
                "      Aw.LOG.add(\"numbers finally\");",
                "    }",
                "    return done();",
                "  }",
                "  @Async public Coroutine<List<Integer>> roundTrip() {",
                "    java.util.concurrent.Flow.Publisher<Integer> p = dev.corio.flow.Flows.publisher(() -> numbers(100));",
                "    reactor.core.publisher.Flux<Integer> tens = reactor.adapter.JdkFlowAdapter.flowPublisherToFlux(p).map(x -> x * 10);",
                "    List<Integer> got = new ArrayList<>();",
                "    for (Integer x : awaitEach(dev.corio.flow.Flows.iterate(reactor.adapter.JdkFlowAdapter.publisherToFlowPublisher(tens)))) {",
                "      got.add(x);",
                "      if (got.size() == 3) break;",
                "    }",
                "    for (int i = 0; i < 1000 && Aw.LOG.isEmpty(); i++) await(sleep(0.005));",
                "    return result(got);",
                "  }"));
    }

    @Test
    void breakCancelsAndDemandFollowsConsumption() throws Throwable {
        // prefetch 2: two at the start, two more once the body is done with two; break at 4 cancels
        assertEquals("6 [request 2, request 2, cancel]", Harness.run(l, "T", "sumUntil", 4));
    }

    @Test
    void firstOfAFluxOnAnotherThread() throws Throwable {
        assertEquals(5, Harness.run(l, "T", "first"));
    }

    @Test
    void aGeneratorThroughReactorAndBack() throws Throwable {
        Harness.log(l).clear();
        // On a real clock: on a virtual one, awaiting a publisher stops time (it is an external operation,
        // docs/integration.md), and this publisher's generator needs time to pass on the same loop.
        Object target = l.loadClass("t.Corio_T").getDeclaredConstructor().newInstance();
        java.lang.reflect.Method m = Harness.find(target.getClass(), "roundTrip");
        assertEquals(List.of(0, 10, 20), dev.corio.Corio.run((dev.corio.Coroutine<?>) m.invoke(target)));
        // the break cancelled Reactor's subscription, which closed the generator: its finally ran (and awaited)
        assertEquals(List.of("numbers finally"), Harness.log(l));
    }
}
