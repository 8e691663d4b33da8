package dev.corio.processor.lower;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.corio.processor.analyse.Body;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * How copied code spells what it names once it sits in the state machine: types (qualified, nested in a
 * parameterized outer type, with their type-use annotations), the receiver {@code this} ({@code $self}),
 * the enclosing instance of an inner class creation; and the questions the {@link CopyScanner} asks of a
 * tree's position (a case constant, inside a local class, a pattern's bindings).
 */
final class Spelling {
    private final Body body;
    private final Elements elements;
    private final dev.corio.processor.hoist.Denotable denotable;

    /** The machine's receiver field ({@code $self}, or the name the allocator gave it). */
    final String self;

    Spelling(Body body, Elements elements, dev.corio.processor.hoist.Denotable denotable, String self) {
        this.self = self;
        this.body = body;
        this.elements = elements;
        this.denotable = denotable;
    }

    boolean nameable(TypeElement t) {
        for (Element e = t; e instanceof TypeElement; e = e.getEnclosingElement()) {
            NestingKind k = ((TypeElement) e).getNestingKind();
            if (k == NestingKind.LOCAL || k == NestingKind.ANONYMOUS) {
                return false;
            }
        }
        return true;
    }

    /**
     * The receiver for {@code this} at {@code path}: {@code $self}, which is a {@code Corio_Foo}. Where the
     * value itself is used (an argument, an initializer) it is cast back to {@code Foo}, so that inference
     * gives the types it gives in the original ({@code var all = List.of(this)} is a {@code List<Foo>}).
     */
    Code self(TreePath path) {
        Tree parent = path.getParentPath().getLeaf();
        switch (parent.getKind()) {
            case MEMBER_SELECT: case MEMBER_REFERENCE: case NEW_CLASS: case EQUAL_TO: case NOT_EQUAL_TO:
            case SYNCHRONIZED:
                return Code.of(self);
            default:
                return Code.of("((", denotable.of(body.owner.asType()), ") ", self, ")");
        }
    }

    /**
     * A type named in the body. An inner class of a generic class declared as a variable's type, in a cast or
     * as a type argument is spelled with its enclosing type's arguments ({@code Outer<E>.Node}): outside
     * {@code Outer}, {@code Outer.Node} would be raw.
     */
    Code typeName(TreePath path, TypeElement e) {
        ClassName raw = ClassName.get(e);
        if (!inner(e)) {
            return Code.of(raw);
        }
        TreePath p = path;
        Tree parent = p.getParentPath().getLeaf();
        boolean parameterized = parent instanceof com.sun.source.tree.ParameterizedTypeTree
                && ((com.sun.source.tree.ParameterizedTypeTree) parent).getType() == p.getLeaf();
        TreePath typePath = parameterized ? p.getParentPath() : p;
        // up through array types and type arguments to the position the type is used in
        TreePath q = typePath;
        while (q.getParentPath().getLeaf() instanceof com.sun.source.tree.ArrayTypeTree
                || q.getParentPath().getLeaf() instanceof com.sun.source.tree.WildcardTree) {
            q = q.getParentPath();
        }
        Tree use = q.getParentPath().getLeaf();
        boolean declared = use instanceof com.sun.source.tree.VariableTree && ((com.sun.source.tree.VariableTree) use).getType() == q.getLeaf()
                || use instanceof com.sun.source.tree.TypeCastTree && ((com.sun.source.tree.TypeCastTree) use).getType() == q.getLeaf()
                || use instanceof com.sun.source.tree.ParameterizedTypeTree && ((com.sun.source.tree.ParameterizedTypeTree) use).getType() != q.getLeaf();
        javax.lang.model.type.TypeMirror t = body.trees.getTypeMirror(typePath);
        if (!declared || !(t instanceof javax.lang.model.type.DeclaredType)
                || ((javax.lang.model.type.DeclaredType) t).getEnclosingType().getKind() != javax.lang.model.type.TypeKind.DECLARED) {
            return Code.of(raw);
        }
        com.palantir.javapoet.TypeName outer = denotable.of(((javax.lang.model.type.DeclaredType) t).getEnclosingType());
        return outer instanceof com.palantir.javapoet.ParameterizedTypeName
                ? Code.of(((com.palantir.javapoet.ParameterizedTypeName) outer).nestedClass(e.getSimpleName().toString()))
                : Code.of(raw);
    }

