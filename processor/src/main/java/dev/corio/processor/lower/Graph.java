package dev.corio.processor.lower;

import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The states of one machine, in the order they are emitted (so an await's continuation follows it and the
 * fast path falls through), each with its code, its try region, its successors and the variable events
 * the liveness pass reads.
 */
public final class Graph {
    /** A flattened try's protected part: an exception thrown in one of its states goes to {@code handler}. */
    public static final class Region {
        public final Label handler;
        public final Region parent;
        public final String comment;

        Region(Label handler, Region parent, String comment) {
            this.handler = handler;
            this.parent = parent;
            this.comment = comment;
        }
    }

    /** One use or definition of a variable, in emission order; a null var marks a branch out of the state. */
    public static final class Event {
        public final Var var;
        public final boolean def;

        Event(Var var, boolean def) {
            this.var = var;
            this.def = def;
        }
    }

    public static final class State {
        public final Label label;
        public final Region region;
        public String comment;
        public final List<Code> code = new ArrayList<>();
        /** For each of {@link #code}: the comment of the statement it comes from (its source line), or null. */
        public final List<String> sources = new ArrayList<>();
        public final Set<Label> successors = new LinkedHashSet<>();
        public final List<Event> events = new ArrayList<>();
        boolean terminated;
        /** A detour state (see {@link Graph#jumpCode(Label, boolean)}): a jump to it must not be short-cut. */
        boolean detour;

        /** Whether the state's code ends in a jump, return or throw (it cannot fall into the next). */
        public boolean terminated() {
            return terminated;
        }

        State(Label label, Region region) {
            this.label = label;
            this.region = region;
        }
    }

    private final List<State> states = new ArrayList<>();
    private final List<State> detours = new ArrayList<>();
    private State current;
    private Region region;
    private String pendingComment;

    /** The machine's state field and dispatch loop label, as the allocator named them. */
    private final String state;
    private final String loop;

    public Graph(dev.corio.processor.hoist.MachineNames names) {
        this.state = names.state();
        this.loop = names.loop();
        Label start = new Label();
        place(start);
    }

    public List<State> states() {
        return states;
    }

    public State current() {
        return current;
    }

    public Region region() {
        return region;
    }

    public void region(Region r) {
        region = r;
    }

    public Region newRegion(Label handler, String comment) {
        return new Region(handler, region, comment);
    }

    /** The source line of the code emitted next, for the comment of a state that starts with it. */
    public void comment(String c) {
        pendingComment = c;
        if (current != null && current.code.isEmpty()) {
            current.comment = c;
        }
    }

    public boolean terminated() {
        return current.terminated;
    }

    /** Starts the state {@code l}; the current one falls into it. */
    public void place(Label l) {
        if (current != null && !current.terminated) {
            emit(Code.of(new Jump(l, true, state, loop)));
            current.successors.add(l);
        }
        start(l);
    }

    /** Starts the continuation of an await: the await already set {@code $state} and falls through. */
    void placeResume(Label l) {
        current.successors.add(l);
        start(l);
    }

    private void start(Label l) {
        if (l.number >= 0) {
            throw new IllegalStateException("label placed twice");
        }
        l.number = states.size();
        current = new State(l, region);
        current.comment = pendingComment;
        states.add(current);
    }

    public void emit(Code c) {
        if (current.terminated) {
            return; // dead code after a jump (javac rejects unreachable statements)
        }
        for (Var v : c.vars()) {
            current.events.add(new Event(v, false));
        }
        current.code.add(c);
        current.sources.add(pendingComment);
    }

    /** Emits {@code v = value;}: uses in value, then a definition of v. */
    public void assign(Var v, Code value) {
        if (current.terminated) {
            return;
        }
        for (Var u : value.vars()) {
            current.events.add(new Event(u, false));
        }
        current.events.add(new Event(v, true));
        current.code.add(Code.of(v.name, " = ", value, ";"));
        current.sources.add(pendingComment);
    }

    /** Records a declaration without a value: the variable is dead before it. */
    public void declare(Var v) {
        if (!current.terminated) {
            current.events.add(new Event(v, true));
        }
    }

    public void jump(Label l) {
        emit(jumpCode(l));
        terminate();
    }

    /** The code of a jump to {@code l} from the current state (recorded as a successor). */
    public Code jumpCode(Label l) {
        return jumpCode(l, false);
    }

    /**
     * The code of a jump to {@code l}; with {@code detour}, a jump the renderer writes where it leaves a try
     * copied through with a {@code finally} (or resources): Java runs that finally (or the closes) after the
     * jump's {@code $state} assignment, so an exception it throws must still be routed by the jumping state's
     * region, not the target's. Such a jump goes through a detour state placed in the jumping state's region,
     * which only jumps on.
     */
    Code jumpCode(Label l, boolean detour) {
        branch();
        if (detour) {
            State d = new State(new Label(), current.region);
            d.comment = "a jump out of a copied try, after its finally ran";
            d.code.add(Code.of(new Jump(l, false, state, loop)));
            d.sources.add(null);
            d.detour = true;
            d.events.add(new Event(null, false));
            d.successors.add(l);
            d.terminated = true;
            detours.add(d);
            current.successors.add(d.label);
            return Code.of(new Jump(d.label, false, state, loop));
        }
        current.successors.add(l);
        return Code.of(new Jump(l, false, state, loop));
    }

    public void jumpIf(Code condition, Label l) {
        emit(Code.of("if (", condition, ") { ", jumpCode(l), " }"));
    }

    public void successor(Label l) {
        branch();
        current.successors.add(l);
    }

    /** A possible exit from the middle of the state: later definitions do not kill what flows out here. */
    private void branch() {
        if (!current.terminated) {
            current.events.add(new Event(null, false));
        }
    }

    /** Appends the detour states (see {@link #jumpCode(Label, boolean)}) after all others, so none breaks a fall-through. */
    void placeDetours() {
        for (State d : detours) {
            d.label.number = states.size();
            states.add(d);
        }
        detours.clear();
    }

    public void terminate() {
        current.terminated = true;
    }
}
