package dev.corio.processor.lower;

import dev.corio.processor.hoist.MachineNames;
import dev.corio.processor.Names;
import com.palantir.javapoet.ClassName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * The lowering of a {@code try} with a suspension point, of its resources and of {@code async with}. The
 * protected part's states form a {@link Graph.Region} whose exceptions the machine routes to the catch
 * dispatch (or to the finally); a finally the lowering emits is a {@link JumpEntry.Finally}: every way of
 * leaving the protected part records its {@link Completion}, runs the finally's states, and
 * {@link #resumeCompletion} continues with it.
 */
final class TryLowering {
    private final Lowerer lw;

    TryLowering(Lowerer lw) {
        this.lw = lw;
    }

    /** The generated code's own names in this machine ({@code $error}, {@code $p}, ...). */
    private MachineNames n() {
        return lw.frame.fixed();
    }

    void tryStatement(TryTree t) {
        if (!t.getResources().isEmpty()) {
            if (t.getCatches().isEmpty() && t.getFinallyBlock() == null) {
                resources(t.getResources(), 0, t.getBlock());
            } else {
                plainTry(t, () -> resources(t.getResources(), 0, t.getBlock()));
            }
            return;
        }
        plainTry(t, () -> lw.statements.statement(t.getBlock()));
    }

    private void plainTry(TryTree t, Runnable tryBody) {
        Graph g = lw.g;
        String where = lw.body.lineComment(t);
        Label end = new Label();
        List<? extends CatchTree> catches = t.getCatches();
        BlockTree fin = t.getFinallyBlock();
        Label dispatch = catches.isEmpty() ? null : new Label();
        JumpEntry.Finally f = fin == null ? null : lw.jumps.newFinally();
        Label toFinally = f == null ? null : new Label();
        Graph.Region outer = g.region();
        if (f != null) {
            lw.jumps.push(f);
        }
        g.region(g.newRegion(dispatch != null ? dispatch : toFinally, "try at " + where));
        g.place(new Label());
        tryBody.run();
        leave(f, end);
        Graph.Region catchRegion = f != null ? new Graph.Region(toFinally, outer, "catch at " + where) : outer;
        g.region(catchRegion);
        if (dispatch != null) {
            g.comment(lw.body.lineComment(catches.get(0)));
            g.place(dispatch);
            List<Label> handlers = new ArrayList<>();
            for (CatchTree c : catches) {
                Label h = new Label();
                handlers.add(h);
                Tree type = c.getParameter().getType();
                List<? extends Tree> alts = type instanceof UnionTypeTree ? ((UnionTypeTree) type).getTypeAlternatives() : List.of(type);
                List<Code> tests = new ArrayList<>();
                for (Tree a : alts) {
                    tests.add(Code.of(n().error(), " instanceof ", lw.r.render(a)));
                }
                g.jumpIf(Code.join(tests, " || "), h);
            }
            g.emit(Code.of("throw ", n().error(), ";")); // no catch matches: on to the finally, or out
            g.terminate();
            for (int i = 0; i < catches.size(); i++) {
                CatchTree c = catches.get(i);
                g.comment(lw.body.lineComment(c));
                g.place(handlers.get(i));
                Var p = lw.statements.declareVar(c.getParameter());
                lw.statements.define(p, Code.of("(", p.type, ") ", n().error()));
                g.emit(Code.of(n().error(), " = null;"));
                lw.statements.statement(c.getBlock());
                leave(f, end);
            }
        }
        g.region(outer);
        if (f != null) {
            lw.jumps.pop(f);
            g.comment(lw.body.lineComment(fin));
            enterFinallyOnThrow(f, toFinally);
            lw.statements.statement(fin);
            if (!g.terminated()) {
                resumeCompletion(f, rethrowPending(f));
            }
        }
        g.place(end);
    }

    /**
     * Places {@code toFinally}, where an exception of the protected part arrives (the region's handler): it
     * becomes the pending exception, the completion is {@link Completion#THROW}; then the finally's start.
     */
    void enterFinallyOnThrow(JumpEntry.Finally f, Label toFinally) {
        lw.g.place(toFinally);
        lw.g.emit(Code.of(f.pending, " = ", n().error(), "; ", n().error(), " = null; ", f.record(Completion.THROW)));
        lw.g.place(f.start);
    }

    /** {@code throw} of the pending exception, clearing its field first. */
    Code rethrowPending(JumpEntry.Finally f) {
        return Code.of("Throwable ", n().pending(), " = ", f.pending, "; ", f.pending, " = null; throw ", n().pending(), ";");
    }

    /** The protected part (or a catch) completes normally: through the finally if there is one, else to {@code end}. */
    void leave(JumpEntry.Finally f, Label end) {
        Graph g = lw.g;
        if (g.terminated()) {
            return;
        }
        if (f != null) {
            g.emit(f.record(Completion.NORMAL));
            g.jump(f.start);
        } else {
            g.jump(end);
        }
    }

    /**
     * After a finally block: continues with the completion recorded when the protected part was left
     * (normal falls through; {@code rethrow} null: no exception reaches this finally's dispatch).
     */
    void resumeCompletion(JumpEntry.Finally f, Code rethrow) {
        List<Object> parts = new ArrayList<>();
        parts.add(Code.of("switch (", f.completion, ") {"));
        if (rethrow != null) {
            parts.add(Code.of(" case ", Integer.toString(f.code(Completion.THROW)), ": { ", rethrow, " }"));
        }
        if (f.returns()) {
            parts.add(Code.of(" case ", Integer.toString(f.code(Completion.RETURN)), ": { ",
                    lw.jumps.returnCode(Code.of(n().retval()), false), " }"));
        }
        for (Completion.Jump j : List.copyOf(f.jumps())) {
            parts.add(Code.of(" case ", Integer.toString(f.code(j)), ": { ", lw.jumps.jumpTo(j.target(), j.to(), false), " }"));
        }
        parts.add(" }");
        lw.g.emit(Code.of(parts.toArray()));
    }

    private void resources(List<? extends Tree> res, int i, BlockTree block) {
        Graph g = lw.g;
        if (i == res.size()) {
            lw.statements.statement(block);
            return;
        }
        Tree rt = res.get(i);
        g.comment(lw.body.lineComment(rt));
        Code ref;
        if (rt instanceof VariableTree) {
            VariableTree v = (VariableTree) rt;
            Var var = lw.statements.declareVar(v);
            lw.statements.define(var, lw.expressions.explode(v.getInitializer()));
            ref = Code.of(var);
        } else {
            ref = lw.expressions.explode((ExpressionTree) rt);
        }
        if (lw.body.asyncResource(rt)) {
            asyncWith(rt, ref, res, i, block);
            return;
        }
        Label handler = new Label();
        Label end = new Label();
        JumpEntry.Finally f = guardedRest(handler, end, "resource at " + lw.body.lineComment(rt), res, i, block);
        // An exception in the body: close, keeping a failure of close as suppressed, and rethrow.
        g.place(handler);
        String p = n().pending();
        String s = n().suppressed();
        g.emit(Code.of("{ Throwable ", p, " = ", n().error(), "; ", n().error(), " = null; if (", ref, " != null) { try { ", ref,
                ".close(); } catch (Throwable ", s, ") { ", p, ".addSuppressed(", s, "); } } throw ", p, "; }"));
        g.terminate();
        // Normal completion or a jump out of the body: close, then go on.
        g.place(f.start);
        g.emit(Code.of("if (", ref, " != null) ", ref, ".close();"));
        resumeCompletion(f, null);
        g.place(end);
    }

    /**
     * Lowers the resources after the {@code i}-th and then the block inside a try region whose exceptions go
     * to {@code handler}; normal completion and jumps out go through the returned finally's start, and
     * the code after it starts at {@code end}.
     */
    private JumpEntry.Finally guardedRest(Label handler, Label end, String regionName, List<? extends Tree> res, int i,
            BlockTree block) {
        Graph g = lw.g;
        JumpEntry.Finally f = lw.jumps.newFinally();
        lw.jumps.push(f);
        Graph.Region outer = g.region();
        g.region(g.newRegion(handler, regionName));
        g.place(new Label());
        resources(res, i + 1, block);
        leave(f, end);
        lw.jumps.pop(f);
        g.region(outer);
        return f;
    }

    /**
     * {@code try (m)} on an {@code AsyncContextManager} is Python's {@code async with m}: await
     * {@code m.aenter()}; run the body; then await {@code m.aexit(e)} with what the body threw (null if it
     * completed or jumped out). A true result suppresses the exception; an exception from aexit replaces it;
     * a failing aenter skips aexit.
     */
    private void asyncWith(Tree rt, Code ref, List<? extends Tree> res, int i, BlockTree block) {
        Graph g = lw.g;
        ExpressionLowering x = lw.expressions;
        x.suspendFor(Code.of(ref, "." + Names.AENTER + "()"), true, null); // ref is a variable or an effectively final name
        Label handler = new Label();
        Label end = new Label();
        JumpEntry.Finally f = guardedRest(handler, end, "async with at " + lw.body.lineComment(rt), res, i, block);
        g.place(handler);
        g.emit(Code.of(f.pending, " = ", n().error(), "; ", n().error(), " = null;"));
        Code suppress = x.suspendFor(Code.of(ref, "." + Names.AEXIT + "(", f.pending, ")"), false, ClassName.get(Boolean.class));
        g.emit(Code.of("if (!", ClassName.get(Boolean.class), ".TRUE.equals(", suppress, ")) { Throwable ", n().pending(),
                " = ", f.pending, "; ", f.pending, " = null; throw ", n().pending(), "; }"));
        g.emit(Code.of(f.pending, " = null; // aexit suppressed the exception"));
        g.jump(end);
        g.place(f.start);
        x.suspendFor(Code.of(ref, "." + Names.AEXIT + "(null)"), true, null);
        resumeCompletion(f, null);
        g.place(end);
    }
}
