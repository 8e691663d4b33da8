package dev.corio.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Thread factories for the thread peers. Virtual threads are reached through method handles so this module
 * compiles with {@code --release 17}; on a JDK without them ({@code < 21}) {@link #virtualAvailable()} is
 * false and {@link #virtual()} throws {@link UnsupportedOperationException} with a message saying so.
 */
public final class Threads {
    private Threads() {
    }

    /** Why virtual threads are unavailable, or null when they are available. */
    private static final String MISSING;
    private static final ThreadFactory VIRTUAL;

    static {
        ThreadFactory f = null;
        String missing = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            f = (ThreadFactory) factory.invoke(ofVirtual.invoke());
        } catch (Throwable e) {
            missing = "virtual threads need JDK 21 or later; this is JDK " + Runtime.version().feature()
                    + " (" + e + "). Run the benchmarks with JDK 25 (benchmarks/run.sh looks for "
                    + "/usr/lib/jvm/temurin-25-jdk-amd64)";
        }
        VIRTUAL = f;
        MISSING = missing;
    }

    /** Platform threads, daemon so a failed run cannot hang the JVM. */
    public static ThreadFactory platform() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }

    public static boolean virtualAvailable() {
        return VIRTUAL != null;
    }

    /** Why {@link #virtual()} is unavailable, or null. */
    public static String virtualMissingReason() {
        return MISSING;
    }

    /** A factory of virtual threads; throws with an explanation on a JDK without them. */
    public static ThreadFactory virtual() {
        if (VIRTUAL == null) {
            throw new UnsupportedOperationException(MISSING);
        }
        return VIRTUAL;
    }

    /** The carrier count virtual threads use in this JVM, as configured ("default" when not set). */
    public static String carriers() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        return p == null ? "default (" + Runtime.getRuntime().availableProcessors() + ")" : p;
    }
}
