package dev.corio.processor.hoist;

import dev.corio.processor.diagnostics.Rejection;
import dev.corio.processor.diagnostics.Tag;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.UnionType;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * Spells a type the way a field declaration can: captured wildcards, intersections, unions and anonymous
 * classes are projected to a denotable supertype, as javac does for {@code var}.
 */
public final class Denotable {
    private final Types types;
    /** The qualified name of the class whose type variables {@link #renamed} names, or null. */
    private final String renamedOwner;
    /** Type variables of {@link #renamedOwner} spelled under another name here: see {@link #renaming}. */
    private final java.util.Map<String, String> renamed;

    public Denotable(Types types) {
        this(types, null, java.util.Map.of());
    }

    private Denotable(Types types, String renamedOwner, java.util.Map<String, String> renamed) {
        this.types = types;
        this.renamedOwner = renamedOwner;
        this.renamed = renamed;
    }

    /**
     * This spelling with type variables of class {@code owner} under other names ({@code S} -> {@code S$2}): the
     * machine of {@code class T<S> { @Async <S> Coroutine<S> m(S x) }} declares both variables side by side, so
     * it renames the class's, which the body cannot name (the method's hides it), and keeps the method's, which
     * the copied body spells ({@link HiddenVariables}). Matched by the class's qualified name and the variable's
     * name, as the attributed copy of the body has elements of its own.
     */
    public Denotable renaming(TypeElement owner, java.util.Map<String, String> classVariables) {
        return classVariables.isEmpty() ? this
                : new Denotable(types, owner.getQualifiedName().toString(), java.util.Map.copyOf(classVariables));
    }

    /** The name of type variable {@code p} here: its own, or the new one {@link #renaming} gave it. */
    public String name(javax.lang.model.element.TypeParameterElement p) {
        String n = p.getSimpleName().toString();
        return ofRenamedOwner(p) ? renamed.getOrDefault(n, n) : n;
    }

    /** Whether {@code p} is a type variable of the class {@link #renaming} renames some of (a bound may name them). */
    private boolean ofRenamedOwner(javax.lang.model.element.TypeParameterElement p) {
        return renamedOwner != null && p.getGenericElement() instanceof TypeElement
                && ((TypeElement) p.getGenericElement()).getQualifiedName().contentEquals(renamedOwner);
    }

    /**
     * The declarations of type variables {@code params} ({@code S extends Comparable<S>}), renamed and with
     * their bounds spelled here when they are the class's that {@link #renaming} renames, else as {@link
     * dev.corio.processor.emit.ClassEmitter#typeVariables} writes them.
     */
    public List<TypeVariableName> declarations(List<? extends javax.lang.model.element.TypeParameterElement> params) {
        List<TypeVariableName> out = new ArrayList<>(dev.corio.processor.emit.ClassEmitter.typeVariables(params));
        for (int i = 0; i < params.size(); i++) {
            javax.lang.model.element.TypeParameterElement p = params.get(i);
            if (!ofRenamedOwner(p)) {
                continue;
            }
            List<TypeName> bounds = new ArrayList<>();
            List<? extends TypeMirror> declared = p.getBounds();
            for (int j = 0; j < declared.size(); j++) {
                TypeName b = of(declared.get(j));
                if (!b.equals(ClassName.OBJECT)) {
                    bounds.add(b);
                } else if (j == 0 && declared.size() > 1) {
                    bounds.add(TypeVariableName.get("java.lang.Object")); // as ClassEmitter keeps it
                }
            }
            out.set(i, TypeVariableName.get(name(p), bounds.toArray(new TypeName[0])));
        }
        return out;
    }

    /** Thrown for a type the generated code cannot name (an error type, a local class). */
    public static final class NotDenotable extends Rejection {
        NotDenotable(Tag tag, String message) {
            super(tag, null, message);
        }
    }

