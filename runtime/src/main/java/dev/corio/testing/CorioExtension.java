package dev.corio.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactory;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstantiationException;

/**
 * A JUnit 5 extension that lets a test class hold its own {@code @Async} methods: JUnit then creates the
 * generated {@code Corio_FooTest} (which extends {@code FooTest}) instead of {@code FooTest}, so
 * {@code this::scenario} and {@code scenario()} give the state machine, and {@link TestLoop} runs it:
 *
 * <pre>{@code
 * @ExtendWith(CorioExtension.class)
 * class CacheTest {
 *     @Async
 *     Coroutine<Integer> fetchTwice() { ... await(sleep(3600)) ... }
 *
 *     @Test
 *     void refreshesAfterAnHour() {
 *         assertEquals(2, TestLoop.run(this::fetchTwice));
 *     }
 * }
 * }</pre>
 *
 * <p>A class without {@code @Async} methods has no generated class and is created as it is. The test class
 * needs a constructor without parameters (JUnit's constructor parameters are not resolved here), must
 * not be final, and may be a top-level or a static nested class; JUnit's {@code @Nested} inner classes
 * have no generated class (the processor supports static nested classes only) and are created as they are.
 * It needs the JUnit Jupiter API on the test class path, which a JUnit 5 build has; the runtime declares
 * it as an optional dependency, so applications do not get it.
 */
public final class CorioExtension implements TestInstanceFactory {
    @Override
    public Object createTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext extensionContext) {
        Class<?> testClass = factoryContext.getTestClass();
        if (factoryContext.getOuterInstance().isPresent()) {
            return instantiate(testClass, factoryContext.getOuterInstance().get());
        }
        Class<?> generated = generatedClass(testClass);
        return instantiate(generated != null ? generated : testClass, null);
    }

    /** {@code Corio_Foo} for {@code Foo}, {@code Corio_Outer_Inner} for a static nested class; null if none. */
    static Class<?> generatedClass(Class<?> testClass) {
        StringBuilder simple = new StringBuilder(testClass.getSimpleName());
        for (Class<?> c = testClass.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
            simple.insert(0, c.getSimpleName() + "_");
        }
        String pkg = testClass.getPackageName();
        String name = (pkg.isEmpty() ? "" : pkg + ".") + "Corio_" + simple;
        try {
            Class<?> g = Class.forName(name, false, testClass.getClassLoader());
            if (!testClass.isAssignableFrom(g)) {
                throw new ExtensionConfigurationException(name + " is not a subclass of " + testClass.getName()
                        + ": is it Corio's generated class for it (only instance @Async methods make one)?");
            }
            return g;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Object instantiate(Class<?> type, Object outer) {
        try {
            Constructor<?> c = outer == null ? type.getDeclaredConstructor()
                    : type.getDeclaredConstructor(type.getEnclosingClass()); // the outer instance may be a Corio_ subclass
            c.setAccessible(true);
            return outer == null ? c.newInstance() : c.newInstance(outer);
        } catch (NoSuchMethodException e) {
            throw new TestInstantiationException(type.getName() + " needs a constructor without parameters to be"
                    + " created by " + CorioExtension.class.getSimpleName(), e);
        } catch (InvocationTargetException e) {
            throw new TestInstantiationException("the constructor of " + type.getName() + " threw "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new TestInstantiationException("cannot create " + type.getName() + ": " + e, e);
        }
    }
}
