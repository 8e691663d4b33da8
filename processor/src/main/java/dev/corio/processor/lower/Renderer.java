package dev.corio.processor.lower;

import dev.corio.processor.diagnostics.Tag;
import com.palantir.javapoet.ClassName;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.corio.processor.Names;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Re-emits user code that contains no suspension point from its original source text, with the edits the
 * state machine needs (design note transform.md, section 5):
 * <ul>
 *   <li>locals that live in fields or were renamed, and members of the receiver ({@code $self.x});</li>
 *   <li>static members qualified by their class, static {@code @Async} methods sent to the generated class;</li>
 *   <li>type names through JavaPoet, so the generated file imports what the user's file imported;</li>
 *   <li>{@code return}, {@code break}, {@code continue} and {@code yield} that leave flattened code become
 *       jumps (through pending {@code finally} blocks);</li>
 *   <li>a lambda or class body that reads a variable kept in a field reads a fresh copy taken where the
 *       lambda is created, so lambdas made in different loop iterations keep different values.</li>
 * </ul>
 */
final class Renderer {
    private final Body body;
    private final Lowerer lowerer;
    private final Elements elements;

    private final Spelling sp;

    Renderer(Body body, Lowerer lowerer, Elements elements) {
        this.body = body;
        this.lowerer = lowerer;
        this.elements = elements;
        this.sp = new Spelling(body, elements, lowerer.denotable, lowerer.frame.fixed().self());
    }

    /** A replacement of the source range {@code [start, end)} by {@code code}. */
    static final class Edit {
        final int start;
        final int end;
        final Code code;

        Edit(int start, int end, Code code) {
            this.start = start;
            this.end = end;
            this.code = code;
        }
    }

    Code render(Tree tree) {
        return render(tree, Map.of());
    }

    /**
     * Renders {@code tree}, with the subtrees in {@code overrides} replaced by the given code: that is how
     * an expression whose operands were evaluated earlier (before an await) is rebuilt around them,
     * keeping the user's operators, formatting and precedence.
     */
    Code render(Tree tree, Map<Tree, Code> overrides) {
        if (overrides.containsKey(tree)) {
            return overrides.get(tree);
        }
        List<Edit> edits = new ArrayList<>();
        Map<Var, String> copies = new HashMap<>();
        new CopyScanner(this, sp, body, lowerer, elements, tree, overrides, edits, copies).scan(body.path(tree), 0);

        edits.sort(Comparator.comparingInt(e -> e.start));
        List<Object> parts = new ArrayList<>();
        int at = body.start(tree);
        int column = body.column(at);
        for (Edit e : edits) {
            if (e.start < at) {
                continue; // nested in an edit already made (cannot happen: edited trees are not descended)
            }
            parts.add(dedent(body.text(at, e.start), column));
            parts.add(e.code);
            at = e.end;
        }
        parts.add(dedent(body.text(at, body.end(tree)), column));
        return Code.of(parts.toArray());
    }

    /** A fresh effectively-final copy of a field-backed variable, for a lambda or class body created here. */
    private String captureCopy(Var v) {
        String base = v.name.replace("$", "") + "$";
        String name;
        do {
            name = base + ++copyCount;
        } while (!lowerer.frame.names().claim(name)); // not a name the body spells (`x$1`)
        lowerer.g.emit(Code.of("final ", v.type, " ", name, " = ", v, ";"));
        return name;
    }

    private int copyCount;

