package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Users who build with {@code -Xlint:all -Werror} (issue 16). The processor claims {@code @Async}, so javac's
 * {@code -Xlint:processing} does not warn "No processor claimed any of these annotations:
 * dev.corio.annotation.Async". What it still warns about is the {@code javax.annotation.processing.Generated}
 * on the generated {@code Corio_} classes, an annotation that is not Corio's to claim (docs/processor.md,
 * "Lint"); everything else is clean under {@code -Xlint:all,-processing -Werror}.
 */
class LintTest {
    private static final String T = Harness.cls(
            "  @Async public Coroutine<String> greet(String n) { await(later(null)); return result(\"hi \" + n); }",
            "  @Async static Coroutine<Integer> twice(int x) { return result(await(later(x)) * 2); }");

    private static Compilation compile(String... options) {
        return com.google.testing.compile.Compiler.javac()
                .withProcessors(new CorioProcessor())
                .withOptions((Object[]) options)
                .compile(JavaFileObjects.forSourceString("t.Aw", Harness.AW), JavaFileObjects.forSourceString("t.T", T));
    }

    private static List<String> warnings(Compilation c) {
        return c.diagnostics().stream()
                .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                .map(d -> d.getMessage(null))
                .collect(Collectors.toList());
    }

    @Test
    void asyncIsClaimed() {
        Compilation c = compile("-Xlint:all");
        assertEquals(Compilation.Status.SUCCESS, c.status());
        // the one processing warning left names only the generated code's @Generated, not @Async
        List<String> w = warnings(c);
        assertEquals(1, w.size(), w::toString);
        assertTrue(w.get(0).startsWith("No processor claimed any of these annotations:"), w::toString);
        assertTrue(w.get(0).endsWith("javax.annotation.processing.Generated"), w::toString);
    }

    @Test
    void werrorPassesWithoutTheProcessingLint() {
        Compilation c = compile("-Xlint:all,-processing", "-Werror");
        assertEquals(List.of(), warnings(c));
        assertEquals(Compilation.Status.SUCCESS, c.status());
        assertEquals(1, c.generatedSourceFiles().size());
    }
}
