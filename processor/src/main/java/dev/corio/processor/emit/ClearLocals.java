package dev.corio.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.corio.processor.lower.Layout;
import javax.lang.model.element.Modifier;

/**
 * The machine's {@code clearLocals()} ({@code Coroutine.clearLocals}): once the coroutine of a task has
 * finished, the task nulls the machine's reference fields through it, as CPython clears a finished
 * coroutine's frame. A done task keeps its coroutine ({@code getCoro()}), and a program often keeps done
 * tasks (a list of children its creator awaits in turn): without this, each would keep what its locals last
 * referenced, and a fan-out of tasks every finished subtree. Written only when the machine has such a field;
 * {@code $self} (final) stays, and so do {@code $state} and the other primitives, which
 * {@code sourceLocation()} reads.
 */
final class ClearLocals {
    private ClearLocals() {
    }

    /** Adds the override to {@code t} (a coroutine's machine, not an async generator's) when it has anything to clear. */
    static void addTo(TypeSpec.Builder t, Layout layout) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("clearLocals")
                .addJavadoc("The coroutine finished as a task's: drop what its fields still reference.\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED);
        boolean any = false;
        for (Layout.Field f : layout.fields()) {
            if (!f.type().isPrimitive()) {
                m.addStatement("$L = null", f.name());
                any = true;
            }
        }
        if (any) {
            t.addMethod(m.build());
        }
    }
}
