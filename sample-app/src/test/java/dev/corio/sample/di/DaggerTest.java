package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
            Counting.countsAsACoroutine("Dagger @Provides", counter);
            assertSame(counter, component.counter()); // @Singleton
        }
    }

    @Test
    void bindsUsesTheCarriedInjectOnTheGeneratedConstructor() {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl())) {
            BindsComponent component = DaggerBindsComponent.factory().create(client);
            CommentCounter counter = component.counter();
            assertEquals(Corio_CommentCounter.class, counter.getClass());
            Counting.countsAsACoroutine("Dagger @Binds", counter);
            assertNotSame(counter, component.counter()); // unscoped: CommentCounter has no @Singleton
        }
    }
}
