package dev.corio.processor.lower;

import dev.corio.processor.hoist.MachineNames;
import dev.corio.processor.Names;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Denotable;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.VariableElement;

/**
 * The lowering of expressions that contain a suspension point ({@link #explode}): the operands evaluated
 * before an await are spilled into fields when a later operand could change them, so Java's
 * left-to-right order (JLS 15.7) holds across the suspension: method receivers and arguments, array and
 * index, the saved left side of a compound assignment, {@code &&}/{@code ||}/{@code ?:} (right side only
 * when taken). The await itself ({@link #suspendFor}) is the one suspension the other steps share.
 */
final class ExpressionLowering {
    private static final ClassName ASYNC_FUTURE = Names.type(Names.ASYNC_FUTURE);

    private static final String AWAIT_FROM = "." + Names.AWAIT_FROM + "(";

    private final Lowerer lw;

    ExpressionLowering(Lowerer lw) {
        this.lw = lw;
    }

    Code explode(ExpressionTree e) {
        return explode(e, false);
    }

    /** The code for {@code e}, after emitting what must run before it; {@code discard}: a statement (null if nothing is left). */
    Code explode(ExpressionTree e, boolean discard) {
        Body body = lw.body;
        if (!body.suspends(e)) {
            return lw.r.render(e);
        }
        switch (e.getKind()) {
            case METHOD_INVOCATION: {
                MethodInvocationTree m = (MethodInvocationTree) e;
                if (body.isEmit(m)) {
                    return lw.generators.emitValue(m, discard);
                }
                if (body.isAwait(m)) {
                    ExpressionTree arg = m.getArguments().get(0);
                    Code a0 = explode(arg);
                    Code a = typedAwaitable(arg, a0);
                    boolean stage = body.awaitsStage(m);
                    Code awaitable = stage ? Code.of(ASYNC_FUTURE, "." + Names.FROM_STAGE + "(", a, ", " + Names.LOOP + "())")
                            : a != a0 || primary(arg) ? a : Code.of("(", a, ")");
                    return suspendFor(awaitable, discard, discard ? null : lw.denotable.of(body.type(m)));
                }
                List<ExpressionTree> ops = new ArrayList<>();
                ExpressionTree sel = m.getMethodSelect();
                if (sel instanceof MemberSelectTree && isValue(((MemberSelectTree) sel).getExpression())) {
                    ops.add(((MemberSelectTree) sel).getExpression());
                }
                ops.addAll(m.getArguments());
                return rebuild(e, ops);
            }
            case PARENTHESIZED:
                return rebuild(e, List.of(((ParenthesizedTree) e).getExpression()));
            case NEW_CLASS: {
                NewClassTree n = (NewClassTree) e;
                List<ExpressionTree> ops = new ArrayList<>();
                if (n.getEnclosingExpression() != null) {
                    ops.add(n.getEnclosingExpression());
                }
                ops.addAll(n.getArguments());
                return rebuild(e, ops);
            }
            case NEW_ARRAY: {
                NewArrayTree n = (NewArrayTree) e;
                List<ExpressionTree> ops = new ArrayList<>(n.getDimensions());
                if (n.getInitializers() != null) {
                    ops.addAll(n.getInitializers());
                }
                return rebuild(e, ops);
            }
            case ARRAY_ACCESS:
                return rebuild(e, List.of(((ArrayAccessTree) e).getExpression(), ((ArrayAccessTree) e).getIndex()));
            case MEMBER_SELECT:
                return rebuild(e, List.of(((MemberSelectTree) e).getExpression()));
            case TYPE_CAST:
                return rebuild(e, List.of(((TypeCastTree) e).getExpression()));
            case INSTANCE_OF:
                return rebuild(e, List.of(((InstanceOfTree) e).getExpression()));
            case CONDITIONAL_AND: case CONDITIONAL_OR:
                return shortCircuit((BinaryTree) e);
            case CONDITIONAL_EXPRESSION:
                return conditional((ConditionalExpressionTree) e);
            case ASSIGNMENT: {
                AssignmentTree a = (AssignmentTree) e;
                List<ExpressionTree> ops = new ArrayList<>(lvalueOperands(a.getVariable()));
                ops.add(a.getExpression());
                return rebuild(e, ops);
            }
            case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                return rebuild(e, lvalueOperands(((UnaryTree) e).getExpression()));
            case UNARY_PLUS: case UNARY_MINUS: case BITWISE_COMPLEMENT: case LOGICAL_COMPLEMENT:
                return rebuild(e, List.of(((UnaryTree) e).getExpression()));
            case SWITCH_EXPRESSION:
                return lw.switches.switchExpression((SwitchExpressionTree) e);
            case MEMBER_REFERENCE:
                // `await(x)::m` evaluates its receiver when the reference is made
                return rebuild(e, List.of(((MemberReferenceTree) e).getQualifierExpression()));
            default:
                if (e instanceof CompoundAssignmentTree) {
                    return compound((CompoundAssignmentTree) e);
                }
                if (e instanceof BinaryTree) {
                    return rebuild(e, List.of(((BinaryTree) e).getLeftOperand(), ((BinaryTree) e).getRightOperand()));
                }
                throw new Unsupported(e, "await inside a " + e.getKind().toString().toLowerCase().replace('_', ' '));
        }
    }

