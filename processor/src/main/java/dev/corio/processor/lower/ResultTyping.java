package dev.corio.processor.lower;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import dev.corio.processor.analyse.Body;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * The target type a value needs where the generated code moves it out of its context: {@code resume}
 * returns {@code Object}, and {@code awaitFrom} is called on a receiver, so a lambda, a method reference,
 * a generic call or a diamond that inferred its type from {@code result(...)} or the awaited position is
 * given that type back, by a cast or a typed local.
 */
final class ResultTyping {
    private final Body body;
    private final TypeName resultType;
    /** The local that gives a conditional or switch result its target type (see {@link #resultLocal}). */
    final String resultLocal;

    ResultTyping(Body body, TypeName resultType, String resultLocal) {
        this.body = body;
        this.resultType = resultType;
        this.resultLocal = resultLocal;
    }

    /**
     * The value of {@code result(arg)} as {@code resume} returns it. {@code resume} returns {@code Object},
     * which gives a lambda or method reference no target type: such a value is cast to the coroutine's
     * result type, the target it had in {@code result(...)}.
     */
    Code resultValue(ExpressionTree arg, Code value) {
        ExpressionTree e = Body.stripParens(arg);
        return e.getKind() == Tree.Kind.LAMBDA_EXPRESSION || e.getKind() == Tree.Kind.MEMBER_REFERENCE
                ? Code.of("(", resultType, ") (", value, ")") : value;
    }

    /**
     * The declaration {@code T $result = value;} that gives a result its target type, else null: for a
     * {@code ?:} or {@code switch} with a lambda or method reference among its arms (a cast gives those no
     * target), and for a call of a generic method or a diamond {@code new} (their inference uses the target:
     * {@code result(Predicates.compose(p, Map.Entry::getKey))}, {@code result(Collector.of((a, t) -> ...))}).
     */
    Code resultLocal(ExpressionTree arg, Code value) {
        ExpressionTree e = Body.stripParens(arg);
        boolean poly = (e.getKind() == Tree.Kind.CONDITIONAL_EXPRESSION || e.getKind() == Tree.Kind.SWITCH_EXPRESSION)
                && needsTarget(e) || infersFromTarget(e);
        return poly ? Code.of(resultType, " ", resultLocal, " = ", value, ";") : null;
    }

    /** A call of a generic method without explicit type arguments (not an await), or a diamond {@code new}. */
    boolean infersFromTarget(ExpressionTree e) {
        if (e instanceof MethodInvocationTree m) {
            Element el = body.element(m);
            return m.getTypeArguments().isEmpty() && !body.isAwait(m) && el instanceof ExecutableElement x
                    && !x.getTypeParameters().isEmpty();
        }
        if (e instanceof NewClassTree n) {
            return n.getIdentifier() instanceof ParameterizedTypeTree p && p.getTypeArguments().isEmpty();
        }
        return false;
    }

    private static boolean needsTarget(ExpressionTree arg) {
        ExpressionTree e = Body.stripParens(arg);
        switch (e.getKind()) {
            case LAMBDA_EXPRESSION:
            case MEMBER_REFERENCE:
                return true;
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree c = (ConditionalExpressionTree) e;
                return needsTarget(c.getTrueExpression()) || needsTarget(c.getFalseExpression());
            }
            case SWITCH_EXPRESSION: {
                boolean[] found = {false};
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitYield(YieldTree y, Void v) {
                        found[0] |= needsTarget(y.getValue());
                        return null;
                    }

                    @Override
                    public Void visitCase(CaseTree c, Void v) {
                        if (c.getCaseKind() == CaseTree.CaseKind.RULE && c.getBody() instanceof ExpressionTree) {
                            found[0] |= needsTarget((ExpressionTree) c.getBody());
                        }
                        return super.visitCase(c, v);
                    }

                    @Override
                    public Void visitSwitchExpression(SwitchExpressionTree t, Void v) {
                        return t == e ? super.visitSwitchExpression(t, v) : null;
                    }

                    @Override
                    public Void visitLambdaExpression(LambdaExpressionTree t, Void v) {
                        return null;
                    }

                    @Override
                    public Void visitClass(ClassTree t, Void v) {
                        return null;
                    }
                }.scan(e, null);
                return found[0];
            }
            default:
                return false;
        }
    }
}
