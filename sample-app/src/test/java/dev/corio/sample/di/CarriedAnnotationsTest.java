package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.sample.hn.HnClient;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * What the processor carries from {@code Foo} to {@code Corio_Foo} today, as the containers see it by
 * reflection: the constructors' signatures, and none of their annotations (issue 16's DI gap,
 * docs/integration.md). Each assertion that says "not carried" is the gap, and fails once the processor
 * copies that annotation: then update docs/integration.md's recipes.
 */
class CarriedAnnotationsTest {
    /** A service with what containers look for on the class, the constructor and its parameters. */
    @Singleton
    public static class Qualified {
        final HnClient client;

        @Inject
        public Qualified(@Named("hn") HnClient client) {
            this.client = client;
        }

        @dev.corio.annotation.Async
        public dev.corio.Coroutine<Integer> one() {
            return dev.corio.Corio.result(1);
        }
    }

    @Test
    void constructorsAreMirroredWithTheirSignatures() throws NoSuchMethodException {
        Constructor<?> c = Corio_CarriedAnnotationsTest_Qualified.class.getConstructor(HnClient.class);
        assertTrue(Modifier.isPublic(c.getModifiers()));
        assertEquals(Qualified.class, Corio_CarriedAnnotationsTest_Qualified.class.getSuperclass());
        assertTrue(Qualified.class.getConstructor(HnClient.class).isAnnotationPresent(Inject.class));
    }

    @Test
    void injectIsNotCarriedToTheGeneratedConstructor() throws NoSuchMethodException {
        Constructor<?> c = Corio_CarriedAnnotationsTest_Qualified.class.getConstructor(HnClient.class);
        assertFalse(c.isAnnotationPresent(Inject.class));
    }

    @Test
    void qualifiersAreNotCarriedToTheGeneratedConstructorsParameters() throws NoSuchMethodException {
        Constructor<?> c = Corio_CarriedAnnotationsTest_Qualified.class.getConstructor(HnClient.class);
        assertEquals(0, c.getParameterAnnotations()[0].length);
        assertEquals(1, Qualified.class.getConstructor(HnClient.class).getParameterAnnotations()[0].length);
    }

    @Test
    void classAnnotationsAreNotCarried() {
        // @Singleton is not @Inherited, so the subclass does not see it either
        assertFalse(Corio_CarriedAnnotationsTest_Qualified.class.isAnnotationPresent(Singleton.class));
        assertTrue(Qualified.class.isAnnotationPresent(Singleton.class));
    }
}
