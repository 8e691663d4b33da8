package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import dev.corio.sample.hn.HnClient;
import dev.corio.sample.server.HnServer;
import org.junit.jupiter.api.Test;

/** Guice: three bindings that hand out {@code Corio_CommentCounter}. */
class GuiceTest {
    private static AbstractModule client(HnClient client) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(HnClient.class).toInstance(client);
            }
        };
    }

    @Test
    void toConstructorBindsTheGeneratedConstructor() throws NoSuchMethodException {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl())) {
            Injector injector = Guice.createInjector(client(client), new AbstractModule() {
                @Override
                protected void configure() {
                    try {
                        bind(CommentCounter.class).toConstructor(Corio_CommentCounter.class.getConstructor(HnClient.class));
                    } catch (NoSuchMethodException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            Counting.countsAsACoroutine("Guice toConstructor", injector.getInstance(CommentCounter.class));
        }
    }

    @Test
    void aProvidesMethodHandsOutTheGeneratedClass() {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl())) {
            Injector injector = Guice.createInjector(client(client), new AbstractModule() {
                @Provides
                CommentCounter counter(HnClient c) {
                    return new Corio_CommentCounter(c);
                }
            });
            Counting.countsAsACoroutine("Guice @Provides", injector.getInstance(CommentCounter.class));
        }
    }

    /**
     * A linked binding: Guice builds {@code Corio_CommentCounter} itself, through the {@code @Inject} the
     * processor carried to its constructor (docs/processor.md, "Annotations carried to the generated class").
     */
    @Test
    void linkedBindingUsesTheCarriedInjectOnTheGeneratedConstructor() {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl())) {
            Injector injector = Guice.createInjector(client(client), new AbstractModule() {
                @Override
                protected void configure() {
                    bind(CommentCounter.class).to(Corio_CommentCounter.class);
                }
            });
            CommentCounter counter = injector.getInstance(CommentCounter.class);
            assertEquals(Corio_CommentCounter.class, counter.getClass());
            Counting.countsAsACoroutine("Guice linked binding", counter);
        }
    }
}
