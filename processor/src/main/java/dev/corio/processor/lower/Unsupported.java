package dev.corio.processor.lower;

import com.sun.source.tree.Tree;

/** A construct the lowering cannot handle; reported as a compile error on {@code tree}. */
public final class Unsupported extends RuntimeException {
    public final Tree tree;
    public final String tag;

    Unsupported(Tree tree, String what) {
        this(tree, what + " is not supported yet; await into a local variable first", "CorioUnsupported");
    }

    Unsupported(Tree tree, String message, String tag) {
        super(message);
        this.tree = tree;
        this.tag = tag;
    }
}
