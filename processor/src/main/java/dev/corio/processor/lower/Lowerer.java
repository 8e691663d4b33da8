package dev.corio.processor.lower;

import dev.corio.processor.Names;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.StatementTree;
import dev.corio.processor.analyse.Body;
import dev.corio.processor.hoist.Denotable;
import dev.corio.processor.hoist.Frame;
import dev.corio.processor.hoist.MachineNames;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The lower phase: turns an attributed body into the states of a {@link Graph}. This class holds what the
 * steps of the lowering share and runs them; each step is a file of its own, as regenerator splits
 * {@code emit.js} from {@code leap.js}:
 * <ul>
 *   <li>{@link StatementLowering}: blocks, locals, {@code if}, loops, labels, {@code return}, local classes;</li>
 *   <li>{@link ExpressionLowering}: expressions with awaits, operands spilled in Java's order, the await itself;</li>
 *   <li>{@link SwitchLowering}: switch statements and expressions, their case dispatch and pattern bindings;</li>
 *   <li>{@link TryLowering}: {@code try}/{@code catch}/{@code finally}, resources, {@code async with};</li>
 *   <li>{@link GeneratorLowering}: async generators' {@code emit(v)} and {@code done()}, and async {@code for};</li>
 *   <li>{@link Jumps}: the jump stack ({@link JumpEntry}) and the {@link Completion}s recorded for a finally;</li>
 *   <li>{@link ResultTyping}: the target type a result or awaited value needs once it leaves its context.</li>
 * </ul>
 *
 * <p>Only statements that contain a suspension point are flattened; all other statements, loops and
 * try blocks included, are copied through by the {@link Renderer}. Inside a flattened expression, every
 * operand evaluated before an await is spilled into a field first, so Java's left-to-right order
 * (JLS 15.7) holds across the suspension.
 */
public final class Lowerer {
    final Body body;
    final Frame frame;
    final Graph g;
    /** The generated code's own names in this machine ({@code $state}, {@code $value}, ...), from the allocator. */
    final MachineNames n;
    /** {@code SUSPENDED}, the protocol's inherited constant; qualified where the body spells the name. */
    final Code suspended;
    final Denotable denotable;
    final TypeName resultType;
    /** An async generator's body: emits produce values, awaits are made from its running step ({@code frame()}). */
    final boolean generator;
    /** The frame an await is made from: the coroutine itself, or a generator's running step. */
    final String awaitingFrame;
    final List<Liveness.Clearing> clearings = new ArrayList<>();
    /** Local classes hoisted to the top of {@code resume}; see {@link StatementLowering#localClass}. */
    final List<Code> localClasses = new ArrayList<>();

    final Renderer r;
    final Jumps jumps;
    final StatementLowering statements = new StatementLowering(this);
    final ExpressionLowering expressions = new ExpressionLowering(this);
    final SwitchLowering switches = new SwitchLowering(this);
    final TryLowering tries = new TryLowering(this);
    final GeneratorLowering generators = new GeneratorLowering(this);
    final ResultTyping results;

    public Lowerer(Body body, Frame frame, Denotable denotable, Elements elements, TypeName resultType) {
        this.body = body;
        this.frame = frame;
        this.n = frame.fixed();
        this.g = new Graph(n);
        this.denotable = denotable;
        this.resultType = resultType;
        this.jumps = new Jumps(g, frame);
        this.generator = body.isGenerator();
        this.suspended = n.suspendedQualified()
                ? Code.of(generator ? Names.type(Names.ASYNC_GENERATOR) : Names.type(Names.COROUTINE), "." + Names.SUSPENDED)
                : Code.of(Names.SUSPENDED);
        this.awaitingFrame = generator ? Names.FRAME + "()" : "this";
        this.r = new Renderer(body, this, elements);
        this.results = new ResultTyping(body, resultType, frame.fixed().result());
    }

    public Graph lower() {
        for (VariableElement p : body.element.getParameters()) {
            frame.param(p);
        }
        g.comment(body.lineComment(body.method));
        List<? extends StatementTree> top = body.method.getBody().getStatements();
        for (int i = 0; i < top.size(); i++) {
            if (i == top.size() - 1) {
                statements.lastStatement(top.get(i));
            } else {
                statements.statement(top.get(i));
            }
        }
        if (!g.terminated()) {
            // Only reachable where javac sees none: an `async with` whose aexit suppressed the exception
            // ends the method. Python's coroutine then returns None; so does this one (a generator ends).
            g.emit(Code.of("return ", generator ? generators.doneValue() : "null", ";"));
            g.terminate();
        }
        g.placeDetours();
        return g;
    }

    /**
     * The machine's layout for the emit phase, once {@link #lower} has run: clears dead fields at the
     * suspension points (the liveness pass), then fixes states, fields and routes.
     */
    public Layout layout() {
        Liveness.clear(g, frame.fields(), clearings);
        long line = body.unit.getLineMap().getLineNumber(body.positions.getStartPosition(body.unit, body.method.getBody()));
        return Layout.of(this, g, frame.fields(), line);
    }
}
