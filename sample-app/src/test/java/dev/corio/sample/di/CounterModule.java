package dev.corio.sample.di;

import dagger.Module;
import dagger.Provides;
import dev.corio.sample.hn.HnClient;
import jakarta.inject.Singleton;

/**
 * Binds {@code CommentCounter} to the generated class. A {@code @Provides} method, not
 * {@code @Binds CommentCounter bind(Corio_CommentCounter c)}: Dagger builds a class itself only through an
 * {@code @Inject} constructor, and the processor does not carry {@code @Inject} to {@code Corio_}
 * constructors yet (docs/integration.md).
 */
@Module
final class CounterModule {
    private CounterModule() {
    }

    @Provides
    @Singleton
    static CommentCounter counter(HnClient client) {
        return new Corio_CommentCounter(client);
    }
}
