package dev.corio.processor.diagnostics;

import com.sun.source.tree.Tree;

/**
 * A construct a phase cannot transform, thrown from where it is found to the step that reports it (through
 * {@link Reporter#report(Rejection, com.sun.source.tree.CompilationUnitTree, javax.lang.model.element.Element)}):
 * a compile error with {@link #tag()} on {@link #tree()}, or on the method when the tree is null.
 */
public class Rejection extends RuntimeException {
    private final Tag tag;
    private final transient Tree tree;

    public Rejection(Tag tag, Tree tree, String message) {
        super(message);
        this.tag = tag;
        this.tree = tree;
    }

    public Tag tag() {
        return tag;
    }

    /** The offending tree, or null: the error is on the method. */
    public Tree tree() {
        return tree;
    }
}
