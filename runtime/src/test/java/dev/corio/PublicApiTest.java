package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is what a user needs, and only that (docs/runtime.md, "The public API and the protocol"):
 * {@code import static dev.corio.Corio.*} brings user API only; the coroutine protocol is visible to
 * subclasses only; no public signature of an exported package mentions {@code dev.corio.internal}; and every
 * public or protected type and member of every exported package is listed in {@code runtime/api/corio-runtime.api}
 * (as kotlinx's binary-compatibility validator keeps its {@code .api} files), so that each addition is a
 * decision seen in review: does a user need this?
 */
class PublicApiTest {
    /** The API listing, relative to the module's directory (surefire's working directory). */
    static final Path API_FILE = Path.of("api", "corio-runtime.api");
    /** {@code -Dcorio.api.update=true}: rewrite the listing instead of comparing (then review its diff). */
    static final String UPDATE = "corio.api.update";

    /** Every public static member of the facade, by name: a new one is a decision, made here. */
    private static final Set<String> FACADE = Set.of(
            "await", "result", "run", "getRunningLoop",
            "createTask", "ensureFuture", "currentTask", "allTasks",
            "sleep",
            "FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED",
            "gather", "gatherReturnExceptions", "waitTasks", "waitFor", "shield", "asCompleted",
            "timeout", "timeoutAt", "taskGroup", "asyncWith",
            "toThread", "runCoroutineThreadsafe", "wrapFuture");

    @Test
    void theFacadeHoldsUserApiOnly() {
        Set<String> names = new TreeSet<>();
        Stream.concat(Stream.of(Corio.class.getDeclaredMethods()), Stream.of(Corio.class.getDeclaredFields()))
                .filter(m -> Modifier.isPublic(((Member) m).getModifiers()) && !((Member) m).isSynthetic())
                .forEach(m -> names.add(((Member) m).getName()));
        assertEquals(new TreeSet<>(FACADE), names);
    }

    @Test
    void suspendedIsForSubclassesOnly() throws Exception {
        Field f = Coroutine.class.getDeclaredField("SUSPENDED");
        assertTrue(Modifier.isProtected(f.getModifiers()), f.toString());
        Field g = dev.corio.generators.AsyncGenerator.class.getDeclaredField("SUSPENDED");
        assertTrue(Modifier.isProtected(g.getModifiers()), g.toString());
        assertEquals(dev.corio.internal.Intrinsics.SUSPENDED, f.get(null));
        g.setAccessible(true);
        assertEquals(f.get(null), g.get(null));
        for (Field any : Coroutine.class.getFields()) {
            assertFalse(Modifier.isStatic(any.getModifiers()), "public static on Coroutine: " + any);
        }
    }

    @Test
    void noPublicSignatureOfAnExportedPackageMentionsTheInternals() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : exportedTypes()) {
            for (Member m : apiMembers(c)) {
                String sig = m instanceof Executable e ? e.toGenericString() + Arrays.toString(e.getGenericExceptionTypes())
                        : ((Field) m).toGenericString();
                if (sig.contains("dev.corio.internal.")) {
                    leaks.add(sig);
                }
            }
            for (Type t : supertypes(c)) {
                if (t.getTypeName().contains("dev.corio.internal.")) {
                    leaks.add(c.getName() + " extends " + t.getTypeName());
                }
            }
        }
        assertEquals(List.of(), leaks, "internal types in the public API");
    }

    @Test
    void theApiListingIsUpToDate() throws Exception {
        String actual = listing();
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(API_FILE.getParent());
            Files.writeString(API_FILE, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(API_FILE), "no " + API_FILE.toAbsolutePath() + "; write it with -D" + UPDATE + "=true");
        String expected = Files.readString(API_FILE, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            Set<String> was = new TreeSet<>(expected.lines().toList());
            Set<String> is = new TreeSet<>(actual.lines().toList());
            List<String> diff = new ArrayList<>();
            is.stream().filter(l -> !was.contains(l)).forEach(l -> diff.add("+ " + l));
            was.stream().filter(l -> !is.contains(l)).forEach(l -> diff.add("- " + l));
            throw new AssertionError("The public API differs from " + API_FILE + " (+ new, - gone):\n" + String.join("\n", diff)
                    + "\nIf a user needs every new line, update the listing: mvn -o -pl runtime test -Dtest=PublicApiTest -D"
                    + UPDATE + "=true, and commit it; otherwise make the new members package-private or move them to"
                    + " dev.corio.internal.");
        }
    }

    /** One line per public type (with its supertypes) and per public or protected member, sorted. */
    static String listing() throws Exception {
        StringBuilder sb = new StringBuilder("# The public API of the module dev.corio, written by PublicApiTest (-D" + UPDATE
                + "=true). Every line is something a user needs; see docs/runtime.md, \"The public API and the protocol\".\n");
        List<Class<?>> types = new ArrayList<>(exportedTypes());
        types.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (Class<?> c : types) {
            sb.append('\n').append(typeLine(c)).append('\n');
            new TreeSet<>(apiMembers(c).stream().map(PublicApiTest::memberLine).toList())
                    .forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        return sb.toString();
    }

    private static String typeLine(Class<?> c) {
        int mods = c.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL
                | (c.isInterface() ? 0 : Modifier.ABSTRACT));
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        if (c.isEnum() || c.isRecord()) {
            mods &= ~(Modifier.FINAL | Modifier.STATIC);
        }
        String params = c.getTypeParameters().length == 0 ? ""
                : Arrays.stream(c.getTypeParameters()).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">"));
        String sup = supertypes(c).stream().map(Type::getTypeName).filter(n -> !n.equals("java.lang.Object")
                && !n.startsWith("java.lang.Enum<") && !n.equals("java.lang.Record")).collect(Collectors.joining(", "));
        return (Modifier.toString(mods) + " " + kind + " " + c.getName() + params + (sup.isEmpty() ? "" : " : " + sup)).trim();
    }

    private static List<Type> supertypes(Class<?> c) {
        List<Type> l = new ArrayList<>();
        if (c.getGenericSuperclass() != null) {
            l.add(c.getGenericSuperclass());
        }
        l.addAll(Arrays.asList(c.getGenericInterfaces()));
        return l;
    }

    private static String memberLine(Member m) {
        java.lang.reflect.AccessibleObject a = (java.lang.reflect.AccessibleObject) m;
        String s = m instanceof Executable e ? e.toGenericString() : ((Field) m).toGenericString();
        String owner = m.getDeclaringClass().getName() + ".";
        // the owner is the type line above; a deprecated name (kept for compatibility) says so
        return (a.isAnnotationPresent(Deprecated.class) ? "@Deprecated " : "") + s.replace(owner, "");
    }

    /** The public and protected members a user (or a subclass) can reach, declared by {@code c}. */
    private static List<Member> apiMembers(Class<?> c) {
        List<Member> l = new ArrayList<>();
        Stream.of(c.getDeclaredConstructors(), c.getDeclaredMethods(), c.getDeclaredFields()).flatMap(Arrays::stream)
                .filter(m -> !m.isSynthetic() && !(m instanceof Method mm && mm.isBridge()))
                .filter(m -> (m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0)
                .filter(m -> !(Modifier.isProtected(m.getModifiers()) && Modifier.isFinal(c.getModifiers())))
                .filter(m -> !(c.isEnum() && m instanceof Method mm && Modifier.isStatic(mm.getModifiers())
                        && (mm.getName().equals("values") || mm.getName().equals("valueOf"))))
                .forEach(l::add);
        return l;
    }

    /** Every type of an exported package a user can name: public, nested only in public types. */
    static List<Class<?>> exportedTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> exported;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            exported = ModuleDescriptor.read(in).exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        }
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> c : runtimeClasses()) {
            if (exported.contains(c.getPackageName()) && reachable(c)) {
                types.add(c);
            }
        }
        return types;
    }

    /** Every named class of the runtime's module, internal and package-private ones included. */
    static List<Class<?>> runtimeClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class")
                    && !f.endsWith("package-info.class")).sorted().toList()) {
                String name = classes.relativize(f).toString().replace(java.io.File.separatorChar, '.');
                name = name.substring(0, name.length() - ".class".length());
                Class<?> c = Class.forName(name, false, EventLoop.class.getClassLoader());
                if (!c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic()) {
                    types.add(c);
                }
            }
        }
        return types;
    }

    private static boolean reachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            boolean nestedProtected = k.getDeclaringClass() != null && Modifier.isProtected(k.getModifiers());
            if (!Modifier.isPublic(k.getModifiers()) && !nestedProtected) {
                return false;
            }
        }
        return true;
    }
}
