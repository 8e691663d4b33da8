package dev.corio.processor.hoist;

import com.palantir.javapoet.TypeName;
import javax.lang.model.element.VariableElement;

/**
 * A variable of the state machine: a parameter, a local of the method, or a temporary the lowering
 * spilled. Fields survive suspension; a local that never crosses a state boundary stays a Java local
 * ({@link #field} false).
 */
public final class Var {
    public final VariableElement element; // null for temporaries
    public final TypeName type;
    public final boolean param;
    public final boolean field;
    /** Declared with {@code var}: a Java local keeps the keyword. */
    public final boolean inferred;
    public final String name;

    Var(VariableElement element, TypeName type, boolean param, boolean field, boolean inferred, String name) {
        this.element = element;
        this.type = type;
        this.param = param;
        this.field = field;
        this.inferred = inferred;
        this.name = name;
    }

    /** Reference-typed fields are cleared once dead, so a suspended coroutine holds no garbage. */
    public boolean clearable() {
        return field && !type.isPrimitive();
    }

    @Override
    public String toString() {
        return name;
    }
}
