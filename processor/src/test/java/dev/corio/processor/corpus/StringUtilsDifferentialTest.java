package dev.corio.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.Coroutine;
import dev.corio.Corio;
import dev.corio.EventLoop;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A differential test on real code: commons-lang3's {@code StringUtils}, every method converted to a
 * coroutine (calls between them awaited), run on the loop against the original methods from the
 * library's jar, on the same inputs. Results (arrays by content) and exception classes must agree.
 */
class StringUtilsDifferentialTest {
    private static final String UNIT = "org/apache/commons/lang3/StringUtils.java";
    private static final Object[] STRINGS = {null, "", " ", "abc", "  Hello World  ", "aBc", "a,b,,c", "xyzabcxyz",
        "\u00df\u00e9\tz"};
    private static final Object[] INTS = {-1, 0, 2, 5};
    private static final Object[] CHARS = {'a', ' ', ','};
    private static final Object[] BOOLEANS = {true, false};
    private static final int MAX_CALLS = 200;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void convertedStringUtilsGivesWhatTheOriginalGives() throws Exception {
        Corpus.Library lib = Corpus.Library.all(CorpusTest.DIR).get(0);
        assertEquals("commons-lang3", lib.name());
        Corpus.UnitResult u;
        try (Javac javac = new Javac(lib.classPath())) {
            u = Corpus.unit(javac, lib.name(), UNIT, lib.units().get(UNIT), true);
        }
        assertTrue(u.compiled != null && u.verdicts.stream().allMatch(v -> v.outcome() == Corpus.Outcome.TRANSFORMED),
                "StringUtils did not convert and compile cleanly: " + u.verdicts);
        File jar = lib.classPath().get(0);
        ClassLoader parent = StringUtilsDifferentialTest.class.getClassLoader();
        try (URLClassLoader original = new URLClassLoader(new URL[] {jar.toURI().toURL()}, parent);
                Converted converted = new Converted(u.compiled.classes, jar, parent)) {
            Class<?> ref = original.loadClass("org.apache.commons.lang3.StringUtils");
            Class<?> gen = converted.loadClass("org.apache.commons.lang3.Corio_StringUtils");
            List<Method> methods = new ArrayList<>(Arrays.asList(ref.getDeclaredMethods()));
            methods.sort(Comparator.comparing(Method::toString));
            int compared = 0;
            int notComparable = 0;
            long calls = 0;
            List<String> differences = new ArrayList<>();
            for (Method m : methods) {
                if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers()) || m.isVarArgs()
                        || !Arrays.stream(m.getParameterTypes()).allMatch(StringUtilsDifferentialTest::supported)) {
                    continue;
                }
                Method g;
                try {
                    g = gen.getMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    continue; // not converted (see the corpus rules)
                }
                assertEquals(Coroutine.class, g.getReturnType(), g.toString());
                List<String> mine = new ArrayList<>();
                boolean callsBack = false;
                for (Object[] args : inputs(m.getParameterTypes())) {
                    calls++;
                    String want = outcome(() -> m.invoke(null, args));
                    String got = outcome(() -> Corio.run((Coroutine<?>) g.invoke(null, args), EventLoop::virtual));
                    // Other lang3 classes (from the jar) calling back into StringUtils find the converted
                    // class, whose methods return coroutines: such a method cannot be compared here.
                    callsBack |= got.startsWith("threw java.lang.NoSuchMethodError");
                    if (!want.equals(got)) {
                        mine.add(m.getName() + Arrays.toString(args) + ": original " + want + ", coroutine " + got);
                    }
                }
                if (callsBack) {
                    notComparable++;
                } else {
                    compared++;
                    differences.addAll(mine);
                }
            }
            System.out.println("[corio-corpus] StringUtils differential: " + compared + " methods compared ("
                    + notComparable + " call back into StringUtils through other lang3 classes), " + calls + " calls, "
                    + differences.size() + " differences");
            assertTrue(compared >= 100, "only " + compared + " methods compared");
            assertTrue(differences.isEmpty(), String.join("\n", differences.subList(0, Math.min(30, differences.size()))));
        }
    }

    private static boolean supported(Class<?> c) {
        return c == String.class || c == CharSequence.class || c == int.class || c == char.class || c == boolean.class;
    }

    /** The cross product of the inputs for these parameter types, thinned evenly to at most MAX_CALLS. */
    private static List<Object[]> inputs(Class<?>[] types) {
        List<Object[]> all = new ArrayList<>();
        all.add(new Object[0]);
        for (Class<?> t : types) {
            Object[] values = t == int.class ? INTS : t == char.class ? CHARS : t == boolean.class ? BOOLEANS : STRINGS;
            List<Object[]> next = new ArrayList<>();
            for (Object[] prefix : all) {
                for (Object v : values) {
                    Object[] a = Arrays.copyOf(prefix, prefix.length + 1);
                    a[prefix.length] = v;
                    next.add(a);
                }
            }
            all = next;
        }
        if (all.size() <= MAX_CALLS) {
            return all;
        }
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < MAX_CALLS; i++) {
            out.add(all.get((int) ((long) i * all.size() / MAX_CALLS)));
        }
        return out;
    }

    private interface Call {
        Object call() throws Exception;
    }

    /** The value (arrays by content) or the exception class, as text. */
    private static String outcome(Call c) {
        try {
            Object v = c.call();
            return "returned " + (v != null && v.getClass().isArray() ? Arrays.deepToString(new Object[] {v})
                    : Objects.toString(v));
        } catch (InvocationTargetException e) {
            return "threw " + e.getCause().getClass().getName();
        } catch (Exception | Error e) {
            return "threw " + e.getClass().getName();
        }
    }

    /**
     * The converted classes, and the rest of the library's package from its jar, in one class loader: the
     * generated code uses package-private members of other lang3 classes, which must be in the same
     * runtime package.
     */
    private static final class Converted extends ClassLoader implements AutoCloseable {
        private final Map<String, byte[]> classes;
        private final URLClassLoader jar;

        Converted(Map<String, byte[]> classes, File jar, ClassLoader parent) throws IOException {
            super(parent);
            this.classes = classes;
            this.jar = new URLClassLoader(new URL[] {jar.toURI().toURL()}, null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.apache.commons.lang3.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b = classes.get(name);
                    if (b == null) {
                        try (InputStream in = jar.getResourceAsStream(name.replace('.', '/') + ".class")) {
                            if (in == null) {
                                throw new ClassNotFoundException(name);
                            }
                            b = in.readAllBytes();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    c = defineClass(name, b, 0, b.length);
                }
                return c;
            }
        }

        @Override
        public void close() throws IOException {
            jar.close();
        }
    }
}
