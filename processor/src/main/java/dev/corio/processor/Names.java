package dev.corio.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Every name the processor shares with the runtime, in one place: the annotations, the runtime classes the
 * bodies and the generated code use, and the protocol members the generated code calls (a rename in the
 * runtime is one line here); and the names of generated classes: {@code Corio_Foo} for {@code Foo},
 * {@code Corio_Outer_Inner} for a nested class.
 *
 * <p>Generated code uses only the runtime's public API and the subclass contract of {@code Coroutine} /
 * {@code AsyncGenerator} (their protected {@code resume}, {@code SUSPENDED}, {@code loop()}), never the
 * runtime's non-exported {@code dev.corio.internal}, so that it compiles in a named module that
 * {@code requires dev.corio} (docs/processor.md, "Java modules").
 */
public final class Names {
    private Names() {
    }

    /** The package of Corio's annotations, with the dot. */
    public static final String ANNOTATION_PACKAGE = "dev.corio.annotation.";
    public static final String ASYNC = ANNOTATION_PACKAGE + "Async";
    /** On every generated {@code Corio_} class; the processor claims it (see {@code CorioProcessor}). */
    public static final String GENERATED = ANNOTATION_PACKAGE + "Generated";
    public static final String PROCESSOR = "dev.corio.processor.CorioProcessor";

    // ---- runtime classes (qualified names)

    /** The static markers of coroutine bodies: {@code await}, {@code result}. */
    public static final String CORIO = "dev.corio.Corio";
    public static final String COROUTINE = "dev.corio.Coroutine";
    public static final String AWAITABLE = "dev.corio.Awaitable";
    public static final String ASYNC_FUTURE = "dev.corio.AsyncFuture";
    public static final String ASYNC_CONTEXT_MANAGER = "dev.corio.AsyncContextManager";
    /** The static markers of generator bodies: {@code emit}, {@code done}, {@code awaitEach}. */
    public static final String GENERATORS = "dev.corio.generators.Generators";
    public static final String ASYNC_GENERATOR = "dev.corio.generators.AsyncGenerator";
    public static final String ASYNC_ITERATOR = "dev.corio.generators.AsyncIterator";
    public static final String STOP_ASYNC_ITERATION = "dev.corio.generators.StopAsyncIteration";

    // ---- protocol members the generated code calls or overrides

    /** What {@code awaitFrom} and {@code resume} return when the machine suspends (a constant of Coroutine). */
    public static final String SUSPENDED = "SUSPENDED";
    /** What a generator's {@code resume} returns at its end (a constant of AsyncGenerator). */
    public static final String FINISHED = "FINISHED";
    /** The machine's step: {@code Object resume(Object value, Throwable error)}. */
    public static final String RESUME = "resume";
    /** {@code awaitable.awaitFrom(frame)}: the value at once, or SUSPENDED with the frame to resume registered. */
    public static final String AWAIT_FROM = "awaitFrom";
    /** A generator hands a value to its consumer: {@code return produced(value);}. */
    public static final String PRODUCED = "produced";
    /** The frame a generator's awaits are made from (its running step). */
    public static final String FRAME = "frame";
    /**
     * {@code registerCode(MethodHandles.lookup(), name, owner, method, file, state, lines, map)}: a machine's
     * static initializer registers its code (toString, async stack traces; Coroutine's and AsyncGenerator's).
     */
    public static final String REGISTER_CODE = "registerCode";
    /** The coroutine's event loop. */
    public static final String LOOP = "loop";
    /** {@code AsyncFuture.fromStage(stage, loop)}: a CompletionStage as an awaitable. */
    public static final String FROM_STAGE = "fromStage";
    public static final String AITER = "aiter";
    public static final String ANEXT = "anext";
    /** {@code AsyncIterator.anextFrom(frame)}: the async for's await of the next value (a generator's fast path). */
    public static final String ANEXT_FROM = "anextFrom";
    public static final String ACLOSE = "aclose";
    public static final String AENTER = "aenter";
    public static final String AEXIT = "aexit";

    /** The JavaPoet name of runtime class {@code qualified} (one of the constants above). */
    public static ClassName type(String qualified) {
        return ClassName.bestGuess(qualified);
    }

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
