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
 * <p>The method returns {@code dev.corio.Coroutine<T>}. Inside it, {@code Corio.await(x)} suspends until
 * {@code x} (a future, a task, another coroutine, a {@code CompletionStage}) completes, and gives its value or
 * throws its exception; {@code return Corio.result(v)} completes the coroutine with {@code v};
 * {@code return otherCoroutine} completes it with what that coroutine gives. A {@code try} on an
 * {@code AsyncContextManager} resource is Python's {@code async with}. To catch a checked exception raised
 * in an awaited coroutine, write {@code await(x, IOException.class)}: the same await, declared to throw it.
 *
 * <p>Callers reach the generated code through the class generated next to the enclosing one:
 * {@code new Corio_Foo(...)} for instance methods (it extends {@code Foo} and overrides them),
 * {@code Corio_Foo.method(...)} for static ones ({@code Corio_Outer_Inner} for a nested class). The method
 * must not be private or final, and its class must be extensible for instance methods; the processor
 * reports each violation as a compile error that names the fix. See {@code docs/processor.md}.
 *
 * <p>The source keeps compiling as ordinary Java; only the generated class is transformed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {
}
