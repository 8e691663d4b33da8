package dev.corio.processor;

import com.google.testing.compile.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Prints the generated code of /tmp/dump/Foo.java when that file exists (a development aid). */
class DumpTest {
    @Test
    void dump() throws Exception {
        Path p = Path.of("/tmp/dump/Foo.java");
        if (!Files.exists(p)) {
            return;
        }
        Compilation c = Harness.compile(Files.readString(p));
        c.diagnostics().forEach(System.out::println);
        c.generatedSourceFiles().forEach(f -> {
            try {
                System.out.println(f.getCharContent(true));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }
}
