package dev.corio.management;

import dev.corio.EventLoop;
import dev.corio.internal.LiveLoops;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers the {@link EventLoopsMXBean} with the platform MBean server, so that a task dump of every loop can
 * be asked for from outside the program: {@code jconsole <pid>} (MBeans, {@code dev.corio}, EventLoops,
 * operation {@code dumpTasks}), or any JMX client once {@code jcmd <pid> ManagementAgent.start_local} (or
 * {@code -Dcom.sun.management.jmxremote}) has started the JDK's agent.
 *
 * <p>Opt-in, because registering touches JMX (a few milliseconds and the {@code java.management} module at
 * startup): call {@link #register()}, or run with {@code -Dcorio.jmx=true} and the first loop created
 * registers it. Every loop is known to it either way, including those created before.
 */
public final class CorioManagement {
    /** The bean's name. */
    public static final String OBJECT_NAME = "dev.corio:type=EventLoops";
    /** {@code -Dcorio.jmx=true}: the first loop created registers the bean. */
    public static final String PROPERTY = "corio.jmx";

    private CorioManagement() {
    }

    /** Registers the bean if it is not registered yet; returns its name. */
    public static synchronized ObjectName register() {
        ObjectName name = name();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(name)) {
            try {
                server.registerMBean(new Bean(), name);
            } catch (InstanceAlreadyExistsException raced) {
                // registered by another class loader's copy of Corio meanwhile: that one answers
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + OBJECT_NAME + " with the platform MBean server: " + e, e);
            }
        }
        return name;
    }

    /** Removes the bean; does nothing if it is not registered. */
    public static synchronized void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name());
        } catch (InstanceNotFoundException absent) {
            // not registered: nothing to remove
        } catch (JMException e) {
            throw new IllegalStateException("cannot unregister " + OBJECT_NAME + ": " + e, e);
        }
    }

    private static ObjectName name() {
        try {
            return new ObjectName(OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    /** The bean: reads the live loops at each call. */
    private static final class Bean implements EventLoopsMXBean {
        @Override
        public int getLoopCount() {
            return LiveLoops.snapshot().size();
        }

        @Override
        public List<String> getLoops() {
            List<String> out = new ArrayList<>();
            for (EventLoop l : LiveLoops.snapshot()) {
                out.add(l.toString());
            }
            return out;
        }

        @Override
        public String dumpTasks() {
            List<EventLoop> loops = LiveLoops.snapshot();
            if (loops.isEmpty()) {
                return "No open event loops\n";
            }
            StringBuilder sb = new StringBuilder();
            for (EventLoop l : loops) {
                sb.append(l.dumpTasks());
            }
            return sb.toString();
        }
    }
}