    /**
     * The awaited expression as the receiver of {@code awaitFrom}, where it has no target type: a generic call
     * with a lambda or method reference among its arguments infers its type arguments from the target
     * (Guava {@code Ordering.onKeys}: {@code return onResultOf(Map.Entry::getKey);}, "cannot infer
     * type-variable(s) F"), so it is first assigned to a local of the type it had in the source.
     */
    Code typedAwaitable(ExpressionTree e, Code code) {
        ExpressionTree x = Body.stripParens(e);
        if (!(x instanceof MethodInvocationTree) || !lw.results.infersFromTarget(x) || ((MethodInvocationTree) x).getArguments()
                .stream().map(Body::stripParens).noneMatch(a -> a.getKind() == Tree.Kind.LAMBDA_EXPRESSION
                        || a.getKind() == Tree.Kind.MEMBER_REFERENCE)) {
            return code;
        }
        TypeName type;
        try {
            type = lw.denotable.of(lw.body.type(x));
        } catch (Denotable.NotDenotable n) {
            return code;
        }
        String name = lw.frame.fresh("awaited");
        lw.g.emit(Code.of(type, " ", name, " = ", code, ";"));
        return Code.of(name);
    }

    /** {@code this}, or {@code T.this}. */
    static boolean isThis(ExpressionTree t) {
        ExpressionTree x = Body.stripParens(t);
        return x instanceof IdentifierTree && ((IdentifierTree) x).getName().contentEquals("this")
                || x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("this");
    }

    /** Whether {@code e} can be followed by {@code .m()} without parentheses. */
    static boolean primary(ExpressionTree e) {
        switch (e.getKind()) {
            case METHOD_INVOCATION: case IDENTIFIER: case MEMBER_SELECT: case PARENTHESIZED: case ARRAY_ACCESS:
                return true;
            case NEW_CLASS:
                return ((NewClassTree) e).getClassBody() == null;
            default:
                return false;
        }
    }

    /** Emits the suspension for {@code awaitable}; the await's value (cast to {@code type}) is then in {@code $value}. */
    Code suspendFor(Code awaitable, boolean discard, TypeName type) {
        Graph g = lw.g;
        Label resume = new Label();
        Liveness.Clearing clearing = new Liveness.Clearing(resume);
        lw.clearings.add(clearing);
        if (g.current().region == g.region()) {
            // The fast path falls into the continuation with $state still naming this state: same try region,
            // so an exception is routed the same way, and $state is written only when the machine suspends.
            g.emit(Code.of("if ((", lw.n.value(), " = ", awaitable, AWAIT_FROM, lw.awaitingFrame, ")) == ", lw.suspended, ") { ",
                    lw.n.state(), " = ", resume, ";", clearing, " return ", lw.suspended, "; }"));
        } else {
            g.emit(Code.of(lw.n.state(), " = ", resume, ";"));
            g.emit(Code.of("if ((", lw.n.value(), " = ", awaitable, AWAIT_FROM, lw.awaitingFrame, ")) == ", lw.suspended, ") {", clearing,
                    " return ", lw.suspended, "; }"));
        }
        g.placeResume(resume);
        g.emit(Code.of("if (", lw.n.error(), " != null) throw ", lw.n.error(), "; // the await threw"));
        if (discard) {
            return null;
        }
        return valueAs(lw.n, type);
    }

    /** {@code $value}, the value an await or emit was resumed with, cast to {@code type} (null: Object). */
    static Code valueAs(MachineNames n, TypeName type) {
        return type == null || type.equals(ClassName.OBJECT) ? Code.of(n.value()) : Code.of("((", type, ") ", n.value(), ")");
    }

