package dev.corio.processor.analyse.checks;

import dev.corio.processor.diagnostics.Reporter;
import dev.corio.processor.diagnostics.Tag;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * javac's limitation with implicitly typed lambda parameters of captured types, where the processor still
 * has javac attribute the user's class in place (docs/processor.md, "Attribution").
 */
public final class CapturedLambdaParameterCheck {
    private final Reporter reporter;
    private final Trees trees;

    public CapturedLambdaParameterCheck(Reporter reporter, Trees trees) {
        this.reporter = reporter;
        this.trees = trees;
    }

    /** Lambda parameters already reported (a file with several classes is checked once per class). */
    private final java.util.Set<Tree> reportedLambdaParameters =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * An implicitly typed lambda parameter whose type holds a captured wildcard ({@code x} in
     * {@code Iterable<? extends E> values; values.forEach(x -> ...)}), anywhere in the top-level class of
     * {@code type} or of a superclass with source: javac writes the type it inferred into the tree as a name
     * ({@code <captured wildcard>}) when the processor has it attribute the class, and cannot resolve that
     * name when it attributes the file again in the next round (javac 17 and 25: "cannot find symbol: class
     * {@code <captured wildcard>}", without a position). Reported here instead, with the fix; false if any.
     */
    public boolean checkCapturedLambdaParameters(TypeElement type) {
        boolean ok = true;
        java.util.Set<Element> seen = new java.util.HashSet<>();
        for (TypeElement t = type; t != null; ) {
            Element top = t;
            while (top.getEnclosingElement() instanceof TypeElement) {
                top = top.getEnclosingElement();
            }
            TreePath path = seen.add(top) ? trees.getPath(top) : null;
            if (path != null) {
                ok &= checkCapturedLambdaParameters(path);
            }
            TypeMirror sup = t.getSuperclass();
            t = sup instanceof DeclaredType ? (TypeElement) ((DeclaredType) sup).asElement() : null;
        }
        return ok;
    }

    private boolean checkCapturedLambdaParameters(TreePath classPath) {
        boolean[] ok = {true};
        com.sun.source.tree.CompilationUnitTree unit = classPath.getCompilationUnit();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                for (VariableTree v : node.getParameters()) {
                    // implicit: javac made the type tree while attributing, so it has no end in the source
                    boolean implicit = v.getType() != null
                            && trees.getSourcePositions().getEndPosition(unit, v.getType()) == Diagnostic.NOPOS;
                    TypeMirror t = implicit ? trees.getTypeMirror(new TreePath(getCurrentPath(), v)) : null;
                    if (t != null && holdsCaptured(t, 0) && reportedLambdaParameters.add(v)) {
                        ok[0] = false;
                        reporter.report(v, unit, Tag.LAMBDA_PARAMETER, "javac cannot compile"
                                + " this file after the processor had it attributed: the type of lambda parameter `"
                                + v.getName() + "` holds a captured wildcard (" + t.toString().replaceAll("capture#\\d+ of", "capture of")
                                + "), which javac writes into the"
                                + " tree as a name it cannot resolve when it compiles the file again. Declare the"
                                + " parameter's type (for `Iterable<? extends E> values`, `values.forEach((E "
                                + v.getName() + ") -> ...)`).");
                    }
                }
                return super.visitLambdaExpression(node, p);
            }
        }.scan(classPath, null);
        return ok[0];
    }

    private static boolean holdsCaptured(TypeMirror t, int depth) {
        if (depth > 8 || t == null) {
            return false;
        }
        switch (t.getKind()) {
            case TYPEVAR: {
                javax.lang.model.type.TypeVariable v = (javax.lang.model.type.TypeVariable) t;
                return v.toString().startsWith("capture#")
                        || v.asElement().getSimpleName().toString().startsWith("<captured");
            }
            case DECLARED:
                for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                    if (holdsCaptured(a, depth + 1)) {
                        return true;
                    }
                }
                return holdsCaptured(((DeclaredType) t).getEnclosingType(), depth + 1);
            case ARRAY:
                return holdsCaptured(((javax.lang.model.type.ArrayType) t).getComponentType(), depth + 1);
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
                return holdsCaptured(w.getExtendsBound(), depth + 1) || holdsCaptured(w.getSuperBound(), depth + 1);
            }
            case INTERSECTION:
                for (TypeMirror b : ((javax.lang.model.type.IntersectionType) t).getBounds()) {
                    if (holdsCaptured(b, depth + 1)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}
