package dev.corio.processor.lower;

import dev.corio.processor.Names;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Var;

/**
 * The lowering step of async generators and async iteration (docs/generators.md): a generator's produce
 * point {@code emit(v)}, its end {@code return done();}, and the async {@code for} over
 * {@code awaitEach(source)} in any {@code @Async} body, which closes its iterator when left early.
 */
final class GeneratorLowering {
    private static final ClassName ASYNC_ITERATOR = Names.type(Names.ASYNC_ITERATOR);
    private static final ClassName STOP_ASYNC_ITERATION = Names.type(Names.STOP_ASYNC_ITERATION);

    private final Lowerer lw;

    GeneratorLowering(Lowerer lw) {
        this.lw = lw;
    }

    /** What a generator's {@code return done();} returns from {@code resume}: the end of its values. */
    Code doneValue() {
        return Code.of(Names.FINISHED); // `return done();`, the only return Checks lets a generator have
    }

    /**
     * {@code emit(v)}, a generator's produce point: always suspends, handing {@code v} to the step that runs
     * the body; resumed with the value sent in ({@code $value}) or the exception thrown in ({@code $error}:
     * athrow's, or aclose's GeneratorExit), which the emit throws. The value goes through {@code $value}
     * before the dead fields are cleared, since it may read one of them.
     */
    Code emitValue(MethodInvocationTree m, boolean discard) {
        Graph g = lw.g;
        Code v = lw.expressions.explode(m.getArguments().get(0));
        Label resume = new Label();
        Liveness.Clearing clearing = new Liveness.Clearing(resume);
        lw.clearings.add(clearing);
        g.emit(Code.of(lw.n.value(), " = ", v, "; ", lw.n.state(), " = ", resume, ";", clearing, " return " + Names.PRODUCED + "(", lw.n.value(), ");"));
        g.successor(resume);
        g.terminate();
        g.placeResume(resume);
        g.emit(Code.of("if (", lw.n.error(), " != null) throw ", lw.n.error(), "; // thrown in at the emit (athrow, aclose)"));
        if (discard) {
            return null;
        }
        return ExpressionLowering.valueAs(lw.n, lw.denotable.of(lw.body.type(m)));
    }

    /**
     * {@code for (T x : awaitEach(source)) body}, Python's {@code async for} with {@code aclosing}:
     * <pre>
     *   $it = source.aiter();
     *   try {                                   // a region whose finally the lowering emits
     *     head: x = await $it.anextFrom(this);  // StopAsyncIteration: $it = null, leave normally
     *           body                            // continue: to head (inside); break, return, throw: out
     *           to head
     *   } finally { if ($it != null) await $it.aclose(); }
     * </pre>
     * The loop's break target ({@link JumpEntry.AsyncForExit}) sits below the finally, so a break (or a
     * return, or an exception) runs the close first; its continue target ({@link JumpEntry.AsyncForHead})
     * sits above it, so a continue does not.
     */
    void asyncFor(EnhancedForLoopTree f, LabeledStatementTree labeled) {
        Graph g = lw.g;
        Jumps jumps = lw.jumps;
        String where = lw.body.lineComment(f);
        ExpressionTree src = ((MethodInvocationTree) Body.stripParens(f.getExpression())).getArguments().get(0);
        Code source = lw.expressions.explode(src);
        Var it = lw.frame.temp(ParameterizedTypeName.get(ASYNC_ITERATOR, WildcardTypeName.subtypeOf(Object.class)));
        String aiter = "." + Names.AITER + "()";
        g.assign(it, ExpressionLowering.primary(src) ? Code.of(source, aiter) : Code.of("(", source, ")", aiter));
        Label head = new Label();
        Label end = new Label();
        Label exhausted = new Label();
        JumpEntry exit = new JumpEntry.AsyncForExit(f, labeled, end);
        jumps.push(exit);
        JumpEntry.Finally close = jumps.newFinally();
        jumps.push(close);
        Label toFinally = new Label();
        Graph.Region outer = g.region();
        g.region(g.newRegion(toFinally, "async for at " + where));
        g.place(head);
        Label resume = new Label();
        Liveness.Clearing clearing = new Liveness.Clearing(resume);
        lw.clearings.add(clearing);
        // The end of the iteration comes as StopAsyncIteration from anext, at once or on resumption.
        g.emit(Code.of("try { if ((", lw.n.value(), " = ", it, "." + Names.ANEXT_FROM + "(", lw.awaitingFrame,
                ")) == ", lw.suspended, ") { ", lw.n.state(), " = ", resume, ";", clearing, " return ", lw.suspended, "; } } catch (",
                STOP_ASYNC_ITERATION, " ", lw.n.suppressed(), ") { ",
                g.jumpCode(exhausted), " }"));
        g.placeResume(resume);
        g.jumpIf(Code.of(lw.n.error(), " instanceof ", STOP_ASYNC_ITERATION), exhausted);
        g.emit(Code.of("if (", lw.n.error(), " != null) throw ", lw.n.error(), "; // the await threw"));
        Var var = lw.statements.declareVar(f.getVariable());
        lw.statements.define(var, Code.of("(", var.type, ") ", lw.n.value()));
        JumpEntry next = new JumpEntry.AsyncForHead(f, head);
        jumps.push(next);
        lw.statements.statement(f.getStatement());
        jumps.pop(next);
        if (!g.terminated()) {
            g.jump(head);
        }
        g.place(exhausted);
        g.emit(Code.of(lw.n.error(), " = null; ", it, " = null; // exhausted: nothing to close"));
        lw.tries.leave(close, end);
        jumps.pop(close);
        g.region(outer);
        g.comment("closes the async for at " + where);
        lw.tries.enterFinallyOnThrow(close, toFinally);
        Label closed = new Label();
        g.jumpIf(Code.of(it, " == null"), closed);
        lw.expressions.suspendFor(Code.of(it, "." + Names.ACLOSE + "()"), true, null);
        g.place(closed);
        g.emit(Code.of(it, " = null;"));
        lw.tries.resumeCompletion(close, lw.tries.rethrowPending(close));
        jumps.pop(exit);
        g.place(end);
    }
}
