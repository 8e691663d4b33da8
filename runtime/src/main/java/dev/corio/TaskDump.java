package dev.corio;


/**
 * The text of {@link EventLoop#dumpTasks()}: every pending task with what it awaits and the chain of frames it
 * is suspended in. Written to be safe when called from another thread while the loop runs (every field is
 * read once into a local, and a chain that changes under it at worst ends early or describes a mix of two
 * moments).
 */
final class TaskDump {
    private TaskDump() {
    }

    /** Stops a racy walk that would otherwise follow a list being rewritten forever. */
    private static final int MAX_TASKS = 100_000;

    static String format(EventLoop loop, Task<?> first) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Task<?> t = first; t != null && n < MAX_TASKS; t = t.next) {
            n++;
            describe(t, sb);
        }
        String on = loop.describeState();
        String head = n == 0 ? "No pending tasks on " + on : n + (n == 1 ? " pending task" : " pending tasks") + " on " + on;
        return sb.insert(0, head + (n == 0 ? "" : ":") + "\n").toString();
    }

    private static void describe(Task<?> t, StringBuilder sb) {
        sb.append(t.describe()).append(": ");
        AsyncFuture<?> w = t.awaiting();
        if (t.isDone()) {
            sb.append("done");
        } else if (t.notStarted()) {
            sb.append("not started yet");
        } else if (w != null) {
            sb.append("awaiting ").append(w);
        } else if (t.sleepingAsTimer()) {
            sb.append("awaiting sleep<pending>"); // its own timer: what a sleep's future would print
        } else if (t.sleepCancelled()) {
            sb.append("awaiting sleep<cancelled>");
        } else {
            sb.append("ready to run");
        }
        int c = t.cancelling();
        if (c > 0) {
            sb.append(", cancelling (").append(c).append(c == 1 ? " request)" : " requests)");
        }
        sb.append('\n');
        java.util.List<Coroutine<?>> stack = t.getStack();
        for (int i = stack.size() - 1; i >= 0; i--) { // innermost first, as a Java stack trace reads
            Coroutine<?> f = stack.get(i);
            StackTraceElement where = AsyncStackTrace.location(f);
            // an @Async frame as its source line; a hand-written one without a location by its toString
            sb.append("    ").append(where != null ? "at " + where : String.valueOf(f)).append('\n');
        }
        Throwable origin = t.origin();
        if (origin != null) {
            sb.append("  created at:\n");
            for (StackTraceElement e : origin.getStackTrace()) {
                sb.append("    at ").append(e).append('\n');
            }
        }
    }
}
