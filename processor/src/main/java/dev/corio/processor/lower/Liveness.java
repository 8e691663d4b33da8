package dev.corio.processor.lower;

import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields are live where, on the graph of states: a reference field that no path from a suspension
 * point reads again is cleared before the coroutine suspends, so a suspended coroutine (an endless loop of
 * awaits included) holds no garbage. Also tells the hoist phase which locals never leave their state.
 *
 * <p>Conservative by construction: every read in a state counts, a write kills only when it comes before
 * any read in that state, and exception edges go to the handler of the state's try region.
 */
public final class Liveness {
    /** The field clearing at one suspension point; its text is filled in after the analysis. */
    public static final class Clearing {
        final Label resume;
        String text = "";

        Clearing(Label resume) {
            this.resume = resume;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private Liveness() {
    }

    public static void clear(Graph g, List<Var> fields, List<Clearing> clearings) {
        List<Graph.State> states = g.states();
        Map<Label, Graph.State> byLabel = new HashMap<>();
        for (Graph.State s : states) {
            byLabel.put(s.label, s);
        }
        int n = states.size();
        List<Set<Var>> gen = new ArrayList<>();
        List<Set<Var>> kill = new ArrayList<>();
        List<Set<Var>> in = new ArrayList<>();
        for (Graph.State s : states) {
            Set<Var> ge = new HashSet<>();
            Set<Var> ki = new HashSet<>();
            // A definition kills only if nothing can leave the state before it: no branch, and no
            // exception edge to a handler (in a try region any statement may throw). Definitions are
            // declarations, spills and catch parameters, fresh on every path, so this is belt and braces.
            boolean canKill = s.region == null;
            for (Graph.Event e : s.events) {
                if (e.var == null) {
                    canKill = false;
                } else if (e.def) {
                    if (canKill && !ge.contains(e.var)) {
                        ki.add(e.var);
                    }
                } else if (!ki.contains(e.var)) {
                    ge.add(e.var);
                }
            }
            gen.add(ge);
            kill.add(ki);
            in.add(new HashSet<>(ge));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                Graph.State s = states.get(i);
                Set<Var> out = new HashSet<>();
                for (Label l : successors(s)) {
                    Graph.State t = byLabel.get(l);
                    if (t != null) {
                        out.addAll(in.get(t.label.number));
                    }
                }
                out.removeAll(kill.get(i));
                if (in.get(i).addAll(out)) {
                    changed = true;
                }
            }
        }
        for (Clearing c : clearings) {
            if (c.resume.number < 0) {
                continue;
            }
            Set<Var> live = in.get(c.resume.number);
            StringBuilder sb = new StringBuilder();
            for (Var v : fields) {
                if (v.clearable() && !live.contains(v)) {
                    sb.append(' ').append(v.name).append(" = null;");
                }
            }
            c.text = sb.toString();
        }
    }

    private static Set<Label> successors(Graph.State s) {
        Set<Label> l = new LinkedHashSet<>(s.successors);
        if (s.region != null) {
            l.add(s.region.handler);
        }
        return l;
    }

    /** The states that mention each variable (declaration included). */
    public static Map<Var, Set<Integer>> statesOf(Graph g) {
        Map<Var, Set<Integer>> m = new HashMap<>();
        for (Graph.State s : g.states()) {
            for (Graph.Event e : s.events) {
                if (e.var != null) {
                    m.computeIfAbsent(e.var, k -> new HashSet<>()).add(s.label.number);
                }
            }
        }
        return m;
    }
}
