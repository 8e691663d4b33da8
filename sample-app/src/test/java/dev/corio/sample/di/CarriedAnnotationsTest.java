package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.corio.sample.hn.HnClient;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the processor carries from {@code Foo} to {@code Corio_Foo}, as the containers see it by reflection:
 * the constructors' signatures, their run-time retained annotations ({@code @Inject}) and their parameters'
 * (qualifiers), and the class's ({@code @Singleton}) (docs/processor.md, "Annotations carried to the
 * generated class"; docs/integration.md).
 */
@Timeout(60)
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
    }

    @Test
    void injectIsCarriedToTheGeneratedConstructor() throws NoSuchMethodException {
        Constructor<?> c = Corio_CarriedAnnotationsTest_Qualified.class.getConstructor(HnClient.class);
        assertTrue(c.isAnnotationPresent(Inject.class));
    }

    @Test
    void qualifiersAreCarriedToTheGeneratedConstructorsParameters() throws NoSuchMethodException {
        Constructor<?> c = Corio_CarriedAnnotationsTest_Qualified.class.getConstructor(HnClient.class);
        assertEquals(1, c.getParameterAnnotations()[0].length);
        assertEquals("hn", ((Named) c.getParameterAnnotations()[0][0]).value());
    }

    @Test
    void classAnnotationsAreCarried() {
        // @Singleton is not @Inherited: the subclass has it because the processor wrote it there
        assertTrue(Corio_CarriedAnnotationsTest_Qualified.class.isAnnotationPresent(Singleton.class));
    }

    @Test
    void guiceBuildsTheGeneratedClassWithItsQualifierAndScope() {
        try (HnClient client = new HnClient("http://127.0.0.1:1")) { // never called
            Injector injector = Guice.createInjector(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(HnClient.class).annotatedWith(com.google.inject.name.Names.named("hn")).toInstance(client);
                    bind(Qualified.class).to(Corio_CarriedAnnotationsTest_Qualified.class);
                }
            });
            Qualified q = injector.getInstance(Qualified.class);
            assertEquals(Corio_CarriedAnnotationsTest_Qualified.class, q.getClass());
            assertSame(client, q.client);
            assertSame(q, injector.getInstance(Qualified.class)); // the carried @Singleton
        }
    }
}
