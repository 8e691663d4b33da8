package dev.corio.processor.lower;

import dev.corio.processor.hoist.Frame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes each state's jumps so that the paths that do not suspend stay out of the state switch, once the
 * graph is complete (the liveness pass has run on it as lowered; nothing here changes which state runs
 * what, only how the machine gets there):
 * <ul>
 *   <li><b>jump threading</b>: a jump (or a fall-through) to a state whose only code is a jump goes where
 *   that chain of jump-only states leads, in one trip instead of several;</li>
 *   <li><b>a state's own loop</b>: a jump from a state back to itself (the back edge of a loop whose
 *   suspending part lives in other states) is a {@code continue} of a Java loop around the state's code,
 *   with no state write and no trip through the switch, so the iterations that do not suspend run
 *   as a Java loop, which the JIT compiles as one;</li>
 *   <li><b>the continuation inline</b>: a state that falls into a small state that does not suspend and
 *   jumps back to it (the continuation of an await at the end of a loop body, typically) runs a copy of it,
 *   so an await that does not suspend goes on without the switch (and, with the previous point, its loop
 *   stays a Java loop);</li>
 *   <li><b>a return inline</b>: a jump to a state that only returns returns at once.</li>
 * </ul>
 * A jump to a detour state (a jump out of a copied {@code try} with a {@code finally}) is kept as it is:
 * the detour exists so that the finally runs with {@code $state} in the jumping state's try region. A
 * copy or inline return runs in the place of its state only where both are in the same try region, so an
 * exception is routed as it would have been; and a jump written inside a {@code try} or {@code synchronized}
 * of copied user code ({@link Jump#enclosed}, marked by the copy's scanner from the tree) is never a return
 * in place: the return's expression must run after that statement's finally, catches or monitor exit.
 */
final class FastPaths {
    /** The largest state (in characters of code) copied into the state that falls into it. */
    static final int COPY_LIMIT = 600;

    /**
     * One state as the emitter writes it: its code, for each statement the comment of the source statement it
     * comes from (or null; see {@link Layout.State}), and the label of its own loop (or null).
     */
    record Written(List<Code> code, List<String> sources, String loop, boolean terminated) {
    }

    /** The text of a jump as written: a part that tells that the code ends in a jump. */
    record JumpText(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private final List<Graph.State> states;
    private final Frame frame;

    private FastPaths(List<Graph.State> states, Frame frame) {
        this.states = states;
        this.frame = frame;
    }

    static List<Written> write(List<Graph.State> states, Frame frame) {
        FastPaths p = new FastPaths(states, frame);
        List<Written> out = new ArrayList<>();
        for (Graph.State s : states) {
            out.add(p.write(s));
        }
        return out;
    }

    /** The label of the loop currently being written, allocated when its first self-jump is met. */
    private String loop;

    private Written write(Graph.State host) {
        loop = null;
        List<Code> code = render(host.code, host);
        List<String> sources = new ArrayList<>(host.sources);
        boolean terminated = host.terminated || endsInJump(code);
        int next = host.label.number + 1;
        if (!terminated && next < states.size()) {
            Graph.State c = states.get(next);
            if (copyable(c, host) && jumpsTo(c, host.label)) {
                List<Code> copy = render(c.code, host);
                if (endsInJump(copy) || c.terminated) {
                    List<Code> both = new ArrayList<>();
                    List<String> from = new ArrayList<>();
                    both.add(Code.of("{", Code.INDENT));
                    from.add(null);
                    both.addAll(code);
                    from.addAll(sources);
                    both.add(Code.of(Code.UNINDENT, "}"));
                    from.add(null);
                    both.add(Code.of("{ // state ", c.label, ", copied: the machine goes on here without a trip through the switch",
                            Code.INDENT));
                    from.add(null);
                    both.addAll(copy);
                    from.addAll(c.sources);
                    both.add(Code.of(Code.UNINDENT, "}"));
                    from.add(null);
                    code = both;
                    sources = from;
                    terminated = true;
                }
            }
        }
        return new Written(List.copyOf(code), java.util.Collections.unmodifiableList(sources), loop, terminated);
    }

    private boolean copyable(Graph.State c, Graph.State host) {
        if (c.detour || c.region != host.region || loops(c)) {
            return false; // a loop's head stays where its loop is (a copy would run one iteration)
        }
        int size = 0;
        for (Code x : c.code) {
            if (x.has(Liveness.Clearing.class)) {
                return false; // it suspends
            }
            size += x.toString().length();
        }
        return size <= COPY_LIMIT;
    }

    /**
     * Whether a jump of {@code c} leads back to {@code l}: only then is a copy worth its lines. Where the
     * continuation goes on elsewhere (or returns), the host already falls into it through the switch's
     * fall-through, at no cost, and a copy would only put each of its statements twice in the file, one
     * of them off its source line, so a breakpoint there would miss the path that did not suspend.
     */
    private boolean jumpsTo(Graph.State c, Label l) {
        for (Code x : c.code) {
            if (x.parts().stream().anyMatch(p -> p instanceof Jump && resolve(((Jump) p).target) == l)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the written code ends in a jump that is no fall-through (the threading may have made one). */
    private static boolean endsInJump(List<Code> code) {
        if (code.isEmpty()) {
            return false;
        }
        Object last = code.get(code.size() - 1).last();
        return last instanceof JumpText;
    }

    private List<Code> render(List<Code> code, Graph.State host) {
        List<Code> out = new ArrayList<>();
        for (Code c : code) {
            out.add(c.has(Jump.class) ? c.map(p -> p instanceof Jump ? write((Jump) p, host) : p) : c);
        }
        return out;
    }

    private Object write(Jump j, Graph.State host) {
        Label to = resolve(j.target);
        if (j.fallThrough && to == j.target) {
            return j; // falls into the next state, which does something
        }
        if (to == host.label) {
            if (loop == null) {
                String l = "$loop" + host.label.number; // allocated: never a name the body spells
                loop = frame.names().claim(l) ? l : frame.names().numbered(l + "$", 2);
            }
            return new JumpText("continue " + loop + ";");
        }
        Graph.State t = states.get(to.number);
        Code ret = returnOnly(t);
        if (ret != null && t.region == host.region && !j.enclosed) {
            return Code.of(ret, new JumpText(""));
        }
        return Code.of(new JumpText(j.through(to)));
    }

    /** Whether a jump of {@code s} goes back to {@code s} itself (it is written as a Java loop). */
    private boolean loops(Graph.State s) {
        return jumpsTo(s, s.label);
    }

    /** Where a jump to {@code l} ends up after the jump-only states it passes through. */
    private Label resolve(Label l) {
        Set<Label> seen = new HashSet<>();
        Label t = l;
        while (seen.add(t)) {
            Graph.State s = states.get(t.number);
            if (s.detour || s.code.size() != 1 || !(s.code.get(0).only() instanceof Jump)) {
                return t;
            }
            t = ((Jump) s.code.get(0).only()).target;
        }
        return l; // a cycle of jump-only states: an empty endless loop, kept as written
    }

    /** The code of a state that is only a {@code return}, or null. */
    private static Code returnOnly(Graph.State s) {
        if (s.detour || !s.terminated || s.code.size() != 1) {
            return null;
        }
        Code c = s.code.get(0);
        if (c.has(Jump.class) || c.has(Liveness.Clearing.class) || !c.toString().startsWith("return ")) {
            return null;
        }
        return c;
    }
}
