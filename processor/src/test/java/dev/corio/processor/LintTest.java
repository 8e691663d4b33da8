package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Users who build with {@code -Xlint:all -Werror} (issue 16). The processor claims {@code @Async} and
 * {@code @dev.corio.annotation.Generated}, the annotation on the {@code Corio_} classes it writes, so javac's
 * {@code -Xlint:processing} has nothing of Corio's to report ("No processor claimed any of these
 * annotations"): a compilation whose only other annotations are javac's own passes with {@code -Werror}
 * (docs/processor.md, "Lint").
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
    void werrorPassesWithEveryLint() {
        Compilation c = compile("-Xlint:all", "-Werror");
        assertEquals(List.of(), warnings(c));
        assertEquals(Compilation.Status.SUCCESS, c.status());
        assertEquals(1, c.generatedSourceFiles().size());
    }

    @Test
    void theGeneratedClassCarriesCoriosOwnGenerated() throws IOException {
        Compilation c = compile("-Xlint:all", "-Werror");
        String source = c.generatedSourceFile("t.Corio_T").orElseThrow().getCharContent(true).toString();
        assertTrue(source.contains("import dev.corio.annotation.Generated;"), source);
        assertTrue(source.contains("@Generated(\"dev.corio.processor.CorioProcessor\")"), source);
        assertFalse(source.contains("javax.annotation.processing"), source);
        // retention CLASS: in the class file (RuntimeInvisibleAnnotations), where JaCoCo and other class-file
        // tools look for it, but not visible by reflection
        JavaFileObject cls = c.generatedFiles().stream()
                .filter(f -> f.getKind() == JavaFileObject.Kind.CLASS && f.getName().endsWith("/t/Corio_T.class"))
                .findFirst().orElseThrow();
        String bytes;
        try (InputStream in = cls.openInputStream()) {
            bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertTrue(bytes.contains("RuntimeInvisibleAnnotations"), "no class-retained annotation in Corio_T.class");
        assertTrue(bytes.contains("Ldev/corio/annotation/Generated;"), "no @Generated in Corio_T.class");
    }

    @Test
    void otherUnclaimedAnnotationsAreStillReported() {
        // -Xlint:processing is about every annotation of the compilation: one that no processor claims (here
        // the user's own @Mine) is still named, Corio or not. A build with such annotations writes
        // -Xlint:all,-processing (docs/processor.md, "Lint").
        String mine = "package t; import java.lang.annotation.*; @Retention(RetentionPolicy.CLASS) public @interface Mine {}";
        Compilation c = com.google.testing.compile.Compiler.javac()
                .withProcessors(new CorioProcessor())
                .withOptions("-Xlint:all")
                .compile(JavaFileObjects.forSourceString("t.Aw", Harness.AW), JavaFileObjects.forSourceString("t.T", T),
                        JavaFileObjects.forSourceString("t.Mine", mine),
                        JavaFileObjects.forSourceString("t.U", "package t; @Mine class U {}"));
        assertEquals(Compilation.Status.SUCCESS, c.status());
        List<String> w = warnings(c);
        assertEquals(1, w.size(), w::toString);
        assertTrue(w.get(0).startsWith("No processor claimed any of these annotations:"), w::toString);
        assertTrue(w.get(0).endsWith("t.Mine"), w::toString);
    }
}