    /**
     * Whether an identifier is an enum constant used as a case label (the scanner reaches labels, guards and
     * bodies of cases on every JDK: a guard and the body are ordinary code).
     */
    boolean caseConstant(TreePath path) {
        Tree parent = path.getParentPath().getLeaf();
        if (parent.getKind().name().equals("CONSTANT_CASE_LABEL")) {
            parent = path.getParentPath().getParentPath().getLeaf();
        } else if (!(parent instanceof CaseTree) || !((CaseTree) parent).getExpressions().contains(path.getLeaf())) {
            return false;
        }
        Element e = body.trees.getElement(path);
        return parent instanceof CaseTree && e != null && e.getKind() == ElementKind.ENUM_CONSTANT;
    }

    /** The variables a pattern binds, in order (nested record patterns included); unnamed ones left out. */
    static List<com.sun.source.tree.VariableTree> bindings(Tree pattern) {
        List<com.sun.source.tree.VariableTree> out = new ArrayList<>();
        new com.sun.source.util.TreeScanner<Void, Void>() {
            @Override
            public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void p) {
                String n = node.getVariable().getName().toString();
                if (!n.isEmpty() && !n.equals("_")) {
                    out.add(node.getVariable());
                }
                return super.visitBindingPattern(node, p);
            }
        }.scan(pattern, null);
        return out;
    }


    /** Where a variable's name is written in the source, or -1. */
    int namePosition(com.sun.source.tree.VariableTree v) {
        int from = body.start(v);
        Tree type = v.getType();
        if (type != null && body.end(type) > from) {
            from = body.end(type);
        }
        int to = v.getInitializer() != null && body.start(v.getInitializer()) > from ? body.start(v.getInitializer()) : body.end(v);
        if (from < 0 || to < from) {
            return -1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![\\w$])" + java.util.regex.Pattern.quote(v.getName().toString())
                + "(?![\\w$])").matcher(body.text(from, to));
        return m.find() ? from + m.start() : -1;
    }

    /** The path of {@code base}, the class named by {@code type} (itself, or the raw part of {@code C<..>}). */
    static TreePath typePath(TreePath parent, Tree type, Tree base) {
        TreePath p = new TreePath(parent, type);
        return base == type ? p : new TreePath(p, base);
    }

    /** An inner class: a member class that is not static (interfaces, enums and records are). */
    static boolean inner(TypeElement t) {
        return t.getNestingKind() == NestingKind.MEMBER && t.getKind() == ElementKind.CLASS
                && !t.getModifiers().contains(Modifier.STATIC);
    }

    /**
     * The enclosing instance an unqualified creation of inner class {@code c} at {@code path} takes: null when
     * a local or anonymous class of the body has {@code c} as a member (its own {@code this} then, kept as
     * written), or in a static method (no enclosing instance; javac has reported that); otherwise the
     * receiver.
     */
    Code implicitOuter(TreePath path, TypeElement c) {
        if (body.element.getModifiers().contains(Modifier.STATIC)) {
            return null;
        }
        for (TreePath p = path.getParentPath(); p != null && p.getLeaf() != body.method; p = p.getParentPath()) {
            if (p.getLeaf() instanceof ClassTree) {
                Element k = body.trees.getElement(p);
                if (k instanceof TypeElement && elements.getAllMembers((TypeElement) k).contains(c)) {
                    return null;
                }
            }
        }
        return Code.of(self);
    }

    /** The number of parameters of the function type {@code t} (a functional interface). */
    int arity(javax.lang.model.type.TypeMirror t) {
        if (t instanceof javax.lang.model.type.IntersectionType) { // (Supplier<Inner> & Serializable) Inner::new
            for (javax.lang.model.type.TypeMirror b : ((javax.lang.model.type.IntersectionType) t).getBounds()) {
                int n = arityOrMinus1(b);
                if (n >= 0) {
                    return n;
                }
            }
        }
        int n = arityOrMinus1(t);
        if (n < 0) {
            throw new IllegalStateException("not a functional interface: " + t);
        }
        return n;
    }

    int arityOrMinus1(javax.lang.model.type.TypeMirror t) {
        if (!(t instanceof javax.lang.model.type.DeclaredType)) {
            return -1;
        }
        TypeElement f = (TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement();
        for (Element m : elements.getAllMembers(f)) {
            if (m.getKind() == ElementKind.METHOD && m.getModifiers().contains(Modifier.ABSTRACT)
                    && !objectMethod((javax.lang.model.element.ExecutableElement) m)) {
                return ((javax.lang.model.element.ExecutableElement) m).getParameters().size();
            }
        }
        return -1;
    }

    /** equals, hashCode and toString redeclared in an interface do not count toward its function type. */
    static boolean objectMethod(javax.lang.model.element.ExecutableElement m) {
        String n = m.getSimpleName().toString();
        int k = m.getParameters().size();
        return n.equals("equals") && k == 1 || (n.equals("hashCode") || n.equals("toString")) && k == 0;
    }

    /** The receiver written before a select ({@code r} in {@code r.x}), or null for a simple name. */
    static ExpressionTree receiverOf(ExpressionTree v) {
        return v instanceof MemberSelectTree ? ((MemberSelectTree) v).getExpression() : null;
    }

    /** {@code this}, or {@code T.this} of the class itself. */
    boolean isThis(ExpressionTree t) {
        ExpressionTree x = Body.stripParens(t);
        return x instanceof IdentifierTree && ((IdentifierTree) x).getName().contentEquals("this")
                || x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("this");
    }


    /**
     * The type-use annotations that apply to the type named by {@code path} (a simple name that the generated
     * code qualifies, {@code Entry} becoming {@code Multiset.Entry}) and are written before it: in an
     * annotated type ({@code List<@Nullable Entry<E>>}), or among the modifiers of the declaration whose type
     * it is ({@code protected @Nullable Entry<E> computeNext()}) when their {@code @Target} is only
     * {@code TYPE_USE}. Empty when the name is not qualified or not annotated.
     */
    List<com.sun.source.tree.AnnotationTree> typeUseAnnotations(TreePath path) {
        Element e = body.trees.getElement(path);
        if (!(e instanceof TypeElement) || !(e.getEnclosingElement() instanceof TypeElement) || inner((TypeElement) e)) {
            return List.of();
        }
        TreePath p = path;
        if (p.getParentPath().getLeaf() instanceof com.sun.source.tree.ParameterizedTypeTree
                && ((com.sun.source.tree.ParameterizedTypeTree) p.getParentPath().getLeaf()).getType() == p.getLeaf()) {
            p = p.getParentPath();
        }
        Tree parent = p.getParentPath().getLeaf();
        if (parent instanceof com.sun.source.tree.AnnotatedTypeTree) {
            return new ArrayList<>(((com.sun.source.tree.AnnotatedTypeTree) parent).getAnnotations());
        }
        com.sun.source.tree.ModifiersTree mods = null;
        java.lang.annotation.ElementType declaration = null;
        if (parent instanceof com.sun.source.tree.VariableTree && ((com.sun.source.tree.VariableTree) parent).getType() == p.getLeaf()) {
            mods = ((com.sun.source.tree.VariableTree) parent).getModifiers();
            declaration = java.lang.annotation.ElementType.LOCAL_VARIABLE;
        } else if (parent instanceof com.sun.source.tree.MethodTree
                && ((com.sun.source.tree.MethodTree) parent).getReturnType() == p.getLeaf()) {
            mods = ((com.sun.source.tree.MethodTree) parent).getModifiers();
            declaration = java.lang.annotation.ElementType.METHOD;
        }
        List<com.sun.source.tree.AnnotationTree> out = new ArrayList<>();
        if (mods != null) {
            for (com.sun.source.tree.AnnotationTree a : mods.getAnnotations()) {
                Element type = body.trees.getElement(new TreePath(new TreePath(p.getParentPath(), mods), a.getAnnotationType()));
                java.lang.annotation.Target target = type == null ? null : type.getAnnotation(java.lang.annotation.Target.class);
                if (target != null && java.util.Arrays.asList(target.value()).contains(java.lang.annotation.ElementType.TYPE_USE)
                        && !java.util.Arrays.asList(target.value()).contains(declaration)
                        && !java.util.Arrays.asList(target.value()).contains(java.lang.annotation.ElementType.FIELD)
                        && !java.util.Arrays.asList(target.value()).contains(java.lang.annotation.ElementType.PARAMETER)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    boolean insideLocalClass(TreePath path) {
        for (TreePath p = path; p != null && p.getLeaf() != body.method; p = p.getParentPath()) {
            if (p.getLeaf() instanceof ClassTree) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the use of {@code member} at {@code path} (a name, a select, or a call), with receiver {@code
     * qualifier} as written (null: implicit), belongs to a local or anonymous class of the body around it rather
     * than to the {@code @Async} method's class: the implicit {@code this} of an unqualified name binds to the
     * innermost class that has the member (an anonymous {@code FilterInputStream} reading the {@code in} it
     * inherits, commons-compress {@code SevenZFile}); {@code this} and {@code super} written inside such a class are
     * its own, and so is {@code C.this} of a local class {@code C}; and a protected member of another package used
     * on another object is reached because such a class is the subclass that may use it (JLS 6.6.2). The copy keeps
     * that code inside that class, where the access is what it was: it stays as written, with neither an accessor
     * nor the machine's receiver.
     */
    boolean boundInBody(TreePath path, Element member, ExpressionTree qualifier) {
        if (!insideLocalClass(path)) {
            return false;
        }
        if (qualifier == null) {
            return memberOfLocalClass(path, member);
        }
        ExpressionTree q = Body.stripParens(qualifier);
        if (q instanceof IdentifierTree && (((IdentifierTree) q).getName().contentEquals("this")
                || ((IdentifierTree) q).getName().contentEquals("super"))) {
            return true;
        }
        if (q instanceof MemberSelectTree && (((MemberSelectTree) q).getIdentifier().contentEquals("this")
                || ((MemberSelectTree) q).getIdentifier().contentEquals("super"))) {
            Element c = body.trees.getElement(new TreePath(path, ((MemberSelectTree) q).getExpression()));
            return c != null && !c.equals(body.owner);
        }
        if (!member.getModifiers().contains(Modifier.PROTECTED) || !(member.getEnclosingElement() instanceof TypeElement)) {
            return false;
        }
        javax.lang.model.util.Types types = body.types();
        javax.lang.model.type.TypeMirror declaring = types.erasure(member.getEnclosingElement().asType());
        javax.lang.model.type.TypeMirror receiver = member.getModifiers().contains(Modifier.STATIC) ? null
                : body.trees.getTypeMirror(new TreePath(path, q));
        for (TreePath p = path; p != null && p.getLeaf() != body.method; p = p.getParentPath()) {
            if (p.getLeaf() instanceof ClassTree) {
                Element c = body.trees.getElement(p);
                if (c instanceof TypeElement) {
                    javax.lang.model.type.TypeMirror ct = types.erasure(c.asType());
                    if (types.isSubtype(ct, declaring) && (receiver == null
                            || receiver.getKind() == javax.lang.model.type.TypeKind.DECLARED && types.isSubtype(types.erasure(receiver), ct))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether an unqualified member refers to an enclosing local or anonymous class rather than the receiver. */
    boolean memberOfLocalClass(TreePath path, Element member) {
        for (TreePath p = path; p != null && p.getLeaf() != body.method; p = p.getParentPath()) {
            if (p.getLeaf() instanceof ClassTree) {
                Element c = body.trees.getElement(p);
                if (c instanceof TypeElement && elements.getAllMembers((TypeElement) c).contains(member)) {
                    return true;
                }
            }
        }
        return false;
    }
}
