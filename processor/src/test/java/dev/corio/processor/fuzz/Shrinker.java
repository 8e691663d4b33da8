package dev.corio.processor.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reduces a failing program while it still fails the same way: drops statements, unwraps compound
 * statements into their blocks or into the awaits of their headers, drops catch clauses and finally blocks,
 * replaces awaits by the plain value they wait for, and expressions by a
 * literal or one of their own operands. Greedy: each round builds every one-step variant, checks them in
 * one batch (one javac run per side), and keeps the smallest that still fails; variants that no longer
 * compile as plain Java are simply not failures.
 */
final class Shrinker {
    /** Candidates per javac run: small, so a round ends soon after the first variant that still fails. */
    private static final int BATCH = 12;
    private static final boolean DEBUG = Boolean.getBoolean("corio.fuzz.debugShrink");

    private final Function<List<Program>, List<Harness.Report>> oracle;
    private final int maxRounds;
    private final long deadlineNanos;

    /** {@code oracle} checks a batch of programs, as {@link Harness#check} does. */
    Shrinker(Function<List<Program>, List<Harness.Report>> oracle, int maxRounds, long budgetMillis) {
        this.oracle = oracle;
        this.maxRounds = maxRounds;
        this.deadlineNanos = System.nanoTime() + budgetMillis * 1_000_000;
    }

    Harness.Report shrink(Harness.Report failing) {
        Harness.Report best = failing;
        for (int round = 0; round < maxRounds && System.nanoTime() < deadlineNanos; round++) {
            List<Program> cands = candidates(best.program());
            if (cands.isEmpty()) {
                break;
            }
            cands.sort(Comparator.comparingInt(Program::size));
            Harness.Report found = null;
            for (int from = 0; from < cands.size() && found == null && System.nanoTime() < deadlineNanos; from += BATCH) {
                List<Program> batch = cands.subList(from, Math.min(cands.size(), from + BATCH));
                for (Harness.Report r : oracle.apply(batch)) {
                    if (DEBUG) {
                        System.out.println("[shrink]   " + r.program().size() + " " + r.signature());
                    }
                    if (r.shows(failing.signature())
                            && (found == null || r.program().size() < found.program().size())) {
                        found = r;
                    }
                }
            }
            if (DEBUG) {
                System.out.println("[shrink] round " + round + ": " + cands.size() + " candidates, "
                        + (found == null ? "none fails the same way" : "down to " + found.program().size()));
            }
            if (found == null) {
                break;
            }
            best = found;
        }
        return best;
    }

    /** The awaits in expression {@code n}, not inside a nested block (a lambda's or class's body). */
    private static void awaitsOutsideBlocks(Node n, List<Node> out) {
        if (n.isList()) {
            return;
        }
        if (n.kind == Node.Kind.AWAIT) {
            out.add(n);
            return;
        }
        for (Node k : n.kids) {
            awaitsOutsideBlocks(k, out);
        }
    }

