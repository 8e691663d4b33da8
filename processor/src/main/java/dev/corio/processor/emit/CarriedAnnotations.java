package dev.corio.processor.emit;

import dev.corio.processor.Names;
import com.palantir.javapoet.AnnotationSpec;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The annotations {@code Corio_Foo} repeats from {@code Foo}: on the class, on each mirrored constructor and
 * on its parameters, so that a DI container that reads {@code Foo}'s (its {@code @Inject} constructor, the
 * qualifiers on the parameters, {@code @Singleton}, Spring's {@code @Component}) reads the same on the
 * generated class it must create instead. The rule, with no list of names (docs/processor.md, "Annotations
 * carried to the generated class"): an annotation is carried when it is retained at run time, which is what
 * frameworks read about a class; source- and class-retained ones are instructions to compilers and
 * processors about the source as written ({@code @SuppressWarnings}, Lombok's, AutoValue's), and repeating
 * them would run those tools again on generated code. Left out besides: Corio's own annotations,
 * {@code @Inherited} ones on the class (the subclass has them already), {@code @SafeVarargs} (the emitter
 * writes it itself, with the warning it needs), and annotations whose type the generated class cannot name
 * (private, protected in another package, or not resolved). Every copy goes to an element of the same kind, so the annotation's
 * {@code @Target} allows it.
 */
final class CarriedAnnotations {
    private CarriedAnnotations() {
    }

    /** The annotations of {@code e} that its copy in the generated class repeats. */
    static List<AnnotationSpec> of(Element e) {
        List<AnnotationSpec> carried = new ArrayList<>();
        for (AnnotationMirror a : e.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) a.getAnnotationType().asElement();
            if (carries(type, e.getKind().isClass(), packageOf(e))) {
                carried.add(AnnotationSpec.get(a));
            }
        }
        return carried;
    }

    private static boolean carries(TypeElement type, boolean onClass, PackageElement where) {
        if (type.getKind() != ElementKind.ANNOTATION_TYPE) {
            return false; // an error type: javac reports it on the user's element
        }
        Retention retention = type.getAnnotation(Retention.class);
        if (retention == null || retention.value() != RetentionPolicy.RUNTIME) {
            return false;
        }
        String name = type.getQualifiedName().toString();
        if (name.startsWith(Names.ANNOTATION_PACKAGE) || name.equals("java.lang.SafeVarargs")) {
            return false;
        }
        if (onClass && type.getAnnotation(Inherited.class) != null) {
            return false;
        }
        // Corio_Foo is a top-level class in Foo's package: a private member type, or a protected one of
        // another package (reached through an enclosing class's superclass), is not visible there
        boolean samePackage = packageOf(type).equals(where);
        for (Element t = type; t instanceof TypeElement; t = t.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE)
                    || t.getModifiers().contains(Modifier.PROTECTED) && !samePackage) {
                return false;
            }
        }
        return true;
    }

    private static PackageElement packageOf(Element e) {
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return (PackageElement) e;
    }
}
