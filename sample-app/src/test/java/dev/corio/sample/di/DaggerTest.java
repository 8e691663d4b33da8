package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.corio.sample.hn.HnClient;
import dev.corio.sample.server.HnServer;
import org.junit.jupiter.api.Test;

/** Dagger 2: its processor and Corio's run on the same compilation (this module's tests). */
class DaggerTest {
    @Test
    void aProvidesMethodHandsOutTheGeneratedClass() {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl())) {
            CounterComponent component = DaggerCounterComponent.factory().create(client);
            CommentCounter counter = component.counter();
            Counting.countsAsACoroutine(counter);
            assertSame(counter, component.counter()); // @Singleton
        }
    }
}
