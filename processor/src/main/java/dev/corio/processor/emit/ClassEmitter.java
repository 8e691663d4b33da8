package dev.corio.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.corio.processor.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The emit phase for a class: {@code Corio_Foo}, the generated entry to {@code Foo}'s {@code @Async}
 * methods. With instance methods it extends {@code Foo}, mirrors its non-private constructors (with the
 * annotations a DI container reads, see {@link CarriedAnnotations}) and overrides each {@code @Async} method to return a new state machine; static methods get a static entry
 * of the same signature. The state machines are its static nested classes.
 */
public final class ClassEmitter {
    private ClassEmitter() {
    }

    /** One {@code @Async} method and the name of its state machine class. */
    public static final class Entry {
        final ExecutableElement method;
        final String machine;
        public final TypeSpec spec;

        public Entry(ExecutableElement method, String machine, TypeSpec spec) {
            this.method = method;
            this.machine = machine;
            this.spec = spec;
        }
    }

    public static List<TypeVariableName> typeVariables(List<? extends TypeParameterElement> params) {
        return params.stream().map(ClassEmitter::typeVariable).collect(Collectors.toList());
    }

    /**
     * JavaPoet drops a bound {@code Object}, which matters when more bounds follow: the erasure of
     * {@code <C extends Object & AutoCloseable>} is {@code Object}, and a static entry hides the inherited
     * static method only with the same bounds (Guava {@code ClosingFuture.eventuallyClosing}, whose bound is
     * {@code @Nullable Object & @Nullable AutoCloseable}). It is spelled out then.
     */
    private static TypeVariableName typeVariable(TypeParameterElement p) {
        TypeVariableName v = TypeVariableName.get(p);
        List<? extends javax.lang.model.type.TypeMirror> bounds = p.getBounds();
        if (bounds.size() < 2 || !(bounds.get(0) instanceof javax.lang.model.type.DeclaredType)
                || !((TypeElement) ((javax.lang.model.type.DeclaredType) bounds.get(0)).asElement()).getQualifiedName()
                        .contentEquals("java.lang.Object")) {
            return v;
        }
        List<TypeName> spelled = new java.util.ArrayList<>();
        spelled.add(TypeVariableName.get("java.lang.Object")); // not equal to TypeName.OBJECT, so JavaPoet keeps it
        spelled.addAll(v.bounds());
        return TypeVariableName.get(v.name(), spelled.toArray(new TypeName[0]));
    }

    public static TypeName selfType(TypeElement type, ClassName generated) {
        if (type.getTypeParameters().isEmpty()) {
            return generated;
        }
        return ParameterizedTypeName.get(generated, type.getTypeParameters().stream()
                .map(p -> TypeVariableName.get(p.getSimpleName().toString())).toArray(TypeName[]::new));
    }

