package dev.corio.processor.analyse.checks;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** The private class a type names, which a generated class of the package cannot name. */
final class PrivateTypes {
    private PrivateTypes() {
    }

    /** A private class named anywhere in {@code t} (type arguments, array components, bounds), or null. */
    static TypeElement privateType(TypeMirror t) {
        switch (t.getKind()) {
            case ARRAY:
                return privateType(((javax.lang.model.type.ArrayType) t).getComponentType());
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
                TypeMirror b = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                return b == null ? null : privateType(b);
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                for (Element e = d.asElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
                    if (e.getModifiers().contains(Modifier.PRIVATE)) {
                        return (TypeElement) d.asElement();
                    }
                }
                for (TypeMirror a : d.getTypeArguments()) {
                    TypeElement p = privateType(a);
                    if (p != null) {
                        return p;
                    }
                }
                return null;
            }
            default:
                return null;
        }
    }
}
