package dev.corio.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code dev.corio.subprocess} and {@code dev.corio.signals} from {@code @Async} code, as docs/subprocess.md
 * shows them: {@code communicate}, reading a child's lines, a timeout that kills, a missing program's
 * {@code IOException}; on real processes.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessAsyncTest {
    static ClassLoader l;

    @BeforeAll
    static void compile() {
        l = Harness.load(Harness.src(
                "import dev.corio.subprocess.*;",
                "import java.io.IOException;",
                "import java.nio.charset.StandardCharsets;",
                "import java.util.List;",
                "public class T {",
                "  @Async public Coroutine<String> run() {",
                "    AsyncProcess cat = await(Subprocess.createSubprocessExec(List.of(\"cat\"),",
                "        Redirect.PIPE, Redirect.PIPE, Redirect.PIPE));",
                "    Output out = await(cat.communicate(\"hello\".getBytes(StandardCharsets.UTF_8)));",
                "    String got = new String(out.stdout(), StandardCharsets.UTF_8) + \" \" + cat.returncode();",
                "    AsyncProcess sh = await(Subprocess.createSubprocessShell(\"echo one; echo two\",",
                "        Redirect.DEVNULL, Redirect.PIPE, Redirect.INHERIT));",
                "    while (true) {",
                "      byte[] line = await(sh.stdout().readline());",
                "      if (line.length == 0) {",
                "        break;",
                "      }",
                "      got += \" \" + new String(line, StandardCharsets.UTF_8).strip();",
                "    }",
                "    got += \" \" + await(sh.waitFor());",
                "    AsyncProcess sleeper = await(Subprocess.createSubprocessExec(List.of(\"sleep\", \"30\"),",
                "        Redirect.PIPE, Redirect.PIPE, Redirect.PIPE));",
                "    try {",
                "      await(waitFor(sleeper.communicate(), 0.2));",
                "    } catch (TimeoutError e) {",
                "      sleeper.kill();",
                "      got += \" killed \" + await(sleeper.waitFor());",
                "    }",
                "    try {",
                "      await(Subprocess.createSubprocessExec(List.of(\"corio-no-such-program\"),",
                "          Redirect.PIPE, Redirect.PIPE, Redirect.PIPE), IOException.class);",
                "    } catch (IOException e) {",
                "      got += \" missing\";",
                "    }",
                "    return result(got);",
                "  }",
                "}"));
    }

    @Test
    void subprocessesFromAsyncCode() throws Throwable {
        assertEquals("hello 0 one two 0 killed 137 missing", Harness.run(l, "T", "run"));
    }
}
