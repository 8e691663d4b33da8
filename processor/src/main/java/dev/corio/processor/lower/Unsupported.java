package dev.corio.processor.lower;

import com.sun.source.tree.Tree;
import dev.corio.processor.diagnostics.Rejection;
import dev.corio.processor.diagnostics.Tag;

/** A construct the lowering cannot handle; reported as a compile error on its tree. */
final class Unsupported extends Rejection {
    /** {@code [CorioUnsupported] <what> is not supported yet; await into a local variable first}. */
    Unsupported(Tree tree, String what) {
        this(tree, what + " is not supported yet; await into a local variable first", Tag.UNSUPPORTED);
    }

    Unsupported(Tree tree, String message, Tag tag) {
        super(tag, tree, message);
    }
}
