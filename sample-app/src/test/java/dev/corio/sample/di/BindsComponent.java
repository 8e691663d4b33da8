package dev.corio.sample.di;

import dagger.BindsInstance;
import dagger.Component;
import dev.corio.sample.hn.HnClient;

/** The component of {@link BindsModule}: {@code CommentCounter} is a {@code Corio_CommentCounter}, unscoped. */
@Component(modules = BindsModule.class)
interface BindsComponent {
    CommentCounter counter();

    @Component.Factory
    interface Factory {
        BindsComponent create(@BindsInstance HnClient client);
    }
}
