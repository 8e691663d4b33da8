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

            @Override
            public Void visitIdentifier(IdentifierTree node, Integer depth) {
                Code c = identifier(getCurrentPath(), node, depth, copies);
                if (c != null) {
                    edit(node, c);
                }
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Integer depth) {
                Element e = body.trees.getElement(getCurrentPath());
                if (node.getIdentifier().contentEquals("this")) {
                    Element outer = body.trees.getElement(new TreePath(getCurrentPath(), node.getExpression()));
                    if (outer == body.owner) {
                        edit(node, Code.of("$self"));
                    }
                    return null;
                }
                if (e != null && e.getKind() == ElementKind.METHOD && e.getModifiers().contains(Modifier.STATIC)
                        && Names.isAsync(e)) {
                    edit(node, Code.of(Names.generated((TypeElement) e.getEnclosingElement()), ".", node.getIdentifier().toString()));
                    return null;
                }
                if (e instanceof TypeElement && nameable((TypeElement) e)) {
                    edit(node, Code.of(ClassName.get((TypeElement) e)));
                    return null;
                }
                return super.visitMemberSelect(node, depth);
            }

            /**
             * A pattern binding used in another state than its test lives in a field: the test binds a
             * fresh name and copies it, {@code (o instanceof String s$2 && (s = s$2) == s$2)}.
             */
            @Override
            public Void visitInstanceOf(com.sun.source.tree.InstanceOfTree node, Integer depth) {
                Tree pattern = node.getPattern();
                if (depth == 0 && pattern instanceof com.sun.source.tree.BindingPatternTree) {
                    com.sun.source.tree.VariableTree v = ((com.sun.source.tree.BindingPatternTree) pattern).getVariable();
                    Element e = body.trees.getElement(new TreePath(new TreePath(getCurrentPath(), pattern), v));
                    if (e instanceof javax.lang.model.element.VariableElement
                            && !lowerer.frame.kept((javax.lang.model.element.VariableElement) e)) {
                        Var var = lowerer.frame.local((javax.lang.model.element.VariableElement) e, false);
                        Code expr = render(node.getExpression(), overrides);
                        String bound = lowerer.frame.fresh(var.name.replace("$", ""));
                        edit(node, Code.of("(", expr, " instanceof ", render(v.getType()), " ", bound, " && (", var,
                                " = ", bound, ") == ", bound, ")"));
                        return null;
                    }
                }
                return super.visitInstanceOf(node, depth);
            }

            @Override
            public Void visitCase(CaseTree node, Integer depth) {
                // scan(Tree) keeps the current path; scan(TreePath) would reset it to null afterwards
                for (ExpressionTree label : node.getExpressions()) {
                    Element e = body.trees.getElement(new TreePath(getCurrentPath(), label));
                    if (e == null || e.getKind() != ElementKind.ENUM_CONSTANT) {
                        scan(label, depth); // enum case labels stay unqualified
                    }
                }
                if (node.getCaseKind() == CaseTree.CaseKind.RULE) {
                    scan(node.getBody(), depth);
                } else {
                    for (Tree s : node.getStatements()) {
                        scan(s, depth);
                    }
                }
                return null;
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
                if (depth == 0) {
                    Code j = detoured(() -> lowerer.jumpOut(getCurrentPath(), false));
                    if (j != null) {
                        edit(node, Code.of("{ ", j, " }"));
                    }
                }
                return null;
            }

            @Override
            public Void visitContinue(ContinueTree node, Integer depth) {
                if (depth == 0) {
                    Code j = detoured(() -> lowerer.jumpOut(getCurrentPath(), true));
                    if (j != null) {
                        edit(node, Code.of("{ ", j, " }"));
                    }
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
        if (text.indexOf('\n') < 0) {
            return text;
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

    /** The replacement for an identifier, or null to keep it. */
    private Code identifier(TreePath path, IdentifierTree node, int depth, Map<Var, String> copies) {
        String name = node.getName().toString();
        if (name.equals("this")) {
            return insideLocalClass(path) ? null : Code.of("$self");
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
                if (v == null) {
                    return null; // declared inside the copied code itself
                }
                if (depth > 0 && v.field) {
                    return Code.of(copies.computeIfAbsent(v, lowerer::captureCopy));
                }
                return Code.of(v);
            }
            case FIELD: case ENUM_CONSTANT: case METHOD: {
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
                return nameable((TypeElement) e) ? Code.of(ClassName.get((TypeElement) e)) : null;
            default:
                return null;
        }
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
