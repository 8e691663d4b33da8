package dev.corio.processor.corpus;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns the methods of one real compilation unit into {@code @Async} methods by editing its source text at
 * the positions javac's parser gives (rules in docs/corpus.md). {@link #Converter} analyses the original
 * once (attributed, against the library's own jar); {@link #render} writes the unit with any closed set
 * of its methods converted.
 */
final class Converter {
    static final String ASYNC = "@dev.corio.annotation.Async ";

    /** A method that may be converted. */
    static final class Method {
        final ExecutableElement element;
        final MethodTree tree;
        final TypeElement owner;
        final String id;
        final long start;
        final long end;
        /** The return type's primitive keyword ({@code int}, {@code void}), or null for a reference type. */
        final String primitive;
        final boolean fallsOff;
        final List<Ref> refs = new ArrayList<>();
        final List<ReturnTree> returns = new ArrayList<>();

        Method(ExecutableElement element, MethodTree tree, TypeElement owner, String id, long start, long end,
                String primitive, boolean fallsOff) {
            this.element = element;
            this.tree = tree;
            this.owner = owner;
            this.id = id;
            this.start = start;
            this.end = end;
            this.primitive = primitive;
            this.fallsOff = fallsOff;
        }

        boolean isStatic() {
            return element.getModifiers().contains(Modifier.STATIC);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** A use of a method: a call in an awaitable place of method {@code in}, or anything else ({@code in} null). */
    static final class Ref {
        final Method in;
        final MethodInvocationTree call;
        /** The call is the whole value of a return whose type is the same: returned as is (delegation). */
        final ReturnTree delegation;
        /** The call is an expression statement (its value is dropped: no cast back to the primitive). */
        final boolean statement;
        /** The call's type in the original, as an explicit type argument of await (null: none needed or possible). */
        final String witness;

        Ref(Method in, MethodInvocationTree call, ReturnTree delegation, boolean statement, String witness) {
            this.in = in;
            this.call = call;
            this.delegation = delegation;
            this.statement = statement;
            this.witness = witness;
        }
    }

    /** The converted text, with a map back to the original's positions. */
    static final class Converted {
        final String text;
        /** new position of each edit -> (original position, new length, original length). */
        private final TreeMap<Integer, int[]> edits;
        /** positions (new text) of the {@code return result(null);} appended to void methods. */
        final Map<Integer, Method> fallOffs;

        Converted(String text, TreeMap<Integer, int[]> edits, Map<Integer, Method> fallOffs) {
            this.text = text;
            this.edits = edits;
            this.fallOffs = fallOffs;
        }

        /** The original position of a position in the converted text (inside an edit: where the edit is). */
        long original(long pos) {
            Map.Entry<Integer, int[]> e = edits.floorEntry((int) pos);
            if (e == null) {
                return pos;
            }
            int[] v = e.getValue(); // {origPos, newLen, origLen, delta after}
            if (pos < e.getKey() + v[1]) {
                return v[0];
            }
            return pos - v[3];
        }
    }

    final String path;
    final String text;
    final CompilationUnitTree unit;
    final Trees trees;
    final Elements elements;
    final Types types;
    private final SourcePositions pos;
    /** Methods that may be converted, in source order. */
    final Map<ExecutableElement, Method> methods = new LinkedHashMap<>();
    /** Why each other method with a body in a named class is not converted (method id -> reason). */
    final Map<String, String> excluded = new LinkedHashMap<>();
    private final Map<MethodTree, Method> byTree = new IdentityHashMap<>();
    private final List<ClassTree> namedClasses = new ArrayList<>();
    private final List<TypeElement> allClasses = new ArrayList<>();
    private final boolean importCoroutine;
    /**
     * How calls of {@code Corio} are written: fully qualified, or {@code Corio} with a single-type import when the
     * unit declares a variable named {@code dev}, which would shadow the package in an expression (commons-math3
     * {@code ChiSquareTest}: {@code double dev}).
     */
    private final String corio;
    private final String resultCall;
    private final String awaitCall;

    Converter(String path, String text, Javac.Analysis a) {
        this.path = path;
        this.text = text;
        this.unit = a.unit;
        this.trees = Trees.instance(a.task);
        this.elements = a.task.getElements();
        this.types = a.task.getTypes();
        this.pos = trees.getSourcePositions();
        this.importCoroutine = !Pattern.compile("\\bCoroutine\\b").matcher(text).find();
        boolean[] dev = {false};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree v, Void p) {
                dev[0] |= v.getName().contentEquals("dev");
                return super.visitVariable(v, p);
            }
        }.scan(unit, null);
        this.corio = dev[0] && !Pattern.compile("\\bCorio\\b").matcher(text).find() ? "Corio" : "dev.corio.Corio";
        this.resultCall = corio + ".result(";
        this.awaitCall = corio + ".await(";
        collect();
        references();
    }

    private void collect() {
        List<TreePath> methodPaths = new ArrayList<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitClass(ClassTree t, Void v) {
                Element e = trees.getElement(getCurrentPath());
                if (e instanceof TypeElement) {
                    allClasses.add((TypeElement) e);
                    NestingKind k = ((TypeElement) e).getNestingKind();
                    if (k == NestingKind.TOP_LEVEL || k == NestingKind.MEMBER) {
                        namedClasses.add(t);
                    }
                }
                return super.visitClass(t, v);
            }

            @Override
            public Void visitMethod(MethodTree t, Void v) {
                methodPaths.add(getCurrentPath());
                return super.visitMethod(t, v);
            }
        }.scan(unit, null);
        for (TreePath p : methodPaths) {
            MethodTree t = (MethodTree) p.getLeaf();
            Element el = trees.getElement(p);
            if (!(el instanceof ExecutableElement) || !(el.getEnclosingElement() instanceof TypeElement)) {
                continue;
            }
            ExecutableElement e = (ExecutableElement) el;
            TypeElement owner = (TypeElement) e.getEnclosingElement();
            String id = id(e);
            if (e.getKind() != ElementKind.METHOD || t.getBody() == null) {
                continue; // constructors, abstract and native methods: not methods with a body to convert
            }
            if (owner.getNestingKind() != NestingKind.TOP_LEVEL && owner.getNestingKind() != NestingKind.MEMBER) {
                continue; // local and anonymous classes are not counted
            }
            String why = reason(e, owner, t);
            if (why != null) {
                excluded.put(id, why);
                continue;
            }
            String prim = t.getReturnType() instanceof PrimitiveTypeTree
                    ? ((PrimitiveTypeTree) t.getReturnType()).getPrimitiveTypeKind().name().toLowerCase() : null;
            boolean fallsOff = "void".equals(prim) && CanComplete.body(t.getBody(), trees, unit);
            Method m = new Method(e, t, owner, id, pos.getStartPosition(unit, t), pos.getEndPosition(unit, t), prim,
                    fallsOff);
            methods.put(e, m);
            byTree.put(t, m);
        }
    }

    static String id(ExecutableElement e) {
        TypeElement owner = (TypeElement) e.getEnclosingElement();
        return owner.getQualifiedName() + "#" + e.getSimpleName() + e.getParameters().stream()
                .map(p -> p.asType().toString()).collect(Collectors.joining(",", "(", ")"));
    }

    /** Why {@code e} is not converted, or null. */
    private String reason(ExecutableElement e, TypeElement owner, MethodTree t) {
        for (Element o = owner; o instanceof TypeElement; o = o.getEnclosingElement()) {
            TypeElement te = (TypeElement) o;
            if (te.getNestingKind() == NestingKind.MEMBER && !te.getModifiers().contains(Modifier.STATIC)
                    && te.getKind() == ElementKind.CLASS) {
                return "in an inner (non-static) class";
            }
        }
        if (owner.getKind() == ElementKind.ANNOTATION_TYPE) {
            return "in an annotation type";
        }
        boolean isStatic = e.getModifiers().contains(Modifier.STATIC);
        if (!isStatic && owner.getKind() != ElementKind.CLASS) {
            return "instance method of an " + owner.getKind().name().toLowerCase();
        }
        if (!isStatic && e.getAnnotation(SafeVarargs.class) != null) {
            // a converted method loses final (Corio_Foo overrides it), and @SafeVarargs needs final or private
            return "a final instance method with @SafeVarargs";
        }
        if (pos.getEndPosition(unit, t.getReturnType()) > pos.getStartPosition(unit, t.getBody())) {
            return "unusual syntax";
        }
        // Changing the return type must not break an override, a hidden method or an overrider.
        for (TypeElement sup : supertypes(owner)) {
            for (ExecutableElement x : ElementFilter.methodsIn(sup.getEnclosedElements())) {
                if (x.getSimpleName().equals(e.getSimpleName()) && !x.getModifiers().contains(Modifier.PRIVATE)
                        && (isStatic ? elements.hides(e, x) : elements.overrides(e, x, owner))) {
                    return "overrides or hides a method";
                }
            }
        }
        for (TypeElement c : allClasses) {
            if (c.equals(owner)) {
                continue;
            }
            for (ExecutableElement y : ElementFilter.methodsIn(c.getEnclosedElements())) {
                if (y.getSimpleName().equals(e.getSimpleName())
                        && (elements.overrides(y, e, c) || elements.hides(y, e))) {
                    return "overridden or hidden in its file";
                }
            }
        }
        // A subclass in the file may inherit it as the implementation of an interface method
        // (HashIterator.hasNext() becomes Iterator.hasNext() in EntrySetIterator extends HashIterator implements Iterator).
        for (TypeElement c : allClasses) {
            if (!isStatic && !c.equals(owner)
                    && types.isSubtype(types.erasure(c.asType()), types.erasure(owner.asType()))) {
                for (TypeElement sup : supertypes(c)) {
                    for (ExecutableElement x : ElementFilter.methodsIn(sup.getEnclosedElements())) {
                        if (!x.equals(e) && x.getSimpleName().equals(e.getSimpleName())
                                && !x.getModifiers().contains(Modifier.PRIVATE) && elements.overrides(e, x, c)) {
                            return "implements a method for a subclass in its file";
                        }
                    }
                }
            }
        }
        // Private members become package-private (see render): a private method of the same signature in a
        // superclass or subclass in the file would then override or be overridden.
        for (TypeElement sup : supertypes(owner)) {
            for (ExecutableElement x : ElementFilter.methodsIn(sup.getEnclosedElements())) {
                if (x.getModifiers().contains(Modifier.PRIVATE) && sameErasure(x, e)) {
                    return "overrides or hides a method once private members are package-private";
                }
            }
        }
        for (TypeElement c : allClasses) {
            if (!c.equals(owner) && types.isSubtype(types.erasure(c.asType()), types.erasure(owner.asType()))) {
                for (ExecutableElement y : ElementFilter.methodsIn(c.getEnclosedElements())) {
                    if ((y.getModifiers().contains(Modifier.PRIVATE) || e.getModifiers().contains(Modifier.PRIVATE))
                            && sameErasure(y, e)) {
                        return "overridden or hidden in its file once private members are package-private";
                    }
                }
            }
        }
        return null;
    }

    private boolean sameErasure(ExecutableElement a, ExecutableElement b) {
        if (!a.getSimpleName().equals(b.getSimpleName()) || a.getParameters().size() != b.getParameters().size()) {
            return false;
        }
        for (int i = 0; i < a.getParameters().size(); i++) {
            if (!types.isSameType(types.erasure(a.getParameters().get(i).asType()),
                    types.erasure(b.getParameters().get(i).asType()))) {
                return false;
            }
        }
        return true;
    }

    /** How {@code t} is written as an explicit type argument, or null when it cannot be (or need not be). */
    private String witness(TypeMirror t) {
        return witness(t, null);
    }

    /**
     * The same for the type {@code t} of a call of a method declared to return {@code declared} (null: not a
     * call): a capture of a wildcard the declaration has is written as that wildcard.
     */
    private String witness(TypeMirror t, TypeMirror declared) {
        if (t == null || t.getKind() != TypeKind.DECLARED && t.getKind() != TypeKind.TYPEVAR
                && t.getKind() != TypeKind.ARRAY) {
            return null;
        }
        if (t.getKind() == TypeKind.DECLARED && ((javax.lang.model.type.DeclaredType) t).getTypeArguments().isEmpty()
                && ((javax.lang.model.type.DeclaredType) t).getEnclosingType().getKind() == TypeKind.NONE) {
            TypeElement e = (TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement();
            // a raw type (an unchecked call's erased result, Guava TypeToken `getSupertype((Class) c)`): await of
            // the raw coroutine would be an Object; the witness keeps the raw type, as the call had it
            return declared != null && !e.getTypeParameters().isEmpty() && e.getNestingKind() != NestingKind.LOCAL
                    && e.getNestingKind() != NestingKind.ANONYMOUS ? e.getQualifiedName().toString() : null;
        }
        if (t.getKind() == TypeKind.DECLARED && ((javax.lang.model.type.DeclaredType) t).getEnclosingType().getKind() == TypeKind.NONE) {
            String uncaptured = declared instanceof javax.lang.model.type.DeclaredType
                    ? uncaptured((javax.lang.model.type.DeclaredType) t, (javax.lang.model.type.DeclaredType) declared) : null;
            if (uncaptured != null) {
                return uncaptured;
            }
        }
        String text = t.toString();
        // javac writes a type-use annotation first (`@Nullable Object[]`), which in source annotates the element
        // type: such a type is left without a witness
        return denotable(t, 0) && !text.contains("@") ? text : null;
    }

    /**
     * A call's type with its top-level captures written as the wildcards they capture ({@code Collector<T, ?, M>}
     * for {@code Collector<T, capture#1 of ?, M>}: Guava {@code CollectCollectors.flatteningToImmutableListMultimap}
     * awaits such a call as an argument, whose lambdas are typed only with the witness), where the declared
     * return type {@code declared} has a wildcard (a capture of an inferred type variable, as {@code Collection<E>}
     * with {@code E} a capture, has none to write: the witness would not match the coroutine); null when there is
     * no such capture or the rest is not denotable.
     */
    private String uncaptured(javax.lang.model.type.DeclaredType d, javax.lang.model.type.DeclaredType declared) {
        boolean any = false;
        List<String> args = new ArrayList<>();
        List<? extends TypeMirror> declaredArgs = declared.getTypeArguments();
        if (declaredArgs.size() != d.getTypeArguments().size()) {
            return null;
        }
        for (int i = 0; i < declaredArgs.size(); i++) {
            TypeMirror a = d.getTypeArguments().get(i);
            if (a.getKind() == TypeKind.TYPEVAR && a.toString().startsWith("capture#")) {
                if (declaredArgs.get(i).getKind() != TypeKind.WILDCARD) {
                    return null;
                }
                javax.lang.model.type.TypeVariable v = (javax.lang.model.type.TypeVariable) a;
                TypeMirror lower = v.getLowerBound();
                TypeMirror upper = v.getUpperBound();
                TypeMirror bound = lower != null && lower.getKind() != TypeKind.NULL ? lower : upper;
                if (bound == lower && lower != null && lower.getKind() != TypeKind.NULL) {
                    if (!denotable(lower, 1)) {
                        return null;
                    }
                    args.add("? super " + lower);
                } else if (upper == null || upper.toString().equals("java.lang.Object")) {
                    args.add("?");
                } else {
                    if (!denotable(upper, 1) || upper.getKind() == TypeKind.INTERSECTION) {
                        return null;
                    }
                    args.add("? extends " + upper);
                }
                any = true;
            } else {
                if (!denotable(a, 1)) {
                    return null;
                }
                args.add(a.toString());
            }
        }
        if (!any) {
            return null;
        }
        String text = ((TypeElement) d.asElement()).getQualifiedName() + "<" + String.join(",", args) + ">";
        return text.contains("@") ? null : text;
    }

    private boolean denotable(TypeMirror t, int depth) {
        if (depth > 10) {
            return false;
        }
        switch (t.getKind()) {
            case DECLARED: {
                javax.lang.model.type.DeclaredType d = (javax.lang.model.type.DeclaredType) t;
                Element el = d.asElement();
                if (!(el instanceof TypeElement) || ((TypeElement) el).getNestingKind() == NestingKind.ANONYMOUS
                        || ((TypeElement) el).getNestingKind() == NestingKind.LOCAL) {
                    return false;
                }
                for (TypeMirror a : d.getTypeArguments()) {
                    if (!denotable(a, depth + 1)) {
                        return false;
                    }
                }
                return d.getEnclosingType().getKind() == TypeKind.NONE || denotable(d.getEnclosingType(), depth + 1);
            }
            case TYPEVAR:
                return !t.toString().startsWith("capture#")
                        && !((javax.lang.model.type.TypeVariable) t).asElement().getSimpleName().toString().startsWith("<");
            case ARRAY:
                return denotable(((javax.lang.model.type.ArrayType) t).getComponentType(), depth + 1);
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
                return (w.getExtendsBound() == null || denotable(w.getExtendsBound(), depth + 1))
                        && (w.getSuperBound() == null || denotable(w.getSuperBound(), depth + 1));
            }
            default:
                return t.getKind().isPrimitive();
        }
    }

    private Set<TypeElement> supertypes(TypeElement t) {
        Set<TypeElement> out = new LinkedHashSet<>();
        List<TypeMirror> work = new ArrayList<>(types.directSupertypes(t.asType()));
        while (!work.isEmpty()) {
            TypeMirror m = work.remove(work.size() - 1);
            Element el = types.asElement(m);
            if (el instanceof TypeElement && out.add((TypeElement) el)) {
                work.addAll(types.directSupertypes(m));
            }
        }
        return out;
    }

    /** Every use of a convertible method, and every return of one. */
    private void references() {
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree t, Void v) {
                Method target = methods.get(trees.getElement(getCurrentPath()));
                if (target != null) {
                    Method in = awaitableIn(getCurrentPath());
                    ReturnTree delegation = null;
                    Tree parent = getCurrentPath().getParentPath().getLeaf();
                    if (in != null && parent instanceof ReturnTree) {
                        TypeMirror got = trees.getTypeMirror(getCurrentPath());
                        TypeMirror want = in.element.getReturnType();
                        if (got != null && in.primitive == null && target.primitive == null
                                && types.isSameType(got, want)) {
                            delegation = (ReturnTree) parent;
                        }
                    }
                    boolean statement = parent instanceof com.sun.source.tree.ExpressionStatementTree;
                    String witness = in == null || statement || target.primitive != null ? null
                            : witness(trees.getTypeMirror(getCurrentPath()), target.element.getReturnType());
                    target.refs.add(new Ref(in, t, delegation, statement, witness));
                }
                return super.visitMethodInvocation(t, v);
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree t, Void v) {
                Method target = methods.get(trees.getElement(getCurrentPath()));
                if (target != null) {
                    target.refs.add(new Ref(null, null, null, false, null));
                }
                return super.visitMemberReference(t, v);
            }
        }.scan(unit, null);
        for (Method m : methods.values()) {
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitReturn(ReturnTree r, Void v) {
                    m.returns.add(r);
                    return super.visitReturn(r, v);
                }

                @Override
                public Void visitLambdaExpression(LambdaExpressionTree t, Void v) {
                    return null;
                }

                @Override
                public Void visitClass(ClassTree t, Void v) {
                    return null;
                }
            }.scan(m.tree.getBody(), null);
        }
    }

    /** The convertible method whose body holds this call where an await may stand, or null. */
    private Method awaitableIn(TreePath call) {
        for (TreePath p = call.getParentPath(); p != null; p = p.getParentPath()) {
            Tree t = p.getLeaf();
            switch (t.getKind()) {
                case METHOD:
                    return byTree.get(t);
                case LAMBDA_EXPRESSION:
                case CLASS:
                case ENUM:
                case INTERFACE:
                case ANNOTATION_TYPE:
                case SYNCHRONIZED:
                case ASSERT:
                    return null;
                default:
                    if (t.getKind().name().equals("RECORD")) {
                        return null;
                    }
            }
        }
        return null;
    }

    /**
     * The largest subset of {@code wanted} in which every use of a member is a call in an awaitable place of
     * a member (so no unconverted code calls a converted method).
     */
    Set<Method> close(Set<Method> wanted) {
        Set<Method> c = new LinkedHashSet<>(wanted);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Method m : new ArrayList<>(c)) {
                for (Ref r : m.refs) {
                    if (r.in == null || !c.contains(r.in)) {
                        c.remove(m);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return c;
    }

    /** One text edit: replace [start, end) with text; insertions (start == end) ordered by key. */
    private static final class Edit {
        final int start;
        final int end;
        final String text;
        final long k1;
        final long k2;

        Edit(long start, long end, String text, long k1, long k2) {
            this.start = (int) start;
            this.end = (int) end;
            this.text = text;
            this.k1 = k1;
            this.k2 = k2;
        }
    }

    private static void wrap(List<Edit> out, long start, long end, String prefix, String suffix, int level) {
        long span = end - start;
        out.add(new Edit(start, start, prefix, 1, -span * 4 + level)); // outer (longer, lower level) opens first
        out.add(new Edit(end, end, suffix, 0, span * 4 - level)); // inner closes first
    }

    /**
     * The unit with the methods {@code c} (closed, see {@link #close}) converted. {@code fallOff} overrides
     * the guess whether a void method's end is reachable.
     */
    Converted render(Set<Method> c, Map<Method, Boolean> fallOff) {
        List<Edit> edits = new ArrayList<>();
        Map<Long, Method> fallOffAt = new LinkedHashMap<>();
        // Private classes, constructors, converted methods and interface methods become package-private (the
        // generated classes are other classes of the package, which cannot name a private class or extend a class
        // through a private constructor). Private fields and the other private methods stay private: the
        // processor reaches them through accessors (docs/processor.md, "Private members").
        for (ClassTree ct : namedClasses) {
            deprivatize(edits, ct.getModifiers(), null, false);
            boolean iface = ct.getKind() == Tree.Kind.INTERFACE;
            for (Tree member : ct.getMembers()) {
                if (member instanceof MethodTree) {
                    MethodTree mt = (MethodTree) member;
                    boolean st = mt.getModifiers().getFlags().contains(Modifier.STATIC);
                    boolean converted = byTree.containsKey(mt) && c.contains(byTree.get(mt));
                    if (converted || iface || mt.getReturnType() == null) {
                        deprivatize(edits, mt.getModifiers(), iface && !st ? "default" : null, converted);
                    }
                }
            }
            Element ce = trees.getElement(trees.getPath(unit, ct));
            if (c.stream().anyMatch(m -> m.owner.equals(ce) && !m.isStatic())) {
                removeWord(edits, ct.getModifiers(), "final", null);
            }
        }
        for (Method m : c) {
            MethodTree t = m.tree;
            edits.add(new Edit(m.start, m.start, ASYNC, 1, Long.MIN_VALUE));
            Tree rt = t.getReturnType();
            String inner = m.primitive != null ? box(m.primitive) : source(rt);
            edits.add(new Edit(pos.getStartPosition(unit, rt), pos.getEndPosition(unit, rt),
                    (importCoroutine ? "Coroutine<" : "dev.corio.Coroutine<") + inner + ">", 2, 0));
            Set<ReturnTree> delegated = new HashSet<>();
            for (Method target : c) {
                for (Ref r : target.refs) {
                    if (r.in == m && r.delegation != null) {
                        delegated.add(r.delegation);
                    }
                }
            }
            for (ReturnTree r : m.returns) {
                if (r.getExpression() == null) {
                    edits.add(new Edit(pos.getStartPosition(unit, r), pos.getEndPosition(unit, r),
                            "return " + resultCall + "null);", 2, 0));
                } else if (!delegated.contains(r)) {
                    ExpressionTree e = r.getExpression();
                    // result's T is the declared return type, as `return e;` had it for a target
                    // (only for a call or new: the argument a conditional would become is another shape, open
                    // finding 1 in docs/corpus.md)
                    Tree.Kind k = e.getKind();
                    String w = m.primitive != null || k != Tree.Kind.METHOD_INVOCATION && k != Tree.Kind.NEW_CLASS ? null
                            : witness(m.element.getReturnType());
                    String pre = m.primitive != null ? resultCall + "(" + m.primitive + ") ("
                            : w != null ? corio + ".<" + w + ">result(" : resultCall;
                    long es = pos.getStartPosition(unit, e);
                    // `return(x);`: the wrap must not make `returndev.corio...`
                    String space = Character.isWhitespace(text.charAt((int) es - 1)) ? "" : " ";
                    wrap(edits, es, pos.getEndPosition(unit, e), space + pre, m.primitive != null ? "))" : ")", 0);
                }
            }
            if (fallOff.getOrDefault(m, m.fallsOff)) {
                long close = pos.getEndPosition(unit, t.getBody()) - 1;
                edits.add(new Edit(close, close, " return " + resultCall + "null); ", 0, Long.MIN_VALUE));
                fallOffAt.put(close, m);
            }
        }
        for (Method target : c) {
            for (Ref r : target.refs) {
                if (r.delegation != null) {
                    continue;
                }
                long s = pos.getStartPosition(unit, r.call);
                long e = pos.getEndPosition(unit, r.call);
                if (target.primitive != null && !target.primitive.equals("void") && !r.statement) {
                    wrap(edits, s, e, "((" + target.primitive + ") " + awaitCall, "))", 1);
                } else if (r.witness != null) {
                    wrap(edits, s, e, corio + ".<" + r.witness + ">await(", ")", 1);
                } else {
                    wrap(edits, s, e, awaitCall, ")", 1);
                }
            }
        }
        if ((importCoroutine || !corio.startsWith("dev.")) && !c.isEmpty()) {
            long at = 0;
            if (unit.getPackage() != null) {
                at = pos.getEndPosition(unit, unit.getPackage());
                if (text.charAt((int) at - 1) != ';') {
                    at = text.indexOf(';', (int) at) + 1;
                }
            }
            edits.add(new Edit(at, at, (importCoroutine ? " import dev.corio.Coroutine;" : "")
                    + (corio.startsWith("dev.") ? "" : " import dev.corio.Corio;"), 1, Long.MIN_VALUE));
        }
        edits.sort(Comparator.<Edit>comparingInt(x -> x.start).thenComparingLong(x -> x.start == x.end ? x.k1 : 2)
                .thenComparingLong(x -> x.k2));
        StringBuilder sb = new StringBuilder(text.length() + edits.size() * 24);
        TreeMap<Integer, int[]> map = new TreeMap<>();
        Map<Integer, Method> fallOffs = new LinkedHashMap<>();
        int cursor = 0;
        for (Edit ed : edits) {
            if (ed.start < cursor) {
                throw new IllegalStateException("overlapping edits at " + ed.start + " in " + path + ": " + ed.text);
            }
            sb.append(text, cursor, ed.start);
            int at = sb.length();
            sb.append(ed.text);
            if (ed.start == ed.end && fallOffAt.containsKey((long) ed.start) && ed.text.contains("result(null)")) {
                fallOffs.put(at, fallOffAt.get((long) ed.start));
            }
            cursor = ed.end;
            map.put(at, new int[] {ed.start, ed.text.length(), ed.end - ed.start, sb.length() - cursor});
        }
        sb.append(text, cursor, text.length());
        return new Converted(sb.toString(), map, fallOffs);
    }

    private String source(Tree t) {
        return text.substring((int) pos.getStartPosition(unit, t), (int) pos.getEndPosition(unit, t));
    }

    static String box(String primitive) {
        switch (primitive) {
            case "int":
                return "java.lang.Integer";
            case "char":
                return "java.lang.Character";
            case "void":
                return "java.lang.Void";
            default:
                return "java.lang." + Character.toUpperCase(primitive.charAt(0)) + primitive.substring(1);
        }
    }

    private void deprivatize(List<Edit> edits, ModifiersTree mods, String replacement, boolean converted) {
        if (mods.getFlags().contains(Modifier.PRIVATE)) {
            removeWord(edits, mods, "private", replacement);
        }
        if (converted) {
            if (mods.getFlags().contains(Modifier.FINAL)) {
                removeWord(edits, mods, "final", null);
            }
            if (mods.getFlags().contains(Modifier.SYNCHRONIZED)) {
                removeWord(edits, mods, "synchronized", null);
            }
        }
    }

    /** Removes (or replaces) a modifier keyword: searched in the modifiers' text outside their annotations. */
    private void removeWord(List<Edit> edits, ModifiersTree mods, String word, String replacement) {
        long s = pos.getStartPosition(unit, mods);
        long e = pos.getEndPosition(unit, mods);
        if (s < 0 || e <= s) {
            return;
        }
        List<long[]> skip = new ArrayList<>();
        for (AnnotationTree a : mods.getAnnotations()) {
            skip.add(new long[] {pos.getStartPosition(unit, a), pos.getEndPosition(unit, a)});
        }
        Matcher m = Pattern.compile("\\b" + word + "\\b\\s*").matcher(text).region((int) s, (int) e);
        while (m.find()) {
            boolean inAnnotation = false;
            for (long[] k : skip) {
                inAnnotation |= m.start() >= k[0] && m.start() < k[1];
            }
            if (!inAnnotation) {
                int end = m.end();
                while (end < text.length() && text.charAt(end) == ' ') {
                    end++; // the modifiers' span ends at the last keyword: take its space too
                }
                edits.add(new Edit(m.start(), end, replacement == null ? "" : replacement + " ", 2, 0));
                return;
            }
        }
    }
}
