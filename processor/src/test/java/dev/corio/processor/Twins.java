package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.EventLoop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A differential check on hand-written shapes: every {@code @Async} method of a source also gets a plain twin
 * (the same method without {@code @Async}, named {@code <name>Plain}, returning the coroutine's type, with
 * {@code await(later(x))}, {@code await(now(x))} and {@code return result(x)} written as {@code TwinPlain.pass(TwinPlain.pass(x))}
 * and {@code return TwinPlain.pass(x)}), so one compilation holds both; {@link #same} runs each pair with the same arguments
 * and compares what they give or throw. A body that awaits anything else has no twin to compare with.
 */
final class Twins {
    private Twins() {
    }

    /** The helper the twins call, by a name no shape uses. */
    static final String PLAIN = String.join("\n",
            "package t;",
            "public final class TwinPlain {",
            "  private TwinPlain() {}",
            "  public static <V> V pass(V v) { return v; }",
            "}");

    /** {@link Harness#HEADER}: a source starting with it has its first own line at 8. */
    static final String HEADER = Harness.HEADER;

    /** {@code source} with a plain twin after each {@code @Async} method. */
    static String withTwins(String source) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = source.indexOf("@Async ", from); at >= 0; at = source.indexOf("@Async ", from)) {
            int open = skipTo(source, at, '{');
            int close = matching(source, open);
            String header = source.substring(at + "@Async ".length(), open);
            String body = source.substring(open, close + 1);
            out.append(source, from, close + 1);
            out.append(' ').append(twinHeader(header)).append(twinBody(body));
            from = close + 1;
        }
        return out.append(source.substring(from)).toString();
    }

    private static String twinHeader(String h) {
        int c = h.indexOf("Coroutine<");
        if (c < 0) {
            throw new IllegalArgumentException("not a coroutine method: " + h);
        }
        int depth = 0;
        int end = c + "Coroutine<".length() - 1;
        do {
            char ch = h.charAt(end++);
            depth += ch == '<' ? 1 : ch == '>' ? -1 : 0;
        } while (depth > 0);
        String type = h.substring(c + "Coroutine<".length(), end - 1);
        String rest = h.substring(end);
        int paren = rest.indexOf('(');
        String name = rest.substring(0, paren).trim();
        return h.substring(0, c) + type + " " + name + "Plain" + rest.substring(paren);
    }

    private static String twinBody(String b) {
        return b.replace("await(later(", "TwinPlain.pass(TwinPlain.pass(").replace("await(now(", "TwinPlain.pass(TwinPlain.pass(")
                .replace("return result(", "return TwinPlain.pass(");
    }

    /** The index of the first {@code c} at or after {@code from} outside string and character literals. */
    private static int skipTo(String s, int from, char c) {
        for (int i = from; i < s.length(); i++) {
            i = skipLiteral(s, i);
            if (s.charAt(i) == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + c + " after " + from);
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            i = skipLiteral(s, i);
            char ch = s.charAt(i);
            if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    /** At a literal's opening quote: the index of its closing one (a text block's last); else {@code i}. */
    private static int skipLiteral(String s, int i) {
        if (s.startsWith("\"\"\"", i)) {
            return s.indexOf("\"\"\"", i + 3) + 2;
        }
        char q = s.charAt(i);
        if (q != '"' && q != '\'') {
            return i;
        }
        for (int j = i + 1;; j++) {
            if (s.charAt(j) == '\\') {
                j++;
            } else if (s.charAt(j) == q) {
                return j;
            }
        }
    }

    /** Compiles {@code sources} with their twins and the helper. */
    static ClassLoader load(String... sources) {
        List<String> all = new ArrayList<>();
        all.add(PLAIN);
        for (String s : sources) {
            all.add(withTwins(s));
        }
        return Harness.load(all.toArray(new String[0]));
    }

    /**
     * Runs {@code method(args)} of class {@code t.<cls>} as a coroutine (through {@code Corio_<cls>}: on a new
     * instance made with {@code make}'s constructor arguments for an instance method) and its plain twin on the
     * same kind of object, and checks they give the same value or throw the same exception. Returns the value.
     */
    static Object same(ClassLoader l, String cls, String method, Object... args) throws Throwable {
        return same(l, cls, new Object[0], method, args);
    }

    static Object same(ClassLoader l, String cls, Object[] make, String method, Object... args) throws Throwable {
        Class<?> gen = l.loadClass("t.Corio_" + cls.replace('.', '_'));
        Class<?> user = l.loadClass("t." + cls.replace('.', '$'));
        Method async = Harness.find(gen, method);
        boolean isStatic = Modifier.isStatic(async.getModifiers());
        Method plain = Harness.find(user, method + "Plain");
        Object a = isStatic ? null : create(gen, make);
        Object p = isStatic ? null : create(gen, make); // a Corio_ instance is a user instance too
        Object[] copies = args.clone(); // each side gets its own mutable lists
        for (int i = 0; i < copies.length; i++) {
            if (copies[i] instanceof ArrayList) {
                copies[i] = new ArrayList<>((ArrayList<?>) copies[i]);
            }
        }
        Object got = outcome(() -> Corio.run((Coroutine<?>) async.invoke(a, args), EventLoop::virtual));
        Object want = outcome(() -> plain.invoke(p, copies));
        assertEquals(String.valueOf(want), String.valueOf(got), cls + "." + method + ": @Async vs. plain");
        return got;
    }

    private static Object create(Class<?> gen, Object[] make) throws ReflectiveOperationException {
        for (java.lang.reflect.Constructor<?> c : gen.getDeclaredConstructors()) {
            if (c.getParameterCount() == make.length) {
                c.setAccessible(true);
                return c.newInstance(make);
            }
        }
        throw new AssertionError("no constructor of " + gen + " with " + make.length + " parameters");
    }

    /** A thrown exception, by class and message (what the two sides must agree on). */
    record Outcome(String thrown) {
    }

    private interface Run {
        Object run() throws Throwable;
    }

    private static Object outcome(Run r) {
        try {
            return r.run();
        } catch (Throwable t) {
            Throwable c = t instanceof InvocationTargetException ? t.getCause() : t;
            return new Outcome(c.getClass().getName() + ": " + c.getMessage());
        }
    }
}
