package dev.corio.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node of a generated program: text with holes, filled by child nodes. Immutable, so the shrinker can
 * build variants by replacing one node and sharing the rest. Blocks render their statements one per line.
 */
final class Node {
    enum Kind {
        /** An expression of type {@link #ty}; may be replaced by a literal of that type while shrinking. */
        EXPR,
        /** A literal: nothing smaller to replace it with. */
        LIT,
        /** {@code await(...)}; {@link #plain} is the same value without the await. */
        AWAIT,
        /** A statement. */
        STMT,
        /** A statement that declares a local. */
        DECL,
        /** {@code { ... }}: its children are statements, one per line. */
        BLOCK,
        /** The statements of a colon-form switch group: one per line after the label, no braces. */
        GROUP,
        /** A statement whose removal the shrinker must not try (the method's final return). */
        FIXED
    }

    final Kind kind;
    final Ty ty;
    final String[] text;
    final List<Node> kids;
    /** For {@link Kind#AWAIT}: the awaited value without the await. For others, null. */
    final Node plain;
    /** Whether the expression's static type is a box (Integer, Boolean) rather than a primitive. */
    final boolean boxed;
    /**
     * The text the reference class renders instead of {@link #text} (same holes, same kids), or null for the
     * same text on both sides: an async {@code for} or {@code async with}, whose plain-Java meaning needs
     * more words than its {@code @Async} form ({@link Generator#asyncFor}).
     */
    final String[] refText;

    /** Set while the reference class renders (Program.reference), so dual nodes pick {@link #refText}. */
    private static final ThreadLocal<boolean[]> REFERENCE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Node(Kind kind, Ty ty, String[] text, List<Node> kids, Node plain, boolean boxed) {
        this(kind, ty, text, kids, plain, boxed, null);
    }

    private Node(Kind kind, Ty ty, String[] text, List<Node> kids, Node plain, boolean boxed, String[] refText) {
        this.kind = kind;
        this.ty = ty;
        this.text = text;
        this.kids = kids;
        this.plain = plain;
        this.boxed = boxed;
        this.refText = refText;
        if (kind != Kind.BLOCK && kind != Kind.GROUP && text.length != kids.size() + 1) {
            throw new IllegalArgumentException(Arrays.toString(text) + " with " + kids.size() + " kids");
        }
        if (refText != null && refText.length != text.length) {
            throw new IllegalArgumentException(Arrays.toString(refText) + " does not match " + Arrays.toString(text));
        }
    }

    /** A statement rendered from {@code template} in the transformed class and from {@code refTemplate} in the reference. */
    static Node dual(String template, String refTemplate, Node... kids) {
        return new Node(Kind.STMT, null, template.split("\\$", -1), List.of(kids), null, false,
                refTemplate.split("\\$", -1));
    }

    /** This statement with its reference text's {@code i}-th piece replaced (the rest as the transformed text). */
    Node withRefPieces(java.util.Map<Integer, String> pieces) {
        String[] rt = (refText == null ? text : refText).clone();
        pieces.forEach((i, t) -> rt[i] = t);
        return new Node(kind, ty, text, kids, plain, boxed, rt);
    }

    /** Renders {@code r} as the reference class's text (dual nodes take their reference form). */
    static String renderReference(java.util.function.Supplier<String> r) {
        boolean[] flag = REFERENCE.get();
        boolean saved = flag[0];
        flag[0] = true;
        try {
            return r.get();
        } finally {
            flag[0] = saved;
        }
    }

    /** A node from a template whose {@code $} marks are filled, in order, by {@code kids}. */
    static Node of(Kind kind, Ty ty, String template, Node... kids) {
        return new Node(kind, ty, template.split("\\$", -1), List.of(kids), null, false);
    }

    static Node expr(Ty ty, String template, Node... kids) {
        return of(Kind.EXPR, ty, template, kids);
    }

    static Node lit(Ty ty, String text) {
        return of(Kind.LIT, ty, text.replace("$", ""));
    }

