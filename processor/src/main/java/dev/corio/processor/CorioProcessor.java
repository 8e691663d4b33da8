package dev.corio.processor;

import com.google.auto.common.BasicAnnotationProcessor;
import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Corio's annotation processor: for every class with {@code @Async} methods it generates
 * {@code Corio_<Class>}, whose state machines run those methods on Corio's event loop.
 *
 * <p>The pipeline, one package per phase: {@code analyse} (attribute the body, find suspension points,
 * reject misuse), {@code hoist} (which variables become fields, how types are spelled), {@code lower}
 * (statements and expressions into states), {@code emit} (JavaPoet classes). See {@code docs/processor.md}.
 *
 * <p>The rounds are run by auto-common's {@link BasicAnnotationProcessor} (deferral of elements whose
 * types do not exist yet), held here rather than extended because its {@code process} is final and
 * returns {@code false}: this processor claims {@code @Async} (returns {@code true}), so a build with
 * {@code -Xlint:all -Werror} gets no "No processor claimed any of these annotations" warning. For the same
 * reason it also supports and claims {@code dev.corio.annotation.Generated}, the annotation on the classes it
 * writes (javac would otherwise name it in the next round). Claiming takes nothing from other processors:
 * both annotations are Corio's alone, and javac passes this processor only the annotations it supports.
 */
@AutoService(Processor.class)
public final class CorioProcessor extends AbstractProcessor {
    private final Rounds rounds = new Rounds();

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        rounds.init(processingEnv);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> types = new java.util.LinkedHashSet<>(rounds.getSupportedAnnotationTypes());
        types.add(Names.GENERATED);
        return types;
    }

    @Override
    public Set<String> getSupportedOptions() {
        Set<String> options = new java.util.LinkedHashSet<>(rounds.getSupportedOptions());
        options.add("corio.timing"); // -Acorio.timing: a note with the time of the processor's own attribution
        return options;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        rounds.process(annotations, roundEnv);
        return true;
    }

    /** The rounds: the {@link AsyncStep} on every round, then the checks and retries after it. */
    private static final class Rounds extends BasicAnnotationProcessor {
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
}
