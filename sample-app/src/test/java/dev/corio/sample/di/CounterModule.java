package dev.corio.sample.di;

import dagger.Module;
import dagger.Provides;
import dev.corio.sample.hn.HnClient;
import jakarta.inject.Singleton;

/**
 * Binds {@code CommentCounter} to the generated class with a {@code @Provides} method, which also works for a
 * class with no {@code @Inject} constructor; {@link BindsModule} lets Dagger build it instead
 * (docs/integration.md).
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
