package dev.corio.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/** The names of generated classes: {@code Corio_Foo} for {@code Foo}, {@code Corio_Outer_Inner} for a nested class. */
public final class Names {
    private Names() {
    }

    public static final String ASYNC = "dev.corio.annotation.Async";
    /** On every generated {@code Corio_} class; the processor claims it (see {@code CorioProcessor}). */
    public static final String GENERATED = "dev.corio.annotation.Generated";

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
