package dev.corio.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.corio.processor.hoist.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A piece of generated Java: text, type names (emitted through JavaPoet so they are imported), variable
 * references (so the liveness pass sees every use) and state labels (numbered only once all states are
 * placed; JavaPoet asks for their text when it writes the file).
 */
public final class Code {
    /** Parts that indent (and unindent) the lines that follow, as JavaPoet's {@code $>} and {@code $<}. */
    static final Object INDENT = new Object() {
        @Override
        public String toString() {
            return "";
        }
    };
    static final Object UNINDENT = new Object() {
        @Override
        public String toString() {
            return "";
        }
    };

    private final List<Object> parts;

    private Code(List<Object> parts) {
        this.parts = parts;
    }

    public static Code of(Object... parts) {
        List<Object> l = new ArrayList<>();
        for (Object p : parts) {
            add(l, p);
        }
        return new Code(l);
    }

    private static void add(List<Object> l, Object p) {
        if (p instanceof Code) {
            l.addAll(((Code) p).parts);
        } else if (p instanceof CharSequence) {
            if (((CharSequence) p).length() > 0) {
                l.add(p.toString());
            }
        } else if (p != null) {
            l.add(p);
        }
    }

    public Code then(Object... more) {
        List<Object> l = new ArrayList<>(parts);
        for (Object p : more) {
            add(l, p);
        }
        return new Code(l);
    }

    /** This code with each part replaced by {@code f}'s answer (a {@link Code} answer is spliced in). */
    Code map(java.util.function.Function<Object, Object> f) {
        List<Object> l = new ArrayList<>();
        for (Object p : parts) {
            add(l, f.apply(p));
        }
        return new Code(l);
    }

    /** Whether one of the parts is {@code kind}. */
    boolean has(Class<?> kind) {
        for (Object p : parts) {
            if (kind.isInstance(p)) {
                return true;
            }
        }
        return false;
    }

    List<Object> parts() {
        return Collections.unmodifiableList(parts);
    }

    /** The last part, or null. */
    Object last() {
        return parts.isEmpty() ? null : parts.get(parts.size() - 1);
    }

    /** The only part, or null. */
    Object only() {
        return parts.size() == 1 ? parts.get(0) : null;
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The variables this code reads or writes. */
    public List<Var> vars() {
        List<Var> l = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Var) {
                l.add((Var) p);
            }
        }
        return l.isEmpty() ? Collections.emptyList() : l;
    }

    public static Code join(List<Code> items, String sep) {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                l.add(sep);
            }
            add(l, items.get(i));
        }
        return new Code(l);
    }

    public CodeBlock toCodeBlock() {
        CodeBlock.Builder b = CodeBlock.builder();
        for (Object p : parts) {
            if (p == INDENT) {
                b.add("$>");
            } else if (p == UNINDENT) {
                b.add("$<");
            } else if (p instanceof TypeName) {
                b.add("$T", p);
            } else {
                b.add("$L", p); // Var, Label and lazy parts render through toString when the file is written
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p);
        }
        return sb.toString();
    }
}