    static Node stmt(String template, Node... kids) {
        return of(Kind.STMT, null, template, kids);
    }

    static Node block(List<Node> stmts) {
        return new Node(Kind.BLOCK, null, new String[0], List.copyOf(stmts), null, false);
    }

    static Node group(List<Node> stmts) {
        return new Node(Kind.GROUP, null, new String[0], List.copyOf(stmts), null, false);
    }

    boolean isList() {
        return kind == Kind.BLOCK || kind == Kind.GROUP;
    }

    static Node await(Ty ty, Node awaitable, Node plain) {
        return new Node(Kind.AWAIT, ty, new String[] {"await(", ")"}, List.of(awaitable), plain, true);
    }

    Node withBoxed(boolean b) {
        return new Node(kind, ty, text, kids, plain, b, refText);
    }

    Node withKids(List<Node> newKids) {
        return new Node(kind, ty, text, List.copyOf(newKids), plain, boxed, refText);
    }

    Node withKind(Kind k) {
        return new Node(k, ty, text, kids, plain, boxed, refText);
    }

    /** The tree with {@code target} (by identity) replaced by {@code replacement}, or this if absent. */
    Node replace(Node target, Node replacement) {
        if (this == target) {
            return replacement;
        }
        List<Node> nk = null;
        for (int i = 0; i < kids.size(); i++) {
            Node k = kids.get(i);
            Node r = k.replace(target, replacement);
            if (r != k) {
                if (nk == null) {
                    nk = new ArrayList<>(kids);
                }
                if (r == null) {
                    nk.remove(i);
                    return withKids(nk);
                }
                nk.set(i, r);
            }
        }
        return nk == null ? this : withKids(nk);
    }

    /** Every node of the tree, parents before children. */
    void collect(List<Node> out) {
        out.add(this);
        for (Node k : kids) {
            k.collect(out);
        }
    }

    int size() {
        int n = 1;
        for (Node k : kids) {
            n += k.size();
        }
        return n;
    }

    String render(int indent) {
        StringBuilder sb = new StringBuilder();
        render(sb, indent);
        return sb.toString();
    }

    void render(StringBuilder sb, int indent) {
        if (kind == Kind.BLOCK) {
            sb.append("{\n");
            for (Node k : kids) {
                pad(sb, indent + 1);
                k.render(sb, indent + 1);
                sb.append('\n');
            }
            pad(sb, indent);
            sb.append('}');
            return;
        }
        if (kind == Kind.GROUP) {
            for (Node k : kids) {
                sb.append('\n');
                pad(sb, indent + 1);
                k.render(sb, indent + 1);
            }
            return;
        }
        String[] text = refText != null && REFERENCE.get()[0] ? refText : this.text;
        for (int i = 0; i < kids.size(); i++) {
            appendText(sb, text[i], indent);
            if (text[i].endsWith("yield ")) {
                // "yield (" parses as a call of a method named yield; keep the value off the parenthesis.
                String v = kids.get(i).render(indent);
                sb.append(v.startsWith("(") ? "id(" + v + ")" : v);
                continue;
            }
            kids.get(i).render(sb, indent);
        }
        appendText(sb, text[kids.size()], indent);
    }

    /**
     * Stands for {@code $} in names (the generated-looking {@code $t3}): a {@code $} in a template is a
     * placeholder for a kid, so names are built with this character and rendered with {@code $}.
     */
    static final char DOLLAR = '\u00a4';

    /** Template text may hold newlines (two statements in one node); indent what follows them. */
    private static void appendText(StringBuilder sb, String t, int indent) {
        t = t.replace(DOLLAR, '$');
        int from = 0;
        int nl;
        while ((nl = t.indexOf('\n', from)) >= 0) {
            sb.append(t, from, nl + 1);
            pad(sb, indent);
            from = nl + 1;
        }
        sb.append(t, from, t.length());
    }

    private static void pad(StringBuilder sb, int indent) {
        sb.append("    ".repeat(indent));
    }

    @Override
    public String toString() {
        return render(0);
    }
}
