package dev.corio.processor.hoist;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * How a state machine reaches the private members its body uses. The machine is another class of the same
 * package (javac's nestmate access does not extend to it), so each private field, method and constructor
 * it uses gets a {@code static final} {@link VarHandle} or {@link MethodHandle}, looked up once when the
 * machine class is initialized with {@link MethodHandles#privateLookupIn} (public API; it works in the
 * unnamed module and, for the module's own classes, in a named one), and a small static accessor the copied
 * code calls instead of the member: {@code x} becomes {@code $get$x($self)}, {@code x = v} becomes
 * {@code $set$x($self, v)}, {@code m(a)} becomes {@code $call$m($self, a)}, {@code new T(a)} becomes
 * {@code $new$T(a)}. Constant handles are what the JIT inlines; exceptions from the member pass through
 * unchanged (the accessor declares the member's {@code throws} clause and rethrows what the handle throws
 * as it is).
 */
public final class PrivateAccess {
    private final Types types;
    private final Denotable denotable;
    private final Map<Element, String> handles = new LinkedHashMap<>();
    private final Map<String, MethodSpec> accessors = new LinkedHashMap<>();

    /** The class whose access the handles get (the @Async method's class): it reaches the protected members. */
    private final TypeElement accessor;
    private boolean machineInSubclass;

    PrivateAccess(Types types, Denotable denotable, TypeElement accessor) {
        this.types = types;
        this.denotable = denotable;
        this.accessor = accessor;
    }

    /**
     * Whether the machine is nested in {@code Corio_Foo extends Foo} and runs an instance method, so that it
     * reaches protected instance members of other packages through {@code $self} without an accessor.
     */
    public boolean machineInSubclass() {
        return machineInSubclass;
    }

    public void machineInSubclass(boolean value) {
        machineInSubclass = value;
    }

    /** Whether the machine needs any accessor. */
    public boolean isEmpty() {
        return handles.isEmpty();
    }

    /** The accessor reading {@code field}: {@code (receiver)} for an instance field, {@code ()} for a static one. */
    public String getter(VariableElement field) {
        String h = handle(field);
        String name = name("$get$", field.getSimpleName().toString(), field);
        return accessor(field, name, () -> {
            MethodSpec.Builder m = start(name, field, false).returns(type(field.asType()));
            return m.addStatement("return ($T) $L.get($L)", type(field.asType()), h, receiverArg(field)).build();
        });
    }

    /** The accessor writing {@code field}: {@code (receiver, value)}, giving the value (as {@code x = v} does). */
    public String setter(VariableElement field) {
        String h = handle(field);
        String name = name("$set$", field.getSimpleName().toString(), field);
        return accessor(field, name, () -> {
            TypeName t = type(field.asType());
            MethodSpec.Builder m = start(name, field, false).returns(t).addParameter(t, "$v");
            m.addStatement("$L.set($L$$v)", h, receiverComma(field));
            return m.addStatement("return $$v").build();
        });
    }

    /**
     * The accessor for {@code ++}/{@code --} on {@code field}: {@code (receiver, delta, post)}, giving the old
     * value for a postfix operator and the new one for a prefix operator.
     */
    public String incrementer(VariableElement field) {
        String h = handle(field);
        String name = name("$inc$", field.getSimpleName().toString(), field);
        return accessor(field, name, () -> {
            TypeMirror ft = field.asType();
            TypeName t = type(ft);
            TypeMirror prim = ft.getKind().isPrimitive() ? ft : types.unboxedType(ft);
            MethodSpec.Builder m = start(name, field, false).returns(t)
                    .addParameter(TypeName.INT, "$d").addParameter(TypeName.BOOLEAN, "$post");
            m.addStatement("$T $$old = ($T) $L.get($L)", t, t, h, receiverArg(field));
            m.addStatement("$T $$new = ($T) ($$old + $$d)", t, TypeName.get(prim));
            m.addStatement("$L.set($L$$new)", h, receiverComma(field));
            return m.addStatement("return $$post ? $$old : $$new").build();
        });
    }

    /** The accessor calling private method {@code method}: {@code (receiver, args...)} or {@code (args...)}. */
    public String caller(ExecutableElement method) {
        String h = handle(method);
        String name = name("$call$", method.getSimpleName().toString(), method);
        return accessor(method, name, () -> {
            MethodSpec.Builder m = start(name, method, true);
            TypeName ret = type(method.getReturnType());
            m.returns(ret);
            String rest = arguments(method, m, "");
            CodeBlock args = isStatic(method) ? CodeBlock.of("$L", rest)
                    : rest.isEmpty() ? receiverArg(method) : CodeBlock.of("$L, $L", receiverArg(method), rest);
            CodeBlock call = method.getReturnType().getKind() == TypeKind.VOID
                    ? CodeBlock.of("$L.invoke($L)", h, args) : CodeBlock.of("return ($T) $L.invoke($L)", ret, h, args);
            return rethrowing(m, call).build();
        });
    }

    /** The accessor creating an object with private constructor {@code ctor}: {@code (args...)}. */
    public String creator(ExecutableElement ctor) {
        String h = handle(ctor);
        TypeElement owner = (TypeElement) ctor.getEnclosingElement();
        String name = name("$new$", owner.getSimpleName().toString(), ctor);
        return accessor(ctor, name, () -> {
            MethodSpec.Builder m = start(name, ctor, true);
            TypeName ret = ownerType(owner);
            m.returns(ret);
            String args = arguments(ctor, m, "");
            return rethrowing(m, CodeBlock.of("return ($T) $L.invoke($L)", ret, h, args)).build();
        });
    }

    /** Adds the handles, their lookup and the accessors to the machine class. */
    public void addTo(TypeSpec.Builder machine) {
        if (handles.isEmpty()) {
            return;
        }
        CodeBlock.Builder init = CodeBlock.builder().beginControlFlow("try");
        for (Map.Entry<Element, String> e : handles.entrySet()) {
            Element m = e.getKey();
            // a private member is looked up in its class; a protected one of another package through the
            // @Async method's class, a subclass that may use it (the handle takes that class as receiver)
            TypeElement owner = m.getModifiers().contains(Modifier.PRIVATE) ? (TypeElement) m.getEnclosingElement() : accessor;
            ClassName o = ClassName.get(owner);
            boolean field = m.getKind() == ElementKind.FIELD;
            machine.addField(FieldSpec.builder(field ? VarHandle.class : MethodHandle.class, e.getValue(),
                    Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).build());
            if (field) {
                init.addStatement("$L = $T.privateLookupIn($T.class, $T.lookup()).$L($T.class, $S, $T.class)", e.getValue(),
                        MethodHandles.class, o, MethodHandles.class, isStatic(m) ? "findStaticVarHandle" : "findVarHandle", o,
                        m.getSimpleName().toString(), erased(m.asType()));
            } else {
                ExecutableElement x = (ExecutableElement) m;
                CodeBlock.Builder type = CodeBlock.builder().add("$T.methodType($T.class", MethodType.class,
                        x.getKind() == ElementKind.CONSTRUCTOR ? TypeName.VOID : erased(x.getReturnType()));
                for (VariableElement p : x.getParameters()) {
                    type.add(", $T.class", erased(p.asType()));
                }
                type.add(")");
                String find = x.getKind() == ElementKind.CONSTRUCTOR ? "findConstructor($T.class, $L)"
                        : isStatic(x) ? "findStatic($T.class, $S, $L)" : "findVirtual($T.class, $S, $L)";
                Object[] args = x.getKind() == ElementKind.CONSTRUCTOR ? new Object[] {o, type.build()}
                        : new Object[] {o, x.getSimpleName().toString(), type.build()};
                init.addStatement("$L = $T.privateLookupIn($T.class, $T.lookup())." + find + ".asFixedArity()",
                        concat(new Object[] {e.getValue(), MethodHandles.class, o, MethodHandles.class}, args));
            }
        }
        init.nextControlFlow("catch ($T $$e)", ReflectiveOperationException.class)
                .addStatement("throw new $T($$e)", ExceptionInInitializerError.class)
                .endControlFlow();
        machine.addStaticBlock(init.build());
        accessors.values().forEach(machine::addMethod);
        machine.addMethod(MethodSpec.methodBuilder("$sneaky")
                .addJavadoc("Throws {@code t} as it is: what a member reached through a handle throws.\n")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addTypeVariable(TypeVariableName.get("X", Throwable.class))
                .returns(RuntimeException.class)
                .addParameter(Throwable.class, "t")
                .addException(TypeVariableName.get("X"))
                .addStatement("throw (X) t")
                .build());
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private String handle(Element member) {
        return handles.computeIfAbsent(member, m -> {
            String base = "$h$" + (m.getKind() == ElementKind.CONSTRUCTOR ? "new" : m.getSimpleName());
            String n = base;
            for (int i = 2; handles.containsValue(n); i++) {
                n = base + "$" + i;
            }
            return n;
        });
    }

    private final Map<List<Object>, String> names = new LinkedHashMap<>();

    /**
     * The accessor of kind {@code prefix} for {@code member}: {@code $get$x}; another member of the same name
     * (an overload, or a field {@code x} of another class) gets {@code $get$x$2}.
     */
    private String name(String prefix, String simple, Element member) {
        return names.computeIfAbsent(List.of(prefix, member), k -> {
            String base = prefix + simple;
            String n = base;
            for (int i = 2; names.containsValue(n); i++) {
                n = base + "$" + i;
            }
            return n;
        });
    }

    private String accessor(Element member, String name, java.util.function.Supplier<MethodSpec> make) {
        if (!accessors.containsKey(name)) {
            accessors.put(name, make.get());
        }
        return name;
    }

    /** A static accessor with the owner's type variables (for an instance member) and the receiver {@code $o}. */
    private MethodSpec.Builder start(String name, Element member, boolean executable) {
        TypeElement owner = (TypeElement) member.getEnclosingElement();
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
        boolean ctor = member.getKind() == ElementKind.CONSTRUCTOR;
        if (!isStatic(member)) {
            // the owner's type variables, and an inner class's enclosing classes' (AVLTree<T>.Node's T)
            List<TypeVariableName> vars = new ArrayList<>();
            for (Element o = owner; o instanceof TypeElement; o = o.getEnclosingElement()) {
                vars.addAll(0, variables(((TypeElement) o).getTypeParameters()));
                if (o.getModifiers().contains(Modifier.STATIC) || ((TypeElement) o).getNestingKind() != NestingKind.MEMBER
                        || !o.getKind().isClass()) {
                    break;
                }
            }
            m.addTypeVariables(vars);
            if (!ctor) {
                m.addParameter(ownerType(owner), "$o");
            }
        }
        if (executable) {
            ExecutableElement x = (ExecutableElement) member;
            m.addTypeVariables(variables(x.getTypeParameters()));
            for (TypeMirror t : x.getThrownTypes()) {
                m.addException(type(t));
            }
        }
        return m;
    }

    private String arguments(ExecutableElement x, MethodSpec.Builder m, String receiver) {
        List<String> args = new ArrayList<>();
        if (!receiver.isEmpty()) {
            args.add(receiver);
        }
        int i = 0;
        for (VariableElement p : x.getParameters()) {
            String a = "$a" + i++;
            m.addParameter(type(p.asType()), a);
            args.add(a);
        }
        m.varargs(x.isVarArgs());
        return String.join(", ", args);
    }

    private static MethodSpec.Builder rethrowing(MethodSpec.Builder m, CodeBlock call) {
        return m.beginControlFlow("try")
                .addStatement(call)
                .nextControlFlow("catch ($T $$t)", Throwable.class)
                .addStatement("throw $$sneaky($$t)")
                .endControlFlow();
    }

    /**
     * The receiver as the handle is called with it. A protected member of another package is looked up
     * through the {@code @Async} method's class, so its handle takes that class as receiver while the
     * accessor's {@code $o} has the member's own class: the call casts {@code $o} to the handle's type. With
     * the types exact the JIT inlines the constant handle like a direct access; with {@code $o} as it is,
     * each call adapts the type (AccessBench, on a loaded machine: 1-5 ns more per access than a private
     * member, whose handle's receiver is its own class). A generic class keeps the uncast call (a cast to
     * its raw type would be a rawtypes warning).
     */
    private CodeBlock receiverArg(Element member) {
        if (isStatic(member)) {
            return CodeBlock.of("");
        }
        if (!member.getModifiers().contains(Modifier.PRIVATE) && !member.getEnclosingElement().equals(accessor)
                && !generic(accessor)) {
            return CodeBlock.of("($T) $$o", ClassName.get(accessor));
        }
        return CodeBlock.of("$$o");
    }

    private CodeBlock receiverComma(Element member) {
        return isStatic(member) ? CodeBlock.of("") : CodeBlock.of("$L, ", receiverArg(member));
    }

    /** Whether {@code type} or a class whose instance encloses it has type parameters. */
    private static boolean generic(TypeElement type) {
        for (Element o = type; o instanceof TypeElement; o = o.getEnclosingElement()) {
            if (!((TypeElement) o).getTypeParameters().isEmpty()) {
                return true;
            }
            if (o.getModifiers().contains(Modifier.STATIC) || ((TypeElement) o).getNestingKind() != NestingKind.MEMBER
                    || !o.getKind().isClass()) {
                return false;
            }
        }
        return false;
    }

    private static boolean isStatic(Element e) {
        return e.getModifiers().contains(Modifier.STATIC);
    }

    /** The owner as its own declaration sees it: {@code T<E>}, {@code AVLTree<T>.Node}. */
    private TypeName ownerType(TypeElement owner) {
        return denotable.of(owner.asType());
    }

    private List<TypeVariableName> variables(List<? extends TypeParameterElement> params) {
        // as the machine's types spell them (a class variable the method hides is renamed there: HiddenVariables)
        return new ArrayList<>(denotable.declarations(params));
    }

    private TypeName type(TypeMirror t) {
        return t.getKind() == TypeKind.VOID ? TypeName.VOID : denotable.of(t);
    }

    private TypeName erased(TypeMirror t) {
        return TypeName.get(types.erasure(t));
    }
}
