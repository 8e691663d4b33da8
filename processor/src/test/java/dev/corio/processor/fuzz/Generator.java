package dev.corio.processor.fuzz;

import static dev.corio.processor.fuzz.Feature.*;
import static dev.corio.processor.fuzz.Node.expr;
import static dev.corio.processor.fuzz.Node.lit;
import static dev.corio.processor.fuzz.Node.stmt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates random, valid, terminating method bodies from a grammar of Java statements and expressions
 * with awaits at random places. Same seed and features, same program.
 *
 * <p>Validity rules the generator keeps so every program compiles as plain Java: locals are initialised
 * where declared and named uniquely; a jump is either guarded ({@code if (c) break;}, which always
 * completes normally) or the last statement of a loop body or of a non-final switch group, so no
 * statement is unreachable; loops are bounded by a fuel counter or a counted {@code for}, so programs
 * terminate; lambdas only read locals that are never assigned; operands of {@code ==} are unboxed, so
 * comparisons never depend on box identity.
 */
final class Generator {
    private static final int MAX_DEPTH = 3;
    private static final String[] STRINGS = {"a", "b", "c", "x"};
    private static final String[][] CATCHABLE = {
        {"FuzzException", "OtherException"}, {"ArithmeticException"}, {"IndexOutOfBoundsException"},
        {"IllegalStateException", "ClassCastException"}};

    private final Random r;
    private final Set<Feature> f;
    private final long seed;
    private int names;
    private int budget;
    private final List<Program.Method> helpers = new ArrayList<>();
    /**
     * Decides where async {@code for} loops and async resources go (asyncStatement): a stream of its own, so a
     * program that gets none is the same text as before they were added.
     */
    private final Random asyncPick;
    /**
     * The forms added after the async {@code for} and resources (operators over an async {@code for}'s source,
     * hand-written resources in place of generator-based ones): a stream of its own, drawn from only where those
     * forms may go, so a program that gets none is the same text as before they were added.
     */
    private final Random opPick;
    /**
     * Percent of the generator-based resources made hand-written ({@code ares}) instead: with the fixed 1 in 10
     * of {@code r}, hand-written ones appear in about one program with resources in ten (2.5% before).
     */
    private static final int HAND_RATE = 15;
    /** The lambda parameters of operators: {@code o1}, {@code o2}, ... (no other name starts with o). */
    private int opNames;
    /** How many generators an async {@code for} or {@code async with} is being generated inside. */
    private int genNesting;

    private Generator(long seed, Set<Feature> features) {
        this.seed = seed;
        this.r = new Random(seed);
        this.f = features;
        this.asyncPick = new Random(seed * 131 + 17);
        this.opPick = new Random(seed * 137 + 29);
    }

    static Program generate(long seed, Set<Feature> features) {
        return new Generator(seed, features).program();
    }

    // ------------------------------------------------------------------ scopes

    record Var(String name, Ty ty, boolean assignable, boolean capturable, boolean boxed) {
    }

    /** A jump target; {@code block}: a labelled block, reached only by {@code break label}. */
    record Target(String label, boolean loop, boolean block) {
        Target(String label, boolean loop) {
            this(label, loop, false);
        }
    }

    /** What is in scope and allowed at a point of the body. Copied when entering a nested scope. */
    static final class Ctx {
        List<Var> vars = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        boolean canReturn = true;
        boolean awaitOk = true;
        boolean pure;
        boolean inHelper;
        /** In an async generator's body: returns are {@code return done();}, and emits may appear. */
        boolean inGen;
        /** No emit here: a finally block (an emit after the close signal is an error, not a program to compare). */
        boolean noEmit;
        /**
         * In a generator an async {@code for} or a context manager pulls (asyncFor, asyncWith): its close signal
         * must end it, so no emit in a {@code try} body with handlers and no jump out of a {@code finally}
         * (either could let the body emit after the signal, which the reference does not model there).
         */
        boolean innerGen;
        /**
         * Inside a switch expression's block: no try statements. javac 17.0.15 crashes in code generation
         * (NullPointerException in Code.newLocal) on a switch expression holding a try when it is an operand
         * of a larger expression, on plain Java without any processor; see docs/fuzzer.md.
         */
        boolean noTry;
        /** Inside an anonymous class, where {@code this} is that class's instance. */
        boolean inAnon;
        /**
         * No switch expressions: javac 17 and 25 count a switch expression in a do's condition as making the do
         * complete normally even when its body cannot ("missing return statement" for the do at a method's end).
         * Also set for the argument of the overloaded over(..), where no poly expression may stand (an int
         * conditional is then cast to int: see ternary).
         */
        boolean noSwitchExpr;
        Ty ret;
        int depth;

        Ctx child() {
            Ctx c = new Ctx();
            c.vars = new ArrayList<>(vars);
            c.targets = new ArrayList<>(targets);
            c.resources = new ArrayList<>(resources);
            c.canReturn = canReturn;
            c.awaitOk = awaitOk;
            c.pure = pure;
            c.inHelper = inHelper;
            c.inGen = inGen;
            c.noEmit = noEmit;
            c.innerGen = innerGen;
            c.noTry = noTry;
            c.inAnon = inAnon;
            c.noSwitchExpr = noSwitchExpr;
            c.ret = ret;
            c.depth = depth + 1;
            return c;
        }

        Ctx awaits(boolean allowed) {
            awaitOk &= allowed;
            return this;
        }
    }

    private boolean p(int percent) {
        return r.nextInt(100) < percent;
    }

    private <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    private String name(String prefix) {
        return prefix + (++names);
    }

    private boolean has(Feature x) {
        return f.contains(x);
    }

    // ------------------------------------------------------------------ program

    private Program program() {
        if (has(GENERATOR) && Math.floorMod(seed, 4) == 3) {
            return generatorProgram();
        }
        Ctx c = new Ctx();
        c.ret = p(60) ? Ty.INT : Ty.STR;
        budget = 10 + r.nextInt(16);
        Node body = body(c, 2 + r.nextInt(5));
        List<Program.Method> ms = new ArrayList<>();
        ms.add(new Program.Method("run0", c.ret, List.of(), body, false));
        ms.addAll(helpers);
        return new Program(seed, ms);
    }

    /**
     * An async generator {@code g0()} and an entry that drives it: {@code consume(closeAt, this::g0)} sends
     * 1, 2, ... into the emits and, unless {@code closeAt} is 0, closes it after that many values; in two of
     * five programs that may throw at all, {@code consume(closeAt, throwAt, this::g0)} throws a FuzzException
     * in with {@code athrow} after value {@code throwAt} instead of sending. The
     * reference runs the body at once, with {@code emit} recording what the consumer would and returning
     * what it would send (RefSide).
     */
    private Program generatorProgram() {
        Ctx g = new Ctx();
        g.ret = Ty.INT;
        g.inGen = true;
        budget = 10 + r.nextInt(16);
        // a value at once (made before the body declares anything), so that an early close meets the body
        Node first = stmt("emit($);", e(Ty.INT, g, 1, false));
        List<Node> kids = new ArrayList<>(body(g, 3 + r.nextInt(5)).kids);
        kids.add(0, first);
        Node gbody = Node.block(kids);
        int closeAt = p(30) ? 0 : p(55) ? 1 : 2 + r.nextInt(2); // 0: drain it to the end
        // athrow: chosen from a stream of its own, so that r (and every program without a throw) is as before
        Random t = new Random(seed * 31 + 7);
        int throwAt = closeAt == 1 || t.nextInt(100) >= 40 ? 0 : closeAt == 0 ? 1 + t.nextInt(3) : 1 + t.nextInt(closeAt - 1);
        Node run = Node.block(List.of(Node.of(Node.Kind.FIXED, null, throwAt == 0
                ? "return result(await(consume(" + closeAt + ", this::g0)));"
                : "return result(await(consume(" + closeAt + ", " + throwAt + ", this::g0)));")));
        List<Program.Method> ms = new ArrayList<>();
        ms.add(new Program.Method("run0", Ty.STR, List.of(), run, false));
        ms.add(new Program.Method("g0", Ty.INT, List.of(), gbody, false, true));
        ms.addAll(helpers);
        return new Program(seed, ms);
    }

    /** A method body: statements, then the final {@code return result(e);} ({@code return done();} in a generator). */
    private Node body(Ctx c, int n) {
        List<Node> out = stmts(c, n, false);
        Node ret = c.inGen ? Node.of(Node.Kind.FIXED, null, "return done();")
                : Node.of(Node.Kind.FIXED, null, "return result($);", e(c.ret, c, 2, true));
        if (has(SHAPES) && has(LOOPS) && p(12)) {
            // a do whose body always returns, as the method's end: nothing may follow it, and no jump in its body
            // reaches its condition (a continue would let it complete normally: "missing return statement")
            String fuel = name("f");
            Ctx dc = c.child().awaits(has(AWAIT_IN_LOOP));
            dc.targets = new ArrayList<>(); // no break or continue of this do
            // the condition sees the variables before the do, not those its body declares
            Ctx cc = dc.child();
            cc.noSwitchExpr = true;
            List<Node> kids = new ArrayList<>(stmts(dc, smallN(), false));
            kids.add(ret);
            out.add(Node.of(Node.Kind.DECL, null, "int " + fuel + " = " + (1 + r.nextInt(2)) + ";"));
            out.add(stmt("do $ while (" + fuel + "-- > 0 && $);", Node.block(kids), e(Ty.BOOL, cc, 2, true)));
            return Node.block(out);
        }
        out.add(ret);
        return Node.block(out);
    }

    /** Whether an emit may stand here: a generator's body, where an await may, outside finally and lambdas. */
    private boolean emitOk(Ctx c) {
        return c.inGen && !c.noEmit && c.awaitOk && !c.pure;
    }

