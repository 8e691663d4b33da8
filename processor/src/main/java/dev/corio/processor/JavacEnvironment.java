package dev.corio.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * javac's own processing environment behind the one a build tool hands the processor. {@code Trees}, which
 * the processor needs for method bodies, accepts javac's environment only, and Gradle gives an incremental
 * processor its wrapper of it ({@code IncrementalProcessingEnvironment}, which tracks the files written
 * through its {@code Filer}). The wrapper's public {@code getDelegateProcessingEnvironment()} is found by
 * name, so the processor needs no dependency on Gradle; only {@code Trees} is asked through the unwrapped
 * environment, and everything else (the {@code Filer} above all) still goes through the wrapper
 * (docs/processor.md, "Gradle").
 */
final class JavacEnvironment {
    /** Gradle's accessor of the environment it wraps. */
    static final String DELEGATE = "getDelegateProcessingEnvironment";

    private JavacEnvironment() {
    }

    /** {@code Trees} for {@code env}, or for the environment it wraps; javac's exception if there is none. */
    static Trees trees(ProcessingEnvironment env) {
        try {
            return Trees.instance(env);
        } catch (IllegalArgumentException notJavacs) {
            ProcessingEnvironment inner = delegate(env);
            if (inner == null || inner == env) {
                throw notJavacs;
            }
            return trees(inner);
        }
    }

    /** javac's own environment: {@code env}, or the one it wraps (whose {@code Filer} Gradle does not track). */
    static ProcessingEnvironment javac(ProcessingEnvironment env) {
        try {
            Trees.instance(env);
            return env;
        } catch (IllegalArgumentException notJavacs) {
            ProcessingEnvironment inner = delegate(env);
            return inner == null || inner == env ? env : javac(inner);
        }
    }

    /** The environment {@code env} wraps, or null when it has no public accessor for one. */
    private static ProcessingEnvironment delegate(ProcessingEnvironment env) {
        Method m;
        try {
            m = env.getClass().getMethod(DELEGATE);
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (!ProcessingEnvironment.class.isAssignableFrom(m.getReturnType())) {
            return null;
        }
        try {
            // Gradle's wrapper class is package-private: its public method is reachable only this way
            m.setAccessible(true);
            return (ProcessingEnvironment) m.invoke(env);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("Corio cannot reach javac's processing environment inside "
                    + env.getClass().getName() + " through its " + DELEGATE + "()", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(env.getClass().getName() + "." + DELEGATE + "() failed", e.getCause());
        }
    }
}
