package dev.corio.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The names the processor knows: of generated classes ({@code Corio_Foo} for {@code Foo},
 * {@code Corio_Outer_Inner} for a nested class), and of the runtime types generated code refers to. Generated
 * code uses only the runtime's public API and the subclass contract of {@code Coroutine} /
 * {@code AsyncGenerator} (their protected {@code resume}, {@code SUSPENDED}, {@code loop()}), never the
 * runtime's non-exported {@code dev.corio.internal}, so that it compiles in a named module that
 * {@code requires dev.corio} (docs/processor.md, "Java modules").
 */
public final class Names {
    private Names() {
    }

    public static final String ASYNC = "dev.corio.annotation.Async";
    /** On every generated {@code Corio_} class; the processor claims it (see {@code CorioProcessor}). */
    public static final String GENERATED = "dev.corio.annotation.Generated";

    /** The base class of a coroutine's state machine. */
    public static final ClassName COROUTINE = ClassName.get("dev.corio", "Coroutine");
    /** The base class of an async generator's state machine. */
    public static final ClassName ASYNC_GENERATOR = ClassName.get("dev.corio.generators", "AsyncGenerator");
    /** {@code await(CompletionStage)} lowers to {@code AsyncFuture.fromStage(stage, loop())}. */
    public static final ClassName ASYNC_FUTURE = ClassName.get("dev.corio", "AsyncFuture");
    /** An async {@code for} holds its iterator as one. */
    public static final ClassName ASYNC_ITERATOR = ClassName.get("dev.corio.generators", "AsyncIterator");
    /** What ends an async {@code for}. */
    public static final ClassName STOP_ASYNC_ITERATION = ClassName.get("dev.corio.generators", "StopAsyncIteration");

    public static ClassName generated(TypeElement type) {
        Deque<String> simple = new ArrayDeque<>();
        Element e = type;
        while (e instanceof TypeElement) {
            simple.addFirst(e.getSimpleName().toString());
            e = e.getEnclosingElement();
        }
        String pkg = e instanceof PackageElement ? ((PackageElement) e).getQualifiedName().toString() : "";
        return ClassName.get(pkg, "Corio_" + String.join("_", simple));
    }

    public static boolean isAsync(Element e) {
        return e.getAnnotationMirrors().stream().anyMatch(a ->
                ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(ASYNC));
    }
}
