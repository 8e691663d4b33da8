package dev.corio.processor;

import com.google.auto.common.BasicAnnotationProcessor;
import com.google.auto.service.AutoService;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;

/**
 * Corio's annotation processor: for every class with {@code @Async} methods it generates
 * {@code Corio_<Class>}, whose state machines run those methods on Corio's event loop.
 *
 * <p>The pipeline, one package per phase: {@code analyse} (attribute the body, find suspension points,
 * reject misuse), {@code hoist} (which variables become fields, how types are spelled), {@code lower}
 * (statements and expressions into states), {@code emit} (JavaPoet classes). See {@code docs/processor.md}.
 */
@AutoService(Processor.class)
public final class CorioProcessor extends BasicAnnotationProcessor {
    private AsyncStep step;

    @Override
    protected Iterable<? extends Step> steps() {
        step = new AsyncStep(processingEnv);
        return List.of(step);
    }

    @Override
    protected void postRound(RoundEnvironment roundEnv) {
        step.checkLocalAsync(roundEnv.getRootElements());
        step.retryDeferred(roundEnv.processingOver());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }
}