    private Program.Method helper(Ty ret) {
        Ctx c = new Ctx();
        c.ret = ret;
        c.inHelper = true;
        c.depth = 1;
        String hn = name("h");
        List<String> params = new ArrayList<>();
        int np = 1 + r.nextInt(2);
        for (int i = 0; i < np; i++) {
            Ty t = p(60) ? Ty.INT : Ty.STR;
            String pn = name("p");
            params.add(t.java + " " + pn);
            c.vars.add(new Var(pn, t, true, false, false));
        }
        int saved = budget;
        budget = 3 + r.nextInt(4);
        List<Node> out = new ArrayList<>();
        out.add(stmt("rec(\"enter " + hn + "\");"));
        if (has(AWAIT_SUSPEND) && p(60)) {
            // A helper that suspends before its first statement: its caller resumes through the loop.
            out.add(stmt("await(sleep(" + pick(List.of("0", "1")) + "));"));
        }
        out.addAll(body(c, 1 + r.nextInt(3)).kids);
        budget = saved;
        boolean isStatic = has(STATIC_HELPER) && p(40);
        Program.Method m = new Program.Method(hn, ret, params, Node.block(out), isStatic);
        helpers.add(m);
        return m;
    }

    // ------------------------------------------------------------------ statements

    /** Up to {@code n} statements; with {@code tailJump}, the last may be a bare jump. */
    private List<Node> stmts(Ctx c, int n, boolean tailJump) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n && budget > 0; i++) {
            budget--;
            out.addAll(statement(c));
        }
        if (tailJump && has(JUMPS) && p(35)) {
            Node j = jump(c, false);
            if (j != null) {
                out.add(j);
            }
        }
        return out;
    }

    private Node block(Ctx c, int n, boolean tailJump) {
        return Node.block(stmts(c, n, tailJump));
    }

    private int smallN() {
        return 1 + r.nextInt(3);
    }

    /** One statement (two for loops, which come with their fuel counter). */
    private List<Node> statement(Ctx c) {
        boolean nest = c.depth < MAX_DEPTH;
        if (nest) {
            Node a = asyncStatement(c);
            if (a != null) {
                return List.of(a);
            }
        }
        if (nest && has(LABELED_BLOCKS) && p(5)) {
            return List.of(labeledBlock(c));
        }
        if (nest && has(PATTERNS) && p(5)) {
            return List.of(patternSwitch(c));
        }
        if (nest && has(SHAPES) && p(5)) {
            List<Node> s = shapeStatement(c);
            if (s != null) {
                return s;
            }
        }
        if (emitOk(c) && p(25)) {
            return List.of(stmt("emit($);", e(pick(List.of(Ty.INT, Ty.STR, Ty.BOOL)), c, 2, false)));
        }
        for (;;) {
            switch (r.nextInt(20)) {
                case 0, 1, 2, 3:
                    return List.of(decl(c));
                case 4, 5, 6: {
                    Node a = assign(c);
                    if (a != null) {
                        return List.of(a);
                    }
                    break;
                }
                case 7: {
                    Ty t = pickTy();
                    String show = t == Ty.ARR ? "Arrays.toString($)" : "$";
                    return List.of(stmt("rec(\"" + name("s") + " \" + " + show + ");", e(t, c, 2, false)));
                }
                case 8:
                    if (emitOk(c) && p(50)) {
                        Ty t = pick(List.of(Ty.INT, Ty.STR, Ty.BOOL));
                        return List.of(stmt("emit($);", e(t, c, 2, false)));
                    }
                    if (c.awaitOk && has(AWAIT)) {
                        if (has(AWAIT_SUSPEND) && p(25)) {
                            return List.of(stmt("await(sleep($));", lit(Ty.INT, p(50) ? "0" : "1")));
                        }
                        Ty t = pickTy();
                        Node[] aw = awaitable(t, c, 2);
                        return List.of(stmt("await($);", aw[0]));
                    }
                    break;
                case 9: {
                    Node j = jump(c, true);
                    if (j != null) {
                        return List.of(j);
                    }
                    break;
                }
                case 10:
                    if (has(METHOD_REF) && p(20)) {
                        // The receiver (with its side effects and awaits) is evaluated once, at the capture.
                        return List.of(stmt("capture(new Box(\"" + tag() + "\", $, $)::get);", e(Ty.INT, c, 2, false),
                                e(Ty.INT, c, 2, false)));
                    }
                    if (has(ANON_CLASS) && p(20)) {
                        Ctx pc = c.child();
                        pc.pure = true;
                        pc.awaitOk = false;
                        pc.inAnon = true;
                        return List.of(stmt("capture(new java.util.function.IntSupplier() {\n    @Override\n"
                                + "    public int getAsInt() {\n        return $;\n    }\n});", e(Ty.INT, pc, 2, false)));
                    }
                    if (has(LAMBDA)) {
                        if (p(20)) {
                            return List.of(stmt("runCaptured(\"" + name("k") + "\");"));
                        }
                        Ctx pc = c.child();
                        pc.pure = true;
                        pc.awaitOk = false;
                        return List.of(stmt("capture(() -> $);", e(Ty.INT, pc, 2, false)));
                    }
                    break;
                case 11:
                    if (nest && has(IF)) {
                        return List.of(ifStmt(c));
                    }
                    break;
                case 12, 13:
                    if (nest && has(LOOPS)) {
                        return loop(c);
                    }
                    break;
                case 14:
                    if (nest && has(SWITCH)) {
                        return List.of(switchStmt(c));
                    }
                    break;
                case 15, 16:
                    if (nest && has(TRY) && !c.noTry) {
                        return List.of(tryStmt(c));
                    }
                    break;
                case 17:
                    if (nest && has(TRY_RESOURCES) && !c.noTry) {
                        return List.of(twr(c));
                    }
                    break;
                case 18:
                    if (nest) {
                        return List.of(block(c.child(), smallN(), false));
                    }
                    break;
                case 19:
                    if (!c.resources.isEmpty()) {
                        return List.of(stmt(pick(c.resources) + ".use($);", e(Ty.INT, c, 2, false)));
                    }
                    break;
                default:
                    throw new AssertionError();
            }
        }
    }

    private Ty pickTy() {
        int k = r.nextInt(12);
        if (k < 5) {
            return Ty.INT;
        }
        if (k < 8) {
            return Ty.STR;
        }
        if (k < 9) {
            return Ty.BOOL;
        }
        if (k < 10 && has(ARRAYS)) {
            return Ty.ARR;
        }
        if (k < 11 && has(LISTS)) {
            return Ty.LIST;
        }
        if (has(SWITCH_ENUM) || has(OBJECTS)) {
            return has(OBJECTS) && p(50) ? Ty.OBJ : has(SWITCH_ENUM) ? Ty.COLOR : Ty.OBJ;
        }
        return Ty.INT;
    }

    private Node decl(Ctx c) {
        Ty t = pickTy();
        String n = local();
        Node init = e(t, c, 3, true);
        int form = r.nextInt(3);
        boolean boxed = init.boxed && t.primitive();
        Node d;
        boolean capturable;
        boolean assignable;
        if (form == 0 && has(VAR)) {
            d = Node.of(Node.Kind.DECL, null, "var " + n + " = $;", init);
            capturable = p(40);
            assignable = !capturable;
        } else if (form == 1) {
            d = Node.of(Node.Kind.DECL, null, "final " + t.java + " " + n + " = $;", init);
            capturable = true;
            assignable = false;
            boxed = false;
        } else {
            d = Node.of(Node.Kind.DECL, null, t.java + " " + n + " = $;", init);
            capturable = p(30);
            assignable = !capturable;
            boxed = false;
        }
        c.vars.add(new Var(n, t, assignable, capturable, boxed));
        return d;
    }

    private Var assignable(Ctx c, Ty t) {
        List<Var> vs = new ArrayList<>();
        for (Var v : c.vars) {
            if (v.assignable && (t == null || v.ty == t)) {
                vs.add(v);
            }
        }
        return vs.isEmpty() ? null : pick(vs);
    }

    private Node assign(Ctx c) {
        if (has(ARRAYS) && p(15)) {
            Node a = e(Ty.ARR, c, 2, false);
            Node i = e(Ty.INT, c, 1, false);
            if (has(COMPOUND) && p(50)) {
                return p(70) ? stmt("$[($) & 3] " + pick(List.of("+=", "-=", "*=")) + " $;", a, i, e(Ty.INT, c, 2, false))
                        : stmt("$[($) & 3]" + pick(List.of("++", "--")) + ";", a, i);
            }
            return stmt("$[($) & 3] = $;", a, i, e(Ty.INT, c, 2, false));
        }
        if (has(LISTS) && p(10)) {
            Node l = e(Ty.LIST, c, 2, false);
            return p(50) ? stmt("$.add($);", l, e(Ty.INT, c, 2, false))
                    : stmt("$.set(($) & 1, $);", l, e(Ty.INT, c, 1, false), e(Ty.INT, c, 2, false));
        }
        Var v = assignable(c, null);
        if (v == null) {
            return null;
        }
        Node rhs = e(v.ty, c, 3, true);
        if (has(COMPOUND)) {
            if (v.ty == Ty.INT && p(50)) {
                return switch (r.nextInt(5)) {
                    case 0 -> stmt(v.name + "++;");
                    case 1 -> stmt("--" + v.name + ";");
                    default -> stmt(v.name + " " + pick(List.of("+=", "-=", "*=")) + " $;", rhs);
                };
            }
            if (v.ty == Ty.STR && p(50)) {
                return stmt(v.name + " += $;", p(50) ? rhs : e(Ty.INT, c, 2, true));
            }
            if (v.ty == Ty.BOOL && p(40)) {
                return stmt(v.name + " " + pick(List.of("&=", "|=", "^=")) + " $;", rhs);
            }
        }
        return stmt(v.name + " = $;", rhs);
    }

    /** A jump allowed here, guarded by a condition unless {@code guarded} is false; null if none is. */
    private Node jump(Ctx c, boolean guarded) {
        List<String> options = new ArrayList<>();
        if (has(JUMPS)) {
            Target inner = null; // what an unlabelled break leaves: the innermost loop or switch
            for (int i = c.targets.size() - 1; i >= 0 && inner == null; i--) {
                inner = c.targets.get(i).block ? null : c.targets.get(i);
            }
            if (inner != null) {
                options.add("break;");
            }
            for (int i = c.targets.size() - 1; i >= 0; i--) {
                Target t = c.targets.get(i);
                if (t.loop) {
                    options.add("continue;");
                    break;
                }
            }
            for (Target t : c.targets) {
                if (t.label != null) {
                    options.add("break " + t.label + ";");
                    if (t.loop) {
                        options.add("continue " + t.label + ";");
                    }
                }
            }
        }
        boolean ret = has(EARLY_RETURN) && c.canReturn;
        boolean thr = has(THROW);
        int total = options.size() + (ret ? 2 : 0) + (thr ? 1 : 0);
        if (total == 0) {
            return null;
        }
        int k = r.nextInt(total);
        Node j;
        if (k < options.size()) {
            j = stmt(options.get(k));
        } else if (ret && k < options.size() + 2) {
            j = c.inGen ? stmt("return done();") : stmt("return result($);", e(c.ret, c, 2, true));
        } else {
            j = stmt("throw new " + (p(70) ? "FuzzException" : "OtherException") + "(\"" + name("t") + " \" + $);",
                    e(Ty.INT, c, 1, false));
        }
        if (!guarded) {
            return j;
        }
        Ctx cc = c.child().awaits(has(AWAIT_IN_IF));
        return stmt("if ($) $", e(Ty.BOOL, cc, 2, true), j);
    }

    /** {@code B1: { ... }} with a guarded {@code break B1;} somewhere in it (or deeper, through jump()). */
    private Node labeledBlock(Ctx c) {
        String label = label();
        Ctx bc = c.child();
        bc.targets.add(new Target(label, false, true));
        List<Node> kids = new ArrayList<>(stmts(bc, r.nextInt(3), false));
        Ctx cc = bc.child().awaits(has(AWAIT_IN_IF));
        kids.add(stmt("if ($) break " + label + ";", e(Ty.BOOL, cc, 2, true)));
        kids.addAll(stmts(bc, r.nextInt(3), false));
        return stmt(label + ": $", Node.block(kids));
    }

    /**
     * A pattern switch statement on an Object: {@code case null}, a guarded and an unguarded
     * {@code case String s}, {@code case Integer i}, then {@code default} or {@code case null, default}; each
     * case's block may read its binding.
     */
    private Node patternSwitch(Ctx c) {
        Ctx sc = c.child().awaits(has(AWAIT_IN_SWITCH));
        List<Node> kids = new ArrayList<>();
        kids.add(e(Ty.OBJ, sc, 2, true));
        StringBuilder t = new StringBuilder("switch ($) {");
        boolean nullFirst = p(30);
        if (nullFirst) {
            t.append("\n    case null -> $");
            kids.add(caseBlock(sc, null));
        }
        if (p(60)) {
            Var s = new Var(name("s"), Ty.STR, false, true, false);
            Ctx g = sc.child();
            g.awaitOk = false; // an await in a guard is rejected ([CorioUnsupported]): not a valid program here
            g.pure = true;     // a guard reads only effectively final locals
            g.vars.add(s);
            // through tb(..): never a constant (a constant guard is an error, `when true` dominates the next case)
            t.append("\n    case String ").append(s.name).append(" when tb(\"").append(tag()).append("\", $) -> $");
            kids.add(e(Ty.BOOL, g, 1, false));
            kids.add(caseBlock(sc, s));
        }
        Var s2 = new Var(name("s"), Ty.STR, false, true, false);
        t.append("\n    case String ").append(s2.name).append(" -> $");
        kids.add(caseBlock(sc, s2));
        Var i = new Var(name("i"), Ty.INT, false, true, true);
        t.append("\n    case Integer ").append(i.name).append(" -> $");
        kids.add(caseBlock(sc, i));
        t.append(nullFirst || p(50) ? "\n    default -> $" : "\n    case null, default -> $");
        kids.add(caseBlock(sc, null));
        t.append("\n}");
        return stmt(t.toString(), kids.toArray(new Node[0]));
    }

    private Node caseBlock(Ctx sc, Var binding) {
        Ctx bc = sc.child();
        bc.targets.add(new Target(null, false));
        if (binding != null) {
            bc.vars.add(binding);
        }
        return block(bc, smallN(), false);
    }

    /** A label; with ODD_NAMES, once per program, {@code machine}, the generated code's own label. */
    private String label() {
        if (has(ODD_NAMES) && !oddLabelUsed && p(30)) {
            oddLabelUsed = true;
            return "machine";
        }
        return name("L");
    }

    private boolean oddLabelUsed;
    private final java.util.Set<String> oddNamesUsed = new java.util.HashSet<>();

    /** A fresh local name; with ODD_NAMES, sometimes one the generated code uses itself, or makes up ({@code v3$1}). */
    private String local() {
        if (has(ODD_NAMES) && p(20)) {
            String exact = pick(List.of("$value", "$error", "$state", "$lines", "$self", "$retval", "$p", "$s", "$t", "SUSPENDED"));
            if (p(50) && oddNamesUsed.add(exact)) {
                return exact.replace('$', Node.DOLLAR);
            }
            if (names > 0 && p(25)) {
                // the shape of a capture copy (`v3$1`, what a lambda reading field-backed v3 reads)
                String copy = "v" + (1 + r.nextInt(names)) + "$" + (1 + r.nextInt(3));
                if (oddNamesUsed.add(copy)) {
                    return copy.replace('$', Node.DOLLAR);
                }
            }
            return name(pick(List.of("$t", "$finally", "$pending"))).replace('$', Node.DOLLAR);
        }
        return name("v");
    }

    /**
     * An expression on the implicit receiver (entry method only: helpers may be static): an unqualified
     * instance call or field, an inner class instance, or a compile-time constant in a condition.
     */
    private Node member(Ty t, Ctx c, int d) {
        if (t == Ty.BOOL) {
            return switch (r.nextInt(4)) {
                case 0 -> c.inHelper ? null : expr(Ty.BOOL, "instFlag(\"" + tag() + "\", $)", sub(Ty.BOOL, c, d));
                case 1 -> expr(Ty.BOOL, "(ON && $)", sub(Ty.BOOL, c, d));
                case 2 -> expr(Ty.BOOL, "(OFF || $)", sub(Ty.BOOL, c, d));
                default -> expr(Ty.BOOL, "(" + pick(List.of("ON", "OFF")) + " ? $ : $)", sub(Ty.BOOL, c, d), sub(Ty.BOOL, c, d));
            };
        }
        if (t != Ty.INT || c.inHelper) {
            return null;
        }
        return switch (r.nextInt(7)) {
            case 0, 1 -> expr(Ty.INT, "inst(\"" + tag() + "\", $)", sub(Ty.INT, c, d));
            // private members of the program class (accessors in the state machine)
            case 5 -> expr(Ty.INT, "hide(\"" + tag() + "\", $)", sub(Ty.INT, c, d));
            case 6 -> c.pure || !has(COMPOUND) ? expr(Ty.INT, "secret") : expr(Ty.INT, "(secret += $)", sub(Ty.INT, c, d));
            case 2 -> expr(Ty.INT, (has(SHAPES) && !c.inAnon && p(40) ? "this.new Cell(\"" : "new Cell(\"") + tag() + "\", $).get()",
                    sub(Ty.INT, c, d));
            case 3 -> c.pure || !has(COMPOUND) ? expr(Ty.INT, "hits") : expr(Ty.INT, "(hits += $)", sub(Ty.INT, c, d));
            default -> expr(Ty.INT, "(instFlag(\"" + tag() + "\", $) ? inst(\"" + tag() + "\", $) : hits)",
                    sub(Ty.BOOL, c, d), sub(Ty.INT, c, d));
        };
    }

    /** An expression of one of the shapes of real code ({@link Feature#SHAPES}), or null for none of type {@code t}. */
    private Node shape(Ty t, Ctx c, int d) {
        switch (t) {
            case INT:
                switch (r.nextInt(8)) {
                    case 0:
                        return c.inHelper || c.inAnon ? null : expr(Ty.INT, "this.new Cell(\"" + tag() + "\", $).get()", sub(Ty.INT, c, d));
                    case 1: // Integer, inferred with itself in its bound
                        return expr(Ty.INT, "maxOf(\"" + tag() + "\", $, $)", sub(Ty.INT, c, d), sub(Ty.INT, c, d)).withBoxed(true);
                    case 2: { // Class<CAP#1>, CAP#1 extends Enum<CAP#1>, held while the next argument may await
                        Node color = has(SWITCH_ENUM) || has(OBJECTS) ? sub(Ty.COLOR, c, d) : literal(Ty.COLOR);
                        return expr(Ty.INT, "declaring(\"" + tag() + "\", ((Enum<?>) $).getDeclaringClass(), $)", color,
                                sub(Ty.INT, c, d));
                    }
                    case 3:
                        return switch (r.nextInt(3)) {
                            case 0 -> expr(Ty.INT, "sumAll(\"" + tag() + "\")");
                            case 1 -> expr(Ty.INT, "sumAll(\"" + tag() + "\", $)", sub(Ty.INT, c, d));
                            default -> expr(Ty.INT, "sumAll(\"" + tag() + "\", $, $, $)", sub(Ty.INT, c, d), sub(Ty.INT, c, d),
                                    sub(Ty.INT, c, d));
                        };
                    case 4: {
                        // no switch expression as the argument: a poly expression, applicable to over(long) and
                        // over(Integer) alike ("reference to over is ambiguous")
                        Ctx oc = c.child();
                        oc.noSwitchExpr = true;
                        return switch (r.nextInt(4)) {
                            case 0 -> expr(Ty.INT, "over(\"" + tag() + "\", $)", sub(Ty.INT, oc, d));
                            case 1 -> expr(Ty.INT, "over(\"" + tag() + "\", (long) $)", sub(Ty.INT, oc, d));
                            case 2 -> expr(Ty.INT, "over(\"" + tag() + "\", Integer.valueOf($))", sub(Ty.INT, oc, d));
                            default -> expr(Ty.INT, "over(\"" + tag() + "\", $)", sub(Ty.STR, oc, d));
                        };
                    }
                    case 5: {
                        if (!has(LISTS)) {
                            return null;
                        }
                        if (p(30)) {
                            return expr(Ty.INT, "sumOf(\"" + tag() + "\", $)", sub(Ty.LIST, c, d));
                        }
                        // a lambda over a wildcard-typed list: its parameter's type is a capture
                        String w = name("w");
                        Ctx lc = c.child();
                        lc.pure = true;
                        lc.awaitOk = false;
                        lc.vars.add(new Var(w, Ty.INT, false, true, true));
                        return expr(Ty.INT, "((List<? extends Integer>) $).stream().mapToInt(" + w + " -> $).sum()",
                                sub(Ty.LIST, c, d), e(Ty.INT, lc, 1, false));
                    }
                    case 6:
                        if (!has(PATTERNS) || c.noSwitchExpr) {
                            return null;
                        }
                        return sealedSwitch(c, d);
                    default:
                        return inheritedShape(c, d);
                }
            case STR:
                if (p(50)) {
                    return expr(Ty.STR, "maxOf(\"" + tag() + "\", $, $)", sub(Ty.STR, c, d), sub(Ty.STR, c, d));
                }
                // a text block (Java 15): "ab\n"
                return lit(Ty.STR, "\"\"\"\n            " + STRINGS[r.nextInt(4)] + "\n            \"\"\"");
            case BOOL:
                if (!has(PATTERNS)) {
                    return null;
                }
                // a record pattern in instanceof; its binding read on the right of &&
                String s = name("s");
                return expr(Ty.BOOL, "(shape(\"" + tag() + "\", $) instanceof Sq(int " + s + ") && " + s + " > $)",
                        sub(Ty.INT, c, d), sub(Ty.INT, c, d));
            default:
                return null;
        }
    }

    /**
     * Inherited members, the corpus findings of session 7: an anonymous subclass (of a JDK class, or of
     * {@link FuzzBase.Gauge} in another package) whose body uses the protected members it inherits, beside the
     * program's own; and an {@code @Async} generic method of a generic base inherited by a class that fixes the
     * base's type argument ({@code Wraps extends Wrap<Integer>}, {@code <S extends E> wrap(..)}; Program renders
     * the two classes into a program that calls {@code wraps()}).
     */
    private Node inheritedShape(Ctx c, int d) {
        int k = r.nextInt(3);
        if (k < 2 && !has(ANON_CLASS)) {
            return null;
        }
        Ctx pc = c.child(); // the anonymous class's body: no await, reads effectively-final locals only
        pc.pure = true;
        pc.awaitOk = false;
        pc.inAnon = true;
        switch (k) {
            case 0: { // commons-compress SevenZFile: an anonymous FilterInputStream reading its protected `in`
                String x = name("io");
                return expr(Ty.INT, "new java.io.FilterInputStream(new java.io.ByteArrayInputStream(new byte[] {(byte) (int) ($)})) {\n"
                        + "    @Override\n    public int read() {\n        try {\n            return in.read() + $;\n"
                        + "        } catch (java.io.IOException " + x + ") {\n            throw new java.io.UncheckedIOException("
                        + x + ");\n        }\n    }\n}.read()", sub(Ty.INT, c, d), e(Ty.INT, pc, 1, false));
            }
            case 1: { // protected field, method and static method of another package, and the program's members
                String own = c.inHelper ? "" : " + hits + secret";
                return expr(Ty.INT, "new Gauge(\"" + tag() + "\", $) {\n    @Override\n    public int read() {\n"
                        + "        return bump($) + level + (level += 2) + this.level++ + super.bump(1) + scale(this.level)\n"
                        + "                + ((java.util.function.IntSupplier) () -> level" + own + ").getAsInt()" + own + ";\n"
                        + "    }\n}.read()", sub(Ty.INT, c, d), e(Ty.INT, pc, 1, false));
            }
            default: { // Guava Equivalence.Equals: the inherited <S extends E> wrap(..) as a member of Wraps
                if (!c.awaitOk || c.pure || !has(AWAIT)) {
                    return null;
                }
                Node v = sub(Ty.INT, c, d);
                return Node.await(Ty.INT, expr(Ty.INT, "wraps().twice(\"" + tag() + "\", $)", v), v);
            }
        }
    }

    /** An exhaustive switch expression over the sealed {@code Shape}: a type pattern and a record pattern, no default. */
    private Node sealedSwitch(Ctx c, int d) {
        String q = name("q");
        String rr = name("r");
        Ctx ac = c.child().awaits(has(AWAIT_IN_SWITCH));
        Ctx qc = ac.child();
        qc.vars.add(new Var(q + ".side()", Ty.INT, false, true, false));
        boolean unnamed = Runtime.version().feature() >= 22 && p(30);
        Ctx rc = ac.child();
        if (!unnamed) {
            rc.vars.add(new Var(rr, Ty.INT, false, true, false));
        }
        return expr(Ty.INT, "(switch (shape(\"" + tag() + "\", $)) {\n    case Sq " + q + " -> $;\n    case Ci(int "
                + (unnamed ? "_" : rr) + ") -> $;\n})", sub(Ty.INT, ac, d), sub(Ty.INT, qc, d), sub(Ty.INT, rc, d));
    }

    /** Statements of the shapes of real code: local records and enums, a while whose body always returns or throws. */
    private List<Node> shapeStatement(Ctx c) {
        switch (r.nextInt(3)) {
            case 0: { // a local record, made and read (deconstructed with PATTERNS)
                String rec = name("R");
                String v = local();
                Node decl = stmt("record " + rec + "(int a, String b) {\n}");
                if (has(PATTERNS) && p(50)) {
                    String a = name("a");
                    String b = name("b");
                    Node use = stmt("if ((Object) new " + rec + "($, $) instanceof " + rec + "(int " + a + ", String " + b
                            + ")) rec(\"" + tag() + " \" + " + a + " + " + b + ");", e(Ty.INT, c, 2, false), e(Ty.STR, c, 2, false));
                    return List.of(decl, use);
                }
                Node use = Node.of(Node.Kind.DECL, null, "int " + v + " = new " + rec + "($, $).a();",
                        e(Ty.INT, c, 2, false), e(Ty.STR, c, 2, false));
                c.vars.add(new Var(v, Ty.INT, true, false, false));
                return List.of(decl, use);
            }
            case 1: { // a local enum
                String en = name("E");
                String v = local();
                Node decl = stmt("enum " + en + " {\n    A, B, C\n}");
                // no await in the index: the array of the local enum, evaluated first, would be kept across it,
                // which the processor rejects ([CorioLocalClass]: a field cannot name a local class)
                Ctx ic = c.child();
                ic.awaitOk = false;
                Node use = Node.of(Node.Kind.DECL, null, "int " + v + " = " + en + ".values()[($) & 1].ordinal();",
                        e(Ty.INT, ic, 2, false));
                c.vars.add(new Var(v, Ty.INT, true, false, false));
                return List.of(decl, use);
            }
            default: { // a while whose body always ends abruptly (it may still complete normally: the condition)
                boolean ret = has(EARLY_RETURN) && c.canReturn;
                if (!has(LOOPS) || !ret && !has(THROW)) {
                    return null;
                }
                String fuel = name("f");
                c.vars.add(new Var(fuel, Ty.INT, false, false, false));
                Ctx lc = c.child().awaits(has(AWAIT_IN_LOOP));
                Ctx body = lc.child();
                body.targets.add(new Target(null, true));
                List<Node> kids = new ArrayList<>(stmts(body, smallN(), false));
                kids.add(ret && (!has(THROW) || p(60))
                        ? (c.inGen ? stmt("return done();") : stmt("return result($);", e(c.ret, body, 2, true)))
                        : stmt("throw new FuzzException(\"" + name("t") + " \" + $);", e(Ty.INT, body, 1, false)));
                return List.of(Node.of(Node.Kind.DECL, null, "int " + fuel + " = " + (1 + r.nextInt(2)) + ";"),
                        stmt("while (" + fuel + "-- > 0 && $) $", e(Ty.BOOL, lc, 2, true), Node.block(kids)));
            }
        }
    }

    private Node ifStmt(Ctx c) {
        Ctx cc = c.child().awaits(has(AWAIT_IN_IF));
        Node cond = e(Ty.BOOL, cc, 3, true);
        Node then = block(cc.child(), smallN(), false);
        if (p(50)) {
            return stmt("if ($) $ else $", cond, then, block(cc.child(), smallN(), false));
        }
        return stmt("if ($) $", cond, then);
    }

    private List<Node> loop(Ctx c) {
        Ctx lc = c.child().awaits(has(AWAIT_IN_LOOP));
        String label = has(LABELS) && p(35) ? label() : null;
        String lab = label == null ? "" : label + ": ";
        Ctx body = lc.child();
        body.targets.add(new Target(label, true));
        int kind = r.nextInt(5);
        if (kind == 0 || kind == 1) {
            String fuel = name("f");
            c.vars.add(new Var(fuel, Ty.INT, false, false, false));
            Node decl = Node.of(Node.Kind.DECL, null, "int " + fuel + " = " + (1 + r.nextInt(3)) + ";");
            Node cond = e(Ty.BOOL, lc, 2, true);
            if (kind == 0) {
                return List.of(decl, stmt(lab + "while (" + fuel + "-- > 0 && $) $", cond,
                        block(body, smallN(), true)));
            }
            // A do body never ends with a bare jump: a do that cannot complete normally would make the
            // next statement unreachable.
            return List.of(decl, stmt(lab + "do $ while (" + fuel + "-- > 0 && $);", block(body, smallN(), false),
                    cond));
        }
        if (kind == 2) {
            String i = name("i");
            body.vars.add(new Var(i, Ty.INT, false, false, false));
            Node cond = p(50) ? e(Ty.BOOL, lc, 1, false) : lit(Ty.BOOL, "true");
            return List.of(stmt(lab + "for (int " + i + " = 0; " + i + " < " + (1 + r.nextInt(3)) + " && $; " + i
                    + "++) $", cond, block(body, smallN(), true)));
        }
        String x = name("x");
        boolean overList = has(LISTS) && (!has(ARRAYS) || p(50));
        if (!overList && !has(ARRAYS)) {
            return List.of(stmt(lab + "for (int " + x + " : new int[] {1, 2}) $", block(body, smallN(), true)));
        }
        Node iter = e(overList ? Ty.LIST : Ty.ARR, lc, 2, true);
        boolean boxedVar = overList && p(40);
        String type = has(VAR) && p(30) ? "var" : boxedVar ? "Integer" : "int";
        body.vars.add(new Var(x, Ty.INT, false, true, boxedVar || (overList && type.equals("var"))));
        return List.of(stmt(lab + "for (" + type + " " + x + " : $) $", iter, block(body, smallN(), true)));
    }

    private String[] caseLabels(Ty sel, int n) {
        List<String> all = new ArrayList<>();
        switch (sel) {
            case INT -> {
                for (int i = -1; i <= 3; i++) {
                    all.add(Integer.toString(i));
                }
            }
            case STR -> {
                for (String s : STRINGS) {
                    all.add("\"" + s + "\"");
                }
            }
            case COLOR -> all.addAll(List.of("RED", "GREEN", "BLUE"));
            default -> throw new AssertionError(sel);
        }
        Collections.shuffle(all, r);
        return all.subList(0, Math.min(n, all.size())).toArray(new String[0]);
    }

    private Ty selectorTy() {
        List<Ty> ts = new ArrayList<>(List.of(Ty.INT));
        if (has(SWITCH_STRING)) {
            ts.add(Ty.STR);
        }
        if (has(SWITCH_ENUM)) {
            ts.add(Ty.COLOR);
        }
        return pick(ts);
    }

    private Node selector(Ty sel, Ctx c) {
        Node s = e(sel, c, 2, true);
        return sel == Ty.INT ? expr(Ty.INT, "($) % 4", s) : s;
    }

    private Node switchStmt(Ctx c) {
        Ctx sc = c.child().awaits(has(AWAIT_IN_SWITCH));
        Ty sel = selectorTy();
        Node selector = selector(sel, sc);
        String[] labels = caseLabels(sel, 4);
        int groups = Math.min(labels.length, 1 + r.nextInt(3));
        boolean dflt = p(70);
        List<Node> kids = new ArrayList<>();
        StringBuilder t = new StringBuilder("switch ($) {");
        kids.add(selector);
        boolean arrow = p(50);
        int li = 0;
        for (int g = 0; g < groups + (dflt ? 1 : 0); g++) {
            boolean isDefault = g == groups;
            boolean last = g == groups + (dflt ? 1 : 0) - 1;
            String head;
            if (isDefault) {
                head = "default";
            } else {
                int nl = li < labels.length - 1 && groups - g < labels.length - li && p(30) ? 2 : 1;
                StringBuilder h = new StringBuilder();
                for (int k = 0; k < nl && li < labels.length; k++) {
                    if (arrow) {
                        h.append(k == 0 ? "case " : ", ").append(labels[li++]);
                    } else {
                        h.append(k == 0 ? "" : ": ").append("case ").append(labels[li++]);
                    }
                }
                head = h.toString();
            }
            Ctx gc = sc.child();
            gc.targets.add(new Target(null, false));
            if (arrow) {
                // Only non-default arms may end in a jump, so the switch can always complete normally.
                t.append("\n    ").append(head).append(" -> $");
                kids.add(block(gc, smallN(), !isDefault && dflt));
            } else {
                t.append("\n").append(head).append(":$");
                List<Node> body = stmts(gc, smallN(), false);
                if (p(60)) {
                    body.add(stmt("break;"));
                } else if (!last && has(JUMPS) && p(40)) {
                    // A group that ends in a jump is followed by a label, so the next statement is reachable.
                    Node j = jump(gc, false);
                    if (j != null) {
                        body.add(j);
                    }
                }
                kids.add(Node.group(body));
            }
        }
        t.append("\n}");
        return stmt(t.toString(), kids.toArray(new Node[0]));
    }

    private Node tryStmt(Ctx c) {
        Ctx tc = c.child().awaits(has(AWAIT_IN_TRY));
        tc.noEmit |= c.innerGen; // its handlers could catch a replaced close signal (Ctx.innerGen)
        Node body = block(tc, smallN() + 1, false);
        return withHandlers("try $", List.of(body), c);
    }

    private Node twr(Ctx c) {
        Ctx hc = c.child().awaits(has(AWAIT_IN_RESOURCES));
        int n = 1 + (p(30) ? 1 : 0);
        List<Node> kids = new ArrayList<>();
        StringBuilder t = new StringBuilder("try (");
        Ctx bc = hc.child();
        bc.noEmit |= c.innerGen; // as in tryStmt
        for (int i = 0; i < n; i++) {
            String rn = name("r");
            t.append(i == 0 ? "" : "; ").append(has(VAR) && p(30) ? "var " : "Res ").append(rn)
                    .append(" = res(\"").append(rn).append("\", $)");
            kids.add(p(70) ? lit(Ty.BOOL, "false") : e(Ty.BOOL, hc, 1, true));
            bc.resources.add(rn);
        }
        t.append(") $");
        kids.add(block(bc, smallN(), false));
        return withHandlers(t.toString(), kids, c);
    }

    /** Adds catch clauses and a finally to {@code head} (whose kids are given). */
    private Node withHandlers(String head, List<Node> headKids, Ctx c) {
        List<Node> kids = new ArrayList<>(headKids);
        StringBuilder t = new StringBuilder(head);
        boolean fin = has(FINALLY) && p(50);
        int catches = r.nextInt(3);
        if (catches == 0 && !fin && !head.startsWith("try (")) {
            catches = 1;
        }
        List<String[]> groups = new ArrayList<>(List.of(CATCHABLE));
        Collections.shuffle(groups, r);
        for (int i = 0; i < catches; i++) {
            boolean catchAll = i == catches - 1 && p(30);
            String types;
            if (catchAll) {
                types = p(50) ? "RuntimeException" : "Exception";
            } else {
                String[] g = groups.get(i);
                if (g.length > 1 && p(50)) {
                    types = g[0] + " | " + g[1];
                } else {
                    types = g[r.nextInt(g.length)];
                }
            }
            String ev = name("e");
            Ctx cc = c.child().awaits(has(AWAIT_IN_TRY));
            List<Node> body = new ArrayList<>();
            body.add(stmt("rec(\"" + ev + " \" + " + ev + ".getClass().getSimpleName() + \": \" + " + ev
                    + ".getMessage());"));
            body.addAll(stmts(cc, r.nextInt(3), false));
            if (p(25)) {
                body.add(stmt("if ($) throw " + ev + ";", e(Ty.BOOL, cc, 1, true)));
            }
            t.append(" catch (").append(types).append(' ').append(ev).append(") $");
            kids.add(Node.block(body));
        }
        if (fin) {
            Ctx fc = c.child().awaits(has(AWAIT_IN_FINALLY));
            fc.noEmit = true;
            if (c.innerGen) {
                fc.targets = new ArrayList<>(); // a break or continue would discard the close signal (Ctx.innerGen)
            }
            t.append(" finally $");
            List<Node> body = new ArrayList<>();
            body.add(stmt("rec(\"" + name("fin") + "\");"));
            body.addAll(stmts(fc, r.nextInt(3), false));
            kids.add(Node.block(body));
        }
        return stmt(t.toString(), kids.toArray(new Node[0]));
    }

    // ------------------------------------------------------------------ expressions

    private Var readable(Ctx c, Ty t) {
        List<Var> vs = new ArrayList<>();
        for (Var v : c.vars) {
            if (v.ty == t && (!c.pure || v.capturable)) {
                vs.add(v);
            }
        }
        return vs.isEmpty() ? null : pick(vs);
    }

    private boolean awaitHere(Ctx c, boolean top) {
        return c.awaitOk && !c.pure && has(AWAIT) && (top || has(AWAIT_NESTED)) && p(top ? 30 : 12);
    }

    private String tag() {
        return name("a");
    }

    /** An expression of type {@code t}; {@code top}: the whole initializer, right side or argument of a statement. */
    Node e(Ty t, Ctx c, int d, boolean top) {
        if (t == Ty.INT && emitOk(c) && p(top ? 10 : 4)) {
            return expr(Ty.INT, "nz(emit($))", e(pick(List.of(Ty.INT, Ty.STR)), c, d - 1, false));
        }
        if (awaitHere(c, top)) {
            Node[] aw = awaitable(t, c, d);
            return Node.await(t, aw[0], aw[1]);
        }
        if (has(MEMBERS) && p(8)) {
            Node m = member(t, c, d);
            if (m != null) {
                return m;
            }
        }
        if (has(SHAPES) && p(6)) {
            Node s = shape(t, c, d);
            if (s != null) {
                return s;
            }
        }
        if (d <= 0 || p(20)) {
            Var v = readable(c, t);
            if (v != null && p(60)) {
                return expr(t, v.name).withBoxed(v.boxed);
            }
            return literal(t);
        }
        for (;;) {
            Node n = switch (t) {
                case INT -> intExpr(c, d);
                case STR -> strExpr(c, d);
                case BOOL -> boolExpr(c, d);
                case ARR -> arrExpr(c, d);
                case LIST -> listExpr(c, d);
                case COLOR -> colorExpr(c, d);
                case OBJ -> objExpr(c, d);
            };
            if (n != null) {
                return n;
            }
        }
    }

    private Node sub(Ty t, Ctx c, int d) {
        return e(t, c, d - 1, false);
    }

    Node literal(Ty t) {
        return switch (t) {
            case INT -> {
                int v = r.nextInt(21) - 3;
                yield lit(t, v < 0 ? "(" + v + ")" : Integer.toString(v));
            }
            case STR -> lit(t, "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"");
            case BOOL -> lit(t, Boolean.toString(r.nextBoolean()));
            case ARR -> lit(t, "(new int[] {" + r.nextInt(5) + ", " + r.nextInt(5) + ", " + r.nextInt(5) + ", "
                    + r.nextInt(5) + "})");
            case LIST -> lit(t, "ints(" + r.nextInt(5) + ", " + r.nextInt(5) + ")");
            case COLOR -> lit(t, "Color." + pick(List.of("RED", "GREEN", "BLUE")));
            case OBJ -> lit(t, p(50) ? "(Object) " + r.nextInt(5) : "(Object) \"" + STRINGS[r.nextInt(4)] + "\"");
        };
    }

    /** The plainest literal of a type, for the shrinker. */
    static Node simplest(Ty t) {
        return switch (t) {
            case INT -> lit(t, "0");
            case STR -> lit(t, "\"a\"");
            case BOOL -> lit(t, "false");
            case ARR -> lit(t, "(new int[] {0, 0, 0, 0})");
            case LIST -> lit(t, "ints(0, 0)");
            case COLOR -> lit(t, "Color.RED");
            case OBJ -> lit(t, "(Object) 0");
        };
    }

    private Node ternary(Ty t, Ctx c, int d) {
        if (!has(TERNARY)) {
            return null;
        }
        Node a = sub(t, c, d);
        Node b = sub(t, c, d);
        if (t == Ty.INT && c.noSwitchExpr) {
            // an argument of the overloaded over(..): `cond ? 5 : await(x)` is a poly reference conditional
            // (await's return type is its type variable), applicable to over(long) and over(Integer) alike
            // ("reference to over is ambiguous", seed 20261292 on JDK 25); the cast makes it standalone
            return expr(t, "((int) ($ ? $ : $))", sub(Ty.BOOL, c, d), a, b);
        }
        return expr(t, "($ ? $ : $)", sub(Ty.BOOL, c, d), a, b).withBoxed(a.boxed && b.boxed);
    }

    private Node intExpr(Ctx c, int d) {
        switch (r.nextInt(19)) {
            case 0, 1, 2:
                return expr(Ty.INT, "($ " + pick(List.of("+", "-", "*")) + " $)", sub(Ty.INT, c, d), sub(Ty.INT, c, d));
            case 3:
                return expr(Ty.INT, "($ " + pick(List.of("/", "%")) + " $)", sub(Ty.INT, c, d),
                        p(70) ? lit(Ty.INT, Integer.toString(1 + r.nextInt(4))) : sub(Ty.INT, c, d));
            case 4, 5:
                return expr(Ty.INT, "ti(\"" + tag() + "\", $)", sub(Ty.INT, c, d));
            case 6:
                return expr(Ty.INT, "box(\"" + tag() + "\").sum($, $, $)", sub(Ty.INT, c, d), sub(Ty.INT, c, d),
                        sub(Ty.INT, c, d));
            case 7:
                return expr(Ty.INT, "new Box(\"" + tag() + "\", $, $).get()", sub(Ty.INT, c, d), sub(Ty.INT, c, d));
            case 8:
                return ternary(Ty.INT, c, d);
            case 9:
                if (has(ARRAYS)) {
                    return p(80) ? expr(Ty.INT, "$[($) & 3]", sub(Ty.ARR, c, d), sub(Ty.INT, c, d))
                            : expr(Ty.INT, "$[$]", sub(Ty.ARR, c, d), sub(Ty.INT, c, d));
                }
                return null;
            case 10:
                if (has(LISTS)) {
                    return p(60) ? expr(Ty.INT, "$.get(($) & 1)", sub(Ty.LIST, c, d), sub(Ty.INT, c, d))
                            : expr(Ty.INT, "$.size()", sub(Ty.LIST, c, d));
                }
                return null;
            case 11:
                return expr(Ty.INT, "$.length()", sub(Ty.STR, c, d));
            case 12, 13: {
                if (!has(COMPOUND) || c.pure) {
                    return null;
                }
                Var v = assignable(c, Ty.INT);
                if (v == null) {
                    if (has(ARRAYS) && p(50)) {
                        return expr(Ty.INT, "$[($) & 3]" + pick(List.of("++", "--")), sub(Ty.ARR, c, d), sub(Ty.INT, c, d));
                    }
                    return null;
                }
                return switch (r.nextInt(5)) {
                    case 0 -> expr(Ty.INT, "(" + v.name + " = $)", sub(Ty.INT, c, d)).withBoxed(v.boxed);
                    case 1 -> expr(Ty.INT, "(" + v.name + " " + pick(List.of("+=", "-=", "*=")) + " $)", sub(Ty.INT, c, d))
                            .withBoxed(v.boxed);
                    case 2 -> expr(Ty.INT, v.name + pick(List.of("++", "--"))).withBoxed(v.boxed);
                    case 3 -> expr(Ty.INT, pick(List.of("++", "--")) + v.name).withBoxed(v.boxed);
                    default -> has(ARRAYS)
                            ? expr(Ty.INT, "($[($) & 3] += $)", sub(Ty.ARR, c, d), sub(Ty.INT, c, d), sub(Ty.INT, c, d))
                            : null;
                };
            }
            case 14:
                if (has(OBJECTS)) {
                    return p(50) ? expr(Ty.INT, "(int) ($ * 3L)", sub(Ty.INT, c, d))
                            : expr(Ty.INT, "((Integer) $)", sub(Ty.OBJ, c, d)).withBoxed(true);
                }
                return null;
            case 15:
                return switchExpr(Ty.INT, c, d);
            case 16:
                return expr(Ty.INT, "Math.max($, $)", sub(Ty.INT, c, d), sub(Ty.INT, c, d));
            case 17:
                return has(ARRAYS) ? expr(Ty.INT, "$.length", sub(Ty.ARR, c, d)) : null;
            default: {
                Var v = readable(c, Ty.INT);
                return v == null ? literal(Ty.INT) : expr(Ty.INT, v.name).withBoxed(v.boxed);
            }
        }
    }

    private Node strExpr(Ctx c, int d) {
        switch (r.nextInt(12)) {
            case 0, 1:
                return expr(Ty.STR, "($ + $)", sub(Ty.STR, c, d), sub(p(50) ? Ty.INT : Ty.STR, c, d));
            case 2:
                return expr(Ty.STR, "(\"\" + $ + $)", sub(Ty.INT, c, d), sub(Ty.INT, c, d));
            case 3, 4:
                return expr(Ty.STR, "ts(\"" + tag() + "\", $)", sub(Ty.STR, c, d));
            case 5:
                return expr(Ty.STR, "box(\"" + tag() + "\").cat($, $)", sub(Ty.STR, c, d), sub(Ty.INT, c, d));
            case 6:
                return ternary(Ty.STR, c, d);
            case 7:
                return expr(Ty.STR, "String.valueOf((int) $)", sub(Ty.INT, c, d));
            case 8:
                return expr(Ty.STR, "$.concat($)", sub(Ty.STR, c, d), sub(Ty.STR, c, d));
            case 9: {
                if (!has(COMPOUND) || c.pure) {
                    return null;
                }
                Var v = assignable(c, Ty.STR);
                if (v == null) {
                    return null;
                }
                return expr(Ty.STR, "(" + v.name + (p(50) ? " = $)" : " += $)"), sub(Ty.STR, c, d));
            }
            case 10:
                if (has(OBJECTS)) {
                    return p(50) ? expr(Ty.STR, "((String) $)", sub(Ty.OBJ, c, d))
                            : expr(Ty.STR, "String.valueOf($)", sub(Ty.OBJ, c, d));
                }
                return has(SWITCH_ENUM) ? expr(Ty.STR, "$.name()", sub(Ty.COLOR, c, d)) : null;
            default:
                return switchExpr(Ty.STR, c, d);
        }
    }

    private Node boolExpr(Ctx c, int d) {
        switch (r.nextInt(11)) {
            case 0, 1:
                return expr(Ty.BOOL, "($ " + pick(List.of("<", "<=", ">", ">=")) + " $)", sub(Ty.INT, c, d),
                        sub(Ty.INT, c, d));
            case 2:
                return expr(Ty.BOOL, "((int) $ " + pick(List.of("==", "!=")) + " $)", sub(Ty.INT, c, d),
                        sub(Ty.INT, c, d));
            case 3, 4:
                return has(SHORT_CIRCUIT) ? expr(Ty.BOOL, "($ " + pick(List.of("&&", "||")) + " $)",
                        sub(Ty.BOOL, c, d), sub(Ty.BOOL, c, d)) : null;
            case 5:
                return expr(Ty.BOOL, "!$", sub(Ty.BOOL, c, d));
            case 6:
                return expr(Ty.BOOL, "tb(\"" + tag() + "\", $)", sub(Ty.BOOL, c, d));
            case 7:
                return expr(Ty.BOOL, "$.equals($)", sub(Ty.STR, c, d), sub(Ty.STR, c, d));
            case 8:
                return has(OBJECTS) ? expr(Ty.BOOL, "($ instanceof " + pick(List.of("String", "Integer")) + ")",
                        sub(Ty.OBJ, c, d)) : null;
            case 9:
                return has(LISTS) ? expr(Ty.BOOL, "$.contains($)", sub(Ty.LIST, c, d), sub(Ty.INT, c, d)) : ternary(Ty.BOOL, c, d);
            default:
                return ternary(Ty.BOOL, c, d);
        }
    }

    private Node arrExpr(Ctx c, int d) {
        switch (r.nextInt(4)) {
            case 0:
                return expr(Ty.ARR, "(new int[] {$, $, $, $})", sub(Ty.INT, c, d), sub(Ty.INT, c, d), sub(Ty.INT, c, d),
                        sub(Ty.INT, c, d));
            case 1:
                return expr(Ty.ARR, "ta(\"" + tag() + "\", $)", sub(Ty.ARR, c, d));
            case 2:
                return ternary(Ty.ARR, c, d);
            default: {
                Var v = readable(c, Ty.ARR);
                return v == null ? literal(Ty.ARR) : expr(Ty.ARR, v.name);
            }
        }
    }

    private Node listExpr(Ctx c, int d) {
        switch (r.nextInt(4)) {
            case 0:
                return expr(Ty.LIST, "ints($, $)", sub(Ty.INT, c, d), sub(Ty.INT, c, d));
            case 1:
                return expr(Ty.LIST, "tl(\"" + tag() + "\", $)", sub(Ty.LIST, c, d));
            case 2:
                return ternary(Ty.LIST, c, d);
            default: {
                Var v = readable(c, Ty.LIST);
                return v == null ? literal(Ty.LIST) : expr(Ty.LIST, v.name);
            }
        }
    }

    private Node colorExpr(Ctx c, int d) {
        switch (r.nextInt(4)) {
            case 0:
                return expr(Ty.COLOR, "tc(\"" + tag() + "\", $)", sub(Ty.COLOR, c, d));
            case 1:
                return expr(Ty.COLOR, "Color.values()[Math.floorMod($, 3)]", sub(Ty.INT, c, d));
            case 2:
                return ternary(Ty.COLOR, c, d);
            default:
                return switchExpr(Ty.COLOR, c, d);
        }
    }

    private Node objExpr(Ctx c, int d) {
        switch (r.nextInt(3)) {
            case 0:
                return expr(Ty.OBJ, "(Object) ($)", sub(Ty.INT, c, d));
            case 1:
                return expr(Ty.OBJ, "(Object) $", sub(Ty.STR, c, d));
            default:
                return expr(Ty.OBJ, "to(\"" + tag() + "\", $)", sub(p(50) ? Ty.INT : Ty.STR, c, d));
        }
    }

    /** A switch expression (arrow or colon form) yielding {@code t}; null if not enabled here. */
    private Node switchExpr(Ty t, Ctx c, int d) {
        if (!has(SWITCH_EXPR) || c.pure || c.noSwitchExpr || c.depth >= MAX_DEPTH + 1) {
            return null;
        }
        Ctx sc = c.child().awaits(has(AWAIT_IN_SWITCH));
        sc.targets.clear();
        sc.canReturn = false;
        sc.noTry = true;
        sc.resources.clear();
        Ty sel = selectorTy();
        Node selector = selector(sel, sc);
        String[] labels = caseLabels(sel, 1 + r.nextInt(3));
        List<Node> kids = new ArrayList<>();
        kids.add(selector);
        StringBuilder tx = new StringBuilder("(switch ($) {");
        boolean arrow = p(60);
        for (int g = 0; g <= labels.length; g++) {
            String head = g == labels.length ? "default" : "case " + labels[g];
            Ctx gc = sc.child();
            int n = c.depth < MAX_DEPTH && p(35) ? smallN() : 0;
            List<Node> body = n == 0 ? new ArrayList<>() : stmts(gc, n, false);
            Node value = e(t, gc, d - 1, true);
            if (arrow) {
                if (body.isEmpty()) {
                    tx.append("\n    ").append(head).append(" -> $;");
                    kids.add(value);
                } else {
                    body.add(stmt("yield $;", value));
                    tx.append("\n    ").append(head).append(" -> $");
                    kids.add(Node.block(body));
                }
            } else {
                body.add(stmt("yield $;", value));
                tx.append("\n").append(head).append(":$");
                kids.add(Node.group(body));
            }
        }
        tx.append("\n})");
        return expr(t, tx.toString(), kids.toArray(new Node[0]));
    }

    // ------------------------------------------------------------------ awaitables

    /** An awaitable of {@code t} and, second, the plain value it stands for (used by the shrinker). */
    private Node[] awaitable(Ty t, Ctx c, int d) {
        Ctx inner = c;
        Node v = e(t, inner, Math.max(0, d - 1), false);
        List<Integer> kinds = new ArrayList<>(List.of(0, 1));
        if (has(AWAIT_SUSPEND)) {
            kinds.addAll(List.of(2, 2, 3, 3));
        }
        if (has(AWAIT_FAIL)) {
            kinds.add(4);
        }
        if (has(AWAIT_HELPER) && !c.inHelper) {
            kinds.add(5);
            kinds.add(5);
        }
        int k = pick(kinds);
        String delay = pick(List.of("0", "0.5", "1", "2"));
        return switch (k) {
            case 0 -> new Node[] {expr(t, "result($)", v), v};
            case 1 -> new Node[] {expr(t, "done($)", v), v};
            case 2 -> new Node[] {expr(t, "sleep(" + delay + ", $)", v), v};
            case 3 -> new Node[] {expr(t, "later(" + delay + ", $)", v), v};
            case 4 -> new Node[] {expr(t, "failAfter(" + (has(AWAIT_SUSPEND) ? delay : "0") + ", \"" + name("m")
                    + "\", $)", v), v};
            default -> helperCall(t, c, d);
        };
    }

    private Node[] helperCall(Ty t, Ctx c, int d) {
        Program.Method h = null;
        for (Program.Method m : helpers) {
            if (m.ret() == t && !m.generator() && p(50)) { // not a generator of an async for (asyncFor)
                h = m;
            }
        }
        if (h == null) {
            h = helper(t);
        }
        List<Node> args = new ArrayList<>();
        StringBuilder tx = new StringBuilder(h.name()).append('(');
        for (int i = 0; i < h.params().size(); i++) {
            Ty pt = h.params().get(i).startsWith("int ") ? Ty.INT : Ty.STR;
            tx.append(i == 0 ? "$" : ", $");
            args.add(e(pt, c, Math.max(0, d - 1), false));
        }
        tx.append(')');
        return new Node[] {expr(t, tx.toString(), args.toArray(new Node[0])), simplest(t)};
    }

    // ------------------------------------------------------------------ async for and async resources (issue 8)

    /**
     * An async {@code for} over a generator of the program, an {@code async with}, or (in a generator) an emit
     * in a {@code try}/{@code finally}; null for none here. Where they go is decided by {@link #asyncPick}, so
     * programs without them are unchanged; what they hold is drawn from {@code r} as everything else.
     */
    private Node asyncStatement(Ctx c) {
        if (!c.awaitOk || c.pure || c.inHelper || c.noTry || !has(GENERATOR) || !has(AWAIT)) {
            return null;
        }
        boolean genProgram = Math.floorMod(seed, 4) == 3;
        int k = asyncPick.nextInt(1000);
        int forRate = genProgram ? 60 : 15;
        int withRate = genProgram ? 45 : 12;
        if (has(ASYNC_FOR) && genNesting < 2 && k < forRate) {
            return asyncFor(c);
        }
        k -= forRate;
        if (has(ASYNC_RESOURCES) && genNesting < 2 && k >= 0 && k < withRate) {
            return asyncWith(c);
        }
        k -= withRate;
        if (c.inGen && has(FINALLY) && emitOk(c) && k >= 0 && k < 60) {
            return emitInTryFinally(c);
        }
        return null;
    }

    /**
     * {@code L: for (Object x : awaitEach(g3(..))) { rec(x); ... }} over a new generator {@code g3}; leaving it
     * early (break, return, a jump out, an exception, the enclosing generator's close) closes {@code g3} at once.
     * The reference: {@code var it = awaitEach(g3(..)); try { for (Object x : it) .. } finally { it.close(); }},
     * whose iterator pulls {@code g3}'s values one at a time and closes nothing once it has ended
     * (RefGenerators.LazyGen), as the processor's loop awaits {@code aclose()} in a finally unless the
     * iteration ended.
     */
    private Node asyncFor(Ctx c) {
        Ctx lc = c.child().awaits(has(AWAIT_IN_LOOP));
        Node call = generatorCall(lc, false);
        if (has(ASYNC_OPERATORS) && opPick.nextInt(100) < 30) {
            call = operators(call, lc);
        }
        String label = has(LABELS) && p(35) ? label() : null;
        String lab = label == null ? "" : label + ": ";
        String x = name("x");
        String it = name("it");
        Ctx body = lc.child();
        body.targets.add(new Target(label, true));
        body.vars.add(new Var(x, Ty.OBJ, false, true, false));
        List<Node> kids = new ArrayList<>();
        kids.add(stmt("rec(\"" + x + " \" + " + x + ");"));
        kids.addAll(stmts(body, smallN(), false));
        if (p(50)) { // leave early: the generator is closed at once (its finally runs now, not at the loop's shutdown)
            Ctx cc = body.child().awaits(has(AWAIT_IN_IF));
            kids.add(stmt("if ($) " + (label != null && p(30) ? "break " + label + ";" : "break;"), e(Ty.BOOL, cc, 2, true)));
        }
        kids.addAll(stmts(body, r.nextInt(2), true));
        return Node.dual(lab + "for (Object " + x + " : awaitEach($)) $",
                "{\nvar " + it + " = awaitEach($);\ntry {\n    " + lab + "for (Object " + x + " : " + it
                        + ") $\n} finally {\n    " + it + ".close();\n}\n}",
                call, Node.block(kids));
    }

    /**
     * One or two operators over an async {@code for}'s generator ({@code take(map(g3(..), o1 -> opMap(..)), 2)}),
     * all drawn from {@link #opPick}: {@code take} and {@code takeWhile} close the generator when they stop
     * early, a {@code map} whose function throws closes it before the exception comes out, and a loop left
     * early closes the operator, which closes the generator. The reference runs the same calls over its lazy
     * generator (RefGenerators.Stage).
     */
    private Node operators(Node src, Ctx c) {
        Node n = src;
        int ops = 1 + (opPick.nextInt(3) == 0 ? 1 : 0);
        for (int i = 0; i < ops; i++) {
            String v = "o" + (++opNames);
            int kind = opPick.nextInt(10);
            if (kind >= 6) { // since session 8: the operators that await, group or take a second source
                String text = switch (kind) {
                    // an async function, awaited before the next pull; one in three fails for some values
                    case 6 -> opPick.nextInt(3) == 0
                            ? "mapAwait($, " + v + " -> opPass(" + v + ", 3) ? later(0.5, opMap(\"" + v + "\", " + v
                                    + ", 0)) : failAfter(0.5, \"mapAwait " + v + "\", (Object) null))"
                            : "mapAwait($, " + v + " -> later(0.5, opMap(\"" + v + "\", " + v + ", 0)))";
                    case 7 -> "chunked($, " + (1 + opPick.nextInt(3)) + ")";
                    // a second generator of the program: both closed when either side ends, a first
                    default -> "zip($, $, (" + v + "a, " + v + "b) -> " + v + "a + \"|\" + " + v + "b)";
                };
                n = kind == 8 || kind == 9 ? expr(Ty.OBJ, text, n, generatorCall(c, false)) : expr(Ty.OBJ, text, n);
                continue;
            }
            String text = switch (kind) {
                case 0 -> "take($, " + opPick.nextInt(4) + ")";
                case 1 -> "drop($, " + opPick.nextInt(3) + ")";
                case 2 -> "filter($, " + v + " -> opPass(" + v + ", " + (2 + opPick.nextInt(2)) + "))";
                case 3 -> "takeWhile($, " + v + " -> opPass(" + v + ", " + (2 + opPick.nextInt(3)) + "))";
                default -> "map($, " + v + " -> opMap(\"" + v + "\", " + v + ", " + (opPick.nextInt(3) == 0 ? 1 : 0) + "))";
            };
            n = expr(Ty.OBJ, text, n);
        }
        return n;
    }

    /**
     * A {@code try} on one or two asynchronous resources, maybe beside an ordinary one: a generator-based
     * context manager ({@code asyncContextManager(cm4(..))}, whose generator awaits before and after its one
     * emit and may catch what the block throws, suppressing it, or throw another, replacing it) or a
     * hand-written one ({@code ares(tag, mode)}, awaiting a timer in aenter and aexit), with catch clauses and a
     * finally as any {@code try}. The reference renders each as
     * {@code var cm = m.enter(); try { rest } catch (Throwable t) { cm.fail(t); } finally { cm.exit(); }}
     * (RefGenerators.RefCm), nested in order, ordinary resources as Java's own.
     */
    private Node asyncWith(Ctx c) {
        Ctx hc = c.child().awaits(has(AWAIT_IN_RESOURCES));
        Ctx bc = hc.child();
        bc.noEmit |= c.innerGen; // as in twr
        int n = 1 + (p(30) ? 1 : 0);
        List<Node> kids = new ArrayList<>();
        StringBuilder t = new StringBuilder("try (");
        StringBuilder ref = new StringBuilder();
        StringBuilder close = new StringBuilder();
        boolean async = false;
        for (int i = 0; i < n; i++) {
            String rn = name("cm");
            int kind = r.nextInt(10);
            if (kind == 0 || i == n - 1 && !async && kind < 6) {
                kind = 6; // at least one asynchronous resource
            }
            t.append(i == 0 ? "" : "; ");
            if (kind < 6) { // an ordinary resource
                String rt = has(VAR) && p(30) ? "var " : "Res ";
                t.append(rt).append(rn).append(" = res(\"").append(rn).append("\", $)");
                ref.append("\ntry (").append(rt).append(rn).append(" = res(\"").append(rn).append("\", $)) {");
                close.insert(0, "\n}");
                kids.add(p(70) ? lit(Ty.BOOL, "false") : e(Ty.BOOL, hc, 1, true));
                bc.resources.add(rn);
                continue;
            }
            async = true;
            if (kind < 9 && opPick.nextInt(100) < HAND_RATE) {
                kind = 10; // a hand-written one in place of the generator-based one (its own stream, opPick)
            }
            if (kind < 9) {
                t.append("var ").append(rn).append(" = asyncContextManager($)");
                ref.append("\nvar ").append(rn).append(" = asyncContextManager($).enter();\ntry {");
                kids.add(generatorCall(hc, true));
                bc.vars.add(new Var(rn + ".value()", Ty.OBJ, false, false, false));
            } else {
                String call = "ares(\"" + rn + "\", " + (kind == 10 ? opPick : r).nextInt(4) + ")";
                t.append("var ").append(rn).append(" = ").append(call);
                ref.append("\nvar ").append(rn).append(" = ").append(call).append(".enter();\ntry {");
            }
            String tv = name("t");
            close.insert(0, "\n} catch (Throwable " + tv + ") {\n    " + rn + ".fail(" + tv + ");\n} finally {\n    " + rn
                    + ".exit();\n}");
        }
        t.append(") $");
        ref.append("\n$").append(close);
        List<Node> block = new ArrayList<>(stmts(bc, smallN(), false));
        if (p(40)) { // the block fails: what the exits do with it (suppress, replace, let it out) is compared
            block.add(stmt("if ($) throw new " + (p(70) ? "FuzzException" : "OtherException") + "(\"" + name("t") + " \" + $);",
                    e(Ty.BOOL, bc, 1, true), e(Ty.INT, bc, 1, false)));
        }
        block.addAll(stmts(bc, r.nextInt(2), false));
        kids.add(Node.block(block));
        Node n0 = withHandlers(t.toString(), kids, c);
        int bodyAt = kids.size() - 1; // the text piece after the block: where the handlers start
        boolean handlers = !n0.text[bodyAt + 1].isEmpty();
        String[] refPieces = ((handlers ? "try {" : "{") + ref + "\n}").split("\\$", -1);
        java.util.Map<Integer, String> pieces = new java.util.HashMap<>();
        for (int i = 0; i < bodyAt; i++) {
            pieces.put(i, refPieces[i]);
        }
        pieces.put(bodyAt, refPieces[bodyAt]);
        pieces.put(bodyAt + 1, refPieces[bodyAt + 1] + n0.text[bodyAt + 1]);
        return n0.withRefPieces(pieces);
    }

    /**
     * {@code try { ...; emit(x); ... } finally { rec(fin); ... }} in a generator: the consumer's close (an async
     * {@code for} left early, the entry's consumer closing {@code g0}) runs the finally, which may await.
     */
    private Node emitInTryFinally(Ctx c) {
        Ctx tc = c.child().awaits(has(AWAIT_IN_TRY));
        List<Node> body = new ArrayList<>(stmts(tc, r.nextInt(2), false));
        body.add(stmt("emit($);", e(pick(List.of(Ty.INT, Ty.STR)), tc, 2, false)));
        body.addAll(stmts(tc, r.nextInt(2), false));
        Ctx fc = c.child().awaits(has(AWAIT_IN_FINALLY));
        fc.noEmit = true;
        if (c.innerGen) {
            fc.targets = new ArrayList<>();
        }
        List<Node> fin = new ArrayList<>();
        fin.add(stmt("rec(\"" + name("fin") + "\");"));
        fin.addAll(stmts(fc, r.nextInt(2), false));
        return stmt("try $ finally $", Node.block(body), Node.block(fin));
    }

    /**
     * A call of a new generator method (its arguments evaluated in {@code c}): for an async {@code for}, a body
     * of the whole grammar with emits (as the entry's {@code g0}, within the rules of {@link Ctx#innerGen});
     * with {@code cm}, a context manager's: statements (the enter), one emit in a {@code try} whose catch
     * may suppress or replace what the block threw in and whose finally may await (the exit), statements.
     */
    private Node generatorCall(Ctx c, boolean cm) {
        String gn = name("g");
        Ctx g = new Ctx();
        g.ret = Ty.INT;
        g.inGen = true;
        g.innerGen = true;
        g.depth = 1;
        List<String> params = new ArrayList<>();
        List<Node> args = new ArrayList<>();
        if (p(50)) {
            Ty pt = p(60) ? Ty.INT : Ty.STR;
            String pn = name("p");
            params.add(pt.java + " " + pn);
            g.vars.add(new Var(pn, pt, true, false, false));
            args.add(e(pt, c, 1, false));
        }
        int saved = budget;
        budget = 3 + r.nextInt(5);
        genNesting++;
        Node body = cm ? managerBody(g, gn) : generatorBody(g, gn);
        genNesting--;
        budget = saved;
        helpers.add(new Program.Method(gn, Ty.INT, params, body, false, true));
        StringBuilder call = new StringBuilder(gn).append('(');
        for (int i = 0; i < args.size(); i++) {
            call.append(i == 0 ? "$" : ", $");
        }
        return expr(Ty.OBJ, call.append(')').toString(), args.toArray(new Node[0]));
    }

    private Node generatorBody(Ctx g, String gn) {
        List<Node> kids = new ArrayList<>();
        kids.add(stmt("rec(\"enter " + gn + "\");"));
        if (has(AWAIT_SUSPEND) && p(40)) {
            kids.add(stmt("await(sleep(" + pick(List.of("0", "1")) + "));"));
        }
        if (has(FINALLY) && p(50)) { // values from inside a try/finally: a loop left early runs the finally at once
            kids.add(emitInTryFinally(g));
        }
        kids.addAll(body(g, 2 + r.nextInt(4)).kids);
        return Node.block(kids);
    }

    private Node managerBody(Ctx g, String gn) {
        g.canReturn = false; // a return before the emit: "generator didn't emit"
        g.noEmit = true;     // one emit, below: a second one is "generator didn't stop"
        List<Node> kids = new ArrayList<>();
        kids.add(stmt("rec(\"enter " + gn + "\");"));
        kids.addAll(stmts(g, r.nextInt(3), false));
        Ctx tc = g.child().awaits(has(AWAIT_IN_TRY));
        List<Node> tb = new ArrayList<>();
        tb.add(stmt("rec(\"" + name("v") + " \" + $);", expr(Ty.OBJ, "emit($)", e(pick(List.of(Ty.INT, Ty.STR)), tc, 2, false))));
        tb.addAll(stmts(tc, r.nextInt(2), false));
        StringBuilder t = new StringBuilder("try $");
        List<Node> parts = new ArrayList<>();
        parts.add(Node.block(tb));
        boolean handled = false;
        if (p(60)) { // catch what the block threw in: ends normally (suppresses), rethrows, or replaces it
            String ev = name("e");
            Ctx cc = g.child().awaits(has(AWAIT_IN_TRY));
            List<Node> cb = new ArrayList<>();
            cb.add(stmt("rec(\"" + ev + " \" + " + ev + ".getClass().getSimpleName() + \": \" + " + ev + ".getMessage());"));
            cb.addAll(stmts(cc, r.nextInt(2), false));
            int how = r.nextInt(3);
            if (how == 1) {
                cb.add(stmt("if ($) throw " + ev + ";", e(Ty.BOOL, cc, 1, true)));
            } else if (how == 2) {
                cb.add(stmt("if ($) throw new OtherException(\"" + name("t") + " \" + " + ev + ".getMessage());",
                        e(Ty.BOOL, cc, 1, true)));
            }
            t.append(" catch (").append(p(60) ? "FuzzException" : "RuntimeException").append(' ').append(ev).append(") $");
            parts.add(Node.block(cb));
            handled = true;
        }
        if (!handled || p(50)) { // the exit's finally, which may await
            Ctx fc = g.child().awaits(has(AWAIT_IN_FINALLY));
            fc.targets = new ArrayList<>();
            List<Node> fb = new ArrayList<>();
            fb.add(stmt("rec(\"" + name("fin") + "\");"));
            fb.addAll(stmts(fc, r.nextInt(3), false));
            t.append(" finally $");
            parts.add(Node.block(fb));
        }
        kids.add(stmt(t.toString(), parts.toArray(new Node[0])));
        kids.addAll(stmts(g, r.nextInt(2), false));
        kids.add(Node.of(Node.Kind.FIXED, null, "return done();"));
        return Node.block(kids);
    }
}
