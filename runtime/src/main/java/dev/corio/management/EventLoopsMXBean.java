package dev.corio.management;

import java.util.List;

/**
 * The JMX view of a program's event loops, registered as {@value CorioManagement#OBJECT_NAME} by
 * {@link CorioManagement#register()} (or at the first loop with {@code -Dcorio.jmx=true}): what each loop's
 * tasks are waiting for, on demand from {@code jconsole}, {@code jcmd}'s JMX agent or any JMX client, while
 * the loops run (docs/debugging.md, "Task dumps from outside").
 */
public interface EventLoopsMXBean {
    /** How many loops are open (created and not closed). */
    int getLoopCount();

    /** Each open loop's {@code toString()}: its state and the names of its first pending tasks. */
    List<String> getLoops();

    /**
     * {@link dev.corio.EventLoop#dumpTasks()} of every open loop, one after the other: each pending task's
     * name, what it awaits and its chain of suspended frames with their source lines. A snapshot taken from
     * the JMX thread while the loops run: safe, and each task as it was at one moment or changing under it.
     */
    String dumpTasks();
}
