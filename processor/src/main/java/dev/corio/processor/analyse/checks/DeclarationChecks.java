package dev.corio.processor.analyse.checks;

import dev.corio.processor.Names;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.diagnostics.Reporter;
import dev.corio.processor.diagnostics.Tag;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The checks of the declarations: the class that holds {@code @Async} methods (its kind, nesting, access,
 * constructors) and each method's signature (modifiers, parameter and result types), before any body is read.
 */
public final class DeclarationChecks {
    private final Reporter reporter;

    public DeclarationChecks(Reporter reporter) {
        this.reporter = reporter;
    }

    private void error(Element e, Tag tag, String message) {
        reporter.report(e, tag, message);
    }

    /** Checks the class that holds {@code @Async} methods; {@code hasInstance}: some are instance methods. */
    public boolean checkClass(TypeElement type, boolean hasInstance, String generated) {
        boolean ok = true;
        String name = type.getQualifiedName().toString();
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            error(type, Tag.LOCAL_CLASS, "@Async methods cannot be declared in a local or anonymous class:"
                    + " the processor generates a top-level class next to it. Move the methods to a top-level"
                    + " or static nested class.");
            return false;
        }
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                error(type, Tag.PRIVATE, "class " + name + " holds @Async methods but "
                        + (e == type ? "is private" : "is nested in private class " + e.getSimpleName())
                        + ": the generated " + generated + " cannot reach it. Make it package-private.");
                return false;
            }
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)
                && type.getKind() == ElementKind.CLASS) {
            error(type, Tag.INNER_CLASS, "inner class " + name + " holds @Async methods: the generated "
                    + generated + " is a top-level class and cannot extend an inner class. Declare it static.");
            return false;
        }
        if (!hasInstance) {
            return true;
        }
        switch (type.getKind()) {
            case RECORD:
            case ENUM:
            case INTERFACE:
            case ANNOTATION_TYPE:
                error(type, Tag.CLASS_KIND, "instance @Async methods need a class the generated " + generated
                        + " can extend, and " + name + " is " + kindName(type.getKind())
                        + ". Make the methods static, or move them to a class.");
                return false;
            default:
        }
        if (type.getModifiers().contains(Modifier.FINAL)) {
            error(type, Tag.FINAL, "class " + name + " is final, so the generated " + generated
                    + " cannot extend it to override its @Async methods. Remove final.");
            ok = false;
        }
        boolean anyCtor = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .anyMatch(c -> !c.getModifiers().contains(Modifier.PRIVATE));
        if (!anyCtor) {
            error(type, Tag.PRIVATE, "every constructor of " + name + " is private, so the generated "
                    + generated + " cannot extend it. Make one package-private or protected.");
            ok = false;
        }
        return ok;
    }

    private static String kindName(ElementKind k) {
        switch (k) {
            case RECORD: return "a record";
            case ENUM: return "an enum";
            default: return "an interface";
        }
    }

    /** Checks an {@code @Async} method's declaration. */
    public boolean checkMethod(ExecutableElement m, String generated) {
        String name = m.getSimpleName().toString();
        Element owner = m.getEnclosingElement();
        if (m.getModifiers().contains(Modifier.PRIVATE)) {
            error(m, Tag.PRIVATE, "@Async method " + name + " is private: the generated " + generated
                    + " cannot " + (m.getModifiers().contains(Modifier.STATIC) ? "be reached in its place"
                    : "override it") + ". Make it package-private, protected or public.");
            return false;
        }
        if (m.getModifiers().contains(Modifier.ABSTRACT) || m.getModifiers().contains(Modifier.NATIVE)
                || (owner.getKind() == ElementKind.INTERFACE && !m.getModifiers().contains(Modifier.STATIC))) {
            error(m, Tag.ABSTRACT, "@Async method " + name + " has no body to transform."
                    + " Give it a body, or remove @Async (overrides of it can be @Async).");
            return false;
        }
        if (m.getModifiers().contains(Modifier.FINAL) && !m.getModifiers().contains(Modifier.STATIC)) {
            error(m, Tag.FINAL, "@Async method " + name + " is final, so the generated " + generated
                    + " cannot override it. Remove final.");
            return false;
        }
        if (m.getModifiers().contains(Modifier.SYNCHRONIZED)) {
            error(m, Tag.SYNCHRONIZED, "@Async method " + name + " is synchronized: a coroutine cannot hold"
                    + " a monitor across suspension points, and it runs on one loop thread anyway. Remove"
                    + " synchronized.");
            return false;
        }
        for (VariableElement p : m.getParameters()) {
            TypeElement hidden = PrivateTypes.privateType(p.asType());
            if (hidden != null) {
                error(m, Tag.PRIVATE, "@Async method " + name + " has a parameter of private type "
                        + hidden.getQualifiedName() + ", which the generated " + generated + " cannot name. Make the"
                        + " type package-private.");
                return false;
            }
        }
        TypeElement hiddenResult = PrivateTypes.privateType(m.getReturnType());
        if (hiddenResult != null) {
            error(m, Tag.PRIVATE, "@Async method " + name + " returns a coroutine of private type "
                    + hiddenResult.getQualifiedName() + ", which the generated " + generated + " cannot name."
                    + " Make the type package-private.");
            return false;
        }
        TypeMirror r = m.getReturnType();
        boolean coroutine = r.getKind() == TypeKind.DECLARED
                && (((TypeElement) ((DeclaredType) r).asElement()).getQualifiedName().contentEquals(Names.COROUTINE)
                    || ((TypeElement) ((DeclaredType) r).asElement()).getQualifiedName().contentEquals(Body.ASYNC_GENERATOR))
                && ((DeclaredType) r).getTypeArguments().size() == 1;
        if (!coroutine) {
            if (r.getKind() == TypeKind.ERROR) {
                return false; // javac reports the unknown type itself
            }
            error(m, Tag.RETURN_TYPE, "@Async method " + name + " returns " + r
                    + "; it must return dev.corio.Coroutine<T> and end with `return result(value);`"
                    + " (or, for an async generator, dev.corio.generators.AsyncGenerator<T> and end with"
                    + " `return done();`).");
            return false;
        }
        return true;
    }
}
