package dev.corio.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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

/**
 * A differential test on real code (docs/corpus.md, "Differential test on real code"): one unit of a corpus
 * library, every method converted to a coroutine (calls between them awaited), its public static methods
 * run on the loop against the original methods from the library's jar, on the cross product of a few
 * inputs per parameter type. Results (arrays by content) and exception classes must agree.
 */
final class Differential {
    private static final int MAX_CALLS = 200;

    /** What one unit gave: methods compared, those that could not be (see {@link #run}), calls, differences. */
    record Summary(String unit, int compared, int notComparable, long calls, List<String> differences) {
        String line() {
            return unit + ": " + compared + " methods compared (" + notComparable + " call back into the converted class"
                    + " through other classes of the library), " + calls + " calls, " + differences.size() + " differences";
        }
    }

    private Differential() {
    }

    /**
     * Converts {@code unit} of {@code library} and compares the public static methods of {@code className}
     * whose parameter types all have inputs in {@code inputs}. The converted classes and the rest of the
     * package {@code prefix} (from the jar) share one class loader, since the generated code uses
     * package-private members of other classes. A method the other classes of the jar call back into finds
     * the converted class, whose methods return coroutines ({@code NoSuchMethodError}): it is counted as not
     * comparable.
     */
    static Summary run(String library, String unit, String className, String prefix, Map<Class<?>, Object[]> inputs)
            throws Exception {
        Corpus.Library lib = Corpus.Library.all(CorpusTest.DIR).stream().filter(l -> l.name().equals(library))
                .findFirst().orElseThrow();
        Corpus.UnitResult u;
        try (Javac javac = new Javac(lib.classPath())) {
            u = Corpus.unit(javac, lib.name(), unit, lib.units().get(unit), true);
        }
        assertNotNull(u.compiled, () -> unit + " did not convert and compile: " + u.skipped + " " + u.verdicts);
        File jar = lib.classPath().get(0);
        ClassLoader parent = Differential.class.getClassLoader();
        int dot = className.lastIndexOf('.');
        String generated = className.substring(0, dot + 1) + "Corio_" + className.substring(dot + 1);
        try (URLClassLoader original = new URLClassLoader(new URL[] {jar.toURI().toURL()}, parent);
                Converted converted = new Converted(u.compiled.classes, jar, prefix, parent)) {
            Class<?> ref = original.loadClass(className);
            Class<?> gen = converted.loadClass(generated);
            List<Method> methods = new ArrayList<>(Arrays.asList(ref.getDeclaredMethods()));
            methods.sort(Comparator.comparing(Method::toString));
            int compared = 0;
            int notComparable = 0;
            long calls = 0;
            List<String> differences = new ArrayList<>();
            for (Method m : methods) {
                if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers()) || m.isVarArgs()
                        || !inputs.keySet().containsAll(Arrays.asList(m.getParameterTypes()))) {
                    continue;
                }
                Method g;
                try {
                    g = gen.getMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    continue; // not converted (see the corpus rules)
                }
                if (g.getDeclaringClass() != gen && g.getReturnType() != Coroutine.class) {
                    continue; // the original, inherited: not converted
                }
                assertEquals(Coroutine.class, g.getReturnType(), g.toString());
                List<String> mine = new ArrayList<>();
                boolean callsBack = false;
                for (Object[] args : inputs(m.getParameterTypes(), inputs)) {
                    calls++;
                    String want = outcome(() -> m.invoke(null, args));
                    String got = outcome(() -> Corio.run((Coroutine<?>) g.invoke(null, args), EventLoop::virtual));
                    callsBack |= got.startsWith("threw java.lang.NoSuchMethodError");
                    if (!want.equals(got)) {
                        mine.add(m.getName() + Arrays.deepToString(args) + ": original " + want + ", coroutine " + got);
                    }
                }
                if (callsBack) {
                    notComparable++;
                } else {
                    compared++;
                    differences.addAll(mine);
                }
            }
            Summary s = new Summary(unit, compared, notComparable, calls, differences);
            System.out.println("[corio-corpus] differential " + s.line());
            return s;
        }
    }

    /** The cross product of the inputs for these parameter types, thinned evenly to at most MAX_CALLS. */
    private static List<Object[]> inputs(Class<?>[] types, Map<Class<?>, Object[]> inputs) {
        List<Object[]> all = new ArrayList<>();
        all.add(new Object[0]);
        for (Class<?> t : types) {
            List<Object[]> next = new ArrayList<>();
            for (Object[] prefix : all) {
                for (Object v : inputs.get(t)) {
                    Object[] a = Arrays.copyOf(prefix, prefix.length + 1);
                    // a fresh copy of an array input for each call: a method may write into it
                    a[prefix.length] = v instanceof byte[] ? ((byte[]) v).clone() : v instanceof char[] ? ((char[]) v).clone() : v;
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

    /** The value (arrays by content; the class for an object without its own toString) or the exception class, as text. */
    private static String outcome(Call c) {
        try {
            Object v = c.call();
            if (v != null && v.toString().equals(v.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(v)))) {
                return "returned a " + v.getClass().getName(); // Object.toString: only its class can be compared
            }
            return "returned " + (v != null && v.getClass().isArray() ? Arrays.deepToString(new Object[] {v})
                    : Objects.toString(v));
        } catch (InvocationTargetException e) {
            return "threw " + e.getCause().getClass().getName();
        } catch (Exception | Error e) {
            return "threw " + e.getClass().getName();
        }
    }

    /** The converted classes, and the rest of the package {@code prefix} from the jar, in one class loader. */
    private static final class Converted extends ClassLoader implements AutoCloseable {
        private final Map<String, byte[]> classes;
        private final URLClassLoader jar;
        private final String prefix;

        Converted(Map<String, byte[]> classes, File jar, String prefix, ClassLoader parent) throws IOException {
            super(parent);
            this.classes = classes;
            this.prefix = prefix;
            this.jar = new URLClassLoader(new URL[] {jar.toURI().toURL()}, null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(prefix)) {
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
