package dev.corio.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
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
import javax.lang.model.type.ExecutableType;
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

    /**
     * One {@code @Async} method and the name of its state machine class; or an inherited one that runs on the
     * state machine of the class that declares it ({@link #reused}).
     */
    public static final class Entry {
        final ExecutableElement method;
        final String machine;
        public final TypeSpec spec;
        /** For a reused machine: the method as a member of the generated class's superclass (type arguments put in). */
        final ExecutableType asMember;
        /** For a reused machine: {@code Corio_Base}, whose machine factory ({@link ClassEmitter#factoryName}) makes it. */
        final ClassName owner;
        /** For a reused machine: the type arguments of the declaring class, as the subclass extends it. */
        final List<TypeName> ownerArguments;
        /** For a reused machine: the class that inherits the method (whose generated class overrides it). */
        final TypeElement subclass;

        public Entry(ExecutableElement method, String machine, TypeSpec spec) {
            this(method, machine, spec, null, null, List.of(), null);
        }

        private Entry(ExecutableElement method, String machine, TypeSpec spec, ExecutableType asMember,
                ClassName owner, List<TypeName> ownerArguments, TypeElement subclass) {
            this.method = method;
            this.machine = machine;
            this.spec = spec;
            this.asMember = asMember;
            this.owner = owner;
            this.ownerArguments = ownerArguments;
            this.subclass = subclass;
        }

        /**
         * An instance {@code @Async} method inherited from a class compiled with Corio (now or before, as a
         * class file): the override calls the machine factory of that class's {@code owner}
         * ({@code Corio_Base.$one(this, ...)}), so the body need not be transformed again, nor even have a
         * source. {@code asMember}: its type as a member of the subclass ({@code Box<String>}'s {@code get()}
         * gives a {@code Coroutine<String>}); {@code ownerArguments}: the declaring class's type arguments there.
         */
        public static Entry reused(ExecutableElement method, ExecutableType asMember, ClassName owner,
                List<TypeName> ownerArguments, TypeElement subclass) {
            return new Entry(method, factoryName(method), null, asMember, owner, ownerArguments, subclass);
        }
    }

    /**
     * The name of the static factory {@code Corio_Foo} has for the state machine of its instance {@code @Async}
     * method {@code m}: {@code $} and the method's name (overloads are told apart by their parameters).
     */
    public static String factoryName(ExecutableElement m) {
        return "$" + m.getSimpleName();
    }

    /**
     * Whether {@code Corio_Foo} gives the method of {@code Foo} a machine factory: an instance method that a
     * subclass can inherit (not private, no static).
     */
    public static boolean hasFactory(ExecutableElement m) {
        return !m.getModifiers().contains(Modifier.STATIC) && !m.getModifiers().contains(Modifier.PRIVATE);
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

    /** {@code generated<S, U>} with the type variables of {@code type}, those in {@code renamed} under their new names. */
    public static TypeName selfType(TypeElement type, ClassName generated, java.util.Map<String, String> renamed) {
        if (type.getTypeParameters().isEmpty()) {
            return generated;
        }
        return ParameterizedTypeName.get(generated, type.getTypeParameters().stream()
                .map(p -> p.getSimpleName().toString())
                .map(n -> TypeVariableName.get(renamed.getOrDefault(n, n))).toArray(TypeName[]::new));
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
            if (e.owner != null) {
                c.addMethod(reusing(e));
                continue;
            }
            boolean isStatic = m.getModifiers().contains(Modifier.STATIC);
            MethodSpec.Builder b = MethodSpec.methodBuilder(m.getSimpleName().toString());
            access(m, b);
            List<String> machineVars = new ArrayList<>();
            if (isStatic) {
                b.addModifiers(Modifier.STATIC);
                signature(m, b);
                m.getTypeParameters().forEach(p -> machineVars.add(p.getSimpleName().toString()));
            } else {
                b.addAnnotation(Override.class);
                type.getTypeParameters().forEach(p -> machineVars.add(p.getSimpleName().toString()));
                // a method type variable that hides one of the class's is renamed here (S$2), so the override
                // can hand the machine both
                machineVars.addAll(signature(m, b, false, classVariables(type)));
            }
            // explicit type arguments, not a diamond: inference fails on some bounds (collections4
            // LayerManager.Cleanup.removeIf, `<T extends BloomFilter<T>>` with a `Predicate<? super T>` parameter)
            String diamond = machineVars.isEmpty() ? "" : "<" + String.join(", ", machineVars) + ">";
            String a = args(m);
            String all = isStatic ? a : a.isEmpty() ? "this" : "this, " + a;
            b.addStatement("return new $L$L($L)", e.machine, diamond, all);
            c.addMethod(b.build());
            if (!isStatic && hasFactory(m) && m.getEnclosingElement().equals(type)) {
                c.addMethod(factory(type, generated, e, machineVars));
            }
        }
        for (Entry e : entries) {
            if (e.spec != null) { // null: the machine is a top-level class written in a later round
                c.addType(e.spec);
            }
        }
        return c.build();
    }

    /**
     * {@code public static Coroutine<T> $one(Foo self, args)}: the state machine of {@code Foo.one} on any
     * {@code Foo}. The generated class of a subclass that inherits {@code one} calls it from its override
     * ({@link Entry#reused}), also when it is compiled on its own, against {@code Foo}'s class files, or in
     * another package: the machine's {@code $self} is a {@code Foo}, so a {@code Corio_Sub} can be it, and calls
     * on {@code this} in the body still reach {@code Sub}'s overrides. Public for a public or protected method
     * (a subclass in another package calls it), package-private otherwise.
     */
    private static MethodSpec factory(TypeElement type, ClassName generated, Entry e, List<String> machineVars) {
        ExecutableElement m = e.method;
        java.util.Set<String> taken = new java.util.HashSet<>();
        m.getParameters().forEach(p -> taken.add(p.getSimpleName().toString()));
        String self = "self";
        while (!taken.add(self)) {
            self = "$" + self;
        }
        MethodSpec.Builder b = MethodSpec.methodBuilder(factoryName(m))
                .addJavadoc("The state machine of {@link $T#$L} on any {@code $L}, for the generated class of a subclass\n"
                        + "that inherits the method (docs/processor.md, \"Inherited methods\"); elsewhere call {@code $L} on a"
                        + " {@code $L}.\n", ClassName.get(type), m.getSimpleName() + "(" + m.getParameters().stream()
                                .map(p -> erasure(p.asType())).collect(Collectors.joining(", ")) + ")",
                        type.getSimpleName(), m.getSimpleName(), generated.simpleName());
        if (m.getModifiers().contains(Modifier.PUBLIC) || m.getModifiers().contains(Modifier.PROTECTED)) {
            b.addModifiers(Modifier.PUBLIC);
        }
        b.addModifiers(Modifier.STATIC);
        b.addTypeVariables(typeVariables(type.getTypeParameters()));
        b.addParameter(TypeName.get(type.asType()), self);
        // the method's type variables after the class's, one that hides a class's renamed (S$2), as in the override
        MemberSignature sig = new MemberSignature(m, (ExecutableType) m.asType(), classVariables(type));
        sig.addTo(b, null, false); // making the machine throws nothing
        // not varargs: the caller hands its array on, and a generic vararg here would warn of heap pollution
        b.varargs(false);
        String diamond = machineVars.isEmpty() ? "" : "<" + String.join(", ", machineVars) + ">";
        String a = args(m);
        b.addStatement("return new $L$L($L)", e.machine, diamond, a.isEmpty() ? self : self + ", " + a);
        return b.build();
    }

    /** A type's erasure as javadoc's {@code @link} writes a parameter: {@code java.util.List}. */
    private static String erasure(TypeMirror t) {
        String s = t.toString();
        int lt = s.indexOf('<');
        return lt < 0 ? s : s.substring(0, lt);
    }

    /**
     * The override of an inherited method whose machine is the declaring class's:
     * {@code return Corio_Base.<args>$one(this, a, b);}, with the signature the method has as a member of
     * this class.
     */
    private static MethodSpec reusing(Entry e) {
        ExecutableElement m = e.method;
        MethodSpec.Builder b = MethodSpec.methodBuilder(m.getSimpleName().toString());
        access(m, b);
        b.addAnnotation(Override.class);
        // the method as a member of this class: a bound naming the declaring class's variable names what this
        // class gives it (Guava Equivalence.Equals), a method variable named as one of this class's is renamed
        java.util.Set<String> subclassVars = new java.util.HashSet<>();
        e.subclass.getTypeParameters().forEach(p -> subclassVars.add(p.getSimpleName().toString()));
        MemberSignature sig = new MemberSignature(m, e.asMember, subclassVars);
        sig.addTo(b, null);
        // explicit type arguments, as for the machines (inference fails on some bounds): the declaring class's as
        // this class extends it, then the method's own; none when this class extends it raw
        com.palantir.javapoet.CodeBlock.Builder explicit = com.palantir.javapoet.CodeBlock.builder();
        int classVars = ((TypeElement) m.getEnclosingElement()).getTypeParameters().size();
        if (e.ownerArguments.size() == classVars && classVars + m.getTypeParameters().size() > 0) {
            List<com.palantir.javapoet.CodeBlock> vars = new ArrayList<>();
            e.ownerArguments.forEach(t -> vars.add(com.palantir.javapoet.CodeBlock.of("$T", t)));
            sig.variableNames().forEach(n -> vars.add(com.palantir.javapoet.CodeBlock.of("$L", n)));
            explicit.add("<$L>", com.palantir.javapoet.CodeBlock.join(vars, ", "));
        }
        String a = args(m);
        b.addComment("inherited from $L: its state machine, from $L, runs on this object",
                ((TypeElement) m.getEnclosingElement()).getQualifiedName(), e.owner.simpleName());
        b.addStatement("return $T.$L$L($L)", e.owner, explicit.build(), e.machine, a.isEmpty() ? "this" : "this, " + a);
        return b.build();
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

    /**
     * The signature of a method or constructor the class declares, written as {@link MemberSignature} writes an
     * inherited one (the method's own type is its type as a member of its class). With {@code carry}, the
     * parameters repeat their annotations (qualifiers), see {@link CarriedAnnotations}.
     */
    private static void signature(ExecutableElement e, MethodSpec.Builder m, boolean carry) {
        // the class's own variables are not renamed away: the method's shadow them as in the source
        signature(e, m, carry, java.util.Set.of());
    }

    /**
     * As {@link #signature(ExecutableElement, MethodSpec.Builder, boolean)}, with the method's type variables
     * named as one of {@code classVariables} renamed ({@link MemberSignature}); returns their names, in order.
     */
    private static List<String> signature(ExecutableElement e, MethodSpec.Builder m, boolean carry,
            java.util.Set<String> classVariables) {
        List<List<AnnotationSpec>> annotations = new ArrayList<>();
        for (VariableElement p : e.getParameters()) {
            annotations.add(carry ? CarriedAnnotations.of(p) : List.of());
        }
        MemberSignature sig = new MemberSignature(e, (ExecutableType) e.asType(), classVariables);
        sig.addTo(m, annotations);
        // A static method or constructor may promise @SafeVarargs; the copy keeps the promise (no warning at
        // the declaration), and hands the array to the state machine or super constructor it was made for.
        if (e.isVarArgs() && e.getAnnotation(SafeVarargs.class) != null
                && (e.getKind() == javax.lang.model.element.ElementKind.CONSTRUCTOR || e.getModifiers().contains(Modifier.STATIC))) {
            m.addAnnotation(SafeVarargs.class);
            m.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "varargs").build());
        }
        return sig.variableNames();
    }

    private static java.util.Set<String> classVariables(TypeElement type) {
        java.util.Set<String> out = new java.util.HashSet<>();
        type.getTypeParameters().forEach(p -> out.add(p.getSimpleName().toString()));
        return out;
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
