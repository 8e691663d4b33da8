package dev.corio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that Corio's annotation processor wrote ({@code Corio_Foo}): do not edit it, change
 * {@code Foo} instead.
 *
 * <p>Corio's own annotation rather than {@code javax.annotation.processing.Generated}, for two reasons. The
 * processor claims it, so a build with {@code -Xlint:all -Werror} gets no "No processor claimed any of
 * these annotations" warning for it (javac's {@code -Xlint:processing} names every annotation of a
 * compilation that no processor claims, and {@code javax.annotation.processing.Generated} is not Corio's
 * to claim). And generated code in a named module needs no {@code requires static java.compiler}.
 *
 * <p>Its retention is {@code CLASS}, so tools that read class files can leave generated classes out:
 * JaCoCo (0.8.2+) skips classes carrying a class-retained annotation whose simple name contains
 * {@code Generated}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Generated {
    /** The processor that wrote the class: {@code "dev.corio.processor.CorioProcessor"}. */
    String value();
}
