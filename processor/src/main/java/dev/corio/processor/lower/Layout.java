package dev.corio.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.corio.processor.hoist.MachineNames;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the emit phase writes for one machine, fixed once the lowering (and the liveness pass, which fills
 * in the clearings) is done: its fields with their types, its states in emission order, the routes that
 * send an exception to the handler of a state's try region, the local classes hoisted to the top of
 * {@code resume}, and the source line of the body. The emitter reads nothing else of the lowering.
 *
 * @param fields the machine's fields in declaration order (parameters first among the variables)
 * @param states the states, numbered in order from 0
 * @param routes one per try region that has states, in the order of their first state
 * @param straight whether the machine is a single state outside any try region (no dispatch loop, no
 *     {@code $state})
 * @param bodyLine the line of the method body's opening brace in its source file
 * @param names the names of the generated code's own parts ({@code $self}, {@code $state}, ...), as the
 *     machine's allocator gave them
 */
public record Layout(List<Field> fields, List<State> states, List<Route> routes, List<Code> localClasses,
        boolean straight, long bodyLine, MachineNames names) {

    /** A field; {@code parameter}: the constructor takes its value (a parameter of the method). */
    public record Field(String name, TypeName type, boolean parameter) {
    }

    /**
     * A state: its number, the source line comment it starts at (or null), its statements, for each
     * statement the comment of the source statement it comes from (or null), for the line map of async stack
     * traces, and the label of the Java loop around them (null: none), which its jumps back to itself continue
     * (see {@link FastPaths}).
     */
    public record State(int number, String comment, List<Code> code, boolean terminated, List<String> sources,
            String loop) {
    }

    /** An exception thrown in one of {@code states} goes to state {@code handler}. */
    public record Route(List<Integer> states, int handler, String comment) {
    }

    public Layout {
        fields = List.copyOf(fields);
        states = List.copyOf(states);
        routes = List.copyOf(routes);
        localClasses = List.copyOf(localClasses);
    }

    /** The layout of {@code lowerer}'s machine, after {@link Lowerer#lower} and the liveness pass. */
    static Layout of(Lowerer lowerer, Graph graph, List<Var> variables, long bodyLine) {
        List<Graph.State> gs = graph.states();
        boolean straight = gs.size() == 1 && gs.get(0).region == null;
        List<Field> fields = new ArrayList<>();
        for (Var v : variables) {
            fields.add(new Field(v.name, v.type, v.param));
        }
        if (!straight) {
            fields.add(new Field(lowerer.frame.fixed().state(), TypeName.INT, false));
        }
        for (JumpEntry.Finally f : lowerer.jumps.finallys()) {
            fields.add(new Field(f.completion, TypeName.INT, false));
            fields.add(new Field(f.pending, ClassName.get(Throwable.class), false));
        }
        if (lowerer.jumps.usesRetval()) {
            fields.add(new Field(lowerer.frame.fixed().retval(), ClassName.OBJECT, false));
        }
        List<State> states = new ArrayList<>();
        Map<Graph.Region, List<Integer>> byRegion = new LinkedHashMap<>(); // Region: identity
        List<FastPaths.Written> written = straight ? null : FastPaths.write(gs, lowerer.frame);
        for (Graph.State s : gs) {
            if (straight) {
                states.add(new State(s.label.number(), s.comment, List.copyOf(s.code), s.terminated(),
                        java.util.Collections.unmodifiableList(new ArrayList<>(s.sources)), null));
            } else {
                FastPaths.Written w = written.get(s.label.number());
                states.add(new State(s.label.number(), s.comment, w.code(), w.terminated(), w.sources(), w.loop()));
            }
            if (s.region != null) {
                byRegion.computeIfAbsent(s.region, k -> new ArrayList<>()).add(s.label.number());
            }
        }
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<Graph.Region, List<Integer>> e : byRegion.entrySet()) {
            routes.add(new Route(e.getValue(), e.getKey().handler.number(), e.getKey().comment));
        }
        return new Layout(fields, states, routes, lowerer.localClasses, straight, bodyLine, lowerer.frame.fixed());
    }
}
