package dev.corio.processor.hoist;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;

/**
 * The class type variables an instance {@code @Async} method hides with type variables of its own
 * ({@code class T<S> { @Async <S> Coroutine<S> m(S x) }}), and the names its state machine gives them. The
 * machine declares the class's variables and the method's side by side, so one of each pair is renamed: the
 * class's, because the body (copied as written) spells only the method's, the one in scope there, and cannot
 * name the class's at all. Each gets {@code S$2} (the first of {@code S$2, S$3, ...} that is neither a type
 * variable of the class or the method nor a name the body spells); {@link Denotable#renaming} spells the
 * types of the machine's fields, casts and {@code $self} with it.
 */
public final class HiddenVariables {
    private HiddenVariables() {
    }

    /** Hidden class variable -> its name in the machine, in declaration order; empty for a static method. */
    public static Map<String, String> of(TypeElement type, ExecutableElement method, NameAllocator body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (method.getModifiers().contains(Modifier.STATIC)) {
            return out;
        }
        Set<String> taken = new HashSet<>();
        type.getTypeParameters().forEach(p -> taken.add(p.getSimpleName().toString()));
        method.getTypeParameters().forEach(p -> taken.add(p.getSimpleName().toString()));
        for (TypeParameterElement c : type.getTypeParameters()) {
            String n = c.getSimpleName().toString();
            boolean hidden = method.getTypeParameters().stream().anyMatch(v -> v.getSimpleName().contentEquals(n));
            if (hidden) {
                String renamed;
                for (int i = 2; !taken.add(renamed = n + "$" + i) || (body != null && body.spelled(renamed)); i++) {
                    // the next free name
                }
                out.put(n, renamed);
            }
        }
        return out;
    }
}
