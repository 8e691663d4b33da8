package dev.corio.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The code object of a generated state machine (as Python's {@code cr_code}: the method's name, file and line
 * table): what the runtime needs to describe a machine in async stack traces, task dumps and {@code toString},
 * registered once per machine class by its static initializer ({@code Coroutine.registerCode},
 * {@code AsyncGenerator.registerCode}) instead of three overrides and a table per machine (issue 14: they were
 * 10-25 % of javac's time for the generated code). Read only on the exception path and by introspection: the
 * line table is parsed and the state field looked up on first use. Not API (see the package documentation).
 */
public final class MachineCode {
    /** The code of each registered machine class (a box per class; a class that registers nothing keeps null). */
    private static final ClassValue<Box> BY_CLASS = new ClassValue<>() {
        @Override
        protected Box computeValue(Class<?> type) {
            return new Box();
        }
    };

    private static final class Box {
        volatile MachineCode code;
    }

    private final MethodHandles.Lookup lookup;
    private final String name;
    private final String owner;
    private final String method;
    private final String file;
    private final String stateField;
    private final String lines;
    private final String map;
    /** The parsed {@link #lines} (on first use; a benign race: every thread parses the same table). */
    private int[] table;
    /** {@code (Object) -> int}: the machine's state field, or null for a machine of one state. */
    private MethodHandle state;

    private MachineCode(MethodHandles.Lookup lookup, String name, String owner, String method, String file,
            String stateField, String lines, String map) {
        this.lookup = lookup;
        this.name = name;
        this.owner = owner;
        this.method = method;
        this.file = file;
        this.stateField = stateField;
        this.lines = lines;
        this.map = map;
    }

    /**
     * Registers the code of the class {@code self} looks up from (a lookup only that class can make, which also
     * lets the runtime read its {@code stateField}); a second registration of one class throws.
     */
    public static void register(MethodHandles.Lookup self, String name, String owner, String method, String file,
            String stateField, String lines, String map) {
        if ((self.lookupModes() & MethodHandles.Lookup.PRIVATE) == 0) {
            throw new IllegalArgumentException("the lookup of " + self.lookupClass().getName()
                    + " has no private access: a machine registers its code with MethodHandles.lookup()");
        }
        Box box = BY_CLASS.get(self.lookupClass());
        synchronized (box) {
            if (box.code != null) {
                throw new IllegalStateException("the code of " + self.lookupClass().getName() + " is registered already");
            }
            box.code = new MachineCode(self, name, owner, method, file, stateField, lines, map);
        }
    }

    /** The code {@code type} registered, or null (a hand-written coroutine). */
    public static MachineCode of(Class<?> type) {
        return BY_CLASS.get(type).code;
    }

    /** What the machine's {@code toString} says: the user's {@code Class.method()}. */
    public String name() {
        return name;
    }

    /** Generated line -> source line ({@link SourceLines}), for the throw site of async stack traces. */
    public String map() {
        return map;
    }

    /** Where {@code machine}, an instance of the registered class, is in the user's source: the line of its state. */
    public StackTraceElement location(Object machine) {
        int[] t = table;
        if (t == null) {
            table = t = parse(lines);
        }
        int s = 0;
        if (stateField != null) {
            try {
                MethodHandle h = state;
                if (h == null) {
                    state = h = lookup.findGetter(lookup.lookupClass(), stateField, int.class)
                            .asType(MethodType.methodType(int.class, Object.class));
                }
                s = (int) h.invokeExact(machine);
            } catch (Throwable e) {
                throw new IllegalStateException("the state of " + lookup.lookupClass().getName() + " cannot be read", e);
            }
        }
        return new StackTraceElement(owner, method, file, s >= 0 && s < t.length ? t[s] : -1);
    }

    /** {@code "12 13 13 15"} as {@code {12, 13, 13, 15}}. */
    private static int[] parse(String lines) {
        int n = lines.isEmpty() ? 0 : 1;
        for (int i = 0; i < lines.length(); i++) {
            if (lines.charAt(i) == ' ') {
                n++;
            }
        }
        int[] t = new int[n];
        int k = 0;
        int v = 0;
        for (int i = 0; i < lines.length(); i++) {
            char c = lines.charAt(i);
            if (c == ' ') {
                t[k++] = v;
                v = 0;
            } else {
                v = v * 10 + (c - '0');
            }
        }
        if (n > 0) {
            t[k] = v;
        }
        return t;
    }
}
