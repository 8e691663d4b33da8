package dev.corio.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The superclass of every generated fuzz program, transformed and reference alike. Its members are what
 * a generated body may call besides the awaitables: tracing identity functions that record a value into
 * the current thread's trace and return it, objects whose constructors and methods record their calls
 * ({@link Box}, {@link Res}), exceptions, an enum to switch on, and a place to park lambdas so the values
 * they captured can be read after the body ends.
 *
 * <p>Everything is public and static so that generated state machines (another class, another package)
 * reach it the same way the user's body does. The trace is thread-local: the harness runs each program on
 * its own thread (the loop runs on the calling thread), so an abandoned hung program cannot pollute the
 * next one.
 */
public abstract class FuzzBase {
    private static final ThreadLocal<List<String>> TRACE = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<List<IntSupplier>> CAPTURED = ThreadLocal.withInitial(ArrayList::new);

    /** Starts a fresh trace on this thread. */
    public static void resetTrace() {
        TRACE.set(new ArrayList<>());
        CAPTURED.set(new ArrayList<>());
        MUTED.get()[0] = false;
    }

    /** The trace recorded on this thread since the last reset, then the values of the captured lambdas. */
    public static List<String> finishTrace() {
        List<String> out = new ArrayList<>(TRACE.get());
        List<IntSupplier> lambdas = CAPTURED.get();
        for (int i = 0; i < lambdas.size(); i++) {
            try {
                out.add("lambda#" + i + "=" + lambdas.get(i).getAsInt());
            } catch (RuntimeException e) {
                out.add("lambda#" + i + " threw " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * This thread's trace, captured lambdas and mute flag, for a reference generator's own thread to share
     * ({@link RefGenerators}): it runs only while the consumer waits for it, so one trace in order.
     */
    static Object[] traceState() {
        return new Object[] {TRACE.get(), CAPTURED.get(), MUTED.get()};
    }

    @SuppressWarnings("unchecked")
    static void adoptTraceState(Object[] state) {
        TRACE.set((List<String>) state[0]);
        CAPTURED.set((List<IntSupplier>) state[1]);
        MUTED.set((boolean[]) state[2]);
    }

    /** The value an emit evaluated to, as an int: what the consumer sent ({@code -1} for none). */
    public static int nz(Object sent) {
        return sent == null ? -1 : (Integer) sent;
    }

    private static final ThreadLocal<boolean[]> MUTED = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * Reference side only: while muted, nothing is recorded (a generator that the transformed run leaves
     * suspended for good, see {@link RefSide#emit}, runs no more code there).
     */
    static void mute(boolean on) {
        MUTED.get()[0] = on;
    }

    /**
     * The function of a generated {@code map} (Generator#operators): records {@code map tag v} (so the trace
     * shows when the operator pulls), then gives {@code tag:v}; mode 1 throws a FuzzException instead for a
     * value that fails {@link #opPass}{@code (v, 2)}.
     */
    public static Object opMap(String tag, Object v, int mode) {
        rec("map " + tag + " " + v);
        if (mode == 1 && !opPass(v, 2)) {
            throw new FuzzException("map " + tag + " " + v);
        }
        return tag + ":" + v;
    }

    /** The predicate of a generated {@code filter}/{@code takeWhile}: a fixed function of the value's text. */
    public static boolean opPass(Object v, int k) {
        return Math.floorMod(String.valueOf(v).hashCode(), k) != 0;
    }

    public static void rec(String event) {
        if (MUTED.get()[0]) {
            return;
        }
        TRACE.get().add(event);
    }

    public static int ti(String tag, int v) {
        rec(tag + "=" + v);
        return v;
    }

    public static String ts(String tag, String v) {
        rec(tag + "=" + v);
        return v;
    }

    public static boolean tb(String tag, boolean v) {
        rec(tag + "=" + v);
        return v;
    }

    public static int[] ta(String tag, int[] v) {
        rec(tag + "=" + Arrays.toString(v));
        return v;
    }

    public static List<Integer> tl(String tag, List<Integer> v) {
        rec(tag + "=" + v);
        return v;
    }

    public static Color tc(String tag, Color v) {
        rec(tag + "=" + v);
        return v;
    }

    public static Object to(String tag, Object v) {
        rec(tag + "=" + v);
        return v;
    }

    /** The identity: lets a {@code yield} value start with a parenthesis. */
    public static <T> T id(T v) {
        return v;
    }

    /** A new mutable list (so bodies can add to it). */
    public static List<Integer> ints(int... values) {
        List<Integer> l = new ArrayList<>();
        for (int v : values) {
            l.add(v);
        }
        return l;
    }

    public static Box box(String tag) {
        rec("box " + tag);
        return new Box(tag);
    }

    public static Res res(String tag, boolean failOnClose) {
        rec("open " + tag);
        return new Res(tag, failOnClose);
    }

    /** Parks a lambda; its value is read (and recorded) by {@link #runCaptured} and at the end of the run. */
    public static void capture(IntSupplier lambda) {
        CAPTURED.get().add(lambda);
    }

    public static void runCaptured(String tag) {
        List<IntSupplier> lambdas = CAPTURED.get();
        StringBuilder sb = new StringBuilder(tag).append(" lambdas");
        for (IntSupplier l : lambdas) {
            sb.append(' ').append(l.getAsInt());
        }
        rec(sb.toString());
    }

    /** Renders a result value the same way for both runs. */
    public static String show(Object v) {
        if (v instanceof int[] a) {
            return "int[]" + Arrays.toString(a);
        }
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
    }

    /** A receiver and constructor with recorded side effects. */
    // ---- instance members, used unqualified by the bodies (the receiver is implicit), and constants

    public static final boolean ON = true;
    public static final boolean OFF = false;

    /** How many instance calls this object has seen; read and written by the bodies. */
    public int hits;

    public int inst(String tag, int v) {
        rec("inst " + tag + " " + v);
        hits++;
        return v;
    }

    public boolean instFlag(String tag, boolean v) {
        rec("flag " + tag + " " + v);
        return v;
    }

    /** An inner member class: {@code new Cell(..)} in a body takes the receiver as its enclosing instance. */
    public class Cell {
        private final int v;

        public Cell(String tag, int v) {
            rec("cell " + tag + " " + v + " at " + hits);
            this.v = v + hits;
        }

        public int get() {
            return v;
        }
    }

    public static final class Box {
        private final String tag;
        private final int value;

        Box(String tag) {
            this.tag = tag;
            this.value = 0;
        }

        public Box(String tag, int a, int b) {
            rec("new " + tag + "(" + a + "," + b + ")");
            this.tag = tag;
            this.value = a - b;
        }

        public int sum(int a, int b, int c) {
            rec(tag + ".sum(" + a + "," + b + "," + c + ")");
            return a + b + c + value;
        }

        public String cat(String s, int i) {
            rec(tag + ".cat(" + s + "," + i + ")");
            return s + i;
        }

        public int get() {
            rec(tag + ".get");
            return value;
        }
    }

    /** An ordinary resource for try-with-resources: records open, use and close; close may throw. */
    public static final class Res implements AutoCloseable {
        private final String tag;
        private final boolean failOnClose;
        private boolean closed;

        Res(String tag, boolean failOnClose) {
            this.tag = tag;
            this.failOnClose = failOnClose;
        }

        public int use(int v) {
            rec("use " + tag + " " + v + (closed ? " AFTER CLOSE" : ""));
            return v;
        }

        @Override
        public void close() {
            rec("close " + tag + (closed ? " TWICE" : ""));
            closed = true;
            if (failOnClose) {
                throw new OtherException("close " + tag);
            }
        }
    }

    public enum Color { RED, GREEN, BLUE }

    // ---- shapes of real code (Feature.SHAPES, issue 9): generic methods with bounded and self-bounded type
    // variables, varargs, overloads, wildcard collections, a sealed hierarchy of records

    /** A self-bounded generic method: its type variable is inferred with itself in its bound (finding 12's family). */
    public static <T extends Comparable<? super T>> T maxOf(String tag, T a, T b) {
        rec("max " + tag + " " + a + " " + b);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A bounded wildcard parameter. */
    public static int sumOf(String tag, List<? extends Number> xs) {
        rec("sumOf " + tag + " " + xs);
        int s = 0;
        for (Number n : xs) {
            s += n.intValue();
        }
        return s;
    }

    /** Takes a {@code Class<CAP>} of a capture bounded by itself ({@code ((Enum<?>) e).getDeclaringClass()}). */
    public static int declaring(String tag, Class<?> c, int v) {
        rec("declaring " + tag + " " + c.getSimpleName() + " " + v);
        return v;
    }

    public static int sumAll(String tag, int... xs) {
        rec("sumAll " + tag + " " + xs.length);
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    // overloads: which one javac picks depends on the argument's static type, which the transformation keeps
    public static int over(String tag, int v) {
        rec("over(int) " + tag + " " + v);
        return v;
    }

    public static int over(String tag, long v) {
        rec("over(long) " + tag + " " + v);
        return (int) v + 1;
    }

    public static int over(String tag, Integer v) {
        rec("over(Integer) " + tag + " " + v);
        return v + 2;
    }

    public static int over(String tag, Object v) {
        rec("over(Object) " + tag + " " + v);
        return 3;
    }

    /**
     * A class with protected members, of another package than the programs, that a body subclasses anonymously
     * and whose members the anonymous class uses as its own (unqualified, {@code this.}, {@code super.}, in a
     * lambda), beside the program's members (commons-compress {@code SevenZFile}, an anonymous
     * {@code FilterInputStream} reading its {@code in}: the copy sent it to the program class's accessor).
     */
    public abstract static class Gauge {
        protected int level;

        protected Gauge(String tag, int level) {
            rec("gauge " + tag + " " + level);
            this.level = level;
        }

        protected int bump(int d) {
            level += d;
            rec("bump " + d + " to " + level);
            return level;
        }

        protected static int scale(int v) {
            return 3 * v;
        }

        public abstract int read();
    }

    /** A sealed hierarchy of records, for exhaustive pattern switches and record patterns (Java 21). */
    public sealed interface Shape permits Sq, Ci {
    }

    public record Sq(int side) implements Shape {
    }

    public record Ci(int radius) implements Shape {
    }

    public static Shape shape(String tag, int v) {
        rec("shape " + tag + " " + v);
        return (v & 1) == 0 ? new Sq(v) : new Ci(v);
    }

    public static final class FuzzException extends RuntimeException {
        public FuzzException(String message) {
            super(message);
        }
    }

    public static final class OtherException extends RuntimeException {
        public OtherException(String message) {
            super(message);
        }
    }
}
