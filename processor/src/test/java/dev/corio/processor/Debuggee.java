package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A debuggee JVM under JDI (what jdb and IDEs use), driven one event at a time: each call resumes it and waits
 * for the event it asks for. Breakpoints are named {@code class:line} and set when the class is loaded. Used by
 * {@link BreakpointTest} and {@link SteppingTest}.
 */
final class Debuggee implements AutoCloseable {
    final VirtualMachine vm;
    final EventRequestManager requests;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread drain;
    private boolean dead;
    /** During {@link #stepOverAwait}: breakpoints set meanwhile (a class loaded) start disabled. */
    private boolean breakpointsOff;

    Debuggee(Path classes, String main) throws Exception {
        LaunchingConnector launcher = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> args = launcher.defaultArguments();
        args.get("main").setValue(main);
        args.get("options").setValue("-cp " + classes + java.io.File.pathSeparator + System.getProperty("java.class.path"));
        vm = launcher.launch(args);
        requests = vm.eventRequestManager();
        drain = new Thread(() -> {
            try (InputStream in = vm.process().getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "debuggee-output");
        drain.start();
    }

    /** A breakpoint at {@code type:line}, set when the class is loaded. */
    void breakAt(String type, int line) {
        ClassPrepareRequest r = requests.createClassPrepareRequest();
        r.addClassFilter(type);
        r.putProperty("line", line);
        r.enable();
    }

    void clearBreakpoints() {
        requests.deleteEventRequests(new ArrayList<>(requests.breakpointRequests()));
    }

    /** Resumes the debuggee until an event of {@code kind}; class loads set the pending breakpoints. */
    <T extends LocatableEvent> T resumeUntil(Class<T> kind) throws Exception {
        vm.resume();
        for (;;) {
            EventSet set = vm.eventQueue().remove(60_000);
            assertNotNull(set, "no " + kind.getSimpleName() + " within 60 s; output: " + output());
            T found = null;
            for (Event e : set) {
                if (e instanceof ClassPrepareEvent) {
                    setPendingBreakpoint((ClassPrepareEvent) e);
                } else if (kind.isInstance(e)) {
                    found = kind.cast(e);
                } else if (e instanceof LocatableEvent) {
                    fail("expected a " + kind.getSimpleName() + ", got " + e);
                } else if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    dead = true;
                    fail("the program ended before a " + kind.getSimpleName() + "; output: " + output());
                }
            }
            if (found != null) {
                return found; // the debuggee stays suspended (SUSPEND_ALL) until the next call
            }
            set.resume();
        }
    }

    /** One {@code STEP_LINE} step of {@code depth}, the classes matching {@code excluded} filtered out. */
    StepEvent step(ThreadReference t, int depth, List<String> excluded) throws Exception {
        StepRequest r = requests.createStepRequest(t, StepRequest.STEP_LINE, depth);
        excluded.forEach(r::addClassExclusionFilter);
        r.addCountFilter(1);
        r.enable();
        StepEvent e = resumeUntil(StepEvent.class);
        requests.deleteEventRequest(r);
        return e;
    }

    StepEvent step(ThreadReference t, int depth) throws Exception {
        return step(t, depth, List.of());
    }

    /**
     * Step over an await the way an IDE can (IntelliJ does this for Kotlin's suspend calls): a plain step
     * over; if it left the machine, the await suspended ({@code resume} returned), so break on the entry of
     * the same {@code resume} for this machine object only, and when the loop resumes it, step over the
     * state switch and the await's re-entry (on the await's own line) to the next line.
     */
    void stepOverAwait(ThreadReference t) throws Exception {
        StackFrame f = t.frame(0);
        Method resume = f.location().method();
        ObjectReference machine = f.thisObject();
        int from = f.location().lineNumber();
        // the other breakpoints are off during the step (IntelliJ's "force step over"; a plain step over
        // would stop at one hit in the code the await runs, as in any call)
        requests.breakpointRequests().forEach(BreakpointRequest::disable);
        breakpointsOff = true;
        try {
            step(t, StepRequest.STEP_OVER);
            if (onMachine(t, machine)) {
                return; // it did not suspend
            }
            BreakpointRequest entry = requests.createBreakpointRequest(resume.location());
            entry.addInstanceFilter(machine);
            entry.enable();
            BreakpointEvent resumed = resumeUntil(BreakpointEvent.class);
            requests.deleteEventRequest(entry);
            int switchLine = resumed.location().lineNumber();
            do {
                step(t, StepRequest.STEP_OVER);
            } while (onMachine(t, machine) && (t.frame(0).location().lineNumber() == switchLine
                    || t.frame(0).location().lineNumber() == from));
        } finally {
            breakpointsOff = false;
            requests.breakpointRequests().forEach(BreakpointRequest::enable);
        }
    }

    /** Whether the top frame of {@code t} is {@code machine}'s {@code resume}. */
    static boolean onMachine(ThreadReference t, ObjectReference machine) throws Exception {
        StackFrame f = t.frame(0);
        return machine.equals(f.thisObject()) && f.location().method().name().equals("resume");
    }

    /**
     * Lets the program run to its end, calling {@code atHit} at each breakpoint hit (the debuggee is suspended
     * meanwhile) and going on after it; returns what it printed.
     */
    String runToEnd(HitHandler atHit) throws Exception {
        vm.resume();
        while (!dead) {
            EventSet set = vm.eventQueue().remove(60_000);
            assertNotNull(set, "the debuggee did not finish within 60 s; output: " + output());
            for (Event e : set) {
                if (e instanceof ClassPrepareEvent) {
                    setPendingBreakpoint((ClassPrepareEvent) e);
                } else if (e instanceof BreakpointEvent) {
                    atHit.hit((BreakpointEvent) e);
                } else if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    dead = true;
                }
            }
            if (!dead) {
                set.resume();
            }
        }
        drain.join(10_000);
        return output();
    }

    /** What {@link #runToEnd} does at a breakpoint hit. */
    interface HitHandler {
        void hit(BreakpointEvent e) throws Exception;
    }

    private void setPendingBreakpoint(ClassPrepareEvent e) throws AbsentInformationException {
        ReferenceType type = e.referenceType();
        int line = (Integer) e.request().getProperty("line");
        List<Location> at = type.locationsOfLine(line);
        assertFalse(at.isEmpty(), "no code at " + type.name() + ":" + line);
        requests.createBreakpointRequest(at.get(0)).setEnabled(!breakpointsOff);
    }

    /** Lets the program run to its end; returns what it printed. */
    String finish() throws Exception {
        clearBreakpoints();
        vm.resume();
        while (!dead) {
            EventSet set = vm.eventQueue().remove(60_000);
            assertNotNull(set, "the debuggee did not finish within 60 s; output: " + output());
            for (Event e : set) {
                dead |= e instanceof VMDeathEvent || e instanceof VMDisconnectEvent;
            }
            if (!dead) {
                set.resume();
            }
        }
        drain.join(10_000);
        return output();
    }

    String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            vm.exit(0);
        } catch (com.sun.jdi.VMDisconnectedException gone) {
            // it finished
        }
        try {
            vm.dispose();
        } catch (com.sun.jdi.VMDisconnectedException gone) {
            // it finished
        }
        drain.join(10_000);
    }
}
