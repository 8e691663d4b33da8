package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -Dcorio.asyncStackTraces=false} (read once, when the first trace is written, so in a JVM of its
 * own): an exception that crosses a suspended frame keeps the trace the JVM made, without the frame or the
 * marker; without the property the same program shows them.
 */
@Timeout(60)
class AsyncStackTraceOptOutTest {

    /** Throws through a suspended frame and prints the logical frames of the trace ("none" without). */
    public static final class Child {
        public static void main(String[] args) {
            EventLoop loop = EventLoop.virtual();
            try {
                AsyncStackTraceTest.Frame inner = new AsyncStackTraceTest.Frame("inner", 10, null, new IllegalStateException("x"));
                loop.runUntilComplete(new AsyncStackTraceTest.Frame("outer", 20, inner, null));
                System.out.println("no exception");
            } catch (IllegalStateException e) {
                List<String> l = AsyncStackTraceTest.logical(e);
                System.out.println(l.isEmpty() ? "none" : String.join(",", l));
            } finally {
                loop.close();
            }
        }
    }

    private static String run(String property) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (property != null) {
            cmd.add(property);
        }
        cmd.add(Child.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void theOptOutLeavesTracesAsTheJvmMadeThem() throws Exception {
        String on = run(null);
        assertEquals(true, on.contains("outer:20"), on);
        assertEquals("none", run("-Dcorio.asyncStackTraces=false"));
        assertEquals(on, run("-Dcorio.asyncStackTraces=true"));
    }
}