    /** The captured type variables being written now: a recursive bound meets them again. */
    private final java.util.Set<TypeVariable> expanding =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public TypeName of(TypeMirror t) {
        switch (t.getKind()) {
            case BOOLEAN: case BYTE: case SHORT: case INT: case LONG: case CHAR: case FLOAT: case DOUBLE: case VOID:
                return TypeName.get(t);
            case NULL:
                return ClassName.OBJECT;
            case ARRAY:
                return ArrayTypeName.of(of(((ArrayType) t).getComponentType()));
            case TYPEVAR: {
                TypeVariable v = (TypeVariable) t;
                if (captured(v)) {
                    if (!expanding.add(v)) {
                        return ClassName.OBJECT; // a capture whose bound holds itself (`Enum<CAP#1>`)
                    }
                    try {
                        return of(v.getUpperBound());
                    } finally {
                        expanding.remove(v);
                    }
                }
                return TypeVariableName.get(v.asElement() instanceof javax.lang.model.element.TypeParameterElement
                        ? name((javax.lang.model.element.TypeParameterElement) v.asElement())
                        : v.asElement().getSimpleName().toString());
            }
            case INTERSECTION:
                return of(((IntersectionType) t).getBounds().get(0));
            case UNION:
                return of(lub(((UnionType) t).getAlternatives()));
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                TypeElement e = (TypeElement) d.asElement();
                if (e.getNestingKind() == NestingKind.ANONYMOUS) {
                    List<? extends TypeMirror> sup = types.directSupertypes(t);
                    return of(sup.size() > 1 ? sup.get(1) : sup.get(0));
                }
                for (javax.lang.model.element.Element x = e; x instanceof TypeElement; x = x.getEnclosingElement()) {
                    if (((TypeElement) x).getNestingKind() == NestingKind.LOCAL) {
                        throw new NotDenotable(Tag.LOCAL_CLASS, "a value of local class " + e.getSimpleName()
                                + " is kept across an await, but a field of the state machine cannot name a local"
                                + " class. Declare " + e.getSimpleName() + " as a nested class.");
                    }
                }
                List<TypeName> args = new ArrayList<>();
                for (TypeMirror a : d.getTypeArguments()) {
                    args.add(argument(a));
                }
                TypeName outer = d.getEnclosingType().getKind() == javax.lang.model.type.TypeKind.DECLARED
                        ? of(d.getEnclosingType()) : null;
                if (outer instanceof ParameterizedTypeName) {
                    // an inner class of a generic class: `Outer<E>.Node`, not the raw `Outer.Node`
                    return ((ParameterizedTypeName) outer).nestedClass(e.getSimpleName().toString(), args);
                }
                ClassName raw = ClassName.get(e);
                if (args.isEmpty()) {
                    return raw;
                }
                return ParameterizedTypeName.get(raw, args.toArray(new TypeName[0]));
            }
            default:
                throw new NotDenotable(Tag.UNSUPPORTED, "cannot name type " + t);
        }
    }

    private TypeName argument(TypeMirror a) {
        if (a instanceof TypeVariable && captured((TypeVariable) a)) {
            TypeVariable v = (TypeVariable) a;
            // a capture met again inside its own bound (the capture of `?` in `Class<? extends Enum<?>>`, whose
            // bound is `Enum<CAP#1>`: jackson-databind EnumResolver) is written `?` there
            if (!expanding.add(v)) {
                return WildcardTypeName.subtypeOf(Object.class);
            }
            try {
                if (v.getLowerBound() != null && v.getLowerBound().getKind() != javax.lang.model.type.TypeKind.NULL) {
                    return WildcardTypeName.supertypeOf(of(v.getLowerBound()));
                }
                TypeName up = of(v.getUpperBound());
                return up.equals(ClassName.OBJECT) ? WildcardTypeName.subtypeOf(Object.class) : WildcardTypeName.subtypeOf(up);
            } finally {
                expanding.remove(v);
            }
        }
        if (a instanceof WildcardType) {
            WildcardType w = (WildcardType) a;
            if (w.getExtendsBound() != null) {
                return WildcardTypeName.subtypeOf(of(w.getExtendsBound()));
            }
            if (w.getSuperBound() != null) {
                return WildcardTypeName.supertypeOf(of(w.getSuperBound()));
            }
            return WildcardTypeName.subtypeOf(Object.class);
        }
        return of(a);
    }

    /** A captured wildcard, by its element's name (its {@code toString()} recurses without end on some). */
    private static boolean captured(TypeVariable v) {
        return v.asElement().getSimpleName().toString().startsWith("<captured");
    }

    /** The nearest common superclass of a multi-catch's alternatives. */
    private TypeMirror lub(List<? extends TypeMirror> alts) {
        TypeMirror c = alts.get(0);
        outer:
        while (true) {
            for (TypeMirror a : alts) {
                if (!types.isSubtype(types.erasure(a), types.erasure(c))) {
                    List<? extends TypeMirror> sup = types.directSupertypes(c);
                    c = sup.get(0);
                    continue outer;
                }
            }
            return c;
        }
    }
}
