package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.corio.processor.emit.CodeLength;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The warning where a state machine's {@code resume} passes HotSpot's 8,000-byte huge-method limit
 * ({@code [CorioHugeResume]}, {@link HugeResume}): on the user's method, with the size and the fix; none on
 * a method of ordinary length.
 */
@Timeout(120)
class HugeResumeTest {
    /** An @Async method of {@code n} statements, each with an await: line 9 is its declaration. */
    private static String longMethod(int n) {
        List<String> members = new ArrayList<>();
        members.add("  @Async public Coroutine<Integer> big(int seed) {");
        members.add("    int x0 = seed;");
        for (int i = 1; i <= n; i++) {
            members.add("    int x" + i + " = await(now(x" + (i - 1) + " + " + i + "));");
        }
        members.add("    return result(x" + n + ");");
        members.add("  }");
        return Harness.cls(members.toArray(new String[0]));
    }

    private static final Pattern TEXT = Pattern.compile("\\[CorioHugeResume\\] the state machine of big\\(\\) has a"
            + " resume method of (\\d+) bytes of bytecode, past HotSpot's limit of 8000 \\(-XX:HugeMethodLimit\\),"
            + " above which the JIT never compiles it: the method runs interpreted\\. Split it into smaller @Async"
            + " methods, or move the parts without an await into plain methods");

    @Test
    void aResumePastTheLimitIsAWarningOnTheMethod() throws Throwable {
        Compilation c = Harness.compile(longMethod(300));
        assertEquals(List.of(), c.errors());
        List<Diagnostic<? extends JavaFileObject>> warnings = new ArrayList<>(c.warnings());
        assertEquals(1, warnings.size(), warnings.toString());
        Diagnostic<? extends JavaFileObject> w = warnings.get(0);
        assertTrue(w.getSource().getName().endsWith("T.java"), w.getSource().getName()); // the user's file
        assertEquals(9, w.getLineNumber()); // the @Async method's declaration
        Matcher m = TEXT.matcher(w.getMessage(Locale.ROOT));
        assertTrue(m.matches(), w.getMessage(Locale.ROOT));
        int size = Integer.parseInt(m.group(1));
        assertTrue(size > CodeLength.HUGE_METHOD_LIMIT && size < 65536, "size " + size);
        // the size is the machine's resume as written: read back from the class file compile-testing kept
        assertEquals(size, CodeLength.of(classFile(c, "t/Corio_T$Big.class"), "resume"));
        // and it still runs: the warning is advice, the build goes on
        ClassLoader l = Harness.load(longMethod(300));
        assertEquals(300 * 301 / 2 + 7, Harness.run(l, "T", "big", 7));
    }

    @Test
    void anOrdinaryMethodHasNoWarning() throws Throwable {
        Compilation c = Harness.compile(longMethod(20));
        assertEquals(List.of(), c.errors());
        assertEquals(List.of(), c.warnings());
        int size = CodeLength.of(classFile(c, "t/Corio_T$Big.class"), "resume");
        assertTrue(size > 0 && size <= CodeLength.HUGE_METHOD_LIMIT, "size " + size);
    }

    @Test
    void codeLengthReadsTheCodeAttribute() throws Throwable {
        // iload_0 iconst_1 iadd ireturn: 4 bytes; a constant pool with a long (two entries) and a string before it
        Compilation c = com.google.testing.compile.Compiler.javac().compile(
                com.google.testing.compile.JavaFileObjects.forSourceString("p.K", String.join("\n",
                        "package p;",
                        "public class K {",
                        "  static long L = 1234567890123L; static String S = \"s\"; double d = 2.5;",
                        "  static int f(int x) { return x + 1; }",
                        "}")));
        byte[] k = classFile(c, "p/K.class");
        assertEquals(4, CodeLength.of(k, "f"));
        assertEquals(-1, CodeLength.of(k, "g"));
        assertEquals(-1, CodeLength.of(new byte[] {1, 2, 3}, "f"));
        assertEquals(-1, CodeLength.of(java.util.Arrays.copyOf(k, k.length / 2), "f"));
    }

    private static byte[] classFile(Compilation c, String path) throws IOException {
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() == JavaFileObject.Kind.CLASS && f.toUri().getPath().endsWith("/" + path)) {
                try (InputStream in = f.openInputStream()) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + path + " among " + c.generatedFiles());
    }
}
