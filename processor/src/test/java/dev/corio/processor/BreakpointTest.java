package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Location;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breakpoints in {@code @Async} code, through the JDK's own debugger interface (JDI, what jdb and IDEs
 * use), in a JVM of its own (issue 15): the generated machine keeps the user's line numbers
 * ({@code LineMap}'s layout), so a breakpoint on a line of the user's method, set in the machine's class
 * ({@code Corio_Shop$Price} where the user wrote {@code Shop.price}), is hit at that very line; the same
 * line in the user's own class is never hit (that method is the one {@code Corio_Shop} overrides). Both
 * layouts: machines in files of their own and nested in {@code Corio_Shop}.
 */
@Timeout(120)
class BreakpointTest {
    /** The user's file: the line numbers below are the ones the breakpoints name. */
    static final String SHOP = String.join("\n",
            /* 1 */ "package t;",
            /* 2 */ "import static dev.corio.Corio.*;",
            /* 3 */ "import dev.corio.Coroutine;",
            /* 4 */ "import dev.corio.annotation.Async;",
            /* 5 */ "public class Shop {",
            /* 6 */ "  @Async",
            /* 7 */ "  public Coroutine<Integer> price(String item) {",
            /* 8 */ "    await(sleep(0.01));",
            /* 9 */ "    int base = item.length() * 10;",
            /* 10 */ "    if (item.isEmpty()) {",
            /* 11 */ "      throw new IllegalArgumentException(\"no item\");",
            /* 12 */ "    }",
            /* 13 */ "    return result(base);",
            /* 14 */ "  }",
            /* 15 */ "  @Async",
            /* 16 */ "  public Coroutine<Integer> total(String a, String b) {",
            /* 17 */ "    int x = await(price(a));",
            /* 18 */ "    int y = await(price(b));",
            /* 19 */ "    return result(x + y);",
            /* 20 */ "  }",
            /* 21 */ "  public static void main(String[] args) {",
            /* 22 */ "    Shop shop = new Corio_Shop();",
            /* 23 */ "    System.out.println(\"total \" + run(shop.total(\"tea\", \"cake\")));",
            /* 24 */ "  }",
            /* 25 */ "}",
            "");

    /** Shop with main elsewhere: a file that does not name its Corio_ class gets the machines nested in it. */
    static final String MAIN = String.join("\n",
            "package t;",
            "import static dev.corio.Corio.*;",
            "public class Main {",
            "  public static void main(String[] args) {",
            "    Shop shop = new Corio_Shop();",
            "    System.out.println(\"total \" + run(shop.total(\"tea\", \"cake\")));",
            "  }",
            "}",
            "");

    /** Shop's main names Corio_Shop: its machines are top-level classes (Corio_Shop$Price.java). */
    static Path ownFiles;
    /** Shop without main: its machines are nested in Corio_Shop (the usual case), same binary names. */
    static Path nested;

    @BeforeAll
    static void compile(@TempDir Path dir) throws IOException {
        ownFiles = compile(dir.resolve("own"), SHOP, null);
        assertTrue(Files.exists(dir.resolve("own/gen/t/Corio_Shop$Price.java")));
        String shop = SHOP.substring(0, SHOP.indexOf("  public static void main")) + "}\n";
        nested = compile(dir.resolve("nested"), shop, MAIN);
        assertFalse(Files.exists(dir.resolve("nested/gen/t/Corio_Shop$Price.java")));
    }

    static Path compile(Path dir, String shop, String main) throws IOException {
        Path src = dir.resolve("src/t/Shop.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, shop);
        List<Path> sources = new ArrayList<>(List.of(src));
        if (main != null) {
            sources.add(Files.writeString(dir.resolve("src/t/Main.java"), main));
        }
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        Files.createDirectories(dir.resolve("gen"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        boolean ok = javac.getTask(out, null, null,
                List.of("-g", "-d", classes.toString(), "-s", dir.resolve("gen").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        "-processor", CorioProcessor.class.getName()),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(sources.toArray(new Path[0])))
                .call();
        assertTrue(ok, out.toString());
        assertTrue(Files.exists(classes.resolve("t/Corio_Shop$Price.class")), out.toString());
        return classes;
    }

    /** What the debugger saw: each hit as "class:method:line", and the values it read there. */
    static final class Session {
        final List<String> hits = new ArrayList<>();
        final List<String> values = new ArrayList<>();
        String output = "";
    }

    /**
     * Runs {@code main} under JDI with a breakpoint at each {@code class:line} of {@code at}, set when the
     * class is loaded, and resumes after each hit; at a hit in {@code price} it reads the machine's field
     * {@code item} (a variable that lives across an await is a field of the machine).
     */
    static Session debug(Path classes, String main, String... at) throws Exception {
        Session s = new Session();
        try (Debuggee d = new Debuggee(classes, main)) {
            for (String spec : at) {
                d.breakAt(spec.substring(0, spec.indexOf(':')), Integer.parseInt(spec.substring(spec.indexOf(':') + 1)));
            }
            s.output = d.runToEnd(e -> {
                StackFrame f = e.thread().frame(0);
                Location l = f.location();
                s.hits.add(l.declaringType().name() + ":" + l.method().name() + ":" + l.lineNumber());
                if (l.declaringType().name().endsWith("$Price")) {
                    StringReference item = (StringReference) f.thisObject().getValue(l.declaringType().fieldByName("item"));
                    s.values.add("item=" + item.value());
                }
            });
        }
        return s;
    }

    private static void hitAtTheUsersLine(Path classes, String main) throws Exception {
        // line 9 of Shop.java, `int base = item.length() * 10;`, after price's await resumed
        Session s = debug(classes, main, "t.Corio_Shop$Price:9");
        assertEquals(List.of("t.Corio_Shop$Price:resume:9", "t.Corio_Shop$Price:resume:9"), s.hits, s.output);
        assertEquals(List.of("item=tea", "item=cake"), s.values);
        assertTrue(s.output.contains("total 70"), s.output);
    }

    @Test
    void aBreakpointOnTheUsersLineInTheMachineIsHitAtThatLine() throws Exception {
        hitAtTheUsersLine(ownFiles, "t.Shop");
    }

    @Test
    void soInAMachineNestedInCorioShop() throws Exception {
        hitAtTheUsersLine(nested, "t.Main");
    }

    @Test
    void breakpointsOnBothSidesOfASuspendingAwaitAreHitInOrder() throws Exception {
        // total's first await (line 17) suspends, price runs (line 9), total goes on at line 18 and 19
        for (Path classes : List.of(ownFiles, nested)) {
            Session s = debug(classes, classes == nested ? "t.Main" : "t.Shop",
                    "t.Corio_Shop$Total:17", "t.Corio_Shop$Total:19", "t.Corio_Shop$Price:9");
            assertEquals(List.of("t.Corio_Shop$Total:resume:17", "t.Corio_Shop$Price:resume:9",
                    "t.Corio_Shop$Price:resume:9", "t.Corio_Shop$Total:resume:19"), s.hits, s.output);
        }
    }

    @Test
    void theSameLineInTheUsersOwnClassIsNeverHit() throws Exception {
        // the original method: Corio_Shop overrides it, so it never runs (docs/debugging.md)
        Session s = debug(ownFiles, "t.Shop", "t.Shop:9", "t.Shop:22");
        assertEquals(List.of("t.Shop:main:22"), s.hits, s.output);
    }
}
