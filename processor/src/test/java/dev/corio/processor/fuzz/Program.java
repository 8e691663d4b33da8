package dev.corio.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated program: an entry method {@code run0()} and the @Async helpers it awaits. It renders as two
 * classes with the same bodies: {@code T<n>} (marked @Async, transformed by the processor, run through
 * the generated {@code Corio_T<n>}) and {@code R<n>} (plain Java against {@link RefSide}).
 */
final class Program {
    /**
     * Private members of each program class, which the bodies use (Feature.MEMBERS): the processor reaches
     * them through accessors (docs/processor.md, "Private members").
     */
    static final String PRIVATE_MEMBERS = "    private int secret;\n\n"
            + "    private int hide(String tag, int v) {\n        rec(\"hide \" + tag + \" \" + v);\n        secret++;\n"
            + "        return v - secret;\n    }\n\n";

    /**
     * A generic base with an {@code @Async} generic method and a subclass that fixes the base's type argument, as
     * Guava's {@code Equivalence.Equals extends Equivalence<Object>} (Feature.SHAPES): Corio_T_Wraps overrides the
     * inherited {@code wrap} with its signature as a member of {@code Wraps}. Rendered only into a program whose
     * bodies call {@code wraps()} (so every other program, and its compile time, is as before); {@code %s} is
     * {@code @Async\n        public} or {@code public}, {@code %c} the coroutine type, {@code %w} what
     * {@code wraps()} creates.
     */
    private static final String INHERITED = "    public static class Wrap<E> {\n"
            + "        %s <S extends E> %c<S> wrap(String tag, S v, int... more) {\n"
            + "            rec(\"wrap \" + tag + \" \" + v + \" \" + more.length);\n"
            + "            return result(await(later(0, v)));\n        }\n    }\n\n"
            + "    public static class Wraps extends Wrap<Integer> {\n"
            + "        %s %c<Integer> twice(String tag, int v) {\n"
            + "            return result(await(wrap(tag, v)) + await(wrap(tag, v, 1, 2)));\n        }\n    }\n\n"
            + "    static Wraps wraps() {\n        return new %w();\n    }\n\n";

    private String inherited(boolean transformed, String cls) {
        StringBuilder body = new StringBuilder();
        for (Method m : methods) {
            m.body().render(body, 1);
        }
        if (body.indexOf("wraps()") < 0) {
            return "";
        }
        return INHERITED.replace("%s", transformed ? "@Async\n        public" : "public")
                .replace("%c", transformed ? "Coroutine" : "Done").replace("%w", transformed ? "Corio_" + cls + "_Wraps" : "Wraps");
    }

    static final String PACKAGE = "fuzzgen";

    /** {@code generator}: an async generator {@code AsyncGenerator<Object>} (its {@code ret} is unused). */
    record Method(String name, Ty ret, List<String> params, Node body, boolean isStatic, boolean generator) {
        Method(String name, Ty ret, List<String> params, Node body, boolean isStatic) {
            this(name, ret, params, body, isStatic, false);
        }

        Method withBody(Node b) {
            return new Method(name, ret, params, b, isStatic, generator);
        }

        /**
         * A generator other than the entry's {@code g0}: one an async {@code for} iterates or a context manager
         * runs, so a generator whose reference runs lazily (Program#lazyReference).
         */
        boolean lazy() {
            return generator && !name.equals("g0");
        }
    }

    final long seed;
    final List<Method> methods;

    Program(long seed, List<Method> methods) {
        this.seed = seed;
        this.methods = List.copyOf(methods);
    }

    Program withMethods(List<Method> ms) {
        return new Program(seed, ms);
    }

    int size() {
        int n = 0;
        for (Method m : methods) {
            n += m.body().size();
        }
        return n;
    }

    String transformed(String cls) {
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(PACKAGE).append(";\n\n")
                .append("import static dev.corio.Corio.*;\n")
                .append("import static dev.corio.processor.fuzz.AsyncSide.*;\n")
                .append("import static dev.corio.generators.Generators.*;\n\n")
                .append("import dev.corio.Coroutine;\n")
                .append("import dev.corio.generators.AsyncGenerator;\n")
                .append("import dev.corio.annotation.Async;\n")
                .append("import dev.corio.processor.fuzz.FuzzBase;\n")
                .append("import java.util.*;\n\n")
                .append("public class ").append(cls).append(" extends FuzzBase {\n")
                .append(PRIVATE_MEMBERS).append(inherited(true, cls));
        for (Method m : methods) {
            sb.append("    @Async\n    public ").append(m.isStatic() ? "static " : "")
                    .append(m.generator() ? "AsyncGenerator<Object" : "Coroutine<" + m.ret().boxed).append("> ");
            signature(sb, m);
        }
        return sb.append("}\n").toString();
    }

    String reference(String cls) {
        return Node.renderReference(() -> referenceText(cls));
    }

    private String referenceText(String cls) {
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(PACKAGE).append(";\n\n")
                .append("import static dev.corio.processor.fuzz.RefSide.*;\n\n")
                .append("import dev.corio.processor.fuzz.FuzzBase;\n")
                .append("import dev.corio.processor.fuzz.RefSide;\n")
                .append("import dev.corio.processor.fuzz.RefSide.Done;\n")
                .append("import java.util.*;\n\n")
                .append("public class ").append(cls).append(" extends FuzzBase {\n")
                .append(PRIVATE_MEMBERS).append(inherited(false, cls));
        for (Method m : methods) {
            if (m.lazy()) {
                lazyReference(sb, m);
                continue;
            }
            sb.append("    public ").append(m.isStatic() ? "static " : "")
                    .append(m.generator() ? "RefSide.RefGen" : "Done<" + m.ret().boxed + ">").append(" ");
            signature(sb, m);
        }
        return sb.append("}\n").toString();
    }

    /**
     * A generator iterated by an async {@code for} or entered as a context manager ({@link Method#lazy}): in the
     * reference its call only captures the arguments; {@code RefSide.lazy} runs the body (the method
     * {@code <name>Body}) on a thread of its own, one step per request, so the values come one at a time as
     * from an {@code Iterator} and the trace interleaves as on the loop (RefGenerators).
     */
    private static void lazyReference(StringBuilder sb, Method m) {
        List<String> args = new ArrayList<>();
        for (String p : m.params()) {
            args.add(p.substring(p.lastIndexOf(' ') + 1));
        }
        sb.append("    public RefSide.RefGen ").append(m.name()).append('(').append(String.join(", ", m.params()))
                .append(") {\n        return lazy(\"").append(m.name()).append("\", () -> ").append(m.name())
                .append("Body(").append(String.join(", ", args)).append("));\n    }\n\n");
        sb.append("    private RefSide.RefGen ");
        signature(sb, new Method(m.name() + "Body", m.ret(), m.params(), m.body(), m.isStatic(), true));
    }

    private static void signature(StringBuilder sb, Method m) {
        sb.append(m.name()).append('(').append(String.join(", ", m.params())).append(") ");
        m.body().render(sb, 1);
        sb.append("\n\n");
    }

    /** The body text alone, as a reader wants to see it in a report. */
    String bodies() {
        StringBuilder sb = new StringBuilder();
        for (Method m : methods) {
            sb.append("@Async ").append(m.isStatic() ? "static " : "")
                    .append(m.generator() ? "AsyncGenerator<Object" : "Coroutine<" + m.ret().boxed).append("> ");
            signature(sb, m);
        }
        return sb.toString();
    }

    List<Method> copyMethods() {
        return new ArrayList<>(methods);
    }
}