    /** Continuation lines lose the indentation the statement had in its file; JavaPoet indents them anew. */
    private static String dedent(String text, int column) {
        if (text.indexOf('\n') < 0 || text.contains("\"\"\"")) {
            // a text block's content depends on its lines' relative indentation: JavaPoet adds the same
            // indentation to every line, which keeps it, but taking some away here could change it
            return text.replace("\r", "");
        }
        StringBuilder sb = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) {
                sb.append('\n');
                int k = 0;
                while (k < column && k < line.length() && (line.charAt(k) == ' ' || line.charAt(k) == '\t')) {
                    k++;
                }
                line = line.substring(k);
            }
            sb.append(line.replace("\r", ""));
        }
        return sb.toString();
    }

    /** The declared type of a binding as written, or {@code var}. */
    Code bindingType(com.sun.source.tree.VariableTree v) {
        Tree t = v.getType();
        if (t == null || body.start(t) < 0 || body.end(t) < 0 || body.text(t).equals("var")) {
            return Code.of("var");
        }
        return render(t);
    }

    /** {@code <A, B>}: a type-argument list rendered from the source. */
    Code render(List<? extends Tree> typeArgs, Map<Tree, Code> overrides) {
        List<Code> l = new ArrayList<>();
        for (Tree a : typeArgs) {
            l.add(render(a, overrides));
        }
        return Code.of("<", Code.join(l, ", "), ">");
    }

    /** The replacement for an identifier, or null to keep it. */
    Code identifier(TreePath path, IdentifierTree node, int depth, Map<Var, String> copies) {
        String name = node.getName().toString();
        if (name.equals("this")) {
            return sp.insideLocalClass(path) ? null : sp.self(path);
        }
        if (name.equals("super")) {
            return null;
        }
        Element e = body.trees.getElement(path);
        if (e == null) {
            return null;
        }
        switch (e.getKind()) {
            case LOCAL_VARIABLE: case PARAMETER: case EXCEPTION_PARAMETER: case RESOURCE_VARIABLE:
            case BINDING_VARIABLE: {
                Var v = lowerer.frame.lookup(e);
                if (v == null) { // declared inside the copied code itself: as written
                    return null;
                }
                if (depth > 0 && v.field) {
                    return Code.of(copies.computeIfAbsent(v, this::captureCopy));
                }
                return Code.of(v);
            }
            case FIELD: case ENUM_CONSTANT: case METHOD: {
                boolean bound = sp.boundInBody(path, e, null); // a member of a local or anonymous class around it
                if (e.getKind() == ElementKind.FIELD && !bound && accessed(e, true)) {
                    Object constant = ((VariableElement) e).getConstantValue();
                    if (constant != null) { // a constant stays one (a case label needs it): its value, as javac inlines it
                        return Code.of(elements.getConstantExpression(constant));
                    }
                    return Code.of(lowerer.frame.access().getter((VariableElement) e),
                            e.getModifiers().contains(Modifier.STATIC) ? "()" : Code.of("(", sp.self, ")"));
                }
                if (e.getModifiers().contains(Modifier.STATIC)) {
                    TypeElement owner = (TypeElement) e.getEnclosingElement();
                    if (e.getKind() == ElementKind.METHOD && Names.isAsync(e)) {
                        return Code.of(Names.generated(owner), ".", name);
                    }
                    return sp.nameable(owner) ? Code.of(ClassName.get(owner), ".", name) : null;
                }
                return bound ? null : Code.of(sp.self, ".", name);
            }
            case CLASS: case INTERFACE: case ENUM: case RECORD: case ANNOTATION_TYPE:
                return sp.nameable((TypeElement) e) ? sp.typeName(path, (TypeElement) e) : null;
            default:
                return null;
        }
    }

    /**
     * Whether the machine reaches member {@code e} through an accessor (hoist.PrivateAccess): a private field,
     * method or constructor of a named class (members of local and anonymous classes of the body come along
     * with them); or a protected field or method of a class in another package, which the machine (in the
     * package, but a subclass only as a nested class of {@code Corio_Foo extends Foo}, reached through
     * {@code $self}) could not reach otherwise. {@code onSelf}: the receiver is {@code this}, written or implicit.
     */
    boolean accessed(Element e, boolean onSelf) {
        if (e == null || !(e.getEnclosingElement() instanceof TypeElement)) {
            return false;
        }
        boolean isPrivate = e.getModifiers().contains(Modifier.PRIVATE);
        boolean isProtected = e.getModifiers().contains(Modifier.PROTECTED);
        switch (e.getKind()) {
            case FIELD: case METHOD:
                break;
            case CONSTRUCTOR:
                isProtected = false; // `new C(..)` of a protected constructor of another package does not compile anyway
                break;
            default:
                return false;
        }
        if (!isPrivate && !isProtected) {
            return false;
        }
        for (Element o = e.getEnclosingElement(); o instanceof TypeElement; o = o.getEnclosingElement()) {
            NestingKind k = ((TypeElement) o).getNestingKind();
            if (k == NestingKind.LOCAL || k == NestingKind.ANONYMOUS) {
                return false;
            }
        }
        if (isPrivate) {
            return true;
        }
        if (elements.getPackageOf(e).equals(elements.getPackageOf(body.owner))) {
            return false; // protected includes the package
        }
        return !(onSelf && !e.getModifiers().contains(Modifier.STATIC) && lowerer.frame.access().machineInSubclass());
    }

    /**
     * Whether the use of member {@code e} at {@code path}, named by {@code name} (a simple name, or a select whose
     * expression is the receiver), goes through an accessor: {@link #accessed} with the receiver as written, unless
     * the use belongs to a local or anonymous class of the body ({@link Spelling#boundInBody}), whose code keeps its
     * own access in the copy.
     */
    boolean accessed(TreePath path, Element e, ExpressionTree name) {
        ExpressionTree recv = Spelling.receiverOf(name);
        return e != null && !sp.boundInBody(path, e, recv) && accessed(e, recv == null || sp.isThis(recv));
    }

    /** The field {@code path} names (a simple name or a select, not parenthesized) if reached by accessor, or null. */
    VariableElement privateField(TreePath path) {
        Tree t = path.getLeaf();
        if (!(t instanceof IdentifierTree || t instanceof MemberSelectTree)) {
            return null;
        }
        Element e = body.trees.getElement(path);
        return e != null && e.getKind() == ElementKind.FIELD && accessed(path, e, (ExpressionTree) t) ? (VariableElement) e : null;
    }


    /**
     * {@code $set$x(receiver, (T) (} for a compound assignment to field {@code f} reached by accessor, followed by
     * the old value, the operator and the right side; the receiver is used twice, so it must be {@code this},
     * none, or a variable ({@code receiver}, its code), or the lowering stops with {@code [CorioPrivate]}.
     */
    Code privateCompoundOpen(com.sun.source.tree.CompoundAssignmentTree node, VariableElement f, Code receiver) {
        ExpressionTree recv = sp.receiverOf(node.getVariable());
        boolean isStatic = f.getModifiers().contains(Modifier.STATIC);
        if (!isStatic && recv != null && !sp.isThis(recv) && receiver == null) {
            throw new Unsupported(node, "@Async method " + body.element.getSimpleName() + " applies a compound"
                    + " assignment to " + (f.getModifiers().contains(Modifier.PRIVATE) ? "private" : "protected")
                    + " field " + f.getSimpleName() + " of another object, which the generated"
                    + " state machine reaches only through an accessor. Write it as `o." + f.getSimpleName() + " = o."
                    + f.getSimpleName() + " " + ExpressionLowering.operator(node.getKind()) + " ...`, or make the field"
                    + " package-private.", Tag.PRIVATE);
        }
        javax.lang.model.type.TypeMirror t = f.asType();
        if (t.getKind() == javax.lang.model.type.TypeKind.DECLARED && !t.toString().equals("java.lang.String")) {
            try {
                t = body.types().unboxedType(t);
            } catch (IllegalArgumentException notBoxed) {
                // not a box: only String += compiles, which keeps its type
            }
        }
        return Code.of(lowerer.frame.access().setter(f), "(", isStatic ? "" : Code.of(receiver == null ? sp.self : receiver, ", "),
                "(", lowerer.denotable.of(t), ") (");
    }

    /** The read of field {@code f} for a compound assignment ({@code receiver} null: {@code this}, or none). */
    Code privateRead(VariableElement f, Code receiver) {
        return Code.of(lowerer.frame.access().getter(f), f.getModifiers().contains(Modifier.STATIC) ? "()"
                : Code.of("(", receiver == null ? sp.self : receiver, ")"));
    }
}
