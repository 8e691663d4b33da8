package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rule for the annotations {@code Corio_Foo} repeats from {@code Foo} (docs/processor.md, "Annotations
 * carried to the generated class"): run-time retained ones, on the class, the constructors and their
 * parameters; not source- or class-retained ones, not {@code @Inherited} ones on the class, not Corio's
 * own, not those the generated class cannot name. Annotations of the test's own, so that the rule, not a
 * list of names, is what passes.
 */
@Timeout(60)
class CarriedAnnotationsTest {
    private static final String ANNOTATIONS = String.join("\n",
            "package t;",
            "import java.lang.annotation.*;",
            "public final class A {",
            "  private A() {}",
            "  @Retention(RetentionPolicy.RUNTIME) public @interface Inject {}",
            "  @Retention(RetentionPolicy.RUNTIME) public @interface Named { String value(); }",
            "  @Retention(RetentionPolicy.RUNTIME) public @interface Scope { Class<?> of() default Object.class; }",
            "  @Retention(RetentionPolicy.RUNTIME) @Inherited public @interface Passed {}",
            "  @Retention(RetentionPolicy.CLASS) public @interface ForTools {}",
            "  @Retention(RetentionPolicy.SOURCE) public @interface ForCompiler {}",
            "}");

    private static final String SERVICE = Harness.src(
            "import t.A.*;",
            "@Scope(of = String.class) @Passed @ForTools @ForCompiler @Deprecated",
            "public class Service {",
            "  final String name;",
            "  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME) private @interface Hidden {}",
            "  @Inject @ForTools @Hidden",
            "  public Service(@Named(\"a\") @ForCompiler String name, int n) { this.name = name; }",
            "  protected Service() { this(\"b\", 0); }",
            "  @Async public Coroutine<String> name() { await(later(null)); return result(name); }",
            "}");

    private static ClassLoader loader() {
        return Harness.load(ANNOTATIONS, SERVICE);
    }

    private static List<String> names(Annotation[] as) {
        return Arrays.stream(as).map(a -> a.annotationType().getSimpleName()).sorted().collect(Collectors.toList());
    }

    @Test
    void runTimeClassAnnotationsAreCarriedWithTheirValues() throws Exception {
        Class<?> gen = loader().loadClass("t.Corio_Service");
        // Passed is @Inherited: the subclass has it from Service, not as its own
        assertEquals(List.of("Deprecated", "Scope"), names(gen.getDeclaredAnnotations()));
        Class<? extends Annotation> scopeType = gen.getClassLoader().loadClass("t.A$Scope").asSubclass(Annotation.class);
        assertEquals(String.class, scopeType.getMethod("of").invoke(gen.getAnnotation(scopeType)));
        assertTrue(gen.isAnnotationPresent(gen.getClassLoader().loadClass("t.A$Passed").asSubclass(Annotation.class)));
    }

    @Test
    void constructorsCarryTheirRunTimeAnnotationsAndTheirParametersQualifiers() throws Exception {
        Class<?> gen = loader().loadClass("t.Corio_Service");
        Constructor<?> c = gen.getConstructor(String.class, int.class);
        assertEquals(List.of("Inject"), names(c.getDeclaredAnnotations())); // not ForTools, not the private Hidden
        Annotation[][] params = c.getParameterAnnotations();
        assertEquals(List.of("Named"), names(params[0]));
        assertEquals("a", params[0][0].annotationType().getMethod("value").invoke(params[0][0]));
        assertEquals(List.of(), names(params[1]));
        // the protected constructor of a public class becomes public, and has nothing to carry
        assertEquals(List.of(), names(gen.getConstructor().getDeclaredAnnotations()));
    }

    @Test
    void theGeneratedSourceSpellsTheCopies() {
        Compilation c = Harness.compile(ANNOTATIONS, SERVICE);
        String src = Harness.generated(c, "Corio_Service");
        assertTrue(src.replaceAll("\\s+", " ").contains("@A.Scope( of = String.class )"), src);
        assertTrue(src.contains("@A.Named(\"a\") String name"), src);
        assertFalse(src.contains("ForTools") || src.contains("ForCompiler") || src.contains("Hidden") || src.contains("Passed"), src);
    }

    @Test
    void anAbstractGeneratedClassKeepsItsConstructorsBare() throws Exception {
        String base = Harness.src(
                "import t.A.*;",
                "@Scope public abstract class Half {",
                "  @Inject protected Half(@Named(\"x\") String s) {}",
                "  public abstract void left();",
                "  @Async public Coroutine<Integer> one() { return result(1); }",
                "}");
        Class<?> gen = Harness.load(ANNOTATIONS, base).loadClass("t.Corio_Half");
        assertEquals(List.of("Scope"), names(gen.getDeclaredAnnotations()));
        Constructor<?> c = gen.getDeclaredConstructor(String.class);
        assertEquals(List.of(), names(c.getDeclaredAnnotations())); // nobody but a subclass calls it
        assertEquals(List.of(), names(c.getParameterAnnotations()[0]));
    }

    @Test
    void staticEntriesCarryNothing() throws Exception {
        String holder = Harness.src(
                "import t.A.*;",
                "@Scope public class Holder {",
                "  @Async public static Coroutine<Integer> one() { return result(1); }",
                "}");
        Class<?> gen = Harness.load(ANNOTATIONS, holder).loadClass("t.Corio_Holder");
        assertEquals(List.of(), names(gen.getDeclaredAnnotations())); // Corio's @Generated is class-retained
    }

    @Test
    void methodOverridesLeaveParameterAnnotationsOnTheOverriddenMethod() throws Exception {
        // Decided (docs/processor.md): a framework that reads a method's parameters finds them on Foo's method
        // (the one it overrides), and Bean Validation forbids an override to declare parameter constraints of
        // its own (Hibernate Validator: HV000151), so copying them would break validated services.
        String svc = Harness.src(
                "import t.A.*;",
                "public class Greeter {",
                "  @Async public Coroutine<String> greet(@Named(\"who\") String who) { await(later(null)); return result(who); }",
                "}");
        ClassLoader l = Harness.load(ANNOTATIONS, svc);
        Class<?> gen = l.loadClass("t.Corio_Greeter");
        java.lang.reflect.Method override = gen.getDeclaredMethod("greet", String.class);
        assertEquals(List.of(), names(override.getParameterAnnotations()[0]));
        java.lang.reflect.Method declared = gen.getSuperclass().getDeclaredMethod("greet", String.class);
        assertEquals(List.of("Named"), names(declared.getParameterAnnotations()[0]));
    }
}