    /**
     * Evaluates {@code ops} in order, spilling each operand that a later await could observe, then renders
     * {@code e} around their values.
     */
    private Code rebuild(ExpressionTree e, List<ExpressionTree> ops) {
        int last = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (lw.body.suspends(ops.get(i))) {
                last = i;
            }
        }
        Map<Tree, Code> values = new HashMap<>();
        for (int i = 0; i <= last; i++) {
            ExpressionTree op = ops.get(i);
            Code c = explode(op);
            if (i < last && needsSpill(op, ops.subList(i + 1, last + 1))) {
                c = spill(op, c);
            }
            values.put(op, c);
        }
        return lw.r.render(e, new IdentityHashMap<>(values));
    }

    private Code spill(ExpressionTree op, Code c) {
        Var t = lw.frame.temp(lw.frame.typeOf(lw.body.type(op)));
        lw.g.assign(t, c);
        return Code.of(t);
    }

    /** Whether an operand's value could differ if it were evaluated after the later operands. */
    private boolean needsSpill(ExpressionTree op, List<ExpressionTree> later) {
        ExpressionTree o = Body.stripParens(op);
        if (o instanceof LiteralTree) {
            return false;
        }
        if (o instanceof MemberSelectTree && ((MemberSelectTree) o).getIdentifier().contentEquals("class")) {
            return false;
        }
        if (o instanceof IdentifierTree) {
            if (((IdentifierTree) o).getName().contentEquals("this")) {
                return false;
            }
            Element el = lw.body.element(o);
            if (el != null && (el.getKind() == ElementKind.LOCAL_VARIABLE || el.getKind() == ElementKind.PARAMETER
                    || el.getKind() == ElementKind.EXCEPTION_PARAMETER || el.getKind() == ElementKind.RESOURCE_VARIABLE)) {
                return assignedIn(el, later);
            }
        }
        return true;
    }

    private boolean assignedIn(Element var, List<ExpressionTree> trees) {
        boolean[] found = {false};
        TreeScanner<Void, Void> s = new TreeScanner<>() {
            private void check(ExpressionTree target) {
                ExpressionTree t = Body.stripParens(target);
                if (t instanceof IdentifierTree && lw.body.element(t) == var) {
                    found[0] = true;
                }
            }

            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                check(node.getVariable());
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                check(node.getVariable());
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void p) {
                check(node.getExpression());
                return super.visitUnary(node, p);
            }
        };
        for (ExpressionTree t : trees) {
            s.scan(t, null);
        }
        return found[0];
    }

    private boolean isValue(ExpressionTree receiver) {
        ExpressionTree r0 = Body.stripParens(receiver);
        if (r0 instanceof IdentifierTree && ((IdentifierTree) r0).getName().contentEquals("super")) {
            return false;
        }
        Element e = lw.body.element(r0);
        return e == null || !(e.getKind().isClass() || e.getKind().isInterface() || e.getKind() == ElementKind.PACKAGE);
    }

    /** The operands an assignment evaluates before its right side: array and index, or a field's object. */
    private List<ExpressionTree> lvalueOperands(ExpressionTree lhs) {
        ExpressionTree l = Body.stripParens(lhs);
        if (l instanceof ArrayAccessTree) {
            return List.of(((ArrayAccessTree) l).getExpression(), ((ArrayAccessTree) l).getIndex());
        }
        if (l instanceof MemberSelectTree && isValue(((MemberSelectTree) l).getExpression())) {
            return List.of(((MemberSelectTree) l).getExpression());
        }
        return List.of();
    }

    private Code compound(CompoundAssignmentTree a) {
        List<ExpressionTree> lv = lvalueOperands(a.getVariable());
        if (!lw.body.suspends(a.getExpression())) {
            return rebuild(a, lv);
        }
        // JLS 15.26.2: the variable and its value are taken before the right side runs.
        Element field = lw.body.element(a.getVariable());
        ExpressionTree target = Body.stripParens(a.getVariable());
        boolean onSelf = !(target instanceof MemberSelectTree) || isThis(((MemberSelectTree) target).getExpression());
        boolean accessor = field != null && field.getKind() == ElementKind.FIELD && lw.r.accessed(field, onSelf);
        Map<Tree, Code> values = new IdentityHashMap<>();
        Code receiver = null;
        for (ExpressionTree op : lv) {
            Code c = explode(op);
            // through an accessor the receiver is used twice: saved once (unless it is `this`)
            boolean twice = accessor && !isThis(op);
            values.put(op, twice || needsSpill(op, List.of(a.getExpression())) ? spill(op, c) : c);
            receiver = twice ? values.get(op) : null;
        }
        Code variable = lw.r.render(a.getVariable(), values);
        TypeName type = lw.denotable.of(lw.body.type(a.getVariable()));
        if (accessor) { // through accessors (PrivateAccess); the old value read first
            Code open = lw.r.privateCompoundOpen(a, (VariableElement) field, receiver);
            Var old = lw.frame.temp(type);
            lw.g.assign(old, variable);
            Code right = explode(a.getExpression());
            return Code.of(open, old, " ", operator(a.getKind()), " (", right, ")))");
        }
        if (lv.isEmpty() && !needsSpill(a.getVariable(), List.of(a.getExpression()))) {
            // A local that the right side does not assign keeps its value across the await (nothing else can
            // write a method's local), so reading it afterwards gives the value JLS 15.26.2 reads first.
            Code right = explode(a.getExpression());
            return Code.of(variable, " = (", type, ") (", variable, " ", operator(a.getKind()), " (", right, "))");
        }
        Var old = lw.frame.temp(type);
        lw.g.assign(old, variable);
        Code right = explode(a.getExpression());
        return Code.of(variable, " = (", type, ") (", old, " ", operator(a.getKind()), " (", right, "))");
    }

    static String operator(Tree.Kind k) {
        switch (k) {
            case PLUS_ASSIGNMENT: return "+";
            case MINUS_ASSIGNMENT: return "-";
            case MULTIPLY_ASSIGNMENT: return "*";
            case DIVIDE_ASSIGNMENT: return "/";
            case REMAINDER_ASSIGNMENT: return "%";
            case LEFT_SHIFT_ASSIGNMENT: return "<<";
            case RIGHT_SHIFT_ASSIGNMENT: return ">>";
            case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT: return ">>>";
            case AND_ASSIGNMENT: return "&";
            case OR_ASSIGNMENT: return "|";
            case XOR_ASSIGNMENT: return "^";
            default: throw new IllegalArgumentException(k.toString());
        }
    }

    private Code shortCircuit(BinaryTree b) {
        if (!lw.body.suspends(b.getRightOperand())) {
            return rebuild(b, List.of(b.getLeftOperand(), b.getRightOperand()));
        }
        boolean and = b.getKind() == Tree.Kind.CONDITIONAL_AND;
        // The left operand goes into a temporary, a statement of its own: the bindings it introduces (when
        // true for &&, when false for ||) are read on the right and after, outside that statement's scope.
        for (VariableElement binding : instanceofBindings(b.getLeftOperand())) {
            lw.frame.cutScope(binding);
        }
        Var t = lw.frame.temp(TypeName.BOOLEAN);
        lw.g.assign(t, explode(b.getLeftOperand()));
        Label end = new Label();
        lw.g.jumpIf(and ? Code.of("!", t) : Code.of(t), end);
        lw.g.assign(t, explode(b.getRightOperand()));
        lw.g.place(end);
        return Code.of(t);
    }

    /** The bindings of the {@code instanceof} patterns of {@code e} itself (not of its lambdas or classes). */
    private List<VariableElement> instanceofBindings(ExpressionTree e) {
        List<VariableElement> out = new ArrayList<>();
        new com.sun.source.util.TreeScanner<Void, Void>() {
            @Override
            public Void visitInstanceOf(InstanceOfTree node, Void p) {
                if (node.getPattern() != null) {
                    for (com.sun.source.tree.VariableTree v : Spelling.bindings(node.getPattern())) {
                        if (lw.body.element(v) instanceof VariableElement ve) {
                            out.add(ve);
                        }
                    }
                }
                return super.visitInstanceOf(node, p);
            }

            @Override
            public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree node, Void p) {
                return null;
            }

            @Override
            public Void visitClass(com.sun.source.tree.ClassTree node, Void p) {
                return null;
            }

            @Override
            public Void visitSwitchExpression(SwitchExpressionTree node, Void p) {
                return null;
            }
        }.scan(e, null);
        return out;
    }

    private Code conditional(ConditionalExpressionTree c) {
        if (!lw.body.suspends(c.getTrueExpression()) && !lw.body.suspends(c.getFalseExpression())) {
            return rebuild(c, List.of(c.getCondition()));
        }
        Var t = lw.frame.temp(lw.denotable.of(lw.body.type(c)));
        Label otherwise = new Label();
        Label end = new Label();
        lw.g.jumpIf(Code.of("!(", explode(Body.stripParens(c.getCondition())), ")"), otherwise);
        lw.g.assign(t, explode(c.getTrueExpression()));
        lw.g.jump(end);
        lw.g.place(otherwise);
        lw.g.assign(t, explode(c.getFalseExpression()));
        lw.g.place(end);
        return Code.of(t);
    }
}
