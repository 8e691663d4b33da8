package dev.corio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a coroutine: Corio's annotation processor rewrites its body into a resumable state
 * machine that runs on a {@code dev.corio.EventLoop}.
 *
 * <p>The method returns {@code dev.corio.Coroutine<T>}; inside it, {@code Corio.await(x)} suspends until
 * {@code x} (a future, a task or another coroutine) completes, and {@code return Corio.result(v)} completes
 * the coroutine with {@code v}. Callers reach the generated code through the generated class named after
 * the enclosing class ({@code Corio_Foo} for {@code Foo}); see {@code docs/processor.md}.
 *
 * <p>The source keeps compiling as ordinary Java; only the generated class is transformed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {
}
