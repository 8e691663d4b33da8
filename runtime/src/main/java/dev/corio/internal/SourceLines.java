package dev.corio.internal;

/**
 * The line maps of generated state machines (registered with {@code Coroutine.registerCode}, {@code AsyncGenerator.registerCode}; {@link MachineCode}):
 * turns a stack trace element of a machine's generated code (its {@code resume} at a line of
 * {@code Corio_Foo$Bar.java}) into the element of the user's source it comes from ({@code Foo.bar} at a line
 * of {@code Foo.java}). Used on the exception path only. Not API (see the package documentation).
 *
 * <p>A map is the text the processor writes: runs {@code G:S} or {@code G:S+N} separated by spaces, in
 * order of {@code G}: generated lines {@code G} to {@code G+N} come from source lines {@code S} to
 * {@code S+N}. It is read in place, without allocating.
 */
public final class SourceLines {
    private SourceLines() {
    }

    /**
     * {@code e} in the user's source, or null when it is not in the code of {@code machine} (the machine's
     * class name) or its line is not in {@code map}. {@code where} is the machine's {@code sourceLocation()}:
     * the user's class, method and file. The machine's {@code resume} becomes the user's method, its lambdas
     * {@code lambda$<method>$N}; a class declared in {@code resume} keeps its name, with the user's file and line.
     */
    public static StackTraceElement toSource(StackTraceElement e, String machine, String map, StackTraceElement where) {
        if (map == null || where == null) {
            return null;
        }
        if (!inMachine(e, machine)) {
            return null;
        }
        String cls = e.getClassName();
        boolean own = cls.equals(machine);
        int line = lookup(map, e.getLineNumber());
        if (line <= 0) {
            return null;
        }
        String method = e.getMethodName();
        String user = where.getMethodName();
        if (own && "resume".equals(method)) {
            method = user;
        } else if (own && method.startsWith("lambda$resume$")) {
            method = "lambda$" + user + method.substring("lambda$resume".length());
        }
        return new StackTraceElement(null, e.getModuleName(), e.getModuleVersion(),
                own ? where.getClassName() : cls, method, where.getFileName(), line);
    }

    /** Whether {@code e} is in the code of {@code machine}: the class itself or one declared in it. */
    public static boolean inMachine(StackTraceElement e, String machine) {
        String cls = e.getClassName();
        return cls.startsWith(machine) && (cls.length() == machine.length() || cls.charAt(machine.length()) == '$');
    }

    /** The source line of generated line {@code generated} in {@code map}, or -1. */
    public static int lookup(String map, int generated) {
        if (generated <= 0) {
            return -1;
        }
        int i = 0;
        int n = map.length();
        while (i < n) {
            int g = 0;
            int s = 0;
            int extra = 0;
            int start = i;
            while (i < n && isDigit(map.charAt(i))) {
                g = g * 10 + (map.charAt(i++) - '0');
            }
            if (i == start || i >= n || map.charAt(i++) != ':') {
                return -1; // not a map (a placeholder the processor did not fill in)
            }
            start = i;
            while (i < n && isDigit(map.charAt(i))) {
                s = s * 10 + (map.charAt(i++) - '0');
            }
            if (i == start) {
                return -1;
            }
            if (i < n && map.charAt(i) == '+') {
                i++;
                while (i < n && isDigit(map.charAt(i))) {
                    extra = extra * 10 + (map.charAt(i++) - '0');
                }
            }
            if (generated < g) {
                return -1; // runs are in order: no later one holds it
            }
            if (generated <= g + extra) {
                return s + (generated - g);
            }
            while (i < n && map.charAt(i) == ' ') {
                i++;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
