package dev.corio.internal;

import dev.corio.EventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The loops that are not closed yet, weakly (a loop nobody closed and nobody holds does not stay), for the
 * JMX task dump ({@link dev.corio.management.CorioManagement}). A loop adds itself when it is created and
 * removes itself when it is closed: one synchronized map operation each, never on a loop's own hot path.
 * Not API (see the package documentation).
 */
public final class LiveLoops {
    private static final Map<EventLoop, Boolean> LOOPS = Collections.synchronizedMap(new WeakHashMap<>());
    /** Whether the first loop checked {@code -Dcorio.jmx=true} (the bean is registered then, once). */
    private static volatile boolean checked;

    private LiveLoops() {
    }

    public static void created(EventLoop loop) {
        LOOPS.put(loop, Boolean.TRUE);
        if (!checked) {
            checked = true;
            if (Boolean.getBoolean(dev.corio.management.CorioManagement.PROPERTY)) {
                dev.corio.management.CorioManagement.register();
            }
        }
    }

    public static void closed(EventLoop loop) {
        LOOPS.remove(loop);
    }

    /** The live loops now, in no particular order. */
    public static List<EventLoop> snapshot() {
        synchronized (LOOPS) {
            return new ArrayList<>(LOOPS.keySet());
        }
    }
}
