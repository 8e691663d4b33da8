package dev.corio.processor.lower;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The labels of a {@code case}, read the same way on every JDK the processor runs on. The processor is
 * compiled for Java 17, whose {@link CaseTree#getExpressions()} lists only constant labels: a pattern label
 * ({@code case String s}, {@code case Point(int x, var y)}), {@code case null} and a guard ({@code when ...},
 * Java 21) are seen only through {@code getLabels()} and {@code getGuard()}, called reflectively when the
 * running javac has them. Without this a pattern case looks like {@code default}.
 */
final class CaseLabels {
    private CaseLabels() {
    }

    enum Kind { CONSTANT, DEFAULT, PATTERN }

    /** One label: a constant expression ({@code null} included), {@code default}, or a pattern. */
    static final class Label {
        final Kind kind;
        /** The constant expression or the pattern; null for {@code default}. */
        final Tree tree;

        Label(Kind kind, Tree tree) {
            this.kind = kind;
            this.tree = tree;
        }
    }

    private static final Method GET_LABELS = method(CaseTree.class, "getLabels");
    private static final Method GET_GUARD = method(CaseTree.class, "getGuard");

    // through the exported interfaces, not javac's implementation classes (not exported from jdk.compiler)
    private static final Method CONSTANT_EXPRESSION = method("com.sun.source.tree.ConstantCaseLabelTree", "getConstantExpression");
    private static final Method PATTERN = method("com.sun.source.tree.PatternCaseLabelTree", "getPattern");

    private static Method method(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Method method(String iface, String name) {
        try {
            return method(Class.forName(iface), name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    static List<Label> of(CaseTree c) {
        List<Label> out = new ArrayList<>();
        List<?> labels = GET_LABELS == null ? null : (List<?>) invoke(GET_LABELS, c);
        if (labels == null) {
            for (ExpressionTree e : c.getExpressions()) {
                out.add(new Label(Kind.CONSTANT, e));
            }
            if (out.isEmpty()) {
                out.add(new Label(Kind.DEFAULT, null));
            }
            return out;
        }
        for (Object o : labels) {
            Tree l = (Tree) o;
            switch (l.getKind().name()) {
                case "DEFAULT_CASE_LABEL":
                    out.add(new Label(Kind.DEFAULT, null));
                    break;
                case "CONSTANT_CASE_LABEL":
                    out.add(new Label(Kind.CONSTANT, (Tree) invoke(CONSTANT_EXPRESSION, l)));
                    break;
                case "PATTERN_CASE_LABEL":
                    out.add(new Label(Kind.PATTERN, (Tree) invoke(PATTERN, l)));
                    break;
                default: // Java 17's preview shapes: a constant is the expression itself, a pattern the pattern
                    out.add(new Label(l instanceof ExpressionTree ? Kind.CONSTANT : Kind.PATTERN, l));
            }
        }
        return out;
    }

    /** The {@code when} guard of a case (Java 21), or null. */
    static ExpressionTree guard(CaseTree c) {
        return GET_GUARD == null ? null : (ExpressionTree) invoke(GET_GUARD, c);
    }

    /** Whether the case matches by pattern or takes {@code null}: the switch is then an enhanced one. */
    static boolean enhanced(CaseTree c) {
        for (Label l : of(c)) {
            if (l.kind == Kind.PATTERN || l.kind == Kind.CONSTANT && l.tree.getKind() == Tree.Kind.NULL_LITERAL) {
                return true;
            }
        }
        return false;
    }

    private static Object invoke(Method m, Object on) {
        try {
            return m.invoke(on);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the labels of a case through " + m, e);
        }
    }
}
