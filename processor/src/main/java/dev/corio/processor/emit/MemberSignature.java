package dev.corio.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * The signature of a method as a member of the generated class, for the overrides that class writes: the
 * method's type as {@code Types.asMemberOf} gives it for the class ({@code Equals extends Equivalence<Object>}
 * inherits {@code <S extends T> wrap(S)} as {@code <S extends Object> wrap(S)}, Guava), so its type variables'
 * bounds, parameter, result and thrown types name only what the class has. Bounds are read from the type
 * variables of that member type (the element's own bounds are the declaring class's), with a first bound
 * {@code Object} kept as written ({@code <C extends Object & AutoCloseable>} erases to {@code Object}: an
 * override, or a static entry that hides the method, must keep it; Guava {@code ClosingFuture}). A method type variable whose name is one of the class's own type variables is renamed
 * ({@code S$2}): {@code Same<S> extends Base<S>} inherits {@code <S extends T>} as a bound on the class's
 * {@code S}.
 */
final class MemberSignature {
    private final ExecutableElement method;
    private final ExecutableType type;
    /** By element: the member type's variables are new objects with the declared ones' elements (javac's substBounds). */
    private final Map<javax.lang.model.element.Element, String> names = new java.util.HashMap<>();
    private final List<String> variableNames = new ArrayList<>();

    /**
     * {@code method} with type {@code asMember} (as a member of the generated class, or its own type for a method
     * the class declares), in a class whose type variables are named {@code classVariables}.
     */
    MemberSignature(ExecutableElement method, ExecutableType asMember, Set<String> classVariables) {
        this.method = method;
        this.type = asMember;
        Set<String> taken = new java.util.HashSet<>(classVariables);
        for (TypeVariable v : asMember.getTypeVariables()) {
            taken.add(v.asElement().getSimpleName().toString());
        }
        for (TypeVariable v : asMember.getTypeVariables()) {
            String n = v.asElement().getSimpleName().toString();
            if (classVariables.contains(n)) {
                String base = n;
                for (int i = 2; !taken.add(n = base + "$" + i); i++) {
                    // the next free name
                }
            }
            names.put(v.asElement(), n);
            variableNames.add(n);
        }
    }

    /** The method's type variables' names in the signature, in order (for explicit type arguments). */
    List<String> variableNames() {
        return variableNames;
    }

    /** Adds the type variables, parameters (with varargs), result and thrown types to {@code m}. */
    void addTo(MethodSpec.Builder m, List<List<com.palantir.javapoet.AnnotationSpec>> parameterAnnotations) {
        addTo(m, parameterAnnotations, true);
    }

    /** As {@link #addTo(MethodSpec.Builder, List)}, the thrown types only with {@code thrown}. */
    void addTo(MethodSpec.Builder m, List<List<com.palantir.javapoet.AnnotationSpec>> parameterAnnotations, boolean thrown) {
        for (TypeVariable v : type.getTypeVariables()) {
            m.addTypeVariable(declaration(v));
        }
        List<? extends TypeMirror> params = type.getParameterTypes();
        for (int i = 0; i < params.size(); i++) {
            m.addParameter(com.palantir.javapoet.ParameterSpec.builder(of(params.get(i)),
                    method.getParameters().get(i).getSimpleName().toString())
                    .addAnnotations(parameterAnnotations == null ? List.of() : parameterAnnotations.get(i)).build());
        }
        m.varargs(method.isVarArgs());
        if (method.getKind() != javax.lang.model.element.ElementKind.CONSTRUCTOR) {
            m.returns(of(type.getReturnType()));
        }
        for (TypeMirror t : thrown ? type.getThrownTypes() : List.<TypeMirror>of()) {
            m.addException(of(t));
        }
    }

    /** {@code S extends B1 & B2} as the member type's variable {@code v} declares it. */
    private TypeVariableName declaration(TypeVariable v) {
        TypeMirror upper = v.getUpperBound();
        List<TypeName> bounds = new ArrayList<>();
        if (upper instanceof IntersectionType) {
            for (TypeMirror b : ((IntersectionType) upper).getBounds()) {
                if (!isObject(b)) {
                    bounds.add(of(b));
                }
            }
        } else if (!isObject(upper)) {
            bounds.add(of(upper));
        }
        // `<C extends Object & Comparable<C>>` erases to Object, but javac's bound is only Comparable<C>: the
        // declaration says it (Object is what no substitution changes); a hiding static entry or an override must keep it
        List<? extends TypeMirror> declared = ((javax.lang.model.element.TypeParameterElement) v.asElement()).getBounds();
        if (declared.size() > 1 && isObject(declared.get(0))) {
            // a TypeVariableName, not TypeName.OBJECT, which JavaPoet would drop
            bounds.add(0, TypeVariableName.get("java.lang.Object"));
        }
        return TypeVariableName.get(names.get(v.asElement()), bounds.toArray(new TypeName[0]));
    }

    private static boolean isObject(TypeMirror t) {
        return t.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals("java.lang.Object");
    }

    /** {@code t} in the signature: JavaPoet's spelling, with the method's type variables under their names here. */
    private TypeName of(TypeMirror t) {
        switch (t.getKind()) {
            case TYPEVAR: {
                String n = names.get(((TypeVariable) t).asElement());
                return n != null ? TypeVariableName.get(n) : TypeVariableName.get(((TypeVariable) t).asElement().getSimpleName().toString());
            }
            case ARRAY:
                return ArrayTypeName.of(of(((ArrayType) t).getComponentType()));
            case WILDCARD: {
                WildcardType w = (WildcardType) t;
                if (w.getExtendsBound() != null) {
                    return WildcardTypeName.subtypeOf(of(w.getExtendsBound()));
                }
                if (w.getSuperBound() != null) {
                    return WildcardTypeName.supertypeOf(of(w.getSuperBound()));
                }
                return WildcardTypeName.subtypeOf(Object.class);
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                List<TypeName> args = new ArrayList<>();
                for (TypeMirror a : d.getTypeArguments()) {
                    args.add(of(a));
                }
                TypeName outer = d.getEnclosingType().getKind() == TypeKind.DECLARED ? of(d.getEnclosingType()) : null;
                String simple = d.asElement().getSimpleName().toString();
                if (outer instanceof ParameterizedTypeName) { // `Outer<E>.Node`
                    return ((ParameterizedTypeName) outer).nestedClass(simple, args);
                }
                ClassName raw = ClassName.get((TypeElement) d.asElement());
                return args.isEmpty() ? raw : ParameterizedTypeName.get(raw, args.toArray(new TypeName[0]));
            }
            default:
                return TypeName.get(t);
        }
    }
}
