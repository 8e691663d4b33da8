package dev.corio.processor.lower;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
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
import dev.corio.processor.hoist.Frame;
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

    Renderer(Body body, Lowerer lowerer, Elements elements) {
        this.body = body;
        this.lowerer = lowerer;
        this.elements = elements;
    }

    private static final class Edit {
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
        new TreePathScanner<Void, Integer>() {
            private void edit(Tree t, Code c) {
                edits.add(new Edit(body.start(t), body.end(t), c));
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

            /** A variable declared in copied code under a name the generated code reserves is renamed. */
            @Override
            public Void visitVariable(com.sun.source.tree.VariableTree node, Integer depth) {
                String name = node.getName().toString();
                if (Frame.reserved(name)) {
                    Element e = body.trees.getElement(getCurrentPath());
                    int at = namePosition(node);
                    if (e != null && lowerer.frame.lookup(e) == null && at >= 0) {
                        edits.add(new Edit(at, at + name.length(), Code.of(lowerer.frame.copiedName(e, name))));
                    }
                }
                return super.visitVariable(node, depth);
            }

            @Override
            public Void visitLabeledStatement(com.sun.source.tree.LabeledStatementTree node, Integer depth) {
                String label = node.getLabel().toString();
                if (Frame.reserved(label)) {
                    int at = body.start(node);
                    edits.add(new Edit(at, at + label.length(), Code.of(lowerer.frame.copiedName("label " + label, label))));
                }
                return super.visitLabeledStatement(node, depth);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Integer depth) {
                if (caseConstant(getCurrentPath())) {
                    return null; // an enum case label stays unqualified
                }
                Code c = identifier(getCurrentPath(), node, depth, copies);
                List<com.sun.source.tree.AnnotationTree> moved = c == null ? List.of() : typeUseAnnotations(getCurrentPath());
                if (!moved.isEmpty()) {
                    // `@Nullable Entry<E>` with Entry nested in Multiset: the qualified name must carry the
                    // annotation on its last part, `Multiset.@Nullable Entry<E>` (JLS 9.7.4)
                    ClassName n = ClassName.get((TypeElement) body.trees.getElement(getCurrentPath()));
                    List<Code> annotations = new ArrayList<>();
                    for (com.sun.source.tree.AnnotationTree a : moved) {
                        annotations.add(Renderer.this.render(a));
                        int end = body.end(a);
                        edits.add(new Edit(body.start(a), body.text(end, end + 1).equals(" ") ? end + 1 : end, Code.of("")));
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
                edits.add(new Edit(at, at, Code.of(code)));
            }

            private void replace(int from, int to, Object... code) {
                edits.add(new Edit(from, to, Code.of(code)));
            }

            /** {@code x = v} on a private field: {@code $set$x(receiver, v)}. */
            @Override
            public Void visitAssignment(com.sun.source.tree.AssignmentTree node, Integer depth) {
                ExpressionTree v = node.getVariable();
                VariableElement f = privateField(new TreePath(getCurrentPath(), v));
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
                VariableElement f = privateField(new TreePath(getCurrentPath(), v));
                if (f == null) {
                    return super.visitCompoundAssignment(node, depth);
                }
                // a receiver that is a variable is read twice, before the right side, as Java reads it once
                ExpressionTree recv = receiverOf(v);
                Code receiver = null;
                if (recv instanceof IdentifierTree && !isThis(recv)) {
                    receiver = identifier(new TreePath(new TreePath(getCurrentPath(), v), recv), (IdentifierTree) recv,
                            depth, copies);
                    if (receiver == null) {
                        receiver = Code.of(((IdentifierTree) recv).getName().toString());
                    }
                }
                replace(body.start(node), body.start(node.getExpression()), privateCompoundOpen(node, f, receiver),
                        Renderer.this.privateRead(f, receiver), " ", Lowerer.operator(node.getKind()), " (");
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
                VariableElement f = privateField(new TreePath(getCurrentPath(), v));
                if (f == null) {
                    return super.visitUnary(node, depth);
                }
                String inc = lowerer.frame.access().incrementer(f);
                String tail = delta + ", " + post + ")";
                ExpressionTree recv = receiverOf(v);
                if (recv == null || f.getModifiers().contains(Modifier.STATIC)) {
                    replace(body.start(node), body.end(node), inc, "(",
                            f.getModifiers().contains(Modifier.STATIC) ? "" : "$self, ", tail);
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
                ExpressionTree sel0 = node.getMethodSelect();
                if (!accessed(e, !(sel0 instanceof MemberSelectTree) || isThis(((MemberSelectTree) sel0).getExpression()))) {
                    return super.visitMethodInvocation(node, depth);
                }
                String call = lowerer.frame.access().caller((javax.lang.model.element.ExecutableElement) e);
                List<? extends ExpressionTree> args = node.getArguments();
                int argsAt = args.isEmpty() ? body.end(node) : body.start(args.get(0));
                String close = args.isEmpty() ? ")" : "";
                ExpressionTree select = node.getMethodSelect();
                ExpressionTree recv = select instanceof MemberSelectTree ? ((MemberSelectTree) select).getExpression() : null;
                boolean isStatic = e.getModifiers().contains(Modifier.STATIC);
                if (isStatic || recv == null || isThis(recv)) {
                    replace(body.start(node), argsAt, call, "(", isStatic ? "" : args.isEmpty() ? "$self" : "$self, ", close);
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
            private boolean privateRead(MemberSelectTree node, Integer depth) {
                VariableElement f = privateField(getCurrentPath());
                if (f == null) {
                    return false;
                }
                if (f.getConstantValue() != null) { // a constant stays one (a case label needs it): its value
                    replace(body.start(node), body.end(node), elements.getConstantExpression(f.getConstantValue()));
                    return true;
                }
                String get = lowerer.frame.access().getter(f);
                if (f.getModifiers().contains(Modifier.STATIC) || isThis(node.getExpression())) {
                    replace(body.start(node), body.end(node), get, f.getModifiers().contains(Modifier.STATIC) ? "()" : "($self)");
                } else {
                    insert(body.start(node), get, "(");
                    scan(node.getExpression(), depth);
                    replace(body.end(node.getExpression()), body.end(node), ")");
                }
                return true;
            }

            /** Opens {@code acc(receiver, } in place of {@code v = } (up to {@code valueAt}). */
            private void openCall(Tree node, ExpressionTree v, String acc, int valueAt, Integer depth) {
                VariableElement f = privateField(new TreePath(getCurrentPath(), v));
                ExpressionTree recv = receiverOf(v);
                if (f.getModifiers().contains(Modifier.STATIC) || recv == null || isThis(recv)) {
                    replace(body.start(node), valueAt, acc, "(", f.getModifiers().contains(Modifier.STATIC) ? "" : "$self, ");
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
                        edit(node, self(getCurrentPath()));
                    }
                    return null;
                }
                if (privateRead(node, depth)) {
                    return null;
                }
                if (e != null && e.getKind() == ElementKind.METHOD && e.getModifiers().contains(Modifier.STATIC)
                        && Names.isAsync(e)) {
                    edit(node, Code.of(Names.generated((TypeElement) e.getEnclosingElement()), ".", node.getIdentifier().toString()));
                    return null;
                }
                if (e instanceof TypeElement && nameable((TypeElement) e)) {
                    edit(node, typeName(getCurrentPath(), (TypeElement) e));
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
                if (node.getClassBody() == null && accessed(ctor, false)) { // `new T(a)`: `$new$T(a)`
                    List<? extends ExpressionTree> args = node.getArguments();
                    String make = lowerer.frame.access().creator((javax.lang.model.element.ExecutableElement) ctor);
                    replace(body.start(node), args.isEmpty() ? body.end(node) : body.start(args.get(0)), make,
                            args.isEmpty() ? "()" : "(");
                    for (Tree a : args) {
                        scan(a, depth);
                    }
                    return null;
                }
                Element created = body.trees.getElement(typePath(getCurrentPath(), id, base));
                if (!(created instanceof TypeElement) || !inner((TypeElement) created)) {
                    return super.visitNewClass(node, depth);
                }
                Code outer = null;
                if (node.getEnclosingExpression() == null) {
                    outer = implicitOuter(getCurrentPath(), (TypeElement) created);
                    if (outer == null) {
                        return super.visitNewClass(node, depth);
                    }
                    edits.add(new Edit(body.start(node), body.start(node), outer.then(".")));
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
                    Element created = body.trees.getElement(typePath(getCurrentPath(), q, base));
                    Code outer = created instanceof TypeElement && inner((TypeElement) created)
                            ? implicitOuter(getCurrentPath(), (TypeElement) created) : null;
                    if (outer != null) {
                        int arity = arity(body.type(node));
                        List<String> params = new ArrayList<>();
                        for (int i = 0; i < arity; i++) {
                            params.add(lowerer.frame.fresh("arg"));
                        }
                        String ps = String.join(", ", params);
                        Code typeArgs = q != base ? render(((com.sun.source.tree.ParameterizedTypeTree) q).getTypeArguments(), overrides)
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
                    for (com.sun.source.tree.VariableTree v : bindings(pattern)) {
                        Element e = body.element(v);
                        if (e instanceof javax.lang.model.element.VariableElement
                                && !lowerer.frame.kept((javax.lang.model.element.VariableElement) e)) {
                            Var var = lowerer.frame.local((javax.lang.model.element.VariableElement) e, false);
                            String bound = lowerer.frame.fresh(var.name.replace("$", ""));
                            renamed.put(v, Code.of(bindingType(v), " ", bound));
                            copies.add(e.asType().getKind().isPrimitive()
                                    ? Code.of(" && ((", var, " = ", bound, ") == ", bound, " | true)")
                                    : Code.of(" && (", var, " = ", bound, ") == ", bound));
                        }
                    }
                    if (!copies.isEmpty()) {
                        edit(node, Code.of("(", render(node.getExpression(), overrides), " instanceof ",
                                render(pattern, renamed), Code.join(copies, ""), ")"));
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
            private Code detoured(java.util.function.Supplier<Code> jump) {
                boolean saved = lowerer.g.detour;
                lowerer.g.detour = leavesCopiedFinally(getCurrentPath());
                try {
                    return jump.get();
                } finally {
                    lowerer.g.detour = saved;
                }
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
                    Code ret = detoured(() -> lowerer.returnCode(Code.of("FINISHED")));
                    edit(node, node == tree && lowerer.returnsDirectly() ? ret : Code.of("{ ", ret, " }"));
                    return null;
                }
                ExpressionTree v = Body.stripParens(node.getExpression());
                // a return in copied code is always `return result(x);` (other returns suspend)
                ExpressionTree arg = ((MethodInvocationTree) v).getArguments().get(0);
                Code rendered = render(arg);
                Code local = lowerer.resultLocal(arg, rendered);
                Code value = local != null ? Code.of(Lowerer.RESULT_LOCAL) : lowerer.resultValue(arg, rendered);
                Code ret = detoured(() -> lowerer.returnCode(value));
                // through a finally it is several statements: braces keep them one (an unbraced `if` guards one)
                edit(node, local != null ? Code.of("{ ", local, " ", ret, " }")
                        : node == tree && lowerer.returnsDirectly() ? ret : Code.of("{ ", ret, " }"));
                return null;
            }

            @Override
            public Void visitBreak(BreakTree node, Integer depth) {
                Code j = depth == 0 ? detoured(() -> lowerer.jumpOut(getCurrentPath(), false)) : null;
                if (j != null) {
                    edit(node, Code.of("{ ", j, " }"));
                } else if (node.getLabel() != null && Frame.reserved(node.getLabel().toString())) {
                    String l = node.getLabel().toString();
                    edit(node, Code.of("break ", lowerer.frame.copiedName("label " + l, l), ";"));
                }
                return null;
            }

            @Override
            public Void visitContinue(ContinueTree node, Integer depth) {
                Code j = depth == 0 ? detoured(() -> lowerer.jumpOut(getCurrentPath(), true)) : null;
                if (j != null) {
                    edit(node, Code.of("{ ", j, " }"));
                } else if (node.getLabel() != null && Frame.reserved(node.getLabel().toString())) {
                    String l = node.getLabel().toString();
                    edit(node, Code.of("continue ", lowerer.frame.copiedName("label " + l, l), ";"));
                }
                return null;
            }

            @Override
            public Void visitYield(YieldTree node, Integer depth) {
                if (depth == 0) {
                    Code value = render(node.getValue());
                    Code j = detoured(() -> lowerer.yieldOut(getCurrentPath(), value));
                    if (j != null) {
                        edit(node, Code.of("{ ", j, " }"));
                        return null;
                    }
                }
                return super.visitYield(node, depth);
            }
        }.scan(body.path(tree), 0);

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

    private boolean nameable(TypeElement t) {
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
    private Code self(TreePath path) {
        Tree parent = path.getParentPath().getLeaf();
        switch (parent.getKind()) {
            case MEMBER_SELECT: case MEMBER_REFERENCE: case NEW_CLASS: case EQUAL_TO: case NOT_EQUAL_TO:
            case SYNCHRONIZED:
                return Code.of("$self");
            default:
                return Code.of("((", lowerer.denotable.of(body.owner.asType()), ") $self)");
        }
    }

    /**
     * A type named in the body. An inner class of a generic class declared as a variable's type, in a cast or
     * as a type argument is spelled with its enclosing type's arguments ({@code Outer<E>.Node}): outside
     * {@code Outer}, {@code Outer.Node} would be raw.
     */
    private Code typeName(TreePath path, TypeElement e) {
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
        com.palantir.javapoet.TypeName outer = lowerer.denotable.of(((javax.lang.model.type.DeclaredType) t).getEnclosingType());
        return outer instanceof com.palantir.javapoet.ParameterizedTypeName
                ? Code.of(((com.palantir.javapoet.ParameterizedTypeName) outer).nestedClass(e.getSimpleName().toString()))
                : Code.of(raw);
    }

    /**
     * Whether an identifier is an enum constant used as a case label (the scanner reaches labels, guards and
     * bodies of cases on every JDK: a guard and the body are ordinary code).
     */
    private boolean caseConstant(TreePath path) {
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

    /** The declared type of a binding as written, or {@code var}. */
    Code bindingType(com.sun.source.tree.VariableTree v) {
        Tree t = v.getType();
        if (t == null || body.start(t) < 0 || body.end(t) < 0 || body.text(t).equals("var")) {
            return Code.of("var");
        }
        return render(t);
    }


    /** Where a variable's name is written in the source, or -1. */
    private int namePosition(com.sun.source.tree.VariableTree v) {
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
    private static TreePath typePath(TreePath parent, Tree type, Tree base) {
        TreePath p = new TreePath(parent, type);
        return base == type ? p : new TreePath(p, base);
    }

    /** An inner class: a member class that is not static (interfaces, enums and records are). */
    private static boolean inner(TypeElement t) {
        return t.getNestingKind() == NestingKind.MEMBER && t.getKind() == ElementKind.CLASS
                && !t.getModifiers().contains(Modifier.STATIC);
    }

    /**
     * The enclosing instance an unqualified creation of inner class {@code c} at {@code path} takes: null when
     * a local or anonymous class of the body has {@code c} as a member (its own {@code this} then, kept as
     * written), or in a static method (no enclosing instance; javac has reported that); otherwise the
     * receiver.
     */
    private Code implicitOuter(TreePath path, TypeElement c) {
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
        return Code.of("$self");
    }

    /** The number of parameters of the function type {@code t} (a functional interface). */
    private int arity(javax.lang.model.type.TypeMirror t) {
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

    private int arityOrMinus1(javax.lang.model.type.TypeMirror t) {
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
    private static boolean objectMethod(javax.lang.model.element.ExecutableElement m) {
        String n = m.getSimpleName().toString();
        int k = m.getParameters().size();
        return n.equals("equals") && k == 1 || (n.equals("hashCode") || n.equals("toString")) && k == 0;
    }

    /** {@code <A, B>}: a type-argument list rendered from the source. */
    private Code render(List<? extends Tree> typeArgs, Map<Tree, Code> overrides) {
        List<Code> l = new ArrayList<>();
        for (Tree a : typeArgs) {
            l.add(render(a, overrides));
        }
        return Code.of("<", Code.join(l, ", "), ">");
    }

    /** The replacement for an identifier, or null to keep it. */
    private Code identifier(TreePath path, IdentifierTree node, int depth, Map<Var, String> copies) {
        String name = node.getName().toString();
        if (name.equals("this")) {
            return insideLocalClass(path) ? null : self(path);
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
                if (v == null) { // declared inside the copied code itself
                    String n = lowerer.frame.copiedName(e, name);
                    return n.equals(name) ? null : Code.of(n);
                }
                if (depth > 0 && v.field) {
                    return Code.of(copies.computeIfAbsent(v, lowerer::captureCopy));
                }
                return Code.of(v);
            }
            case FIELD: case ENUM_CONSTANT: case METHOD: {
                if (e.getKind() == ElementKind.FIELD && accessed(e, true)) {
                    Object constant = ((VariableElement) e).getConstantValue();
                    if (constant != null) { // a constant stays one (a case label needs it): its value, as javac inlines it
                        return Code.of(elements.getConstantExpression(constant));
                    }
                    return Code.of(lowerer.frame.access().getter((VariableElement) e),
                            e.getModifiers().contains(Modifier.STATIC) ? "()" : "($self)");
                }
                if (e.getModifiers().contains(Modifier.STATIC)) {
                    TypeElement owner = (TypeElement) e.getEnclosingElement();
                    if (e.getKind() == ElementKind.METHOD && Names.isAsync(e)) {
                        return Code.of(Names.generated(owner), ".", name);
                    }
                    return nameable(owner) ? Code.of(ClassName.get(owner), ".", name) : null;
                }
                return memberOfLocalClass(path, e) ? null : Code.of("$self.", name);
            }
            case CLASS: case INTERFACE: case ENUM: case RECORD: case ANNOTATION_TYPE:
                return nameable((TypeElement) e) ? typeName(path, (TypeElement) e) : null;
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

    /** The field {@code path} names (a simple name or a select, not parenthesized) if reached by accessor, or null. */
    private VariableElement privateField(TreePath path) {
        Tree t = path.getLeaf();
        if (!(t instanceof IdentifierTree || t instanceof MemberSelectTree)) {
            return null;
        }
        Element e = body.trees.getElement(path);
        boolean onSelf = t instanceof IdentifierTree || isThis(((MemberSelectTree) t).getExpression());
        return e != null && e.getKind() == ElementKind.FIELD && accessed(e, onSelf) ? (VariableElement) e : null;
    }

    /** The receiver written before a select ({@code r} in {@code r.x}), or null for a simple name. */
    private static ExpressionTree receiverOf(ExpressionTree v) {
        return v instanceof MemberSelectTree ? ((MemberSelectTree) v).getExpression() : null;
    }

    /** {@code this}, or {@code T.this} of the class itself. */
    private boolean isThis(ExpressionTree t) {
        ExpressionTree x = Body.stripParens(t);
        return x instanceof IdentifierTree && ((IdentifierTree) x).getName().contentEquals("this")
                || x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("this");
    }

    /**
     * {@code $set$x(receiver, (T) (} for a compound assignment to field {@code f} reached by accessor, followed by
     * the old value, the operator and the right side; the receiver is used twice, so it must be {@code this},
     * none, or a variable ({@code receiver}, its code), or the lowering stops with {@code [CorioPrivate]}.
     */
    Code privateCompoundOpen(com.sun.source.tree.CompoundAssignmentTree node, VariableElement f, Code receiver) {
        ExpressionTree recv = receiverOf(node.getVariable());
        boolean isStatic = f.getModifiers().contains(Modifier.STATIC);
        if (!isStatic && recv != null && !isThis(recv) && receiver == null) {
            throw new Lowerer.Unsupported(node, "@Async method " + body.element.getSimpleName() + " applies a compound"
                    + " assignment to " + (f.getModifiers().contains(Modifier.PRIVATE) ? "private" : "protected")
                    + " field " + f.getSimpleName() + " of another object, which the generated"
                    + " state machine reaches only through an accessor. Write it as `o." + f.getSimpleName() + " = o."
                    + f.getSimpleName() + " " + Lowerer.operator(node.getKind()) + " ...`, or make the field"
                    + " package-private.", "CorioPrivate");
        }
        javax.lang.model.type.TypeMirror t = f.asType();
        if (t.getKind() == javax.lang.model.type.TypeKind.DECLARED && !t.toString().equals("java.lang.String")) {
            try {
                t = body.types().unboxedType(t);
            } catch (IllegalArgumentException notBoxed) {
                // not a box: only String += compiles, which keeps its type
            }
        }
        return Code.of(lowerer.frame.access().setter(f), "(", isStatic ? "" : Code.of(receiver == null ? "$self" : receiver, ", "),
                "(", lowerer.denotable.of(t), ") (");
    }

    /** The read of field {@code f} for a compound assignment ({@code receiver} null: {@code this}, or none). */
    Code privateRead(VariableElement f, Code receiver) {
        return Code.of(lowerer.frame.access().getter(f), f.getModifiers().contains(Modifier.STATIC) ? "()"
                : Code.of("(", receiver == null ? "$self" : receiver, ")"));
    }

    /**
     * The type-use annotations that apply to the type named by {@code path} (a simple name that the generated
     * code qualifies, {@code Entry} becoming {@code Multiset.Entry}) and are written before it: in an
     * annotated type ({@code List<@Nullable Entry<E>>}), or among the modifiers of the declaration whose type
     * it is ({@code protected @Nullable Entry<E> computeNext()}) when their {@code @Target} is only
     * {@code TYPE_USE}. Empty when the name is not qualified or not annotated.
     */
    private List<com.sun.source.tree.AnnotationTree> typeUseAnnotations(TreePath path) {
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

    private boolean insideLocalClass(TreePath path) {
        for (TreePath p = path; p != null && p.getLeaf() != body.method; p = p.getParentPath()) {
            if (p.getLeaf() instanceof ClassTree) {
                return true;
            }
        }
        return false;
    }

    /** Whether an unqualified member refers to an enclosing local or anonymous class rather than the receiver. */
    private boolean memberOfLocalClass(TreePath path, Element member) {
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
