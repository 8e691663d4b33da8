package dev.corio.processor;

import com.google.auto.common.BasicAnnotationProcessor;
import com.google.auto.service.AutoService;
import dev.corio.processor.diagnostics.Tag;
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
    /** The environment's class when it is not javac's (Eclipse's compiler): the processor then only says so. */
    private String notJavac;
    private boolean toldNotJavac;

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        try {
            JavacEnvironment.trees(processingEnv);
        } catch (IllegalArgumentException | LinkageError e) {
            // Trees.instance refuses any environment but javac's: Eclipse's compiler (ECJ, also under VS Code)
            notJavac = processingEnv.getClass().getName();
            return;
        }
        rounds.init(processingEnv);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        if (notJavac != null) {
            return Set.of(Names.ASYNC, Names.GENERATED); // the rounds were not set up (auto-common checks it)
        }
        Set<String> types = new java.util.LinkedHashSet<>(rounds.getSupportedAnnotationTypes());
        types.add(Names.GENERATED);
        return types;
    }

    @Override
    public Set<String> getSupportedOptions() {
        if (notJavac != null) {
            return Set.of();
        }
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
        if (notJavac != null) {
            needsJavac(annotations, roundEnv);
            return true;
        }
        rounds.process(annotations, roundEnv);
        return true;
    }

    /**
     * Not javac: one error, on the first {@code @Async} method, instead of a crash in every round. The
     * processor rewrites method bodies, which only javac's syntax trees give (docs/integration.md, "IDEs").
     */
    private void needsJavac(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        if (toldNotJavac) {
            return;
        }
        javax.lang.model.element.Element first = null;
        for (TypeElement a : annotations) {
            if (a.getQualifiedName().contentEquals(Names.ASYNC)) {
                for (javax.lang.model.element.Element e : roundEnv.getElementsAnnotatedWith(a)) {
                    first = e;
                    break;
                }
            }
        }
        if (first == null) {
            return; // nothing to transform in this round: nothing to say yet
        }
        toldNotJavac = true;
        processingEnv.getMessager().printMessage(Tag.NEEDS_JAVAC.kind(), Tag.NEEDS_JAVAC.format(NEEDS_JAVAC
                + " (this compiler's processing environment is " + notJavac + ")"), first);
    }

    /** The error on a compiler other than javac. */
    static final String NEEDS_JAVAC = "Corio's @Async processor needs javac, the JDK's compiler:"
            + " it rewrites method bodies from javac's syntax trees, which this compiler (Eclipse's, ECJ, also used"
            + " by VS Code's Java support) does not have. Build with javac: Maven and Gradle use it, and so does"
            + " IntelliJ IDEA; in Eclipse or VS Code turn the IDE's own annotation processing off for this project"
            + " and let Maven or Gradle compile it (docs/integration.md, \"IDEs\")";

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
