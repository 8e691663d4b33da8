package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The accessor rule of docs/runtime.md ("Names"), checked over the public types of every exported package:
 * a boolean query is named {@code isX} ({@code canX} for a capability); the old names kept for
 * compatibility are deprecated and delegate.
 */
class NamingConventionTest {
    /**
     * Boolean methods that are actions, not queries: they do something and say whether it worked
     * ({@code eofReceived} is a protocol's callback, whose answer says whether to keep the transport open).
     */
    private static final Set<String> ACTIONS = Set.of("cancel", "equals", "eofReceived");

    /** The public top-level types of every exported package ({@code dev.corio.internal} is not exported). */
    private static List<Class<?>> publicTypes() throws IOException, URISyntaxException {
        Path root = Path.of(Corio.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/corio"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = root.relativize(p).toString().replace(java.io.File.separatorChar, '.');
                if (!name.endsWith(".class") || name.contains("$") || name.startsWith("dev.corio.internal.")
                        || name.endsWith("package-info.class")) {
                    continue;
                }
                try {
                    Class<?> c = Class.forName(name.substring(0, name.length() - 6));
                    if (Modifier.isPublic(c.getModifiers())) {
                        types.add(c);
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return types;
    }

    @Test
    void everyBooleanQueryIsNamedIsX() throws Exception {
        List<Class<?>> types = publicTypes();
        assertTrue(types.contains(Handle.class) && types.contains(Timeout.class)
                && types.contains(dev.corio.sync.Lock.class) && types.contains(dev.corio.queues.AsyncQueue.class),
                types.toString());
        List<String> offenders = new ArrayList<>();
        for (Class<?> c : types) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.getReturnType() != boolean.class
                        || m.getParameterCount() != 0 || ACTIONS.contains(m.getName())
                        || m.isAnnotationPresent(Deprecated.class)) {
                    continue;
                }
                // canX: a capability, asyncio's can_write_eof()
                if (!m.getName().matches("(is|can)[A-Z].*")) {
                    offenders.add(c.getSimpleName() + "." + m.getName() + "()");
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOldNameOfIsExpiredStillAnswersTheSame() { // kept: the sample app calls Timeout.expired()
        EventLoop loop = EventLoop.virtual();
        Timeout t = loop.runUntilComplete(Corio.timeout(1, scope -> Corio.sleep(0, scope)));
        assertEquals(t.isExpired(), t.expired());
        Handle h = loop.callSoon(() -> { });
        h.cancel();
        assertTrue(h.isCancelled());
        loop.close();
    }
}
