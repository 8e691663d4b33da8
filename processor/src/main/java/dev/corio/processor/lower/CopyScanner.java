package dev.corio.processor.lower;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.corio.processor.Names;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The scan of one copied tree for {@link Renderer#render(Tree, Map)}: collects the edits the state machine
 * needs (see {@link Renderer}) as source ranges with their replacement code; {@code depth} counts the
 * lambdas and class bodies around the current tree (code there runs later, outside the machine's states).
 */
final class CopyScanner extends TreePathScanner<Void, Integer> {
    private final Renderer r;
    private final Spelling sp;
    private final Body body;
    private final Lowerer lowerer;
    private final Elements elements;
    private final Tree tree;
    private final Map<Tree, Code> overrides;
    private final List<Renderer.Edit> edits;
    private final Map<Var, String> copies;

    CopyScanner(Renderer r, Spelling sp, Body body, Lowerer lowerer, Elements elements, Tree tree,
            Map<Tree, Code> overrides, List<Renderer.Edit> edits, Map<Var, String> copies) {
        this.r = r;
        this.sp = sp;
        this.body = body;
        this.lowerer = lowerer;
        this.elements = elements;
        this.tree = tree;
        this.overrides = overrides;
        this.edits = edits;
        this.copies = copies;
    }

    /** The machine's receiver field. */
    private String self() {
        return lowerer.frame.fixed().self();
    }

    private void edit(Tree t, Code c) {
        edits.add(new Renderer.Edit(body.start(t), body.end(t), c));
    }

    @Override
    public Void scan(Tree t, Integer depth) {
        if (t != null && (body.start(t) < 0 || body.end(t) < 0)) {
            return null; // synthesized by javac (an anonymous class's constructor): not in the source
        }
        Code o = t == null ? null : overrides.get(t);
        if (o != null) {
            edit(t, o);
            return null;
        }
        return super.scan(t, depth);
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Integer depth) {
        return super.visitLambdaExpression(node, depth + 1);
    }

    @Override
    public Void visitClass(ClassTree node, Integer depth) {
        return super.visitClass(node, depth + 1);
    }

    @Override
    public Void visitIdentifier(IdentifierTree node, Integer depth) {
        if (sp.caseConstant(getCurrentPath())) {
            return null; // an enum case label stays unqualified
        }
        Code c = r.identifier(getCurrentPath(), node, depth, copies);
        List<com.sun.source.tree.AnnotationTree> moved = c == null ? List.of() : sp.typeUseAnnotations(getCurrentPath());
        if (!moved.isEmpty()) {
            // `@Nullable Entry<E>` with Entry nested in Multiset: the qualified name must carry the
            // annotation on its last part, `Multiset.@Nullable Entry<E>` (JLS 9.7.4)
            ClassName n = ClassName.get((TypeElement) body.trees.getElement(getCurrentPath()));
            List<Code> annotations = new ArrayList<>();
            for (com.sun.source.tree.AnnotationTree a : moved) {
                annotations.add(r.render(a));
                int end = body.end(a);
                edits.add(new Renderer.Edit(body.start(a), body.text(end, end + 1).equals(" ") ? end + 1 : end, Code.of("")));
            }
            c = Code.of(n.enclosingClassName(), ".", Code.join(annotations, " "), " ", n.simpleName());
        }
        if (c != null) {
            edit(node, c);
        }
        return null;
    }

    // ---- private members of the class, reached through the machine's accessors (PrivateAccess)

    private void insert(int at, Object... code) {
        edits.add(new Renderer.Edit(at, at, Code.of(code)));
    }

    private void replace(int from, int to, Object... code) {
        edits.add(new Renderer.Edit(from, to, Code.of(code)));
    }

    /** {@code x = v} on a private field: {@code $set$x(receiver, v)}. */
    @Override
    public Void visitAssignment(com.sun.source.tree.AssignmentTree node, Integer depth) {
        ExpressionTree v = node.getVariable();
        VariableElement f = r.privateField(new TreePath(getCurrentPath(), v));
        if (f == null) {
            return super.visitAssignment(node, depth);
        }
        String set = lowerer.frame.access().setter(f);
        openCall(node, v, set, body.start(node.getExpression()), depth);
        scan(node.getExpression(), depth);
        insert(body.end(node), ")");
        return null;
    }

    /** {@code x op= v} on a private field of the receiver: {@code $set$x($self, (T) ($get$x($self) op (v)))}. */
    @Override
    public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree node, Integer depth) {
        ExpressionTree v = node.getVariable();
        VariableElement f = r.privateField(new TreePath(getCurrentPath(), v));
        if (f == null) {
            return super.visitCompoundAssignment(node, depth);
        }
        // a receiver that is a variable is read twice, before the right side, as Java reads it once
        ExpressionTree recv = sp.receiverOf(v);
        Code receiver = null;
        if (recv instanceof IdentifierTree && !sp.isThis(recv)) {
            receiver = r.identifier(new TreePath(new TreePath(getCurrentPath(), v), recv), (IdentifierTree) recv,
                    depth, copies);
            if (receiver == null) {
                receiver = Code.of(((IdentifierTree) recv).getName().toString());
            }
        }
        replace(body.start(node), body.start(node.getExpression()), r.privateCompoundOpen(node, f, receiver),
                r.privateRead(f, receiver), " ", ExpressionLowering.operator(node.getKind()), " (");
        scan(node.getExpression(), depth);
        insert(body.end(node), ")))");
        return null;
    }

    /** {@code x++} and the like on a private field: {@code $inc$x(receiver, 1, true)}. */
    @Override
    public Void visitUnary(com.sun.source.tree.UnaryTree node, Integer depth) {
        boolean post;
        int delta;
        switch (node.getKind()) {
            case POSTFIX_INCREMENT: post = true; delta = 1; break;
            case POSTFIX_DECREMENT: post = true; delta = -1; break;
            case PREFIX_INCREMENT: post = false; delta = 1; break;
            case PREFIX_DECREMENT: post = false; delta = -1; break;
            default: return super.visitUnary(node, depth);
        }
        ExpressionTree v = node.getExpression();
        VariableElement f = r.privateField(new TreePath(getCurrentPath(), v));
        if (f == null) {
            return super.visitUnary(node, depth);
        }
        String inc = lowerer.frame.access().incrementer(f);
        String tail = delta + ", " + post + ")";
        ExpressionTree recv = sp.receiverOf(v);
        if (recv == null || f.getModifiers().contains(Modifier.STATIC)) {
            replace(body.start(node), body.end(node), inc, "(",
                    f.getModifiers().contains(Modifier.STATIC) ? "" : Code.of(self(), ", "), tail);
        } else {
            replace(body.start(node), body.start(recv), inc, "(");
            scan(recv, depth);
            replace(body.end(recv), body.end(node), ", ", tail);
        }
        return null;
    }

    /** {@code m(a)}, {@code r.m(a)} of a private method: {@code $call$m(receiver, a)}. */
    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Integer depth) {
        Element e = body.trees.getElement(getCurrentPath());
        if (!r.accessed(getCurrentPath(), e, node.getMethodSelect())) {
            return super.visitMethodInvocation(node, depth);
        }
        String call = lowerer.frame.access().caller((javax.lang.model.element.ExecutableElement) e);
        List<? extends ExpressionTree> args = node.getArguments();
        int argsAt = args.isEmpty() ? body.end(node) : body.start(args.get(0));
        String close = args.isEmpty() ? ")" : "";
        ExpressionTree select = node.getMethodSelect();
        ExpressionTree recv = select instanceof MemberSelectTree ? ((MemberSelectTree) select).getExpression() : null;
        boolean isStatic = e.getModifiers().contains(Modifier.STATIC);
        if (isStatic || recv == null || sp.isThis(recv)) {
            replace(body.start(node), argsAt, call, "(", isStatic ? "" : args.isEmpty() ? self() : Code.of(self(), ", "), close);
        } else {
            insert(body.start(node), call, "(");
            scan(recv, depth);
            replace(body.end(recv), argsAt, args.isEmpty() ? ")" : ", ");
        }
        for (Tree a : args) {
            scan(a, depth);
        }
        return null;
    }

    /** A read of a private field through a receiver: {@code $get$x(receiver)}. */
    private boolean privateSelect(MemberSelectTree node, Integer depth) {
        VariableElement f = r.privateField(getCurrentPath());
        if (f == null) {
            return false;
        }
        if (f.getConstantValue() != null) { // a constant stays one (a case label needs it): its value
            replace(body.start(node), body.end(node), elements.getConstantExpression(f.getConstantValue()));
            return true;
        }
        String get = lowerer.frame.access().getter(f);
        if (f.getModifiers().contains(Modifier.STATIC) || sp.isThis(node.getExpression())) {
            replace(body.start(node), body.end(node), get, f.getModifiers().contains(Modifier.STATIC) ? "()" : Code.of("(", self(), ")"));
        } else {
            insert(body.start(node), get, "(");
            scan(node.getExpression(), depth);
            replace(body.end(node.getExpression()), body.end(node), ")");
        }
        return true;
    }

    /** Opens {@code acc(receiver, } in place of {@code v = } (up to {@code valueAt}). */
    private void openCall(Tree node, ExpressionTree v, String acc, int valueAt, Integer depth) {
        VariableElement f = r.privateField(new TreePath(getCurrentPath(), v));
        ExpressionTree recv = sp.receiverOf(v);
        if (f.getModifiers().contains(Modifier.STATIC) || recv == null || sp.isThis(recv)) {
            replace(body.start(node), valueAt, acc, "(", f.getModifiers().contains(Modifier.STATIC) ? "" : Code.of(self(), ", "));
        } else {
            insert(body.start(node), acc, "(");
            scan(recv, depth);
            replace(body.end(recv), valueAt, ", ");
        }
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree node, Integer depth) {
        Element e = body.trees.getElement(getCurrentPath());
        if (node.getIdentifier().contentEquals("this")) {
            Element outer = body.trees.getElement(new TreePath(getCurrentPath(), node.getExpression()));
            if (outer == body.owner) {
                edit(node, sp.self(getCurrentPath()));
            }
            return null;
        }
        if (privateSelect(node, depth)) {
            return null;
        }
        if (e != null && e.getKind() == ElementKind.METHOD && e.getModifiers().contains(Modifier.STATIC)
                && Names.isAsync(e)) {
            edit(node, Code.of(Names.generated((TypeElement) e.getEnclosingElement()), ".", node.getIdentifier().toString()));
            return null;
        }
        if (e instanceof TypeElement && sp.nameable((TypeElement) e)) {
            edit(node, sp.typeName(getCurrentPath(), (TypeElement) e));
            return null;
        }
        return super.visitMemberSelect(node, depth);
    }

    /**
     * {@code new Inner(..)} of an inner member class takes {@code this} as its enclosing instance; in the
     * state machine that is {@code $self}, and the class is then named by its simple name, as the
     * qualified form {@code $self.new Inner(..)} requires (JLS 15.9).
     */
    @Override
    public Void visitNewClass(com.sun.source.tree.NewClassTree node, Integer depth) {
        Tree id = node.getIdentifier();
        Tree base = id instanceof com.sun.source.tree.ParameterizedTypeTree
                ? ((com.sun.source.tree.ParameterizedTypeTree) id).getType() : id;
        Element ctor = body.trees.getElement(getCurrentPath());
        if (node.getClassBody() == null && r.accessed(ctor, false)) { // `new T(a)`: `$new$T(a)`
            List<? extends ExpressionTree> args = node.getArguments();
            String make = lowerer.frame.access().creator((javax.lang.model.element.ExecutableElement) ctor);
            replace(body.start(node), args.isEmpty() ? body.end(node) : body.start(args.get(0)), make,
                    args.isEmpty() ? "()" : "(");
            for (Tree a : args) {
                scan(a, depth);
            }
            return null;
        }
        Element created = body.trees.getElement(sp.typePath(getCurrentPath(), id, base));
        if (!(created instanceof TypeElement) || !sp.inner((TypeElement) created)) {
            return super.visitNewClass(node, depth);
        }
        Code outer = null;
        if (node.getEnclosingExpression() == null) {
            outer = sp.implicitOuter(getCurrentPath(), (TypeElement) created);
            if (outer == null) {
                return super.visitNewClass(node, depth);
            }
            edits.add(new Renderer.Edit(body.start(node), body.start(node), outer.then(".")));
        }
        scan(node.getEnclosingExpression(), depth);
        for (Tree a : node.getTypeArguments()) {
            scan(a, depth);
        }
        edit(base, Code.of(created.getSimpleName().toString()));
        if (id != base) {
            for (Tree a : ((com.sun.source.tree.ParameterizedTypeTree) id).getTypeArguments()) {
                scan(a, depth);
            }
        }
        for (Tree a : node.getArguments()) {
            scan(a, depth);
        }
        scan(node.getClassBody(), depth);
        return null;
    }

    /**
     * {@code Inner::new} of an inner member class binds {@code this} as the enclosing instance, which the
     * state machine cannot spell in a reference: it becomes the lambda {@code (a1, ..) -> $self.new
     * Inner(a1, ..)}, which resolves the same constructor with the same argument types.
     */
    @Override
    public Void visitMemberReference(com.sun.source.tree.MemberReferenceTree node, Integer depth) {
        if (node.getMode() == com.sun.source.tree.MemberReferenceTree.ReferenceMode.NEW) {
            ExpressionTree q = node.getQualifierExpression();
            Tree base = q instanceof com.sun.source.tree.ParameterizedTypeTree
                    ? ((com.sun.source.tree.ParameterizedTypeTree) q).getType() : q;
            Element created = body.trees.getElement(sp.typePath(getCurrentPath(), q, base));
            Code outer = created instanceof TypeElement && sp.inner((TypeElement) created)
                    ? sp.implicitOuter(getCurrentPath(), (TypeElement) created) : null;
            if (outer != null) {
                int arity = sp.arity(body.type(node));
                List<String> params = new ArrayList<>();
                for (int i = 0; i < arity; i++) {
                    params.add(lowerer.frame.fresh("arg"));
                }
                String ps = String.join(", ", params);
                Code typeArgs = q != base ? r.render(((com.sun.source.tree.ParameterizedTypeTree) q).getTypeArguments(), overrides)
                        : ((TypeElement) created).getTypeParameters().isEmpty() ? Code.of("") : Code.of("<>");
                edit(node, Code.of("(", ps, ") -> ", outer, ".new ", created.getSimpleName().toString(), typeArgs,
                        "(", ps, ")"));
                return null;
            }
        }
        return super.visitMemberReference(node, depth);
    }

    /**
     * A pattern binding used in another state than its test lives in a field: the test binds a
     * fresh name and copies it, {@code (o instanceof String s$2 && (s = s$2) == s$2)}; each binding
     * of a record pattern the same way ({@code | true} for a primitive, which may be NaN).
     */
    @Override
    public Void visitInstanceOf(com.sun.source.tree.InstanceOfTree node, Integer depth) {
        Tree pattern = node.getPattern();
        if (depth == 0 && pattern != null) {
            Map<Tree, Code> renamed = new java.util.IdentityHashMap<>(overrides);
            List<Code> copies = new ArrayList<>();
            for (com.sun.source.tree.VariableTree v : sp.bindings(pattern)) {
                Element e = body.element(v);
                if (e instanceof javax.lang.model.element.VariableElement
                        && !lowerer.frame.kept((javax.lang.model.element.VariableElement) e)) {
                    Var var = lowerer.frame.local((javax.lang.model.element.VariableElement) e, false);
                    String bound = lowerer.frame.fresh(var.name.replace("$", ""));
                    renamed.put(v, Code.of(r.bindingType(v), " ", bound));
                    copies.add(e.asType().getKind().isPrimitive()
                            ? Code.of(" && ((", var, " = ", bound, ") == ", bound, " | true)")
                            : Code.of(" && (", var, " = ", bound, ") == ", bound));
                }
            }
            if (!copies.isEmpty()) {
                edit(node, Code.of("(", r.render(node.getExpression(), overrides), " instanceof ",
                        r.render(pattern, renamed), Code.join(copies, ""), ")"));
                return null;
            }
        }
        return super.visitInstanceOf(node, depth);
    }

    /**
     * The jump {@code jump} makes, through a detour state when it leaves a try of this copied code
     * that has a finally or resources (bug 5 in docs/fuzzer.md): Java runs those after the jump set
     * {@code $state}, and what they throw belongs to the catches around the jump, not its target.
     */
    private boolean detour() {
        return leavesCopiedFinally(getCurrentPath());
    }

    /**
     * {@code jump}, its jumps marked {@link Jump#inside()} when it is written inside a {@code try} or a
     * {@code synchronized} of this copied code: leaving those runs a finally, closes resources, catches what
     * is thrown or releases a monitor, so the jump must stay a jump (never the target's code run in place).
     */
    private Code enclosed(Code jump) {
        Tree child = getCurrentPath().getLeaf();
        for (TreePath p = getCurrentPath().getParentPath(); p != null && child != tree; p = p.getParentPath()) {
            if (p.getLeaf() instanceof TryTree || p.getLeaf() instanceof com.sun.source.tree.SynchronizedTree) {
                return Jump.inside(jump);
            }
            child = p.getLeaf();
        }
        return jump;
    }

    private boolean leavesCopiedFinally(TreePath path) {
        Tree child = path.getLeaf();
        for (TreePath p = path.getParentPath(); p != null && child != tree; p = p.getParentPath()) {
            if (p.getLeaf() instanceof TryTree) {
                TryTree t = (TryTree) p.getLeaf();
                if (child != t.getFinallyBlock() && (t.getFinallyBlock() != null || !t.getResources().isEmpty())) {
                    return true;
                }
            }
            child = p.getLeaf();
        }
        return false;
    }

    @Override
    public Void visitReturn(ReturnTree node, Integer depth) {
        if (depth > 0) {
            return super.visitReturn(node, depth);
        }
        if (lowerer.generator) { // `return done();`, the only return a generator has (Checks)
            Code ret = enclosed(lowerer.jumps.returnCode(lowerer.generators.doneValue(), detour()));
            edit(node, node == tree && lowerer.jumps.returnsDirectly() ? ret : Code.of("{ ", ret, " }"));
            return null;
        }
        ExpressionTree v = Body.stripParens(node.getExpression());
        // a return in copied code is always `return result(x);` (other returns suspend)
        ExpressionTree arg = ((MethodInvocationTree) v).getArguments().get(0);
        Code rendered = r.render(arg);
        Code local = lowerer.results.resultLocal(arg, rendered);
        Code value = local != null ? Code.of(lowerer.results.resultLocal) : lowerer.results.resultValue(arg, rendered);
        Code ret = enclosed(lowerer.jumps.returnCode(value, detour()));
        // through a finally it is several statements: braces keep them one (an unbraced `if` guards one)
        edit(node, local != null ? Code.of("{ ", local, " ", ret, " }")
                : node == tree && lowerer.jumps.returnsDirectly() ? ret : Code.of("{ ", ret, " }"));
        return null;
    }

    @Override
    public Void visitBreak(BreakTree node, Integer depth) {
        Code j = depth == 0 ? lowerer.jumps.jumpOut(getCurrentPath(), false, detour()) : null;
        j = j == null ? null : enclosed(j);
        if (j != null) {
            edit(node, Code.of("{ ", j, " }"));
        }
        return null;
    }

    @Override
    public Void visitContinue(ContinueTree node, Integer depth) {
        Code j = depth == 0 ? lowerer.jumps.jumpOut(getCurrentPath(), true, detour()) : null;
        j = j == null ? null : enclosed(j);
        if (j != null) {
            edit(node, Code.of("{ ", j, " }"));
        }
        return null;
    }

    @Override
    public Void visitYield(YieldTree node, Integer depth) {
        if (depth == 0) {
            Code value = r.render(node.getValue());
            Code j = lowerer.jumps.yieldOut(getCurrentPath(), value, detour());
            j = j == null ? null : enclosed(j);
            if (j != null) {
                edit(node, Code.of("{ ", j, " }"));
                return null;
            }
        }
        return super.visitYield(node, depth);
    }
}
