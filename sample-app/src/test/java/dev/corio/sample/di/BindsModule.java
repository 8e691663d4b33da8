package dev.corio.sample.di;

import dagger.Binds;
import dagger.Module;

/**
 * Binds {@code CommentCounter} to the generated class, which Dagger builds itself through the {@code @Inject}
 * the processor carried to its constructor (docs/integration.md).
 */
@Module
interface BindsModule {
    @Binds
    CommentCounter counter(Corio_CommentCounter counter);
}
