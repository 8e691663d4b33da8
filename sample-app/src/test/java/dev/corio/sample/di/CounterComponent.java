package dev.corio.sample.di;

import dagger.BindsInstance;
import dagger.Component;
import dev.corio.sample.hn.HnClient;
import jakarta.inject.Singleton;

/** Dagger's component: Dagger's processor generates {@code DaggerCounterComponent} in the same compilation as Corio's. */
@Singleton
@Component(modules = CounterModule.class)
interface CounterComponent {
    CommentCounter counter();

    @Component.Factory
    interface Factory {
        CounterComponent create(@BindsInstance HnClient client);
    }
}
