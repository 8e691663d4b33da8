package dev.corio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The tasks of one loop that are not done yet, in creation order (asyncio's {@code _all_tasks}), and debug
 * mode's record of where each was created. An intrusive doubly linked list through {@link Task#prev} and
 * {@link Task#next}: adding and removing a task allocate nothing. Loop thread only, except
 * {@link #dump}, which a watchdog thread may call (a racy read, see {@link TaskDump}).
 *
 * <p>The task running now is not kept here but in {@link EventLoop#currentTask}: every step writes it twice,
 * and a field of the loop is one load closer to the tick than a field of this object.
 */
final class TaskRegistry {
    /** Head and tail of the list of pending tasks, in creation order. */
    private Task<?> first;
    private Task<?> last;
    private int count;
    /** Debug mode: where each task was created, weakly (a task does not carry a field for this). */
    private Map<Task<?>, Throwable> origins;

    /** {@code t} was created: it is pending until {@link #done}. */
    void created(Task<?> t) {
        t.prev = last;
        if (last != null) {
            last.next = t;
        } else {
            first = t;
        }
        last = t;
        count++;
    }

    /** {@code t} is done: it leaves the list. */
    void done(Task<?> t) {
        if (t.prev != null) {
            t.prev.next = t.next;
        } else if (first == t) {
            first = t.next;
        }
        if (t.next != null) {
            t.next.prev = t.prev;
        } else if (last == t) {
            last = t.prev;
        }
        t.prev = t.next = null;
        count--;
    }

    /** The first pending task (follow {@link Task#next} for the others), or null. */
    /** How many tasks are pending (racy from another thread, but safe: a plain int read). */
    int count() {
        return count;
    }

    Task<?> first() {
        return first;
    }

    /** A snapshot of the pending tasks, in creation order, unmodifiable. */
    Set<Task<?>> snapshot() {
        LinkedHashSet<Task<?>> s = new LinkedHashSet<>(count * 2);
        for (Task<?> t = first; t != null; t = t.next) {
            s.add(t);
        }
        return Collections.unmodifiableSet(s);
    }

    /** See {@link EventLoop#dumpTasks()}. */
    String dump(EventLoop loop) {
        return TaskDump.format(loop, first);
    }

    /** Debug mode: {@code t} was created at {@code origin}. */
    void recordOrigin(Task<?> t, Throwable origin) {
        if (origins == null) {
            origins = Collections.synchronizedMap(new WeakHashMap<>()); // dumpTasks may read it from a watchdog thread
        }
        origins.put(t, origin);
    }

    /** Where {@code t} was created, if debug mode was on then; null otherwise. */
    Throwable originOf(Task<?> t) {
        Map<Task<?>, Throwable> o = origins;
        return o == null ? null : o.get(t);
    }
}
