package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code import static dev.corio.Corio.*} brings user API only, and the coroutine protocol is visible to
 * subclasses only (docs/runtime.md, "The public API and the protocol").
 */
class PublicApiTest {
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
}
