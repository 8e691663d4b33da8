package dev.corio.processor.analyse.checks;

import dev.corio.processor.analyse.Body;
import dev.corio.processor.diagnostics.Reporter;
import dev.corio.processor.diagnostics.Tag;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A use of a private member in an {@code @Async} body: fields, methods and constructors are reached through
 * the state machine's accessors (hoist.PrivateAccess); what those cannot do is an error here.
 */
final class PrivateUseCheck {
    private final Reporter reporter;
    private final Body b;
    private final String generated;

    PrivateUseCheck(Reporter reporter, Body b, String generated) {
        this.reporter = reporter;
        this.b = b;
        this.generated = generated;
    }

    private void error(Body b, Tree t, Tag tag, String message) {
        reporter.report(t, b.userUnit, tag, message);
    }

    /**
     * Private fields, methods and constructors are reached through accessors of the state machine
     * (hoist.PrivateAccess); what those cannot do stays an error: private classes (the machine cannot
     * name them), method references, anonymous subclasses and inner classes with private constructors,
     * and members whose type names a private class. False if reported.
     */
    boolean check(Tree node, TreePath path) {
        Element e = b.trees.getElement(path);
        if (e == null || !e.getModifiers().contains(Modifier.PRIVATE) || declaredInLocalClass(b, e)) {
            return true; // members of local and anonymous classes of the body come along with them
        }
        String what = describe(e);
        String why;
        switch (e.getKind()) {
            case FIELD: case METHOD: case CONSTRUCTOR:
                why = unreachable(node, e);
                if (why == null) {
                    return true;
                }
                break;
            case CLASS: case INTERFACE: case ENUM: case RECORD:
                why = ", which the generated " + generated + " cannot name. Make it package-private.";
                break;
            default:
                return true;
        }
        error(b, node, Tag.PRIVATE, "@Async method " + b.element.getSimpleName() + " uses private " + what
                + why);
        return false;
    }

    /** Why the accessor for private member {@code e} used at {@code node} cannot work, or null. */
    private String unreachable(Tree node, Element e) {
        if (node instanceof com.sun.source.tree.MemberReferenceTree) {
            return " in a method reference, which the generated " + generated + " cannot form (it reaches"
                    + " private members through accessors). Write a lambda that calls it, or make it package-private.";
        }
        TypeElement owner = (TypeElement) e.getEnclosingElement();
        if (e.getKind() == ElementKind.CONSTRUCTOR && (node instanceof NewClassTree
                && ((NewClassTree) node).getClassBody() != null || owner.getNestingKind() == NestingKind.MEMBER
                && !owner.getModifiers().contains(Modifier.STATIC) && owner.getKind() == ElementKind.CLASS)) {
            return ", which the generated " + generated + " cannot call for "
                    + (node instanceof NewClassTree && ((NewClassTree) node).getClassBody() != null
                        ? "an anonymous subclass" : "an inner class") + ". Make it package-private.";
        }
        List<TypeMirror> sig = new java.util.ArrayList<>();
        if (e instanceof ExecutableElement) {
            ExecutableElement x = (ExecutableElement) e;
            sig.add(x.getReturnType());
            x.getParameters().forEach(p -> sig.add(p.asType()));
            sig.addAll(x.getThrownTypes());
        } else {
            sig.add(e.asType());
        }
        for (TypeMirror t : sig) {
            TypeElement hidden = PrivateTypes.privateType(t);
            if (hidden != null) {
                return ", whose type names private class " + hidden.getQualifiedName() + ", which the generated "
                        + generated + " cannot name (it reaches private members through accessors that repeat"
                        + " their types). Make " + hidden.getSimpleName() + " package-private.";
            }
        }
        return null;
    }


    private static boolean declaredInLocalClass(Body b, Element e) {
        for (Element x = e; x != null; x = x.getEnclosingElement()) {
            if (x instanceof TypeElement) {
                NestingKind k = ((TypeElement) x).getNestingKind();
                if (k == NestingKind.LOCAL || k == NestingKind.ANONYMOUS) {
                    return true;
                }
            }
            if (x.getKind() == ElementKind.PACKAGE) {
                return false;
            }
        }
        return false;
    }

    private static String describe(Element e) {
        String owner = e.getEnclosingElement().getSimpleName().toString();
        switch (e.getKind()) {
            case FIELD: case ENUM_CONSTANT: return "field " + owner + "." + e.getSimpleName();
            case METHOD: return "method " + owner + "." + e.getSimpleName() + "()";
            case CONSTRUCTOR: return "constructor of " + owner;
            default: return "class " + ((TypeElement) e).getQualifiedName();
        }
    }
}
