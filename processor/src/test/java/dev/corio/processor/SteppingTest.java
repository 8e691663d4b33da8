package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.corio.processor.Debuggee.onMachine;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.request.StepRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stepping over an await through JDI (issue 15), in a JVM of its own as {@link BreakpointTest}: what a
 * debugger's plain "step over" does at an await that suspends (the machine's {@code resume} returns, so the
 * step ends in the runtime), and the two recipes that land on the user's next line after the resumption:
 * <ul>
 *   <li>the IDE recipe (what IntelliJ's Kotlin debugger does for a suspend call): when the step leaves the
 *   machine, a breakpoint on the entry of the same machine's {@code resume}, filtered to that machine object
 *   ({@code addInstanceFilter}), then step over the state switch and the await's re-entry;</li>
 *   <li>the jdb recipe: step <em>into</em> with the runtime and the JDK excluded (jdb's {@code exclude}): the
 *   step passes through the awaiting method, then the next user code the loop runs, which is the resumption
 *   when no other task is ready.</li>
 * </ul>
 * Lines are found by the {@code // @name} markers of the user's source, not by number: the generated file
 * keeps the user's line numbers, so a marker's line in {@code Shop.java} is the same line in the machine.
 * docs/debugging.md, *Stepping over an await*, pastes this test's output and a jdb session of both recipes.
 */
@Timeout(120)
class SteppingTest {
    static final String SHOP = String.join("\n",
            "package t;",
            "import static dev.corio.Corio.*;",
            "import dev.corio.Coroutine;",
            "import dev.corio.annotation.Async;",
            "public class Shop {",
            "  @Async",
            "  public Coroutine<Integer> price(String item) {",
            "    int tax = item.length(); // @tax",
            "    await(sleep(0.01)); // @sleep",
            "    int base = item.length() * 10 + tax; // @afterSleep",
            "    return result(base); // @return",
            "  }",
            "  @Async",
            "  public Coroutine<Integer> quick(int v) {",
            "    return result(v + 1);",
            "  }",
            "  @Async",
            "  public Coroutine<Integer> total(String a, String b) {",
            "    int q = await(quick(1)); // @quick",
            "    int x = await(price(a)); // @priceA",
            "    int y = await(price(b)); // @priceB",
            "    return result(x + y + q); // @sum",
            "  }",
            "  public static void main(String[] args) {",
            "    Shop shop = new Corio_Shop();",
            "    System.out.println(\"total \" + run(shop.total(\"tea\", \"cake\")));",
            "  }",
            "}",
            "");

    static final String PRICE = "t.Corio_Shop$Price";
    static final String TOTAL = "t.Corio_Shop$Total";
    /** What jdb's {@code exclude} needs for the jdb recipe: the JDK's packages (jdb's default), Corio's runtime and its queue library. */
    static final List<String> RUNTIME = List.of("java.*", "javax.*", "sun.*", "com.sun.*", "jdk.*", "dev.corio.*", "org.jctools.*");

    static Path classes;

    @BeforeAll
    static void compile(@TempDir Path dir) throws IOException {
        classes = BreakpointTest.compile(dir, SHOP, null);
    }

    /** The line of {@code // @name} in {@link #SHOP}. */
    static int line(String name) {
        String[] lines = SHOP.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("// @" + name)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no marker @" + name);
    }

    /** "Corio_Shop$Price:10" for the top frame of {@code t}, the way the assertions name a landing. */
    static String where(ThreadReference t) throws Exception {
        Location l = t.frame(0).location();
        String type = l.declaringType().name();
        return type.substring(type.lastIndexOf('.') + 1) + ":" + l.lineNumber();
    }

    @Test
    void aPlainStepOverASuspendingAwaitEndsInTheRuntime() throws Exception {
        try (Debuggee d = new Debuggee(classes, "t.Shop")) {
            d.breakAt(PRICE, line("sleep"));
            ThreadReference t = d.resumeUntil(BreakpointEvent.class).thread();
            d.clearBreakpoints();
            ObjectReference machine = t.frame(0).thisObject();
            d.step(t, StepRequest.STEP_OVER);
            // resume() returned SUSPENDED: the step ends in its caller, the runtime's await (today
            // Coroutine.awaitFrom), not in price; the machine's frame is gone
            String type = t.frame(0).location().declaringType().name();
            assertTrue(type.startsWith("dev.corio."), where(t));
            assertFalse(onMachine(t, machine), where(t));
            // with the runtime filtered out, step over goes on into the awaiting method, at its await
            // (price suspended inside total's await of it), not to price's next line
            d.step(t, StepRequest.STEP_OVER, RUNTIME);
            assertEquals("Corio_Shop$Total:" + line("priceA"), where(t));
            System.out.println("plain step over from Price:" + line("sleep") + " -> " + type + ", filtered -> " + where(t));
            d.finish();
        }
    }

    @Test
    void stepOverAnAwaitThatDoesNotSuspendStaysInTheMethod() throws Exception {
        try (Debuggee d = new Debuggee(classes, "t.Shop")) {
            d.breakAt(TOTAL, line("quick"));
            ThreadReference t = d.resumeUntil(BreakpointEvent.class).thread();
            d.clearBreakpoints();
            ObjectReference machine = t.frame(0).thisObject();
            d.step(t, StepRequest.STEP_OVER); // quick(1) runs inline and returns: no suspension
            assertEquals("Corio_Shop$Total:" + line("priceA"), where(t));
            assertTrue(onMachine(t, machine));
            assertEquals(2, ((IntegerValue) field(machine, "q")).value());
            d.finish();
        }
    }

    @Test
    void theIdeRecipeLandsOnTheNextLineAfterTheResumption() throws Exception {
        try (Debuggee d = new Debuggee(classes, "t.Shop")) {
            assertTrue(d.vm.canUseInstanceFilters());
            d.breakAt(PRICE, line("sleep"));
            d.breakAt(TOTAL, line("priceA"));
            List<String> landed = new ArrayList<>();
            // total's await of price(a) (price(a) runs inside it, with the other breakpoint off during the step,
            // and suspends in its sleep, so total suspends too), then price(b)'s sleep: each a real suspension
            for (int i = 0; i < 2; i++) {
                ThreadReference t = d.resumeUntil(BreakpointEvent.class).thread();
                String from = where(t);
                ObjectReference machine = t.frame(0).thisObject();
                d.stepOverAwait(t);
                assertTrue(onMachine(t, machine), from + " -> " + where(t));
                String s = from + " -> " + where(t);
                if (where(t).startsWith("Corio_Shop$Price")) {
                    s += " item=" + ((StringReference) field(machine, "item")).value() + " tax=" + field(machine, "tax");
                } else {
                    s += " x=" + field(machine, "x"); // assigned from the await's value on the await's line
                }
                landed.add(s);
            }
            landed.forEach(l -> System.out.println("step over await: " + l));
            assertEquals(List.of(
                    "Corio_Shop$Total:" + line("priceA") + " -> Corio_Shop$Total:" + line("priceB") + " x=33",
                    "Corio_Shop$Price:" + line("sleep") + " -> Corio_Shop$Price:" + line("afterSleep") + " item=cake tax=4"),
                    landed);
            assertTrue(d.finish().contains("total 79"));
        }
    }

    @Test
    void theJdbRecipeStepsIntoThroughTheAwaiterToTheResumption() throws Exception {
        try (Debuggee d = new Debuggee(classes, "t.Shop")) {
            d.breakAt(PRICE, line("sleep"));
            ThreadReference t = d.resumeUntil(BreakpointEvent.class).thread();
            d.clearBreakpoints();
            ObjectReference machine = t.frame(0).thisObject();
            List<String> steps = new ArrayList<>();
            // jdb: exclude java.*,javax.*,sun.*,com.sun.*,jdk.*,dev.corio.*,org.jctools.*, then step, step, ...
            for (int i = 0; i < 8 && !where(t).equals("Corio_Shop$Price:" + line("afterSleep")); i++) {
                d.step(t, StepRequest.STEP_INTO, RUNTIME);
                steps.add(where(t) + (onMachine(t, machine) ? "" : " (another object)"));
            }
            System.out.println("step into, runtime excluded, from Price:" + line("sleep") + ": " + steps);
            // first the awaiting method at its await (price suspended inside it), then the loop resumes
            // price: the state switch (on a line before the method's first statement), the await's re-entry
            // on the await's line, the next line
            assertEquals("Corio_Shop$Total:" + line("priceA") + " (another object)", steps.get(0), steps.toString());
            assertEquals("Corio_Shop$Price:" + line("afterSleep"), steps.get(steps.size() - 1), steps.toString());
            for (String s : steps.subList(1, steps.size() - 1)) {
                int at = Integer.parseInt(s.substring(s.indexOf(':') + 1));
                assertTrue(s.startsWith("Corio_Shop$Price:") && (at < line("tax") || at == line("sleep")), steps.toString());
            }
            assertTrue(onMachine(t, machine));
            d.finish();
        }
    }

    @Test
    void theVariablesView() throws Exception {
        try (Debuggee d = new Debuggee(classes, "t.Shop")) {
            d.breakAt(PRICE, line("return"));
            d.breakAt(TOTAL, line("sum"));
            ThreadReference t = d.resumeUntil(BreakpointEvent.class).thread();
            StackFrame f = t.frame(0);
            // in price at `return result(base)`: base, declared after the last await, is a local of resume;
            // the parameter item and tax, which live across the await, are fields of the machine (this)
            assertEquals("Corio_Shop$Price:" + line("return"), where(t));
            assertEquals(List.of("$error", "$value", "base"), names(f.visibleVariables()));
            assertEquals(33, ((IntegerValue) f.getValue(f.visibleVariableByName("base"))).value());
            ObjectReference price = f.thisObject();
            assertTrue(userFields(price).containsAll(List.of("item", "tax")), userFields(price).toString());
            assertEquals("tea", ((StringReference) field(price, "item")).value());
            System.out.println("variables at Price:" + line("return") + ": locals " + names(f.visibleVariables())
                    + ", fields of this " + userFields(price));
            t = d.resumeUntil(BreakpointEvent.class).thread(); // price(b)'s
            assertEquals("Corio_Shop$Price:" + line("return"), where(t));
            t = d.resumeUntil(BreakpointEvent.class).thread();
            f = t.frame(0);
            assertEquals("Corio_Shop$Total:" + line("sum"), where(t));
            // y, assigned by the last await and not used across one, is a local; q and x are fields
            assertEquals(List.of("$error", "$value", "y"), names(f.visibleVariables()));
            ObjectReference total = f.thisObject();
            assertEquals(2, ((IntegerValue) field(total, "q")).value());
            assertEquals(33, ((IntegerValue) field(total, "x")).value());
            assertEquals(44, ((IntegerValue) f.getValue(f.visibleVariableByName("y"))).value());
            assertNull(f.visibleVariableByName("x"));
            System.out.println("variables at Total:" + line("sum") + ": locals " + names(f.visibleVariables())
                    + ", fields of this " + userFields(total) + " (a=" + field(total, "a") + ", b=" + field(total, "b") + ")");
            assertTrue(d.finish().contains("total 79"));
        }
    }

    private static Value field(ObjectReference o, String name) {
        return o.getValue(o.referenceType().fieldByName(name));
    }

    private static List<String> names(List<LocalVariable> vars) {
        return new ArrayList<>(new TreeSet<>(vars.stream().map(LocalVariable::name).toList()));
    }

    /** The machine's fields without the generated ones ({@code $state}, {@code $self}, ...). */
    private static List<String> userFields(ObjectReference o) {
        return o.referenceType().fields().stream().map(com.sun.jdi.Field::name).filter(n -> !n.startsWith("$")).toList();
    }
}