    public static TypeSpec emit(TypeElement type, ClassName generated, List<Entry> entries, Elements elements) {
        boolean instance = entries.stream().anyMatch(e -> !e.method.getModifiers().contains(Modifier.STATIC));
        TypeSpec.Builder c = TypeSpec.classBuilder(generated.simpleName())
                .addOriginatingElement(type)
                .addAnnotation(AnnotationSpec.builder(ClassName.bestGuess(Names.GENERATED))
                        .addMember("value", "$S", Names.PROCESSOR).build());
        if (type.getModifiers().contains(Modifier.PUBLIC)) {
            c.addModifiers(Modifier.PUBLIC);
        }
        if (instance) {
            c.addJavadoc("{@link $T} with its {@code @Async} methods running as coroutines: instantiate this class"
                    + " instead of {@code $L}.\n", ClassName.get(type), type.getSimpleName());
            c.addTypeVariables(typeVariables(type.getTypeParameters()));
            c.superclass(TypeName.get(type.asType()));
            boolean isAbstract = hasAbstractMembers(type, elements, entries);
            if (isAbstract) {
                c.addModifiers(Modifier.ABSTRACT);
            }
            c.addAnnotations(CarriedAnnotations.of(type));
            for (ExecutableElement ctor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
                if (ctor.getModifiers().contains(Modifier.PRIVATE)) {
                    continue;
                }
                MethodSpec.Builder m = MethodSpec.constructorBuilder();
                if (ctor.getModifiers().contains(Modifier.PROTECTED) && !isAbstract
                        && type.getModifiers().contains(Modifier.PUBLIC)) {
                    // `protected Crawler(...)` in an abstract class is for subclasses; the generated class is
                    // the one users instantiate, so its constructor is public.
                    m.addModifiers(Modifier.PUBLIC);
                } else {
                    access(ctor, m);
                }
                // a container creates the concrete class only: an abstract one's constructors are for subclasses
                boolean carry = !isAbstract;
                if (carry) {
                    m.addAnnotations(CarriedAnnotations.of(ctor));
                }
                signature(ctor, m, carry);
                m.addStatement("super($L)", args(ctor));
                c.addMethod(m.build());
            }
        } else {
            c.addJavadoc("Entry points of {@link $T}'s static {@code @Async} methods.\n", ClassName.get(type));
            c.addModifiers(Modifier.FINAL);
            c.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        }
        for (Entry e : entries) {
            ExecutableElement m = e.method;
            boolean isStatic = m.getModifiers().contains(Modifier.STATIC);
            MethodSpec.Builder b = MethodSpec.methodBuilder(m.getSimpleName().toString());
            access(m, b);
            signature(m, b);
            b.returns(TypeName.get(m.getReturnType()));
            List<String> machineVars = new ArrayList<>();
            if (isStatic) {
                b.addModifiers(Modifier.STATIC);
            } else {
                b.addAnnotation(Override.class);
                type.getTypeParameters().forEach(p -> machineVars.add(p.getSimpleName().toString()));
            }
            m.getTypeParameters().forEach(p -> machineVars.add(p.getSimpleName().toString()));
            // explicit type arguments, not a diamond: inference fails on some bounds (collections4
            // LayerManager.Cleanup.removeIf, `<T extends BloomFilter<T>>` with a `Predicate<? super T>` parameter)
            String diamond = machineVars.isEmpty() ? "" : "<" + String.join(", ", machineVars) + ">";
            String a = args(m);
            String all = isStatic ? a : a.isEmpty() ? "this" : "this, " + a;
            b.addStatement("return new $L$L($L)", e.machine, diamond, all);
            c.addMethod(b.build());
        }
        for (Entry e : entries) {
            if (e.spec != null) { // null: the machine is a top-level class written in a later round
                c.addType(e.spec);
            }
        }
        return c.build();
    }

    private static void access(ExecutableElement e, MethodSpec.Builder m) {
        for (Modifier mod : e.getModifiers()) {
            if (mod == Modifier.PUBLIC || mod == Modifier.PROTECTED) {
                m.addModifiers(mod);
            }
        }
    }

    private static void signature(ExecutableElement e, MethodSpec.Builder m) {
        signature(e, m, false);
    }

    /** With {@code carry}, the parameters repeat their annotations (qualifiers), see {@link CarriedAnnotations}. */
    private static void signature(ExecutableElement e, MethodSpec.Builder m, boolean carry) {
        m.addTypeVariables(typeVariables(e.getTypeParameters()));
        for (VariableElement p : e.getParameters()) {
            m.addParameter(ParameterSpec.builder(TypeName.get(p.asType()), p.getSimpleName().toString())
                    .addAnnotations(carry ? CarriedAnnotations.of(p) : List.of()).build());
        }
        m.varargs(e.isVarArgs());
        // A static method or constructor may promise @SafeVarargs; the copy keeps the promise (no warning at
        // the declaration), and hands the array to the state machine or super constructor it was made for.
        if (e.isVarArgs() && e.getAnnotation(SafeVarargs.class) != null
                && (e.getKind() == javax.lang.model.element.ElementKind.CONSTRUCTOR || e.getModifiers().contains(Modifier.STATIC))) {
            m.addAnnotation(SafeVarargs.class);
            m.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "varargs").build());
        }
        for (TypeMirror t : e.getThrownTypes()) {
            m.addException(TypeName.get(t));
        }
    }

    private static String args(ExecutableElement e) {
        return e.getParameters().stream().map(p -> p.getSimpleName().toString()).collect(Collectors.joining(", "));
    }

    private static boolean hasAbstractMembers(TypeElement type, Elements elements, List<Entry> entries) {
        if (!type.getModifiers().contains(Modifier.ABSTRACT)) {
            return false;
        }
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (m.getModifiers().contains(Modifier.ABSTRACT)) {
                return true;
            }
        }
        return false;
    }
}
