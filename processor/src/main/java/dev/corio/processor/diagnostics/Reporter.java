package dev.corio.processor.diagnostics;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;

/**
 * The one way the processor reports a diagnostic (as AutoValue's {@code ErrorReporter}): on an element,
 * or on a tree of a body, always with a {@link Tag}, whose kind (error or warning) it carries. What the
 * phases cannot report themselves (a construct found unsupported deep in the lowering) they throw as a
 * {@link Rejection}, which the step that called them hands here.
 */
public final class Reporter {
    private final Messager messager;
    private final Trees trees;

    public Reporter(Messager messager, Trees trees) {
        this.messager = messager;
        this.trees = trees;
    }

    /** Reports {@code message} with {@code tag} on {@code e}. */
    public void report(Element e, Tag tag, String message) {
        messager.printMessage(tag.kind(), tag.format(message), e);
    }

    /** Reports {@code message} with {@code tag} on tree {@code t} of {@code unit} (its line and column). */
    public void report(Tree t, CompilationUnitTree unit, Tag tag, String message) {
        trees.printMessage(tag.kind(), tag.format(message), t, unit);
    }

    /** Reports a rejection on its tree if it has one, else on {@code fallback}. */
    public void report(Rejection r, CompilationUnitTree unit, Element fallback) {
        if (r.tree() != null && unit != null) {
            report(r.tree(), unit, r.tag(), r.getMessage());
        } else {
            report(fallback, r.tag(), r.getMessage());
        }
    }
}
