package dev.corio;

import dev.corio.generators.AsyncGenerator;
import dev.corio.internal.IoStep;
import dev.corio.internal.CoreAccess;
import java.util.function.Function;

/** The implementation of {@link CoreAccess}: the loop's package-private side, for the runtime's sub-packages. */
final class InternalAccess extends CoreAccess {
    @Override
    public void checkThread(EventLoop loop, String what) {
        loop.checkThread(what);
    }

    @Override
    public <T extends IoStep> T ioStep(EventLoop loop, Class<T> type, Function<EventLoop, T> factory) {
        return loop.ioStep(type, factory);
    }

    @Override
    public boolean rearm(Coroutine<?> coroutine) {
        return coroutine.rearm();
    }

    @Override
    public boolean enterInlineRun(Coroutine<?> frame) {
        return Coroutine.enterInlineRun(frame);
    }

    @Override
    public void leaveInlineRun(Coroutine<?> frame) {
        Coroutine.leaveInlineRun(frame);
    }

    @Override
    public void attachTo(Coroutine<?> coroutine, Coroutine<?> frame) {
        coroutine.attachTo(frame);
    }

    @Override
    public void detachFrom(Coroutine<?> coroutine, Coroutine<?> frame) {
        coroutine.detachFrom(frame);
    }

    @Override
    public void asyncgenStarted(EventLoop loop, AsyncGenerator<?> generator) {
        loop.asyncgens.started(generator);
    }

    @Override
    public void asyncgenFinished(EventLoop loop, AsyncGenerator<?> generator) {
        loop.asyncgens.finished(generator);
    }
}