    /** Every program one reduction step away from {@code p}. */
    static List<Program> candidates(Program p) {
        List<Program> out = new ArrayList<>();
        List<Program.Method> ms = p.methods;
        // Helpers nobody calls any more.
        for (int i = 1; i < ms.size(); i++) {
            String name = ms.get(i).name() + "(";
            boolean used = false;
            for (int j = 0; j < ms.size(); j++) {
                if (j != i && ms.get(j).body().toString().contains(name)) {
                    used = true;
                }
            }
            if (!used) {
                List<Program.Method> nm = new ArrayList<>(ms);
                nm.remove(i);
                out.add(p.withMethods(nm));
            }
        }
        for (int mi = 0; mi < ms.size(); mi++) {
            Node body = ms.get(mi).body();
            List<Node> all = new ArrayList<>();
            body.collect(all);
            Map<Node, Boolean> seen = new IdentityHashMap<>();
            for (Node n : all) {
                if (seen.put(n, Boolean.TRUE) != null) {
                    continue;
                }
                List<Node> replacements = new ArrayList<>();
                if (n.isList()) {
                    // Whole chunks first (halves, quarters), as delta debugging does: big cuts converge fast.
                    int removable = (int) n.kids.stream().filter(k -> k.kind != Node.Kind.FIXED).count();
                    for (int parts = 2; parts <= 4 && removable >= parts * 2; parts *= 2) {
                        for (int part = 0; part < parts; part++) {
                            List<Node> nk = new ArrayList<>();
                            int idx = 0;
                            for (Node k : n.kids) {
                                boolean drop = k.kind != Node.Kind.FIXED && idx * parts / removable == part;
                                if (k.kind != Node.Kind.FIXED) {
                                    idx++;
                                }
                                if (!drop) {
                                    nk.add(k);
                                }
                            }
                            replacements.add(n.withKids(nk));
                        }
                    }
                    for (Node k : n.kids) {
                        if (k.kind != Node.Kind.FIXED) {
                            List<Node> nk = new ArrayList<>(n.kids);
                            nk.remove(k);
                            replacements.add(n.withKids(nk));
                        }
                    }
                    // a nested block's statements in its place (names are unique, so none clashes)
                    for (int i = 0; i < n.kids.size(); i++) {
                        if (n.kids.get(i).kind == Node.Kind.BLOCK) {
                            List<Node> nk = new ArrayList<>(n.kids.subList(0, i));
                            nk.addAll(n.kids.get(i).kids);
                            nk.addAll(n.kids.subList(i + 1, n.kids.size()));
                            replacements.add(n.withKids(nk));
                        }
                    }
                } else if (n.kind == Node.Kind.STMT || n.kind == Node.Kind.DECL) {
                    for (Node k : n.kids) {
                        if (k.kind == Node.Kind.BLOCK) {
                            replacements.add(k);
                        }
                    }
                    // an await of its header (an enhanced for's iterable, a condition, a selector, an
                    // initializer) as a statement of its own, `await(h30("a", 0));`: the helper call is kept
                    // while the statement around it goes
                    List<Node> headerAwaits = new ArrayList<>();
                    for (Node k : n.kids) {
                        awaitsOutsideBlocks(k, headerAwaits);
                    }
                    for (Node a : headerAwaits) {
                        replacements.add(Node.stmt("$;", a));
                    }
                    // a try without one of its catch clauses or its finally (a plain try left with neither does
                    // not compile, and is no failure), or without one of its resources but the first
                    boolean tryWithResources = n.text[0].strip().startsWith("try (");
                    for (int i = 1; i < n.kids.size(); i++) {
                        // `..); Res r34 = res("r34", $)) ..`: the resource's text and its argument go
                        String t = n.text[i];
                        int semi = t.indexOf("; ");
                        if (tryWithResources && t.startsWith(")") && semi > 0 && t.indexOf(" = res(\"", semi) > 0
                                && n.text[i + 1].startsWith(")")) {
                            List<String> texts = new ArrayList<>(List.of(n.text));
                            texts.set(i, t.substring(0, semi) + n.text[i + 1].substring(1));
                            texts.remove(i + 1);
                            List<Node> kids = new ArrayList<>(n.kids);
                            kids.remove(i);
                            replacements.add(Node.of(n.kind, n.ty, String.join("$", texts), kids.toArray(new Node[0])));
                        }
                    }
                    for (int i = 1; i < n.kids.size(); i++) {
                        String before = n.text[i].strip();
                        if (n.kids.get(i).kind == Node.Kind.BLOCK && (before.startsWith("catch (") || before.equals("finally"))) {
                            List<String> texts = new ArrayList<>(List.of(n.text));
                            texts.remove(i);
                            List<Node> kids = new ArrayList<>(n.kids);
                            kids.remove(i);
                            replacements.add(Node.of(n.kind, n.ty, String.join("$", texts), kids.toArray(new Node[0])));
                        }
                    }
                } else if (n.kind == Node.Kind.AWAIT) {
                    replacements.add(n.plain);
                } else if (n.kind == Node.Kind.EXPR && n.ty != null) {
                    replacements.add(Generator.simplest(n.ty));
                    for (Node k : n.kids) {
                        if (k.ty == n.ty && (k.kind == Node.Kind.EXPR || k.kind == Node.Kind.LIT
                                || k.kind == Node.Kind.AWAIT)) {
                            replacements.add(k);
                        }
                    }
                }
                for (Node rep : replacements) {
                    Node nb = body.replace(n, rep);
                    if (nb != body) {
                        List<Program.Method> nm = new ArrayList<>(ms);
                        nm.set(mi, ms.get(mi).withBody(nb));
                        out.add(p.withMethods(nm));
                    }
                }
            }
        }
        return out;
    }
}
